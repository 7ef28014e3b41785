package ru.diarybridge.app.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code audit_log} table: every console action (and every login), who, when, on which school, and how it went. */
public class AuditLog {

    public record Entry(long id, Instant at, String username, String role, String action, String schoolId,
                        String detail, String outcome) {
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String username, ConsoleRole role, String action, String schoolId, String detail,
                       String outcome) {
        jdbc.update("INSERT INTO audit_log (at, username, role, action, school_id, detail, outcome) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(Instant.now()), cut(username, 64),
                role == null ? null : role.name(), action, schoolId, cut(detail, 2000), outcome);
    }

    /** Newest first; {@code schoolId} null for all schools. */
    public List<Entry> latest(String schoolId, int limit) {
        String sql = "SELECT * FROM audit_log" + (schoolId == null ? "" : " WHERE school_id = ?")
                + " ORDER BY at DESC, id DESC";
        Object[] args = schoolId == null ? new Object[0] : new Object[] {schoolId};
        return jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setMaxRows(limit);
            return ps;
        }, (rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("username"),
                rs.getString("role"), rs.getString("action"), rs.getString("school_id"), rs.getString("detail"),
                rs.getString("outcome")));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
