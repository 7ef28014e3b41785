package ru.diarybridge.routes.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the made reports for the console: the PDF and XLSX files under {@code <folder>/<schoolId>/} and one row
 * of {@code control_report} per report.
 */
public class ReportArchive {

    /** A kept report. */
    public record StoredReport(String schoolId, String reportCode, String title, LocalDate from, LocalDate to,
                               Path pdf, Path xlsx) {
    }

    private final JdbcTemplate jdbc;
    private final Path folder;
    private final Clock clock;

    public ReportArchive(JdbcTemplate jdbc, Path folder, Clock clock) {
        this.jdbc = jdbc;
        this.folder = folder;
        this.clock = clock;
    }

    public StoredReport keep(String schoolId, ReportKind kind, String title, LocalDate from, LocalDate to,
                             byte[] pdf, byte[] xlsx) {
        String base = kind.code() + "-" + from + "-" + to;
        Path dir = folder.resolve(safe(schoolId));
        Path pdfPath = dir.resolve(base + ".pdf");
        Path xlsxPath = dir.resolve(base + ".xlsx");
        try {
            Files.createDirectories(dir);
            write(pdfPath, pdf);
            write(xlsxPath, xlsx);
        } catch (IOException e) {
            throw new UncheckedIOException("отчёт " + base + " школы " + schoolId + " не записан в " + dir, e);
        }
        jdbc.update("INSERT INTO control_report (school_id, report_code, title, period_from, period_to, pdf_path,"
                        + " xlsx_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", schoolId, kind.code(), title,
                Date.valueOf(from), Date.valueOf(to), pdfPath.toString(), xlsxPath.toString(),
                Timestamp.from(clock.instant()));
        return new StoredReport(schoolId, kind.code(), title, from, to, pdfPath, xlsxPath);
    }

    /** Reports of a school, newest first (the console's list). */
    public List<StoredReport> reports(String schoolId) {
        return jdbc.query("SELECT * FROM control_report WHERE school_id = ? ORDER BY created_at DESC, id DESC",
                (rs, i) -> new StoredReport(rs.getString("school_id"), rs.getString("report_code"),
                        rs.getString("title"), rs.getDate("period_from").toLocalDate(),
                        rs.getDate("period_to").toLocalDate(), Path.of(rs.getString("pdf_path")),
                        Path.of(rs.getString("xlsx_path"))), schoolId);
    }

    /** Written to a temporary file first: the console never sees half a file. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
