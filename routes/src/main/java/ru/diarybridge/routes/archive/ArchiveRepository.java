package ru.diarybridge.routes.archive;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** The tables {@code archive_run}, {@code archive_file} and {@code archive_verification}. */
public class ArchiveRepository {

    public enum Status { RUNNING, COMPLETE, INCOMPLETE, FAILED }

    public enum Store { ARCHIVE, EXPORT }

    public record Run(long id, String schoolId, String periodKey, String periodType, String periodName,
                      int schoolYear, String trigger, Status status, Instant startedAt, Instant finishedAt,
                      int classesDone, int filesWritten, int missingCount, String missing, String manifestPath,
                      String manifestSha256, String previousManifestSha256, String error) {
    }

    public record FileRow(long id, long runId, String schoolId, Store store, String path, String kind,
                          String className, Retention retention, LocalDate retainUntil, String sha256, long size,
                          Instant createdAt) {
    }

    public record Verification(long id, String schoolId, Instant startedAt, Instant finishedAt, int filesChecked,
                               int mismatched, int missing, int chainBroken, int badSignatures, String status,
                               String problems) {
    }

    private static final RowMapper<Run> RUN = (rs, n) -> new Run(rs.getLong("id"), rs.getString("school_id"),
            rs.getString("period_key"), rs.getString("period_type"), rs.getString("period_name"),
            rs.getInt("school_year"), rs.getString("trigger_kind"), Status.valueOf(rs.getString("status")),
            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
            rs.getInt("classes_done"), rs.getInt("files_written"), rs.getInt("missing_count"),
            rs.getString("missing"), rs.getString("manifest_path"), rs.getString("manifest_sha256"),
            rs.getString("previous_manifest_sha256"), rs.getString("error"));

    private static final RowMapper<FileRow> FILE = (rs, n) -> new FileRow(rs.getLong("id"), rs.getLong("run_id"),
            rs.getString("school_id"), Store.valueOf(rs.getString("store")), rs.getString("path"),
            rs.getString("kind"), rs.getString("class_name"), Retention.valueOf(rs.getString("retention")),
            rs.getDate("retain_until").toLocalDate(), rs.getString("sha256"), rs.getLong("size_bytes"),
            instant(rs.getTimestamp("created_at")));

