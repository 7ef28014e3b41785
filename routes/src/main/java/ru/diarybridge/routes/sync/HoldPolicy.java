package ru.diarybridge.routes.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Decides whether a class's changes may be sent, or whether the school goes on hold because the run would update or
 * delete more than {@code maxShare} of the records already delivered for it (a broken source that suddenly returns
 * empty journals must not wipe the families' diary). New records do not count: a first sync or a full pull adds
 * many and harms nothing. A school on hold sends nothing until an operator approves the hold; the approval lets
 * the school's next run through once ({@code school_hold}).
 */
public class HoldPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(HoldPolicy.class);

    /** Never holds: for code and tests without a database. */
    public static final HoldPolicy NEVER = new HoldPolicy(null, 1.0, Integer.MAX_VALUE);

    private final JdbcTemplate jdbc;
    private final double maxShare;
    private final int minRecords;
    /** Updates and deletions counted so far per run (a run is read on one instance, class after class). */
    private final Map<String, Integer> counted = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 1000;
        }
    });

    /**
     * @param maxShare   share (0..1) of the school's delivered records a run may update or delete without a hold
     * @param minRecords below this many delivered records a school is never held (small numbers swing widely)
     */
    public HoldPolicy(JdbcTemplate jdbc, double maxShare, int minRecords) {
        this.jdbc = jdbc;
        this.maxShare = maxShare;
        this.minRecords = minRecords;
    }

    /**
     * The one call of the source sync, before it sends a class's batch: true when the batch may go.
     *
     * @param known what the target holds of the school (its size is the school's delivered records)
     */
    public boolean allows(String schoolId, String runId, ChangeDetector.Changes changes,
                          Map<String, TargetRecordRepository.Known> known) {
        if (jdbc == null || runId == null) {
            return true;
        }
        int updates = (int) changes.changedKeys().stream().filter(known::containsKey).count()
                + changes.deletedKeys().size() + changes.withdrawnKeys().size();
        return allows(schoolId, runId, updates, known.size());
    }

    /** As above with the counts: {@code updates} updated or deleted records of this class, of {@code knownRecords}. */
    public boolean allows(String schoolId, String runId, int updates, int knownRecords) {
        if (jdbc == null) {
            return true;
        }
        if (approvedFor(schoolId, runId)) {
            return true;
        }
        Integer open = jdbc.queryForObject("SELECT COUNT(*) FROM school_hold WHERE school_id = ? AND approved_at IS NULL",
                Integer.class, schoolId);
        if (open != null && open > 0) {
            return false;
        }
        int total = counted.merge(runId, updates, Integer::sum);
        if (knownRecords < minRecords || total <= maxShare * knownRecords) {
            return true;
        }
        jdbc.update("INSERT INTO school_hold (school_id, run_id, changes, known_records, created_at) VALUES (?, ?, ?, ?, ?)",
                schoolId, runId, total, knownRecords, Timestamp.from(Instant.now()));
        LOG.warn("Школа {} поставлена на удержание: запуск изменил бы или удалил {} из {} доставленных записей "
                + "(допустимо {} %); отправка остановлена до одобрения оператором", schoolId, total, knownRecords,
                Math.round(maxShare * 100));
        return false;
    }

    /** An approved hold not yet used lets this run through; the run claims it once. */
    private boolean approvedFor(String schoolId, String runId) {
        Integer mine = jdbc.queryForObject("SELECT COUNT(*) FROM school_hold WHERE school_id = ? AND used_by_run = ?",
                Integer.class, schoolId, runId);
        if (mine != null && mine > 0) {
            return true;
        }
        return jdbc.update("UPDATE school_hold SET used_by_run = ? WHERE school_id = ? AND approved_at IS NOT NULL "
                + "AND used_by_run IS NULL", runId, schoolId) > 0;
    }

    /** Approves the school's open holds; returns how many. */
    public int approve(String schoolId, String approvedBy) {
        return jdbc.update("UPDATE school_hold SET approved_by = ?, approved_at = ? WHERE school_id = ? "
                + "AND approved_at IS NULL", approvedBy, Timestamp.from(Instant.now()), schoolId);
    }

    public double maxShare() {
        return maxShare;
    }

    public int minRecords() {
        return minRecords;
    }
}
