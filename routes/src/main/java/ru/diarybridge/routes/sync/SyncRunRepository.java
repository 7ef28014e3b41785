package ru.diarybridge.routes.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The {@code sync_run} table: one row per sync of one school. Counters are updated with relative SQL so that any
 * number of consumers on any number of instances can add to them; the consumer whose update completes the run
 * is told so exactly once.
 */
public class SyncRunRepository {

    public enum Status { READING, DELIVERING, COMPLETED, FAILED }

    private static final RowMapper<SyncRun> MAPPER = (rs, n) -> new SyncRun(rs.getString("id"),
            rs.getString("school_id"), rs.getString("trigger_kind"), Status.valueOf(rs.getString("status")),
            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
            rs.getInt("classes_read"), rs.getInt("pupils_read"), rs.getInt("lessons_read"), rs.getInt("marks_read"),
            rs.getInt("records_read"), rs.getInt("records_changed"), rs.getInt("delivered"), rs.getInt("rejected"),
            rs.getInt("withheld"), rs.getInt("deleted"), rs.getInt("withdrawn"), rs.getInt("batches_total"),
            rs.getInt("batches_done"), rs.getString("error"), rs.getBoolean("unchanged"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public SyncRunRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /**
     * Starts a run unless one of the same school is still going (younger than {@code staleAfter}): a slow run and
     * the next trigger, or two instances, must not read the same school at once.
     */
    public Optional<String> start(String schoolId, String trigger, LocalDate from, LocalDate to, Duration staleAfter) {
        return start(schoolId, trigger, from, to, staleAfter, true);
    }

    /**
     * @param exclusive false for a file import: two files of a school may overlap (their deliveries share the school's
     *                  queue, one at a time, and are idempotent)
     */
    public Optional<String> start(String schoolId, String trigger, LocalDate from, LocalDate to, Duration staleAfter,
                                  boolean exclusive) {
        return start(schoolId, trigger, new SyncWindow.Window(from, to, null, false), staleAfter, exclusive);
    }

    /** Starts a run over {@code window}; its {@code today} becomes the school's cursor when the run completes. */
    public Optional<String> start(String schoolId, String trigger, SyncWindow.Window window, Duration staleAfter,
                                  boolean exclusive) {
        if (!exclusive) {
            return startUnlocked(schoolId, trigger, window, staleAfter, false);
        }
        // the check for a running run and the insert under the school's row lock: atomic across instances
        if (jdbc.queryForObject("SELECT COUNT(*) FROM school_run_lock WHERE school_id = ?", Integer.class,
                schoolId) == 0) {
            try {
                jdbc.update("INSERT INTO school_run_lock (school_id) VALUES (?)", schoolId);
            } catch (DuplicateKeyException another) {
                // inserted by another instance meanwhile: locked below all the same
            }
        }
        return tx.execute(status -> {
            jdbc.queryForObject("SELECT school_id FROM school_run_lock WHERE school_id = ? FOR UPDATE", String.class,
                    schoolId);
            return startUnlocked(schoolId, trigger, window, staleAfter, true);
        });
    }

    private Optional<String> startUnlocked(String schoolId, String trigger, SyncWindow.Window window,
                                           Duration staleAfter, boolean exclusive) {
        LocalDate from = window.from();
        LocalDate to = window.to();
        Timestamp staleBefore = Timestamp.from(Instant.now().minus(staleAfter));
        jdbc.update("UPDATE sync_run SET status = 'FAILED', error = ?, finished_at = ? "
                        + "WHERE school_id = ? AND status IN ('READING','DELIVERING') AND started_at < ?",
                "прервано: не завершилось за " + staleAfter.toMinutes() + " мин", Timestamp.from(Instant.now()),
                schoolId, staleBefore);
        Integer running = jdbc.queryForObject("SELECT COUNT(*) FROM sync_run WHERE school_id = ? "
                + "AND status IN ('READING','DELIVERING')", Integer.class, schoolId);
        if (exclusive && running != null && running > 0) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO sync_run (id, school_id, trigger_kind, status, started_at, window_from, window_to, "
                        + "cursor_date, full_pull) VALUES (?, ?, ?, 'READING', ?, ?, ?, ?, ?)", id, schoolId, trigger,
                Timestamp.from(Instant.now()), java.sql.Date.valueOf(from), java.sql.Date.valueOf(to),
                window.today() == null ? null : java.sql.Date.valueOf(window.today()), window.full());
        return Optional.of(id);
    }

    public void classRead(String runId, int pupils, int lessons, int marks, int records, int changed, int withheld,
                          int problems, boolean batchSent) {
        classRead(runId, pupils, lessons, marks, records, changed, withheld, problems, batchSent ? 1 : 0);
    }

    public void classRead(String runId, int pupils, int lessons, int marks, int records, int changed, int withheld,
                          int problems, int batches) {
        jdbc.update("UPDATE sync_run SET classes_read = classes_read + 1, pupils_read = pupils_read + ?, "
                        + "lessons_read = lessons_read + ?, marks_read = marks_read + ?, records_read = records_read + ?, "
                        + "records_changed = records_changed + ?, withheld = withheld + ?, rejected = rejected + ?, "
                        + "batches_total = batches_total + ? WHERE id = ?",
                pupils, lessons, marks, records, changed, withheld, problems, batches, runId);
    }

    /** A class could not be read: the run goes on and reports it. */
    public void classFailed(String runId, String error) {
        jdbc.update("UPDATE sync_run SET error = CASE WHEN error IS NULL THEN ? ELSE error END WHERE id = ?",
                error.length() > 2000 ? error.substring(0, 2000) : error, runId);
    }

    /** Reading is over; returns true when this call completed the run (nothing was left to deliver). */
    public boolean readingFinished(String runId) {
        jdbc.update("UPDATE sync_run SET status = 'DELIVERING', read_finished_at = ? WHERE id = ? AND status = 'READING'",
                Timestamp.from(Instant.now()), runId);
        return tryComplete(runId);
    }

    /** A delivery batch is done; returns true when this call completed the run. */
    public boolean batchDone(String runId, int delivered, int rejected, int withheld) {
        return batchDone(runId, delivered, rejected, withheld, 0, 0);
    }

    /** As above, with the tombstones and withdrawals of the batch (both also counted as delivered). */
    public boolean batchDone(String runId, int delivered, int rejected, int withheld, int deleted, int withdrawn) {
        jdbc.update("UPDATE sync_run SET delivered = delivered + ?, rejected = rejected + ?, withheld = withheld + ?, "
                        + "deleted = deleted + ?, withdrawn = withdrawn + ?, batches_done = batches_done + 1 WHERE id = ?",
                delivered, rejected, withheld, deleted, withdrawn, runId);
        return tryComplete(runId);
    }

    private boolean tryComplete(String runId) {
        return jdbc.update("UPDATE sync_run SET status = 'COMPLETED', finished_at = ? WHERE id = ? "
                        + "AND status = 'DELIVERING' AND batches_done >= batches_total",
                Timestamp.from(Instant.now()), runId) == 1;
    }

    /** The school's cursor, read before a run: the last completed run's date and the last completed full pull. */
    public record Cursor(LocalDate date, Instant lastFullPull) {
    }

    public Cursor cursor(String schoolId) {
        java.sql.Date date = jdbc.queryForObject("SELECT MAX(cursor_date) FROM sync_run WHERE school_id = ? "
                + "AND status = 'COMPLETED'", java.sql.Date.class, schoolId);
        Timestamp full = jdbc.queryForObject("SELECT MAX(started_at) FROM sync_run WHERE school_id = ? "
                + "AND status = 'COMPLETED' AND full_pull = TRUE", Timestamp.class, schoolId);
        return new Cursor(date == null ? null : date.toLocalDate(), full == null ? null : full.toInstant());
    }

    public void fail(String runId, String error) {
        jdbc.update("UPDATE sync_run SET status = 'FAILED', finished_at = ?, error = ? WHERE id = ? "
                        + "AND status IN ('READING','DELIVERING')", Timestamp.from(Instant.now()),
                error.length() > 2000 ? error.substring(0, 2000) : error, runId);
    }

    public Optional<SyncRun> find(String runId) {
        return jdbc.query("SELECT * FROM sync_run WHERE id = ?", MAPPER, runId).stream().findFirst();
    }

    public List<SyncRun> latest(int limit) {
        return jdbc.query("SELECT * FROM sync_run ORDER BY started_at DESC", MAPPER).stream().limit(limit).toList();
    }
}
