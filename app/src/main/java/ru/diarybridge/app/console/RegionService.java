package ru.diarybridge.app.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * The region view: one row per configured school from one aggregate query over {@code sync_run} (its last run and its
 * last success per school, via the (school_id, started_at) index), plus the open holds and pauses; filtered, sorted
 * and paged here, so a page of 1,000 schools costs one pass.
 */
public class RegionService {

    /** One school in the region view. Durations in seconds; null when there is nothing to measure. */
    public record SchoolRow(String schoolId, String name, String system, SchoolState state, String stateRu,
                            Instant lastSuccess, Long lagSeconds, String lastRunStatus, Instant lastRunStarted,
                            int read, int changed, int delivered, int rejected, double errorRate,
                            Long familyLagSeconds, Instant pausedUntil, boolean onHold, String lastError) {
    }

    /** A page of rows and what was asked. */
    public record RegionPage(List<SchoolRow> rows, int page, int size, int total, int pages, String sort, String dir,
                             String q, String state, Map<SchoolState, Integer> counts) {
    }

    /** Sort keys; an empty value (never synced) sorts last in both directions. */
    private static final Map<String, Function<SchoolRow, Comparable<?>>> SORTS = new HashMap<>();

    static {
        SORTS.put("id", SchoolRow::schoolId);
        SORTS.put("name", r -> r.name() == null ? "" : r.name());
        SORTS.put("state", SchoolRow::state);
        SORTS.put("lastSuccess", SchoolRow::lastSuccess);
        SORTS.put("lag", SchoolRow::lagSeconds);
        SORTS.put("familyLag", SchoolRow::familyLagSeconds);
        SORTS.put("read", SchoolRow::read);
        SORTS.put("changed", SchoolRow::changed);
        SORTS.put("delivered", SchoolRow::delivered);
        SORTS.put("rejected", SchoolRow::rejected);
        SORTS.put("errorRate", SchoolRow::errorRate);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<SchoolRow> comparator(String key, boolean desc) {
        Function<SchoolRow, Comparable> f = (Function) SORTS.get(key);
        Comparator<Comparable> order = desc ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing(f, Comparator.nullsLast(order));
    }

    public static Set<String> sorts() {
        return SORTS.keySet();
    }

    private final JdbcTemplate jdbc;
    private final SchoolDirectory schools;
    private final FamilyLagProvider familyLag;
    private final Duration laggingAfter;
    private final Clock clock;

    public RegionService(JdbcTemplate jdbc, SchoolDirectory schools, FamilyLagProvider familyLag,
                         Duration laggingAfter, Clock clock) {
        this.jdbc = jdbc;
        this.schools = schools;
        this.familyLag = familyLag;
        this.laggingAfter = laggingAfter;
        this.clock = clock;
    }

    private record Agg(Instant lastOk, int runs24h, int failed24h, String status, Instant started, int read,
                       int changed, int delivered, int rejected, String error) {
    }

    /**
     * @param visible schools the user may see (null: all)
     * @param q       part of the id or name, any case
     * @param state   one state, or null for all
     */
    public RegionPage page(Set<String> visible, String q, SchoolState state, String sort, String dir, int page,
                           int size) {
        Instant now = clock.instant();
        List<SchoolRow> all = rows(visible, now);
        Map<SchoolState, Integer> counts = new java.util.EnumMap<>(SchoolState.class);
        for (SchoolState s : SchoolState.values()) {
            counts.put(s, 0);
        }
        all.forEach(r -> counts.merge(r.state(), 1, Integer::sum));
        String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        List<SchoolRow> filtered = new ArrayList<>();
        for (SchoolRow r : all) {
            if (state != null && r.state() != state) {
                continue;
            }
            if (!needle.isEmpty() && !r.schoolId().toLowerCase(Locale.ROOT).contains(needle)
                    && (r.name() == null || !r.name().toLowerCase(Locale.ROOT).contains(needle))) {
                continue;
            }
            filtered.add(r);
        }
        String sortKey = SORTS.containsKey(sort) ? sort : "state";
        boolean desc = "desc".equalsIgnoreCase(dir);
        filtered.sort(comparator(sortKey, desc).thenComparing(SchoolRow::schoolId));
        int pageSize = Math.max(1, Math.min(size <= 0 ? 50 : size, 1000));
        int pages = Math.max(1, (filtered.size() + pageSize - 1) / pageSize);
        int p = Math.max(1, Math.min(page, pages));
        List<SchoolRow> slice = filtered.subList(Math.min((p - 1) * pageSize, filtered.size()),
                Math.min(p * pageSize, filtered.size()));
        return new RegionPage(List.copyOf(slice), p, pageSize, filtered.size(), pages, sortKey, desc ? "desc" : "asc",
                q == null ? "" : q, state == null ? "" : state.name(), counts);
    }

    /** Every visible school's row, unsorted. */
    public List<SchoolRow> rows(Set<String> visible, Instant now) {
        Timestamp dayAgo = Timestamp.from(now.minus(Duration.ofHours(24)));
        Map<String, Agg> aggs = new HashMap<>();
        jdbc.query("SELECT a.school_id, a.last_ok, a.runs_24h, a.failed_24h, l.status, l.started_at, l.records_read, "
                + "l.records_changed, l.delivered, l.rejected, l.error FROM ("
                + "SELECT school_id, MAX(CASE WHEN status = 'COMPLETED' THEN finished_at END) AS last_ok, "
                + "SUM(CASE WHEN started_at >= ? THEN 1 ELSE 0 END) AS runs_24h, "
                + "SUM(CASE WHEN started_at >= ? AND status = 'FAILED' THEN 1 ELSE 0 END) AS failed_24h, "
                + "MAX(started_at) AS last_started FROM sync_run GROUP BY school_id) a "
                + "JOIN sync_run l ON l.school_id = a.school_id AND l.started_at = a.last_started", rs -> {
                    Timestamp ok = rs.getTimestamp(2);
                    aggs.putIfAbsent(rs.getString(1), new Agg(ok == null ? null : ok.toInstant(), rs.getInt(3),
                            rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getInt(8),
                            rs.getInt(9), rs.getInt(10), rs.getString(11)));
                }, dayAgo, dayAgo);
        Set<String> held = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT school_id FROM school_hold WHERE approved_at IS NULL", String.class));
        Map<String, Instant> paused = new HashMap<>();
        jdbc.query("SELECT school_id, paused_until FROM school_pause WHERE paused_until > ?",
                rs -> {
                    paused.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }, Timestamp.from(now));
        Map<String, Instant> oldest = familyLag.oldestUndelivered();

        List<SchoolRow> rows = new ArrayList<>();
        for (SchoolSettings s : schools.schools()) {
            if (visible != null && !visible.contains(s.schoolId())) {
                continue;
            }
            Agg a = aggs.get(s.schoolId());
            Instant lastOk = a == null ? null : a.lastOk();
            Long lag = lastOk == null ? null : Duration.between(lastOk, now).toSeconds();
            Instant o = oldest.get(s.schoolId());
            Long family = o == null ? null : Math.max(0, Duration.between(o, now).toSeconds());
            SchoolState state;
            if (paused.containsKey(s.schoolId())) {
                state = SchoolState.PAUSED;
            } else if (held.contains(s.schoolId())) {
                state = SchoolState.ON_HOLD;
            } else if (a != null && "FAILED".equals(a.status())) {
                state = SchoolState.FAILING;
            } else if (lastOk == null || Duration.between(lastOk, now).compareTo(laggingAfter) > 0) {
                state = SchoolState.LAGGING;
            } else {
                state = SchoolState.OK;
            }
            double errorRate = a == null || a.runs24h() == 0 ? 0.0 : (double) a.failed24h() / a.runs24h();
            rows.add(new SchoolRow(s.schoolId(), s.name(), s.sourceSystem().name().toLowerCase(Locale.ROOT), state,
                    state.russian(), lastOk, lag, a == null ? null : a.status(), a == null ? null : a.started(),
                    a == null ? 0 : a.read(), a == null ? 0 : a.changed(), a == null ? 0 : a.delivered(),
                    a == null ? 0 : a.rejected(), errorRate, family, paused.get(s.schoolId()),
                    held.contains(s.schoolId()), a == null ? null : a.error()));
        }
        return rows;
    }
}
