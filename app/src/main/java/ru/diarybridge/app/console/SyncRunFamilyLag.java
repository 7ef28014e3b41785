package ru.diarybridge.app.console;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The default {@link FamilyLagProvider}, from {@code sync_run} alone: a change made at the source after the read of
 * the school's last completed run started may not have reached the diary yet, so that start bounds the age of the
 * oldest undelivered change. A school never completed counts from its first run. An outbox with the oldest undelivered
 * change per school gives the exact figure; a bean of its own replaces this one.
 */
public class SyncRunFamilyLag implements FamilyLagProvider {

    private final JdbcTemplate jdbc;

    public SyncRunFamilyLag(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Instant> oldestUndelivered() {
        Map<String, Instant> result = new HashMap<>();
        jdbc.query("SELECT school_id, MAX(CASE WHEN status = 'COMPLETED' THEN started_at END), MIN(started_at) "
                + "FROM sync_run GROUP BY school_id", rs -> {
                    var ok = rs.getTimestamp(2);
                    var first = rs.getTimestamp(3);
                    result.put(rs.getString(1), (ok != null ? ok : first).toInstant());
                });
        return result;
    }
}
