package ru.diarybridge.app.console;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the school view reads: run history, reconciliation, rejected records, record events, holds. Each section is
 * one method over one table, so sections backed by tables that come later (regulation findings, reports, archive
 * runs, dead-letter queue) are added the same way.
 */
public class SchoolService {

    public record Run(String id, String trigger, String status, Instant startedAt, Instant finishedAt,
                      LocalDate windowFrom, LocalDate windowTo, boolean fullPull, int classes, int read, int changed,
                      int delivered, int deleted, int withdrawn, int rejected, int withheld, String error) {
    }

    /** One entity type: read by the last completed run (its window), and held by the target (in that window, all). */
    public record Reconciliation(String entityType, String entityRu, Integer sourceInWindow, int targetInWindow,
                                 int targetTotal, Integer difference) {
    }

    public record Rejected(long id, Instant createdAt, String runId, String target, String sourceKey,
                           String entityType, String reasonCode, String reason) {
    }

    public record Event(long id, Instant createdAt, String runId, String target, String sourceKey, String entityType,
                        String kind, String detail) {
    }

    public record Hold(long id, String runId, int changes, int knownRecords, Instant createdAt, String approvedBy,
                       Instant approvedAt) {
    }

    private static final Map<String, String> ENTITY_RU = Map.of("PERSON", "ученики", "LESSON", "уроки",
            "MARK", "оценки", "ATTENDANCE", "посещаемость", "WORK", "работы", "HOMEWORK", "домашние задания",
            "CLASS", "классы", "SUBJECT", "предметы", "SOURCE", "источник");

    private final JdbcTemplate jdbc;

    public SchoolService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Run> runs(String schoolId, int limit) {
        return query("SELECT * FROM sync_run WHERE school_id = ? ORDER BY started_at DESC", limit, (rs, n) -> new Run(
                rs.getString("id"), rs.getString("trigger_kind"), rs.getString("status"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                date(rs.getDate("window_from")), date(rs.getDate("window_to")), rs.getBoolean("full_pull"),
                rs.getInt("classes_read"), rs.getInt("records_read"), rs.getInt("records_changed"),
                rs.getInt("delivered"), rs.getInt("deleted"), rs.getInt("withdrawn"), rs.getInt("rejected"),
                rs.getInt("withheld"), rs.getString("error")), schoolId);
    }

    /**
     * Source against target per entity type. The source side is what the school's last completed run read (the run
     * counts pupils, lessons and marks); the target side counts {@code target_record} rows, in that run's window for
     * dated records and in all. A pupil without consent is read but never delivered, so persons differ by design.
     */
    public List<Reconciliation> reconciliation(String schoolId) {
        List<Map<String, Object>> last = jdbc.queryForList("SELECT pupils_read, lessons_read, marks_read, window_from, "
                + "window_to FROM sync_run WHERE school_id = ? AND status = 'COMPLETED' ORDER BY started_at DESC",
                schoolId);
        Map<String, Integer> source = new LinkedHashMap<>();
        java.sql.Date from = null;
        java.sql.Date to = null;
        if (!last.isEmpty()) {
            Map<String, Object> r = last.get(0);
            source.put("PERSON", ((Number) r.get("pupils_read")).intValue());
            source.put("LESSON", ((Number) r.get("lessons_read")).intValue());
            source.put("MARK", ((Number) r.get("marks_read")).intValue());
            from = (java.sql.Date) toSqlDate(r.get("window_from"));
            to = (java.sql.Date) toSqlDate(r.get("window_to"));
        }
        Map<String, Integer> total = new LinkedHashMap<>();
        Map<String, Integer> inWindow = new LinkedHashMap<>();
        jdbc.query("SELECT entity_type, COUNT(*), SUM(CASE WHEN record_date IS NULL OR (record_date >= ? AND "
                        + "record_date <= ?) THEN 1 ELSE 0 END) FROM target_record WHERE school_id = ? "
                        + "AND delivered_hash <> 'WITHDRAWN' GROUP BY entity_type", rs -> {
                    total.put(rs.getString(1), rs.getInt(2));
                    inWindow.put(rs.getString(1), rs.getInt(3));
                }, from, to, schoolId);
        TreeSet<String> types = new TreeSet<>(source.keySet());
        types.addAll(total.keySet());
        List<Reconciliation> result = new ArrayList<>();
        for (String t : types) {
            Integer s = source.get(t);
            int w = inWindow.getOrDefault(t, 0);
            result.add(new Reconciliation(t, ENTITY_RU.getOrDefault(t, t), s, w, total.getOrDefault(t, 0),
                    s == null ? null : s - w));
        }
        return result;
    }

    private static Object toSqlDate(Object o) {
        if (o instanceof java.sql.Date d) {
            return d;
        }
        if (o instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        return o;
    }

    public List<Rejected> rejected(String schoolId, int limit) {
        return query("SELECT * FROM rejected_record WHERE school_id = ? ORDER BY created_at DESC, id DESC", limit,
                (rs, n) -> new Rejected(rs.getLong("id"), instant(rs.getTimestamp("created_at")),
                        rs.getString("run_id"), rs.getString("target"), rs.getString("source_key"),
                        rs.getString("entity_type"), rs.getString("reason_code"), rs.getString("reason")), schoolId);
    }

    /** The rejected records as CSV for Excel: UTF-8 with a BOM, «;» between fields, Russian headers. */
    public byte[] rejectedCsv(String schoolId, ZoneId zone) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(zone);
        StringBuilder sb = new StringBuilder("\uFEFF");
        sb.append("Дата;Запуск;Система;Запись;Тип записи;Код причины;Причина\r\n");
        for (Rejected r : rejected(schoolId, 100_000)) {
            sb.append(csv(f.format(r.createdAt()))).append(';').append(csv(r.runId())).append(';')
                    .append(csv(r.target())).append(';').append(csv(r.sourceKey())).append(';')
                    .append(csv(r.entityType())).append(';').append(csv(r.reasonCode())).append(';')
                    .append(csv(r.reason())).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(";") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    public List<Event> events(String schoolId, int limit) {
        return query("SELECT * FROM record_event WHERE school_id = ? ORDER BY created_at DESC, id DESC", limit,
                (rs, n) -> new Event(rs.getLong("id"), instant(rs.getTimestamp("created_at")), rs.getString("run_id"),
                        rs.getString("target"), rs.getString("source_key"), rs.getString("entity_type"),
                        rs.getString("kind"), rs.getString("detail")), schoolId);
    }

    public List<Hold> holds(String schoolId, int limit) {
        return query("SELECT * FROM school_hold WHERE school_id = ? ORDER BY created_at DESC, id DESC", limit,
                (rs, n) -> new Hold(rs.getLong("id"), rs.getString("run_id"), rs.getInt("changes"),
                        rs.getInt("known_records"), instant(rs.getTimestamp("created_at")),
                        rs.getString("approved_by"), instant(rs.getTimestamp("approved_at"))), schoolId);
    }

    public boolean running(String schoolId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM sync_run WHERE school_id = ? "
                + "AND status IN ('READING','DELIVERING')", Integer.class, schoolId);
        return n != null && n > 0;
    }

    private <T> List<T> query(String sql, int limit, org.springframework.jdbc.core.RowMapper<T> mapper,
                              Object... args) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setMaxRows(limit);
            return ps;
        }, mapper);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static LocalDate date(java.sql.Date d) {
        return d == null ? null : d.toLocalDate();
    }

}
