package ru.diarybridge.routes.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery outbox (table {@code outbox}): one row per record owed to a target. Rows are written by source sync
 * in the transaction that detected the change and closed by the consumer in the transaction that records the
 * target's id, so a crash anywhere leaves the row PENDING and the next attempt looks the record up before creating.
 */
public class Outbox {

    public enum Op { UPSERT, DELETE, WITHDRAW }

    public enum Priority { LIVE, BACKFILL }

    /** REPORTED: never to be sent (a rule forbids it), reported to the operator instead. */
    public enum State { PENDING, DONE, REJECTED, DEAD, REPORTED }

    public record Entry(String sourceKey, String entityType, String version, Op op, Priority priority) {
    }

    public record Closed(String sourceKey, State state, Long remoteId, String error) {
    }

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds or refreshes rows; a row still PENDING keeps its first detection time (the family-visible lag). */
    public void enqueue(String target, String schoolId, String runId, List<Entry> unordered) {
        if (unordered.isEmpty()) {
            return;
        }
        // every batch statement on outbox rows goes in key order: several consumers of one school close rows of
        // shared records (subjects, homework) while a sync enqueues them, and rows locked in different orders
        // deadlock in PostgreSQL
        List<Entry> entries = unordered.stream().sorted(java.util.Comparator.comparing(Entry::sourceKey)).toList();
        Timestamp now = Timestamp.from(Instant.now());
        // which rows exist, in one statement per chunk: a first sync's rows are all new, and an UPDATE per row
        // that finds nothing before each INSERT was the database's largest cost in the 600-school benchmark
        java.util.Set<String> existing = existingKeys(target, schoolId, entries.stream().map(Entry::sourceKey).toList());
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (Entry e : entries) {
            if (existing.contains(e.sourceKey())) {
                updates.add(new Object[] {e.entityType(), e.version(), e.op().name(), e.priority().name(), now, runId,
                    now, target, schoolId, e.sourceKey()});
            } else {
                inserts.add(new Object[] {target, schoolId, e.sourceKey(), e.entityType(), e.version(),
                    e.op().name(), e.priority().name(), runId, now, now});
            }
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE outbox SET entity_type = ?, version = ?, op = ?, priority = ?, "
                    + "detected_at = CASE WHEN state = 'PENDING' THEN detected_at ELSE ? END, state = 'PENDING', "
                    + "run_id = ?, updated_at = ?, last_error = NULL WHERE target = ? AND school_id = ? AND source_key = ?",
                    updates);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO outbox (target, school_id, source_key, entity_type, version, op, priority, "
                    + "state, run_id, detected_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)", inserts);
        }
    }

    private java.util.Set<String> existingKeys(String target, String schoolId, List<String> keys) {
        java.util.Set<String> out = new java.util.HashSet<>();
        KeyedQuery.forKeys(jdbc, "SELECT source_key FROM outbox", target, schoolId, keys, rs -> {
            out.add(rs.getString(1));
        });
        return out;
    }

    /** One more delivery attempt of these rows, which it left open (a failed attempt; a redelivery counts again). */
    public void attempt(String target, String schoolId, List<String> keys) {
        // row by row in key order, like close(): one IN statement may lock its rows in heap order and deadlock
        // against a consumer of the same school closing shared rows
        List<Object[]> args = new ArrayList<>(keys.size());
        keys.stream().sorted().forEach(k -> args.add(new Object[] {target, schoolId, k}));
        if (!args.isEmpty()) {
            jdbc.batchUpdate("UPDATE outbox SET attempts = attempts + 1 WHERE target = ? AND school_id = ? "
                    + "AND source_key = ? AND state = 'PENDING'", args);
        }
    }

    /** Closes rows that were not sent (e.g. reported instead): no delivery attempt is counted. */
    public void close(String target, String schoolId, List<Closed> closed) {
        close(target, schoolId, closed, 0);
    }

    /**
     * Closes rows at the end of the delivery attempt that settled them, and counts that attempt: the attempt is not
     * written on its own before the calls (an UPDATE per row less), so an attempt cut short by a crash goes uncounted.
     */
    public void closeAttempted(String target, String schoolId, List<Closed> closed) {
        close(target, schoolId, closed, 1);
    }

    private void close(String target, String schoolId, List<Closed> closed, int attempt) {
        if (closed.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> args = new ArrayList<>(closed.size());
        for (Closed c : closed.stream().sorted(java.util.Comparator.comparing(Closed::sourceKey)).toList()) {
            String error = c.error() == null || c.error().length() <= 2000 ? c.error() : c.error().substring(0, 2000);
            args.add(new Object[] {c.state().name(), c.remoteId(), error, now, attempt, target, schoolId,
                c.sourceKey()});
        }
        jdbc.batchUpdate("UPDATE outbox SET state = ?, remote_id = COALESCE(?, remote_id), last_error = ?, "
                + "updated_at = ?, attempts = attempts + ? WHERE target = ? AND school_id = ? AND source_key = ?", args);
    }

    /** Counts of a school's rows by state. */
    public Map<State, Integer> counts(String target, String schoolId) {
        Map<State, Integer> out = new HashMap<>();
        jdbc.query("SELECT state, COUNT(*) FROM outbox WHERE target = ? AND school_id = ? GROUP BY state",
                rs -> {
                    out.put(State.valueOf(rs.getString(1)), rs.getInt(2));
                }, target, schoolId);
        return out;
    }

    /**
     * The family-visible lag of each school with live changes still owed: the age of the oldest PENDING live row.
     * Schools with nothing owed are absent.
     */
    public Map<String, Duration> familyLag(String target) {
        Map<String, Duration> out = new HashMap<>();
        Instant now = Instant.now();
        jdbc.query("SELECT school_id, MIN(detected_at) FROM outbox WHERE target = ? AND state = 'PENDING' "
                + "AND priority = 'LIVE' GROUP BY school_id", rs -> {
                    out.put(rs.getString(1), Duration.between(rs.getTimestamp(2).toInstant(), now));
                }, target);
        return out;
    }

    public List<Map<String, Object>> rows(String target, String schoolId) {
        return jdbc.queryForList("SELECT source_key, entity_type, op, priority, state, remote_id, attempts, last_error "
                + "FROM outbox WHERE target = ? AND school_id = ? ORDER BY source_key", target, schoolId);
    }

    /** Records refused by the target as invalid, or reported instead of sent, with the content hash that was refused. */
    public Map<String, String> refused(String target, String schoolId) {
        Map<String, String> out = new HashMap<>();
        jdbc.query("SELECT source_key, version FROM outbox WHERE target = ? AND school_id = ? "
                + "AND state IN ('DEAD', 'REPORTED')", rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                }, target, schoolId);
        return out;
    }

    /** Makes dead rows pending again before their dead letters are replayed. */
    public void revive(String target, String schoolId, List<String> keys) {
        List<Object[]> args = new ArrayList<>(keys.size());
        Timestamp now = Timestamp.from(Instant.now());
        keys.forEach(k -> args.add(new Object[] {now, now, target, schoolId, k}));
        if (!args.isEmpty()) {
            jdbc.batchUpdate("UPDATE outbox SET state = 'PENDING', detected_at = ?, updated_at = ?, last_error = NULL "
                    + "WHERE target = ? AND school_id = ? AND source_key = ? AND state IN ('DEAD', 'REJECTED')", args);
        }
    }
}
