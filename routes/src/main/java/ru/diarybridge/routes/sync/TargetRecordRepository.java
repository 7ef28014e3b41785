package ru.diarybridge.routes.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The id map and delivered hashes ({@code target_record}) and the rejects ({@code rejected_record}). Writes are
 * batched: one JDBC batch of upserts per delivery batch (limits.md: a row per autocommit costs ten times more).
 */
public class TargetRecordRepository {

    /**
     * @param classKey   the class the record belongs to (its journal), for finding what vanished from a class
     * @param recordDate the lesson date of a dated record, else null
     * @param remoteRef  what the target needs besides the id to address the record (log entry: lesson:person)
     */
    public record Delivered(String sourceKey, String entityType, Long remoteId, String hash, String classKey,
                            java.time.LocalDate recordDate, String remoteRef) {
        public Delivered(String sourceKey, String entityType, Long remoteId, String hash) {
            this(sourceKey, entityType, remoteId, hash, null, null, null);
        }
    }

    /** A record that left the diary: TOMBSTONE (deleted at the source) or WITHDRAWAL (pupil may not be exported). */
    public record Event(String sourceKey, String entityType, String kind, String detail) {
    }

    public record Rejected(String sourceKey, String entityType, String reasonCode, String reason) {
    }

    public record Known(Long remoteId, String hash, String entityType, String classKey, java.time.LocalDate recordDate,
                        String remoteRef) {
        public Known(Long remoteId, String hash) {
            this(remoteId, hash, null, null, null, null);
        }
    }

    /** The hash a withdrawn pupil's row keeps, so that the withdrawal is reported once. */
    public static final String WITHDRAWN = "WITHDRAWN";

    private final JdbcTemplate jdbc;
    private final String upsertSql;

    public TargetRecordRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.upsertSql = upsertFor(vendor(jdbc.getDataSource()));
    }

    private static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product name", e);
        }
    }

    private static String upsertFor(String vendor) {
        if (vendor.contains("h2")) {
            return "MERGE INTO target_record (target, school_id, source_key, entity_type, remote_id, delivered_hash, "
                    + "delivered_at, run_id, class_key, record_date, remote_ref) KEY (target, school_id, source_key) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        }
        return "INSERT INTO target_record (target, school_id, source_key, entity_type, remote_id, delivered_hash, "
                + "delivered_at, run_id, class_key, record_date, remote_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (target, school_id, source_key) "
                + "DO UPDATE SET entity_type = EXCLUDED.entity_type, remote_id = EXCLUDED.remote_id, "
                + "delivered_hash = EXCLUDED.delivered_hash, delivered_at = EXCLUDED.delivered_at, run_id = EXCLUDED.run_id, "
                + "class_key = EXCLUDED.class_key, record_date = EXCLUDED.record_date, remote_ref = EXCLUDED.remote_ref";
    }

    /** Everything a target holds of a school: source key → (remote id, delivered hash). One query per run. */
    public Map<String, Known> known(String target, String schoolId) {
        Map<String, Known> out = new HashMap<>();
        jdbc.query("SELECT source_key, remote_id, delivered_hash, entity_type, class_key, record_date, remote_ref "
                        + "FROM target_record WHERE target = ? AND school_id = ?",
                rs -> {
                    out.put(rs.getString("source_key"), known(rs));
                }, target, schoolId);
        return out;
    }

    /**
     * What a target holds of the given keys only: a delivery batch needs its class's records, not the school's whole
     * id map (which grows with every class delivered). Queried in chunks of 500 keys ({@link KeyedQuery}).
     */
    public Map<String, Known> known(String target, String schoolId, java.util.Collection<String> keys) {
        Map<String, Known> out = new HashMap<>();
        KeyedQuery.forKeys(jdbc, "SELECT source_key, remote_id, delivered_hash, entity_type, class_key, record_date, "
                + "remote_ref FROM target_record", target, schoolId, keys, rs -> {
                    out.put(rs.getString("source_key"), known(rs));
                });
        return out;
    }

    private static Known known(java.sql.ResultSet rs) throws SQLException {
        long remote = rs.getLong("remote_id");
        Long remoteId = rs.wasNull() ? null : remote;
        java.sql.Date date = rs.getDate("record_date");
        return new Known(remoteId, rs.getString("delivered_hash"), rs.getString("entity_type"),
                rs.getString("class_key"), date == null ? null : date.toLocalDate(), rs.getString("remote_ref"));
    }

    public void saveDelivered(String target, String schoolId, String runId, List<Delivered> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> args = new ArrayList<>(rows.size());
        // in key order, like the outbox: concurrent consumers of one school upsert rows of shared records
        for (Delivered d : rows.stream().sorted(java.util.Comparator.comparing(Delivered::sourceKey)).toList()) {
            args.add(new Object[] {target, schoolId, d.sourceKey(), d.entityType(), d.remoteId(), d.hash(), now, runId,
                d.classKey(), d.recordDate() == null ? null : java.sql.Date.valueOf(d.recordDate()), d.remoteRef()});
        }
        jdbc.batchUpdate(upsertSql, args);
    }

    public void saveRejected(String target, String schoolId, String runId, List<Rejected> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Rejected r : rows) {
            // a source problem's record is what the source sent, of any length: the report keeps its first 255
            String key = r.sourceKey().length() > 255 ? r.sourceKey().substring(0, 255) : r.sourceKey();
            args.add(new Object[] {runId, schoolId, target, key, r.entityType(), r.reasonCode(),
                    r.reason().length() > 2000 ? r.reason().substring(0, 2000) : r.reason(), now});
        }
        jdbc.batchUpdate("INSERT INTO rejected_record (run_id, school_id, target, source_key, entity_type, reason_code, "
                + "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    /** Forgets records withdrawn from the target, and says so in {@code record_event}. */
    public void saveEvents(String target, String schoolId, String runId, List<Event> events, List<String> forget) {
        if (!forget.isEmpty()) {
            List<Object[]> keys = new ArrayList<>(forget.size());
            forget.stream().sorted().forEach(k -> keys.add(new Object[] {target, schoolId, k}));
            jdbc.batchUpdate("DELETE FROM target_record WHERE target = ? AND school_id = ? AND source_key = ?", keys);
        }
        if (events.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> args = new ArrayList<>(events.size());
        for (Event e : events) {
            args.add(new Object[] {runId, schoolId, target, e.sourceKey(), e.entityType(), e.kind(), e.detail(), now});
        }
        jdbc.batchUpdate("INSERT INTO record_event (run_id, school_id, target, source_key, entity_type, kind, detail, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    public List<Event> eventsOfRun(String runId) {
        return jdbc.query("SELECT source_key, entity_type, kind, detail FROM record_event WHERE run_id = ? ORDER BY id",
                (rs, n) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), runId);
    }

    public List<Rejected> rejectedOfRun(String runId) {
        return jdbc.query("SELECT source_key, entity_type, reason_code, reason FROM rejected_record WHERE run_id = ? "
                        + "ORDER BY id", (rs, n) -> new Rejected(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)), runId);
    }

    public int count(String target, String schoolId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM target_record WHERE target = ? AND school_id = ?",
                Integer.class, target, schoolId);
        return n == null ? 0 : n;
    }
}
