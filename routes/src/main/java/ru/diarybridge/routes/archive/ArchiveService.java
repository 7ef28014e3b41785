package ru.diarybridge.routes.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.ContentHash;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.routes.documents.Document;
import ru.diarybridge.routes.documents.DocumentRenderer;
import ru.diarybridge.routes.store.JournalStore;

/**
 * Flow «archival» (regulations flow 4): per school and period, the class journals (PDF), the summary sheets (PDF
 * and XLSX), at year end the class reports, at each half-year end a full export of the school's synced data
 * (JSON lines of canonical records); a manifest per run with the SHA-256 of every file, chained to the school's
 * previous manifest; verification of everything archived; the act listing what is due for destruction.
 * Thread-safe; runs of one school are serialised.
 */
public class ArchiveService {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);
    static final String MANIFEST_SIGNATURE = "MANIFEST_SIGNATURE";

    /** The outcome of one run, for the log, the console and the route. */
    public record RunResult(long runId, String schoolId, ArchivePeriod period, ArchiveRepository.Status status,
                            int classes, int files, List<String> missing, String manifestPath, String manifestSha256,
                            String previousManifestSha256) {
        public String summary() {
            return "Архив школы " + schoolId + ", " + period.title() + ": классов " + classes + ", файлов " + files
                    + (status == ArchiveRepository.Status.INCOMPLETE
                    ? "; НЕПОЛНЫЙ — " + String.join("; ", missing) : "; полный");
        }
    }

    public record VerificationResult(long id, String schoolId, int filesChecked, List<String> problems,
                                     int mismatched, int missing, int chainBroken, int badSignatures) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public record DestructionAct(String schoolId, LocalDate asOf, List<ArchiveRepository.FileRow> files,
                                 String path, byte[] pdf) {
    }

    private final JournalStore store;
    private final ArchiveRepository repo;
    private final ArchiveStorage archive;
    private final ArchiveStorage export;
    private final DocumentRenderer renderer;
    private final Function<String, String> schoolNames;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile ManifestSignature.Signer signer;

    /**
     * @param export      the external folder of the half-yearly export; null to keep the export in the archive
     * @param schoolNames the school's name for the documents' headings, by school id
     */
    public ArchiveService(JournalStore store, ArchiveRepository repo, ArchiveStorage archive, ArchiveStorage export,
                          DocumentRenderer renderer, Function<String, String> schoolNames, Clock clock) {
        this.store = store;
        this.repo = repo;
        this.archive = archive;
        this.export = export == null ? archive : export;
        this.renderer = renderer;
        this.schoolNames = schoolNames;
        this.clock = clock;
    }

    /** Signs each manifest from now on (a detached CMS signature beside it); null for none, the default. */
    public ArchiveService signManifests(ManifestSignature.Signer signer) {
        this.signer = signer;
        return this;
    }

    /** The archive's storage (the export's may be another). */
    public ArchiveStorage storage() {
        return archive;
    }

    public ArchiveStorage exportStorage() {
        return export;
    }

    public ArchiveRepository repository() {
        return repo;
    }

    public List<ArchivePeriod> periods(String schoolId) {
        return ArchivePeriod.of(store.periods(schoolId));
    }

    /**
     * The periods to archive today by default: today is one of days 1–5 of the holidays after the period (003 §4)
     * and it has no complete run, nor a run today (an incomplete run is retried on the next day).
     */
    public List<ArchivePeriod> due(String schoolId, LocalDate today) {
        Instant startOfDay = today.atStartOfDay(clock.getZone()).toInstant();
        return periods(schoolId).stream().filter(p -> p.dueOn(today))
                .filter(p -> !repo.settled(schoolId, p.key().asString(), startOfDay)).toList();
    }

    /** With a cron override: every period that has ended and has no complete run yet, of this school year. */
    public List<ArchivePeriod> pending(String schoolId, LocalDate today) {
        Instant startOfDay = today.atStartOfDay(clock.getZone()).toInstant();
        int year = ArchivePeriod.schoolYearOf(today);
        return periods(schoolId).stream()
                .filter(p -> p.end().isBefore(today) && p.schoolYear() >= year - 1)
                .filter(p -> !repo.settled(schoolId, p.key().asString(), startOfDay)).toList();
    }

    /** The scheduled run: archives each period {@link #due} (or {@link #pending} when {@code anyEnded}). */
    public List<RunResult> runScheduled(String schoolId, boolean anyEnded) {
        LocalDate today = LocalDate.now(clock);
        List<ArchivePeriod> periods = anyEnded ? pending(schoolId, today) : due(schoolId, today);
        if (periods.isEmpty()) {
            LOG.debug("Архив школы {}: сегодня архивировать нечего", schoolId);
        }
        List<RunResult> out = new ArrayList<>();
        for (ArchivePeriod p : periods) {
            out.add(archive(schoolId, p, "schedule"));
        }
        return out;
    }

    /**
     * A run by hand (the console): the period by its folder name ({@code q1}, {@code h2}, {@code year}) in the
     * given school year, or, with {@code folder} null, the latest period that has ended.
     */
    public RunResult runByHand(String schoolId, Integer schoolYear, String folder) {
        return archive(schoolId, periodByHand(schoolId, schoolYear, folder), "manual");
    }

    /** The period {@link #runByHand} would archive; IllegalArgumentException (Russian) when there is none. */
    public ArchivePeriod periodByHand(String schoolId, Integer schoolYear, String folder) {
        LocalDate today = LocalDate.now(clock);
        List<ArchivePeriod> periods = periods(schoolId);
        Optional<ArchivePeriod> period = folder == null
                ? periods.stream().filter(p -> p.end().isBefore(today)).reduce((a, b) -> b)
                : periods.stream().filter(p -> p.folder().equals(folder)
                        && (schoolYear == null || p.schoolYear() == schoolYear)).reduce((a, b) -> b);
        return period.orElseThrow(() -> new IllegalArgumentException(
                "Школа " + schoolId + ": нет периода " + (folder == null ? "(ни один не закончился)" : folder)
                        + (schoolYear == null ? "" : " " + schoolYear + " учебного года")));
    }

    /** Whether a run of the school is in progress in this instance. */
    public boolean running(String schoolId) {
        ReentrantLock lock = locks.get(schoolId);
        return lock != null && lock.isLocked();
    }

    /** Archives one period of one school: everything that exists; a run missing final marks is INCOMPLETE. */
    public RunResult archive(String schoolId, ArchivePeriod period, String trigger) {
        ReentrantLock lock = locks.computeIfAbsent(schoolId, s -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new IllegalStateException("Архив школы " + schoolId + " уже формируется, дождитесь окончания");
        }
        long runId = repo.start(schoolId, period, trigger, clock.instant());
        try {
            return doArchive(schoolId, period, runId);
        } catch (Exception e) {
            LOG.error("Архив школы {}, {}: запуск {} не удался: {}", schoolId, period.title(), runId, e.toString());
            repo.failed(runId, e.toString(), clock.instant());
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    private RunResult doArchive(String schoolId, ArchivePeriod period, long runId) throws IOException {
        LocalDate today = LocalDate.now(clock);
        String schoolName = schoolNames.apply(schoolId);
        String dir = schoolId + "/" + period.yearFolder() + "/" + period.folder() + "/";
        List<Map<String, Object>> manifestFiles = new ArrayList<>();
        List<ArchiveDocuments.Missing> missing = new ArrayList<>();
        int classes = 0;
        LOG.info("Архив школы {}, {}: начат запуск {}", schoolId, period.title(), runId);
        for (SchoolClass cls : store.classes(schoolId)) {
            if (!period.covers(cls.grade())) {
                continue;
            }
            Optional<ClassJournal> journal = store.classJournal(schoolId, cls.key(), period.start(), period.end());
            if (journal.isEmpty()) {
                continue;
            }
            ClassJournal j = journal.get();
            String slug = slug(cls.name());
            int before = manifestFiles.size();
            put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "journal-" + slug + ".pdf", "JOURNAL",
                    cls.name(), Retention.JOURNAL_5Y, period,
                    renderer.pdf(ArchiveDocuments.classJournal(schoolName, period, j, today)), manifestFiles);
            List<ArchiveDocuments.Missing> classMissing = ArchiveDocuments.missingFinalMarks(period, j);
            missing.addAll(classMissing);
            if (cls.grade() > 1) { // grade 1 has no marks (001 §3.2.4.11): no summary sheet
                Document sheet = ArchiveDocuments.summarySheet(schoolName, period, j, today);
                put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "summary-" + slug + ".pdf",
                        "SUMMARY_SHEET", cls.name(), Retention.SUMMARY_25Y, period, renderer.pdf(sheet), manifestFiles);
                put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "summary-" + slug + ".xlsx",
                        "SUMMARY_SHEET", cls.name(), Retention.SUMMARY_25Y, period, renderer.xlsx(sheet), manifestFiles);
                if (period.type() == PeriodType.YEAR) {
                    Document progress = ArchiveDocuments.progressReport(schoolName, period, j, today);
                    Document attendance = ArchiveDocuments.attendanceReport(schoolName, period, j, today);
                    put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "progress-report-" + slug + ".pdf",
                            "PROGRESS_REPORT", cls.name(), Retention.SUMMARY_25Y, period, renderer.pdf(progress),
                            manifestFiles);
                    put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "progress-report-" + slug + ".xlsx",
                            "PROGRESS_REPORT", cls.name(), Retention.SUMMARY_25Y, period, renderer.xlsx(progress),
                            manifestFiles);
                    put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "attendance-report-" + slug + ".pdf",
                            "ATTENDANCE_REPORT", cls.name(), Retention.SUMMARY_25Y, period, renderer.pdf(attendance),
                            manifestFiles);
                    put(runId, schoolId, ArchiveRepository.Store.ARCHIVE, dir + "attendance-report-" + slug + ".xlsx",
                            "ATTENDANCE_REPORT", cls.name(), Retention.SUMMARY_25Y, period, renderer.xlsx(attendance),
                            manifestFiles);
                }
            }
            classes++;
            repo.classDone(runId, manifestFiles.size() - before);
            LOG.info("Архив школы {}, {}: класс {} — файлов {}{}", schoolId, period.name(), cls.name(),
                    manifestFiles.size() - before,
                    classMissing.isEmpty() ? "" : ", нет итоговых отметок: " + classMissing.size());
        }
        if (exportsWith(schoolId, period)) {
            // spooled to a temporary file and hashed on the way: the export of a whole school is never in memory
            Path spool = Files.createTempFile("diary-bridge-export-", ".jsonl");
            try {
                String sha = fullExport(schoolId, period, spool);
                long size = Files.size(spool);
                String path = schoolId + "/" + period.yearFolder() + "/" + period.folder() + "/export-" + schoolId
                        + "-" + period.yearFolder() + "-" + period.folder() + ".jsonl";
                export.put(path, spool);
                record(runId, schoolId, ArchiveRepository.Store.EXPORT, path, "EXPORT", null, Retention.EXPORT_5Y,
                        period, sha, size, manifestFiles);
                LOG.info("Архив школы {}, {}: выгрузка данных ({} байт) в {}", schoolId, period.name(), size,
                        export.describe());
            } finally {
                Files.deleteIfExists(spool);
            }
        }

        List<String> missingSummary = ArchiveDocuments.summarise(missing);
        ArchiveRepository.Status status = missing.isEmpty() ? ArchiveRepository.Status.COMPLETE
                : ArchiveRepository.Status.INCOMPLETE;
        String previous = repo.lastManifestSha(schoolId).orElse(null);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "diary-bridge-archive-manifest/1");
        manifest.put("schoolId", schoolId);
        manifest.put("runId", runId);
        manifest.put("createdAt", clock.instant().toString());
        manifest.put("period", Map.of("key", period.key().asString(), "type", period.type().name(),
                "name", period.name(), "schoolYear", period.yearFolder(), "start", period.start().toString(),
                "end", period.end().toString()));
        manifest.put("status", status.name());
        manifest.put("missing", missingSummary);
        manifest.put("previousManifestSha256", previous);
        manifest.put("files", manifestFiles);
        byte[] manifestBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        String manifestPath = dir + "manifest-" + runId + ".json";
        ManifestSignature.Signer sign = signer;
        // signed before anything is written, so a key that cannot be read fails the run without a half-written pair
        byte[] signature = sign == null ? null : sign.sign(schoolId, manifestBytes);
        archive.put(manifestPath, manifestBytes);
        String manifestSha = ContentHash.sha256(manifestBytes);
        repo.addFile(runId, schoolId, ArchiveRepository.Store.ARCHIVE, manifestPath, "MANIFEST", null,
                Retention.MANIFEST_25Y, Retention.MANIFEST_25Y.until(period.schoolYearEnd()), manifestSha,
                manifestBytes.length, clock.instant());
        int written = manifestFiles.size() + 1;
        if (signature != null) {
            archive.put(manifestPath + ManifestSignature.SUFFIX, signature);
            repo.addFile(runId, schoolId, ArchiveRepository.Store.ARCHIVE, manifestPath + ManifestSignature.SUFFIX,
                    MANIFEST_SIGNATURE, null, Retention.MANIFEST_25Y,
                    Retention.MANIFEST_25Y.until(period.schoolYearEnd()), ContentHash.sha256(signature),
                    signature.length, clock.instant());
            written++;
        }
        repo.finish(runId, status, missingSummary, missing.size(), manifestPath, manifestSha, previous,
                clock.instant());
        RunResult result = new RunResult(runId, schoolId, period, status, classes, written,
                missingSummary, manifestPath, manifestSha, previous);
        if (status == ArchiveRepository.Status.INCOMPLETE) {
            LOG.warn("{}", result.summary());
        } else {
            LOG.info("{}", result.summary());
        }
        return result;
    }

    private void put(long runId, String schoolId, ArchiveRepository.Store where, String path, String kind,
                     String className, Retention retention, ArchivePeriod period, byte[] content,
                     List<Map<String, Object>> manifestFiles) throws IOException {
        (where == ArchiveRepository.Store.EXPORT ? export : archive).put(path, content);
        record(runId, schoolId, where, path, kind, className, retention, period, ContentHash.sha256(content),
                content.length, manifestFiles);
    }

    private void record(long runId, String schoolId, ArchiveRepository.Store where, String path, String kind,
                        String className, Retention retention, ArchivePeriod period, String sha, long size,
                        List<Map<String, Object>> manifestFiles) {
        LocalDate until = retention.until(period.schoolYearEnd());
        repo.addFile(runId, schoolId, where, path, kind, className, retention, until, sha, size, clock.instant());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        entry.put("store", where.name());
        entry.put("kind", kind);
        entry.put("retention", retention.name());
        entry.put("retainUntil", until.toString());
        entry.put("size", size);
        entry.put("sha256", sha);
        manifestFiles.add(entry);
    }

    /** The full export goes with the half-year runs, or with quarters 2 and 4 where a school has no half-years. */
    private boolean exportsWith(String schoolId, ArchivePeriod period) {
        if (period.type() == PeriodType.HALF_YEAR) {
            return true;
        }
        if (period.type() == PeriodType.QUARTER && (period.number() == 2 || period.number() == 4)) {
            return periods(schoolId).stream().noneMatch(p -> p.type() == PeriodType.HALF_YEAR
                    && p.schoolYear() == period.schoolYear());
        }
        return false;
    }

    /**
     * Every canonical record of the school from the start of the school year to the period's end, one JSON object
     * a line: {@code {"type":…,"key":…,"hash":…,"record":{…}}}; each record once.
     */
    String fullExport(String schoolId, ArchivePeriod period, Path target) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(target), sha),
                64 * 1024)) {
            writeExport(schoolId, period, out);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private void writeExport(String schoolId, ArchivePeriod period, OutputStream out) throws IOException {
        LocalDate from = LocalDate.of(period.schoolYear(), 8, 1);
        Set<String> seen = new java.util.HashSet<>();
        List<CanonicalRecord> head = new ArrayList<>(store.periods(schoolId));
        head.addAll(store.announcements(schoolId));
        for (CanonicalRecord r : head) {
            writeLine(out, r, seen);
        }
        for (SchoolClass cls : store.classes(schoolId)) {
            Optional<ClassJournal> j = store.classJournal(schoolId, cls.key(), from, period.end());
            if (j.isPresent()) {
                for (CanonicalRecord r : j.get().records()) {
                    writeLine(out, r, seen);
                }
            }
        }
    }

    private void writeLine(OutputStream out, CanonicalRecord r, Set<String> seen) throws IOException {
        String id = r.entityType() + "|" + r.key().asString();
        if (!seen.add(id)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", r.entityType().name());
        line.put("key", r.key().asString());
        line.put("hash", r.contentHash());
        line.put("record", r);
        out.write(json.writeValueAsBytes(line));
        out.write('\n');
    }

    // ----------------------------------------------------------------------------------- verification

    /** Re-hashes every file of every school that has an archive; one stored result per school. */
    public List<VerificationResult> verifyAll() {
        List<VerificationResult> out = new ArrayList<>();
        for (String school : repo.schools()) {
            out.add(verify(school));
        }
        return out;
    }

    /** Re-hashes every current file of the school and checks its manifest chain; problems are logged in Russian. */
    public VerificationResult verify(String schoolId) {
        Instant started = clock.instant();
        List<String> problems = new ArrayList<>();
        int mismatched = 0;
        int missingFiles = 0;
        int chainBroken = 0;
        int badSignatures = 0;
        List<ArchiveRepository.FileRow> files = repo.files(schoolId);
        Set<String> signatures = new java.util.HashSet<>();
        for (ArchiveRepository.FileRow f : files) {
            ArchiveStorage storage = f.store() == ArchiveRepository.Store.EXPORT ? export : archive;
            if (MANIFEST_SIGNATURE.equals(f.kind())) {
                signatures.add(f.path());
            }
            Optional<String> hash;
            try {
                hash = storage.sha256(f.path());
            } catch (IOException e) {
                hash = Optional.empty();
            }
            if (hash.isEmpty()) {
                missingFiles++;
                problems.add("Файл архива отсутствует: " + f.path() + " (" + storage.describe() + ")");
            } else if (!hash.get().equals(f.sha256())) {
                mismatched++;
                problems.add("Файл архива изменён: " + f.path() + " — контрольная сумма SHA-256 не совпадает "
                        + (f.runId() == 0 ? "с записанной при его создании" : "с манифестом запуска " + f.runId()));
            }
        }
        String previous = null;
        for (ArchiveRepository.Run run : repo.manifestChain(schoolId)) {
            if (!java.util.Objects.equals(previous, run.previousManifestSha256())) {
                chainBroken++;
                problems.add("Цепочка манифестов нарушена: манифест " + run.manifestPath()
                        + " ссылается не на предыдущий манифест школы");
            }
            previous = run.manifestSha256();
            String sigPath = run.manifestPath() + ManifestSignature.SUFFIX;
            if (signatures.contains(sigPath)) {
                Optional<String> bad = checkSignature(run.manifestPath(), sigPath);
                if (bad.isPresent()) {
                    badSignatures++;
                    problems.add("Подпись манифеста не сходится: " + sigPath + " — " + bad.get());
                }
            }
        }
        long id = repo.saveVerification(schoolId, started, clock.instant(), files.size(), mismatched, missingFiles,
                chainBroken, badSignatures, problems);
        if (problems.isEmpty()) {
            LOG.info("Проверка архива школы {}: файлов {}, нарушений нет", schoolId, files.size());
        } else {
            problems.forEach(p -> LOG.error("Проверка архива школы {}: {}", schoolId, p));
        }
        return new VerificationResult(id, schoolId, files.size(), List.copyOf(problems), mismatched, missingFiles,
                chainBroken, badSignatures);
    }

    /** The manifest's detached signature; a manifest or signature that cannot be read is already reported missing. */
    private Optional<String> checkSignature(String manifestPath, String sigPath) {
        try {
            Optional<byte[]> manifest = archive.get(manifestPath);
            Optional<byte[]> sig = archive.get(sigPath);
            if (manifest.isEmpty() || sig.isEmpty()) {
                return Optional.empty();
            }
            return ManifestSignature.verify(manifest.get(), sig.get());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------- destruction act

    /**
     * The act listing the files whose retention ended before {@code asOf} (journals after 5 years, 004 §9.2).
     * Nothing is deleted: the act is stored in the archive for the director to sign; destruction is done by hand.
     */
    public DestructionAct destructionAct(String schoolId, LocalDate asOf) throws IOException {
        List<ArchiveRepository.FileRow> due = repo.dueForDestruction(schoolId, asOf);
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (ArchiveRepository.FileRow f : due) {
            rows.add(List.of(String.valueOf(++n), f.path(), f.className() == null ? "" : f.className(),
                    f.retention().russian(), f.retainUntil().format(ArchivePeriod.DATE), f.sha256()));
        }
        Document act = new Document("Акт о выделении к уничтожению документов, не подлежащих хранению",
                List.of("Образовательная организация: " + schoolNames.apply(schoolId),
                        "Дата составления: " + asOf.format(ArchivePeriod.DATE),
                        "Отобраны к уничтожению документы с истекшим сроком хранения (004 §9.2): "
                                + (due.isEmpty() ? "таких документов нет." : due.size() + " шт.")),
                List.of(new Document.Table("К уничтожению", List.of("№", "Файл", "Класс", "Вид и срок хранения",
                        "Хранить до", "SHA-256"), rows)),
                List.of("Документы уничтожаются только после утверждения акта; diary-bridge файлы не удаляет.",
                        "Председатель комиссии ____________________", "Члены комиссии ____________________",
                        "Утверждаю: директор ____________________"),
                true);
        byte[] pdf = renderer.pdf(act);
        String path = schoolId + "/destruction/act-" + asOf + ".pdf";
        archive.put(path, pdf);
        // recorded like any archived file, so that the verification job covers the act as well
        repo.addFile(null, schoolId, ArchiveRepository.Store.ARCHIVE, path, "DESTRUCTION_ACT", null, Retention.ACT_25Y,
                Retention.ACT_25Y.until(LocalDate.of(ArchivePeriod.schoolYearOf(asOf) + 1, 8, 31)),
                ContentHash.sha256(pdf), pdf.length, clock.instant());
        LOG.info("Школа {}: акт о выделении к уничтожению на {} — документов {}, файл {}", schoolId, asOf, due.size(),
                path);
        return new DestructionAct(schoolId, asOf, due, path, pdf);
    }

    /** A class name as a file name part: letters and digits kept (Cyrillic too), anything else '_'. */
    static String slug(String name) {
        String s = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}-]+", "_");
        return s.isEmpty() ? "class" : s;
    }

}
