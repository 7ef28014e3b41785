package ru.diarybridge.routes.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recognises an export file that is the same as the school's last one, so that it is not read again: validating,
 * parsing and comparing a file record by record is most of an unchanged re-sync's cost, and a region re-sending
 * every school's export each hour sends mostly such files.
 *
 * <p>A file is skipped only when reading it again would change nothing: its digest (the bytes, the school's settings
 * and the school's date — time-dependent regulation checks judge a day) equals that of the school's latest run, that
 * run completed, and nothing of the school is still owed or waiting (no PENDING or REJECTED outbox row, which a
 * re-read would offer again, and no hold not yet used). Any other run of the school in between (another file, a
 * polled sync) makes the latest run a different one, so file A, then B, then A again reads A again.
 */
public class UnchangedExports {

    private final JdbcTemplate jdbc;
    private final SyncRunRepository runs;

    public UnchangedExports(JdbcTemplate jdbc, SyncRunRepository runs) {
        this.jdbc = jdbc;
        this.runs = runs;
    }

    /** SHA-256 (hex) of the file's bytes and of what reading them depends on. */
    public static String digest(Path file, String settings, LocalDate schoolDate) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        sha.update(("\n" + settings + "\n" + schoolDate).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The earlier run of the same file, and the dates that file covered. */
    public record Earlier(SyncRun run, LocalDate from, LocalDate to) {
    }

    /** The school's latest run when a file with {@code digest} would change nothing after it; empty otherwise. */
    public Optional<Earlier> sameAsLatest(String target, String schoolId, String digest) {
        List<Object[]> latest = jdbc.query("SELECT id, window_from, window_to FROM sync_run WHERE school_id = ? AND status = 'COMPLETED' "
                        + "AND content_digest = ? AND NOT EXISTS (SELECT 1 FROM sync_run later WHERE "
                        + "later.school_id = sync_run.school_id AND later.started_at > sync_run.started_at) "
                        + "AND window_from IS NOT NULL AND window_to IS NOT NULL FETCH FIRST 1 ROWS ONLY",
                (rs, n) -> new Object[] {rs.getString(1), rs.getDate(2).toLocalDate(), rs.getDate(3).toLocalDate()},
                schoolId, digest);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Integer owed = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE target = ? AND school_id = ? "
                + "AND state IN ('PENDING', 'REJECTED')", Integer.class, target, schoolId);
        Integer holds = jdbc.queryForObject("SELECT COUNT(*) FROM school_hold WHERE school_id = ? "
                + "AND used_by_run IS NULL", Integer.class, schoolId);
        if (owed == null || owed > 0 || holds == null || holds > 0) {
            return Optional.empty();
        }
        Object[] row = latest.get(0);
        return runs.find((String) row[0]).map(run -> new Earlier(run, (LocalDate) row[1], (LocalDate) row[2]));
    }

    /** Notes the digest of a file run that is being read in full. */
    public void remember(String runId, String digest) {
        jdbc.update("UPDATE sync_run SET content_digest = ? WHERE id = ?", digest, runId);
    }

    /**
     * Records a run of a file recognised as unchanged: the earlier run's counts of what the file holds, nothing
     * changed, nothing to deliver. The caller finishes it like any run ({@link SyncRunRepository#readingFinished}).
     */
    public void recordUnchanged(String runId, SyncRun earlier, String digest) {
        jdbc.update("UPDATE sync_run SET content_digest = ?, unchanged = TRUE, classes_read = ?, pupils_read = ?, "
                        + "lessons_read = ?, marks_read = ?, records_read = ?, withheld = ? WHERE id = ?", digest,
                earlier.classesRead(), earlier.pupilsRead(), earlier.lessonsRead(), earlier.marksRead(),
                earlier.recordsRead(), earlier.withheld(), runId);
    }
}
