package ru.diarybridge.routes.control;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The {@code control_finding} table: one row per school, rule and record, however often a sync sees it. */
public class FindingRepository {

    private static final RowMapper<Finding> ROW = (rs, i) -> new Finding(rs.getString("school_id"),
            rs.getString("class_key"), rs.getString("class_name"), rs.getString("subject_key"),
            rs.getString("teacher_key"), rs.getString("lesson_key"), date(rs.getDate("lesson_date")),
            rs.getString("pupil_key"), rs.getString("record_key"), rs.getString("rule_code"), rs.getString("clause"),
            rs.getString("text"), date(rs.getDate("first_seen")));

    private final JdbcTemplate jdbc;

    public FindingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the new findings, touches last_seen of known ones; returns how many were new. */
    public int save(List<Finding> findings) {
        int added = 0;
        for (Finding f : findings) {
            int touched = jdbc.update("UPDATE control_finding SET last_seen = ? WHERE school_id = ? AND rule_code = ?"
                    + " AND record_key = ?", Date.valueOf(f.firstSeen()), f.schoolId(), f.ruleCode(), f.recordKey());
            if (touched > 0) {
                continue;
            }
            try {
                jdbc.update("INSERT INTO control_finding (school_id, class_key, class_name, subject_key, teacher_key,"
                                + " lesson_key, lesson_date, pupil_key, record_key, rule_code, clause, text, first_seen,"
                                + " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        f.schoolId(), f.classKey(), f.className(), f.subjectKey(), f.teacherKey(), f.lessonKey(),
                        f.lessonDate() == null ? null : Date.valueOf(f.lessonDate()), f.pupilKey(), f.recordKey(),
                        f.ruleCode(), f.clause(), cut(f.text()), Date.valueOf(f.firstSeen()),
                        Date.valueOf(f.firstSeen()));
                added++;
            } catch (DuplicateKeyException raced) {
                // another instance stored it between our update and insert
            }
        }
        return added;
    }

    /** Findings of a school first seen in [from, to], ordered by class, date and rule. */
    public List<Finding> findings(String schoolId, LocalDate from, LocalDate to) {
        return jdbc.query("SELECT * FROM control_finding WHERE school_id = ? AND first_seen BETWEEN ? AND ?"
                        + " ORDER BY class_name, lesson_date, rule_code, record_key", ROW, schoolId,
                Date.valueOf(from), Date.valueOf(to));
    }

    /** All findings of a school, newest first (the console's list). */
    public List<Finding> findings(String schoolId) {
        return jdbc.query("SELECT * FROM control_finding WHERE school_id = ? ORDER BY first_seen DESC, class_name,"
                + " lesson_date, rule_code", ROW, schoolId);
    }

    private static String cut(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
