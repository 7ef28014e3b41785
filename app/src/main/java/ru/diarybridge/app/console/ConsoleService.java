package ru.diarybridge.app.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.server.ResponseStatusException;
import ru.diarybridge.app.SyncLauncher;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.HoldPolicy;

/**
 * Everything the console pages and its JSON API do, with the role checks and the audit log in one place, so that the
 * two cannot disagree. A refused action is audited too.
 */
public class ConsoleService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);

    /** The outcome of an action, in Russian for the operator. */
    public record ActionResult(String action, String schoolId, boolean done, String message) {
    }

    private final SchoolDirectory schools;
    private final RegionService region;
    private final SchoolService school;
    private final SyncLauncher launcher;
    private final DryRun dryRun;
    private final SchoolPauseStore pauses;
    private final HoldPolicy holds;
    private final AuditLog audit;
    private final ExecutorService executor;
    private final ru.diarybridge.routes.dnevnik.DeadLetters deadLetters;
    private final ru.diarybridge.routes.control.FindingRepository findings;
    private final ru.diarybridge.routes.control.ReportArchive reports;
    private final ru.diarybridge.routes.archive.ArchiveRepository archive;
    private ru.diarybridge.routes.archive.ArchiveService archiveService;
    private java.util.function.Consumer<java.util.Map<String, Object>> archiveLauncher;

    public ConsoleService(SchoolDirectory schools, RegionService region, SchoolService school, SyncLauncher launcher,
                          DryRun dryRun, SchoolPauseStore pauses, HoldPolicy holds, AuditLog audit,
                          ExecutorService executor, ru.diarybridge.routes.dnevnik.DeadLetters deadLetters,
                          ru.diarybridge.routes.control.FindingRepository findings,
                          ru.diarybridge.routes.control.ReportArchive reports,
                          ru.diarybridge.routes.archive.ArchiveRepository archive) {
        this.deadLetters = deadLetters;
        this.findings = findings;
        this.reports = reports;
        this.archive = archive;
        this.schools = schools;
        this.region = region;
        this.school = school;
        this.launcher = launcher;
        this.dryRun = dryRun;
        this.pauses = pauses;
        this.holds = holds;
        this.audit = audit;
        this.executor = executor;
    }

    public static ConsoleUser user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !(a.getPrincipal() instanceof ConsoleUser u)) {
            throw new AccessDeniedException("нет входа в консоль");
        }
        return u;
    }

    public RegionService.RegionPage region(String q, String state, String sort, String dir, int page, int size) {
        ConsoleUser u = user();
        Set<String> visible = u.role() == ConsoleRole.SCHOOL_IT ? Set.of(u.schoolId()) : null;
        SchoolState s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = SchoolState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "неизвестное состояние: " + state);
            }
        }
        return region.page(visible, q, s, sort, dir, page, size);
    }

    /** The school, when the user may see it. */
    public SchoolSettings visibleSchool(String schoolId) {
        SchoolSettings s = schools.school(schoolId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "школа не настроена: " + schoolId));
        ConsoleUser u = user();
        if (!u.canSee(schoolId)) {
            throw new AccessDeniedException("нет доступа к школе " + schoolId);
        }
        return s;
    }

    public SchoolService school() {
        return school;
    }

    public SchoolPauseStore pauses() {
        return pauses;
    }

    public List<AuditLog.Entry> auditLog(String schoolId, int limit) {
        ConsoleUser u = user();
        if (!u.canReadAudit()) {
            throw new AccessDeniedException("журнал действий доступен оператору и аудитору");
        }
        return audit.latest(schoolId == null || schoolId.isBlank() ? null : schoolId, limit);
    }

    /** Sync now: starts the run in the background and returns at once; the run appears in the history. */
    public ActionResult syncNow(String schoolId) {
        SchoolSettings s = actOn("SYNC_NOW", schoolId);
        if (!s.polled()) {
            return done("SYNC_NOW", schoolId, false, "школа получает выгрузки АСИОУ файлами: запуск по кнопке невозможен");
        }
        if (school.running(schoolId)) {
            return done("SYNC_NOW", schoolId, false, "синхронизация уже идёт");
        }
        executor.submit(() -> {
            try {
                launcher.start(schoolId, "console");
            } catch (RuntimeException e) {
                LOG.error("Школа {}: запуск из консоли не удался: {}", schoolId, e.getMessage());
            }
        });
        return done("SYNC_NOW", schoolId, true, "синхронизация запущена");
    }

    public DryRun.Result dryRun(String schoolId) {
        actOn("DRY_RUN", schoolId);
        if (school.running(schoolId)) {
            DryRun.Result r = new DryRun.Result(schoolId, null, null, List.of(), 0, 0, 0, 0, 0, 0, 0, false,
                    List.of(), List.of(), List.of(), 0, "синхронизация школы идёт: пробный запуск после её окончания");
            audit(schoolId, "DRY_RUN", r.error(), "REFUSED");
            return r;
        }
        DryRun.Result r = dryRun.run(schoolId);
        audit(schoolId, "DRY_RUN", r.error() != null ? r.error() : "будет отправлено " + r.toSend() + ", удалено "
                + r.toDelete() + ", выбывших " + r.toWithdraw() + (r.wouldHold() ? "; школа ушла бы на удержание" : ""),
                r.error() == null ? "OK" : "FAILED");
        return r;
    }

    public ActionResult pause(String schoolId, LocalDate until, String reason) {
        SchoolSettings s = actOn("PAUSE", schoolId);
        if (until == null || !until.isAfter(LocalDate.now(s.zone()))) {
            return done("PAUSE", schoolId, false, "дата окончания паузы должна быть позже сегодняшней");
        }
        Instant end = until.atStartOfDay(s.zone()).toInstant();
        pauses.pause(schoolId, end, reason, user().username());
        return done("PAUSE", schoolId, true, "приостановлена до " + until + (reason == null || reason.isBlank()
                ? "" : ": " + reason));
    }

    public ActionResult resume(String schoolId) {
        actOn("RESUME", schoolId);
        boolean was = pauses.resume(schoolId);
        return done("RESUME", schoolId, was, was ? "пауза снята" : "школа не была приостановлена");
    }

    /** Regulation findings of the school (control flow), newest first. */
    public List<ru.diarybridge.routes.control.Finding> findings(String schoolId) {
        visibleSchool(schoolId);
        return findings.findings(schoolId);
    }

    /** Control reports kept for the school, with their PDF and XLSX files. */
    public List<ru.diarybridge.routes.control.ReportArchive.StoredReport> reports(String schoolId) {
        visibleSchool(schoolId);
        return reports.reports(schoolId);
    }

    /** One kept report's file: {@code pdf} or {@code xlsx}, by its place in {@link #reports(String)}. */
    public java.nio.file.Path reportFile(String schoolId, int index, String format) {
        List<ru.diarybridge.routes.control.ReportArchive.StoredReport> all = reports(schoolId);
        if (index < 0 || index >= all.size() || !("pdf".equals(format) || "xlsx".equals(format))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "нет такого отчёта");
        }
        return "pdf".equals(format) ? all.get(index).pdf() : all.get(index).xlsx();
    }

    /** Archive runs of the school with their state, manifest and number of files. */
    public List<ru.diarybridge.routes.archive.ArchiveRepository.Run> archiveRuns(String schoolId) {
        visibleSchool(schoolId);
        return archive.runs(schoolId);
    }

    /**
     * Connects the archive's run by hand: {@code launcher} sends the headers to the archive route
     * ({@code direct:archive}). Without it (no synced journal store) the archive actions answer that it is off.
     */
    public ConsoleService withArchive(ru.diarybridge.routes.archive.ArchiveService service,
                                      java.util.function.Consumer<java.util.Map<String, Object>> launcher) {
        this.archiveService = service;
        this.archiveLauncher = launcher;
        return this;
    }

    /**
     * Archive now (regulations flow 4, «a run can be started by hand»): the period by its folder ({@code q1}…,
     * {@code year}) and school year, or the latest period that has ended; runs in the background through the
     * archive route, and appears among the archive runs (INCOMPLETE with what is missing when final marks lack).
     */
    public ActionResult archiveNow(String schoolId, Integer schoolYear, String period) {
        actOn("ARCHIVE_NOW", schoolId);
        if (archiveService == null) {
            return done("ARCHIVE_NOW", schoolId, false, "архив выключен: нет хранилища синхронизированного журнала");
        }
        String folder = period == null || period.isBlank() ? null : period.strip().toLowerCase(java.util.Locale.ROOT);
        ru.diarybridge.routes.archive.ArchivePeriod p;
        try {
            p = archiveService.periodByHand(schoolId, schoolYear, folder);
        } catch (IllegalArgumentException e) {
            return done("ARCHIVE_NOW", schoolId, false, e.getMessage());
        }
        if (archiveService.running(schoolId)) {
            return done("ARCHIVE_NOW", schoolId, false, "архив школы уже формируется, дождитесь окончания");
        }
        java.util.Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(ru.diarybridge.routes.SyncHeaders.SCHOOL_ID, schoolId);
        headers.put(ru.diarybridge.routes.ArchiveRoute.SCHOOL_YEAR, p.schoolYear());
        headers.put(ru.diarybridge.routes.ArchiveRoute.PERIOD, p.folder());
        executor.submit(() -> {
            try {
                archiveLauncher.accept(headers);
            } catch (RuntimeException e) {
                LOG.error("Школа {}: архивация из консоли не удалась: {}", schoolId, e.getMessage());
            }
        });
        return done("ARCHIVE_NOW", schoolId, true, "архивация запущена: " + p.title()
                + "; результат — в таблице «Архив журналов»");
    }

    /** Verify the school's archive now: every file re-hashed, the manifest chain and signatures checked. */
    public ActionResult verifyArchive(String schoolId) {
        actOn("ARCHIVE_VERIFY", schoolId);
        if (archiveService == null) {
            return done("ARCHIVE_VERIFY", schoolId, false, "архив выключен: нет хранилища синхронизированного журнала");
        }
        ru.diarybridge.routes.archive.ArchiveService.VerificationResult r = archiveService.verify(schoolId);
        return done("ARCHIVE_VERIFY", schoolId, r.ok(), r.ok()
                ? "проверка архива: файлов " + r.filesChecked() + ", нарушений нет"
                : "проверка архива: файлов " + r.filesChecked() + ", нарушений " + r.problems().size() + ": "
                        + String.join("; ", r.problems().subList(0, Math.min(5, r.problems().size())))
                        + (r.problems().size() > 5 ? "; …" : ""));
    }

    /** The school's records in the dead-letter queue: what Dnevnik.ru refused, with the error code and reason. */
    public List<ru.diarybridge.routes.dnevnik.DeadLetters.Entry> deadLetters(String schoolId) {
        visibleSchool(schoolId);
        return deadLetters.list(schoolId);
    }

    /** Replays the school's dead letters (of one error code when given) once the cause is fixed. */
    public ActionResult replayDeadLetters(String schoolId, String errorCode) {
        actOn("REPLAY_DEAD_LETTERS", schoolId);
        String code = errorCode == null || errorCode.isBlank() ? null : errorCode.trim();
        int n = deadLetters.replay(schoolId, code);
        return done("REPLAY_DEAD_LETTERS", schoolId, n > 0, n > 0 ? "повторно отправлено из очереди ошибок: " + n
                + (code == null ? "" : " (код " + code + ")") : "в очереди ошибок нет записей школы"
                + (code == null ? "" : " с кодом " + code));
    }

    public ActionResult approveHold(String schoolId) {
        visibleSchool(schoolId);
        if (!user().canApproveHold()) {
            audit(schoolId, "APPROVE_HOLD", "нет права", "DENIED");
            throw new AccessDeniedException("одобрить удержание может только региональный оператор");
        }
        int n = holds.approve(schoolId, user().username());
        return done("APPROVE_HOLD", schoolId, n > 0, n > 0
                ? "удержание одобрено: следующий запуск отправит изменения" : "удержаний нет");
    }

    private SchoolSettings actOn(String action, String schoolId) {
        SchoolSettings s = schools.school(schoolId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "школа не настроена: " + schoolId));
        if (!user().canAct(schoolId)) {
            audit(schoolId, action, "нет права", "DENIED");
            throw new AccessDeniedException("нет права на это действие для школы " + schoolId);
        }
        return s;
    }

    private ActionResult done(String action, String schoolId, boolean done, String message) {
        audit(schoolId, action, message, done ? "OK" : "REFUSED");
        return new ActionResult(action, schoolId, done, message);
    }

    private void audit(String schoolId, String action, String detail, String outcome) {
        ConsoleUser u = user();
        audit.record(u.username(), u.role(), action, schoolId, detail, outcome);
    }
}
