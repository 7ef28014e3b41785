package ru.diarybridge.app.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.routes.school.SchoolRegistry;

/**
 * Per-school counters for Prometheus, read from {@code sync_run} (the runs' own bookkeeping), so that they are exact
 * whichever instance of a cluster ran or delivered a run and survive a restart. One grouped query serves a scrape;
 * its result is reused for {@code cacheFor}. Every instance reports the same totals: aggregate with {@code max by
 * (school)}, not {@code sum}.
 *
 * <ul>
 *   <li>{@code diary_bridge_records_read_total}, {@code _changed_total}, {@code _delivered_total},
 *       {@code _rejected_total} {school}</li>
 *   <li>{@code diary_bridge_runs_total}, {@code diary_bridge_runs_failed_total} {school}</li>
 *   <li>{@code diary_bridge_school_last_success_timestamp_seconds} {school}: end of the last completed run</li>
 *   <li>{@code diary_bridge_school_misconfigured} {school}: 1 while the school's file has errors</li>
 * </ul>
 */
public class SyncMetrics {

    private record Row(double read, double changed, double delivered, double rejected, double runs, double failed,
                       double lastSuccess) {
        static final Row EMPTY = new Row(0, 0, 0, 0, 0, 0, Double.NaN);
    }

    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final SchoolRegistry schools;
    private final Duration cacheFor;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Row> snapshot = Map.of();
    private volatile Instant snapshotAt = Instant.EPOCH;

    public SyncMetrics(MeterRegistry meters, JdbcTemplate jdbc, SchoolRegistry schools, Duration cacheFor) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.schools = schools;
        this.cacheFor = cacheFor;
        schools.schools().forEach(s -> register(s.schoolId()));
        schools.misconfigured().forEach(m -> register(m.schoolId()));
    }

    /** Idempotent; the configuration reload calls it for each school it applies. */
    public void register(String schoolId) {
        if (!registered.add(schoolId)) {
            return;
        }
        counter("diary.bridge.records.read", "Records read from the school's source", schoolId, Row::read);
        counter("diary.bridge.records.changed", "Records that differed from what the target holds", schoolId,
                Row::changed);
        counter("diary.bridge.records.delivered", "Records written to the target", schoolId, Row::delivered);
        counter("diary.bridge.records.rejected", "Records refused by the target or given up", schoolId,
                Row::rejected);
        counter("diary.bridge.runs", "Sync runs started", schoolId, Row::runs);
        counter("diary.bridge.runs.failed", "Sync runs that failed", schoolId, Row::failed);
        Gauge.builder("diary.bridge.school.last.success.timestamp", this, m -> m.row(schoolId).lastSuccess())
                .description("End of the school's last completed run, epoch seconds").baseUnit("seconds")
                .tag("school", schoolId).register(meters);
        Gauge.builder("diary.bridge.school.misconfigured", this,
                        m -> m.schools.misconfigured(schoolId).isPresent() ? 1 : 0)
                .description("1 while the school's configuration file has errors").tag("school", schoolId)
                .register(meters);
    }

    private void counter(String name, String description, String schoolId, ToDoubleFunction<Row> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.row(schoolId))).description(description)
                .tag("school", schoolId).register(meters);
    }

    private Row row(String schoolId) {
        return rows().getOrDefault(schoolId, Row.EMPTY);
    }

    private Map<String, Row> rows() {
        if (snapshotAt.plus(cacheFor).isAfter(Instant.now())) {
            return snapshot;
        }
        synchronized (this) {
            if (snapshotAt.plus(cacheFor).isAfter(Instant.now())) {
                return snapshot;
            }
            Map<String, Row> m = new HashMap<>();
            jdbc.query("SELECT school_id, SUM(records_read), SUM(records_changed), SUM(delivered), SUM(rejected), "
                    + "COUNT(*), SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END), "
                    + "MAX(CASE WHEN status = 'COMPLETED' THEN finished_at END) FROM sync_run GROUP BY school_id",
                    rs -> {
                        Timestamp last = rs.getTimestamp(8);
                        m.put(rs.getString(1), new Row(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7), last == null ? Double.NaN : last.getTime() / 1000.0));
                    });
            snapshot = m;
            snapshotAt = Instant.now();
            return m;
        }
    }
}
