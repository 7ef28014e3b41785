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

    public record Delivered(String sourceKey, String entityType, Long remoteId, String hash) {
    }

    public record Rejected(String sourceKey, String entityType, String reasonCode, String reason) {
    }

    public record Known(Long remoteId, String hash) {
    }

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
                    + "delivered_at, run_id) KEY (target, school_id, source_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        }
        return "INSERT INTO target_record (target, school_id, source_key, entity_type, remote_id, delivered_hash, "
                + "delivered_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, school_id, source_key) "
                + "DO UPDATE SET entity_type = EXCLUDED.entity_type, remote_id = EXCLUDED.remote_id, "
                + "delivered_hash = EXCLUDED.delivered_hash, delivered_at = EXCLUDED.delivered_at, run_id = EXCLUDED.run_id";
    }

    /** Everything a target holds of a school: source key → (remote id, delivered hash). One query per run. */
    public Map<String, Known> known(String target, String schoolId) {
        Map<String, Known> out = new HashMap<>();
        jdbc.query("SELECT source_key, remote_id, delivered_hash FROM target_record WHERE target = ? AND school_id = ?",
                rs -> {
                    long remote = rs.getLong("remote_id");
                    out.put(rs.getString("source_key"),
                            new Known(rs.wasNull() ? null : remote, rs.getString("delivered_hash")));
                }, target, schoolId);
        return out;
    }

    public void saveDelivered(String target, String schoolId, String runId, List<Delivered> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Delivered d : rows) {
            args.add(new Object[] {target, schoolId, d.sourceKey(), d.entityType(), d.remoteId(), d.hash(), now, runId});
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
            args.add(new Object[] {runId, schoolId, target, r.sourceKey(), r.entityType(), r.reasonCode(),
                    r.reason().length() > 2000 ? r.reason().substring(0, 2000) : r.reason(), now});
        }
        jdbc.batchUpdate("INSERT INTO rejected_record (run_id, school_id, target, source_key, entity_type, reason_code, "
                + "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args);
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
