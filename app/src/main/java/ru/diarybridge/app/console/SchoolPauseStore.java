package ru.diarybridge.app.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.routes.school.SchoolPauses;

/** The {@code school_pause} table; the scheduled trigger of a paused school asks {@link #paused} and skips. */
public class SchoolPauseStore implements SchoolPauses {

    private final JdbcTemplate jdbc;

    public SchoolPauseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean paused(String schoolId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM school_pause WHERE school_id = ? AND paused_until > ?",
                Integer.class, schoolId, Timestamp.from(Instant.now()));
        return n != null && n > 0;
    }

    public void pause(String schoolId, Instant until, String reason, String by) {
        jdbc.update("DELETE FROM school_pause WHERE school_id = ?", schoolId);
        jdbc.update("INSERT INTO school_pause (school_id, paused_until, reason, paused_by, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", schoolId, Timestamp.from(until), reason, by, Timestamp.from(Instant.now()));
    }

    /** Returns true when the school was paused. */
    public boolean resume(String schoolId) {
        return jdbc.update("DELETE FROM school_pause WHERE school_id = ?", schoolId) > 0;
    }

    /** Schools paused now, with the end of their pause. */
    public Map<String, Instant> active() {
        Map<String, Instant> result = new HashMap<>();
        jdbc.query("SELECT school_id, paused_until FROM school_pause WHERE paused_until > ?",
                rs -> {
                    result.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }, Timestamp.from(Instant.now()));
        return result;
    }
}