    private static final RowMapper<Verification> VERIFICATION = (rs, n) -> new Verification(rs.getLong("id"),
            rs.getString("school_id"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
            rs.getInt("files_checked"), rs.getInt("mismatched"), rs.getInt("missing"), rs.getInt("chain_broken"),
            rs.getInt("bad_signatures"), rs.getString("status"), rs.getString("problems"));

    private final JdbcTemplate jdbc;

    public ArchiveRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    public long start(String schoolId, ArchivePeriod period, String trigger, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO archive_run (school_id, period_key, period_type, "
                    + "period_name, school_year, period_start, period_end, trigger_kind, status, started_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?)", new String[] {"id"});
            ps.setString(1, schoolId);
            ps.setString(2, period.key().asString());
            ps.setString(3, period.type().name());
            ps.setString(4, period.name());
            ps.setInt(5, period.schoolYear());
            ps.setDate(6, java.sql.Date.valueOf(period.start()));
            ps.setDate(7, java.sql.Date.valueOf(period.end()));
            ps.setString(8, trigger);
            ps.setTimestamp(9, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void classDone(long runId, int files) {
        jdbc.update("UPDATE archive_run SET classes_done = classes_done + 1, files_written = files_written + ? "
                + "WHERE id = ?", files, runId);
    }

    public void finish(long runId, Status status, List<String> missing, int missingCount, String manifestPath,
                       String manifestSha, String previousSha, Instant now) {
        jdbc.update("UPDATE archive_run SET status = ?, finished_at = ?, missing_count = ?, missing = ?, "
                        + "manifest_path = ?, manifest_sha256 = ?, previous_manifest_sha256 = ? WHERE id = ?",
                status.name(), Timestamp.from(now), missingCount,
                missing.isEmpty() ? null : truncate(String.join("\n", missing), 100_000), manifestPath, manifestSha,
                previousSha, runId);
    }

    public void failed(long runId, String error, Instant now) {
        jdbc.update("UPDATE archive_run SET status = 'FAILED', finished_at = ?, error = ? WHERE id = ?",
                Timestamp.from(now), truncate(error, 2000), runId);
    }

    public Optional<Run> run(long id) {
        return jdbc.query("SELECT * FROM archive_run WHERE id = ?", RUN, id).stream().findFirst();
    }

    public List<Run> runs(String schoolId) {
        return jdbc.query("SELECT * FROM archive_run WHERE school_id = ? ORDER BY id", RUN, schoolId);
    }

    /** Whether the period has a COMPLETE run, or any run started on or after {@code since} that is not FAILED. */
    public boolean settled(String schoolId, String periodKey, Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM archive_run WHERE school_id = ? AND period_key = ? "
                        + "AND (status = 'COMPLETE' OR (status <> 'FAILED' AND started_at >= ?))", Integer.class,
                schoolId, periodKey, Timestamp.from(since));
        return n != null && n > 0;
    }

    /** The school's last finished manifest hash: the link the next manifest carries. */
    public Optional<String> lastManifestSha(String schoolId) {
        return jdbc.queryForList("SELECT manifest_sha256 FROM archive_run WHERE school_id = ? AND manifest_sha256 "
                + "IS NOT NULL ORDER BY id DESC", String.class, schoolId).stream().findFirst();
    }

    /** Runs with a manifest, in chain order. */
    public List<Run> manifestChain(String schoolId) {
        return jdbc.query("SELECT * FROM archive_run WHERE school_id = ? AND manifest_sha256 IS NOT NULL ORDER BY id",
                RUN, schoolId);
    }

    public List<String> schools() {
        return jdbc.queryForList("SELECT DISTINCT school_id FROM archive_run ORDER BY school_id", String.class);
    }

    /** @param runId the run that wrote the file; null for a file made outside a run (the act of destruction) */
    public void addFile(Long runId, String schoolId, Store store, String path, String kind, String className,
                        Retention retention, LocalDate retainUntil, String sha256, long size, Instant now) {
        jdbc.update("UPDATE archive_file SET superseded = TRUE WHERE store = ? AND path = ? AND superseded = FALSE",
                store.name(), path);
        jdbc.update("INSERT INTO archive_file (run_id, school_id, store, path, kind, class_name, retention, "
                        + "retain_until, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, schoolId, store.name(), path, kind, className, retention.name(),
                java.sql.Date.valueOf(retainUntil), sha256, size, Timestamp.from(now));
    }

    /** The current (not superseded) files of a school. */
    public List<FileRow> files(String schoolId) {
        return jdbc.query("SELECT * FROM archive_file WHERE school_id = ? AND superseded = FALSE ORDER BY id", FILE,
                schoolId);
    }

    public List<FileRow> filesOfRun(long runId) {
        return jdbc.query("SELECT * FROM archive_file WHERE run_id = ? ORDER BY id", FILE, runId);
    }

    /** Current files whose retention ended before {@code day} and that end by an act of destruction. */
    public List<FileRow> dueForDestruction(String schoolId, LocalDate day) {
        return jdbc.query("SELECT * FROM archive_file WHERE school_id = ? AND superseded = FALSE AND retain_until < ? "
                        + "AND retention IN ('JOURNAL_5Y','EXPORT_5Y') ORDER BY retain_until, path", FILE, schoolId,
                java.sql.Date.valueOf(day));
    }

    public long saveVerification(String schoolId, Instant started, Instant finished, int checked, int mismatched,
                                 int missing, int chainBroken, int badSignatures, List<String> problems) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        String status = mismatched + missing + chainBroken + badSignatures == 0 ? "OK" : "FAILED";
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO archive_verification (school_id, started_at, "
                    + "finished_at, files_checked, mismatched, missing, chain_broken, bad_signatures, status, problems) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, schoolId);
            ps.setTimestamp(2, Timestamp.from(started));
            ps.setTimestamp(3, Timestamp.from(finished));
            ps.setInt(4, checked);
            ps.setInt(5, mismatched);
            ps.setInt(6, missing);
            ps.setInt(7, chainBroken);
            ps.setInt(8, badSignatures);
            ps.setString(9, status);
            ps.setString(10, problems.isEmpty() ? null : truncate(String.join("\n", problems), 100_000));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public List<Verification> verifications(String schoolId) {
        return jdbc.query("SELECT * FROM archive_verification WHERE school_id = ? ORDER BY id", VERIFICATION,
                schoolId);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
