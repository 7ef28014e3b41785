package ru.diarybridge.app.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * The console's JSON API: the same data and actions as the pages, for scripts and monitoring. Session login at
 * /console/login; POSTs need the CSRF token (header X-XSRF-TOKEN or X-CSRF-TOKEN, as the login page gives it).
 */
@RestController
@RequestMapping(path = "/api/console", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "console", description = "Консоль оператора: регион, школа, действия, журнал действий")
public class ConsoleApiController {

    private final ConsoleService console;

    public ConsoleApiController(ConsoleService console) {
        this.console = console;
    }

    public record Me(String username, ConsoleRole role, String roleRu, String schoolId) {
    }

    public record SchoolInfo(String schoolId, String name, String system, String zone, String schedule,
                             boolean deliversToDnevnik, boolean paused, java.time.Instant pausedUntil) {
    }

    @Operation(summary = "Кто вошёл: имя, роль, школа")
    @GetMapping("/me")
    public Me me() {
        ConsoleUser u = ConsoleService.user();
        return new Me(u.username(), u.role(), u.role().russian(), u.schoolId());
    }

    @Operation(summary = "Регион: школы с состоянием, отставанием и счётчиками; фильтр, сортировка, страницы")
    @GetMapping("/schools")
    public RegionService.RegionPage schools(
            @Parameter(description = "часть id или названия школы") @RequestParam(required = false) String q,
            @Parameter(description = "PAUSED, ON_HOLD, FAILING, LAGGING или OK") @RequestParam(required = false)
            String state,
            @Parameter(description = "id, name, state, lastSuccess, lag, familyLag, read, changed, delivered, "
                    + "rejected, errorRate") @RequestParam(defaultValue = "state") String sort,
            @RequestParam(defaultValue = "asc") String dir, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "50") int size) {
        return console.region(q, state, sort, dir, page, size);
    }

    @Operation(summary = "Школа: настройки без секретов и пауза")
    @GetMapping("/schools/{schoolId}")
    public SchoolInfo school(@PathVariable String schoolId) {
        SchoolSettings s = console.visibleSchool(schoolId);
        var until = console.pauses().active().get(schoolId);
        return new SchoolInfo(s.schoolId(), s.name(), s.sourceSystem().name().toLowerCase(), s.zone().getId(),
                s.cron(), s.deliversToDnevnik(), until != null, until);
    }

    @Operation(summary = "История запусков школы, новые сверху")
    @GetMapping("/schools/{schoolId}/runs")
    public List<SchoolService.Run> runs(@PathVariable String schoolId, @RequestParam(defaultValue = "50") int limit) {
        console.visibleSchool(schoolId);
        return console.school().runs(schoolId, Math.min(limit, 1000));
    }

    @Operation(summary = "Сверка: записи источника и приёмника по типам")
    @GetMapping("/schools/{schoolId}/reconciliation")
    public List<SchoolService.Reconciliation> reconciliation(@PathVariable String schoolId) {
        console.visibleSchool(schoolId);
        return console.school().reconciliation(schoolId);
    }

    @Operation(summary = "Отклонённые записи с причинами")
    @GetMapping("/schools/{schoolId}/rejected")
    public List<SchoolService.Rejected> rejected(@PathVariable String schoolId,
                                                 @RequestParam(defaultValue = "200") int limit) {
        console.visibleSchool(schoolId);
        return console.school().rejected(schoolId, Math.min(limit, 10_000));
    }

    @Operation(summary = "Отклонённые записи в CSV (UTF-8 с BOM, разделитель «;»)")
    @GetMapping(path = "/schools/{schoolId}/rejected.csv", produces = "text/csv")
    public ResponseEntity<byte[]> rejectedCsv(@PathVariable String schoolId) {
        return csv(console, schoolId);
    }

    static ResponseEntity<byte[]> csv(ConsoleService console, String schoolId) {
        SchoolSettings s = console.visibleSchool(schoolId);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"rejected-" + schoolId + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(console.school().rejectedCsv(schoolId, s.zone()));
    }

    @Operation(summary = "События записей: удаления в источнике (TOMBSTONE) и выбытия (WITHDRAWAL)")
    @GetMapping("/schools/{schoolId}/events")
    public List<SchoolService.Event> events(@PathVariable String schoolId,
                                            @RequestParam(defaultValue = "200") int limit) {
        console.visibleSchool(schoolId);
        return console.school().events(schoolId, Math.min(limit, 10_000));
    }

    @Operation(summary = "Удержания школы (запуск изменил бы слишком большую долю записей)")
    @GetMapping("/schools/{schoolId}/holds")
    public List<SchoolService.Hold> holds(@PathVariable String schoolId) {
        console.visibleSchool(schoolId);
        return console.school().holds(schoolId, 100);
    }

    @Operation(summary = "Нарушения регламентов, найденные при синхронизации (правило, пункт, класс, урок)")
    @GetMapping("/schools/{schoolId}/findings")
    public List<ru.diarybridge.routes.control.Finding> findings(@PathVariable String schoolId) {
        return console.findings(schoolId);
    }

    public record ReportInfo(int index, String reportCode, String title, LocalDate from, LocalDate to) {
    }

    @Operation(summary = "Контрольные отчёты школы (файлы: /reports/{index}/pdf или /xlsx)")
    @GetMapping("/schools/{schoolId}/reports")
    public List<ReportInfo> reports(@PathVariable String schoolId) {
        var all = console.reports(schoolId);
        List<ReportInfo> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            var r = all.get(i);
            out.add(new ReportInfo(i, r.reportCode(), r.title(), r.from(), r.to()));
        }
        return out;
    }

    @Operation(summary = "Файл контрольного отчёта: pdf или xlsx")
    @GetMapping(path = "/schools/{schoolId}/reports/{index}/{format}", produces = MediaType.ALL_VALUE)
    public ResponseEntity<byte[]> reportFile(@PathVariable String schoolId, @PathVariable int index,
                                             @PathVariable String format) throws java.io.IOException {
        return file(console.reportFile(schoolId, index, format));
    }

    static ResponseEntity<byte[]> file(java.nio.file.Path path) throws java.io.IOException {
        if (path == null || !java.nio.file.Files.isRegularFile(path)) {
            return ResponseEntity.notFound().build();
        }
        String name = path.getFileName().toString();
        MediaType type = name.endsWith(".pdf") ? MediaType.APPLICATION_PDF : MediaType.parseMediaType(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition.attachment()
                        .filename(name, java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(java.nio.file.Files.readAllBytes(path));
    }

    @Operation(summary = "Запуски архивации школы: период, состояние, файлы, манифест")
    @GetMapping("/schools/{schoolId}/archive-runs")
    public List<ru.diarybridge.routes.archive.ArchiveRepository.Run> archiveRuns(@PathVariable String schoolId) {
        return console.archiveRuns(schoolId);
    }

    @Operation(summary = "Архивировать сейчас: период (q1…q4, h1, h2, year) учебного года или последний закончившийся; "
            + "запуск в фоне")
    @PostMapping("/schools/{schoolId}/archive")
    public ConsoleService.ActionResult archiveNow(@PathVariable String schoolId,
                                                  @RequestParam(required = false) Integer schoolYear,
                                                  @RequestParam(required = false) String period) {
        return console.archiveNow(schoolId, schoolYear, period);
    }

    @Operation(summary = "Проверить архив школы: контрольные суммы файлов, цепочка манифестов, подписи")
    @PostMapping("/schools/{schoolId}/archive/verify")
    public ConsoleService.ActionResult verifyArchive(@PathVariable String schoolId) {
        return console.verifyArchive(schoolId);
    }

    @Operation(summary = "Очередь ошибок (DLQ): записи, которые Дневник.ру отказался принять, с кодом и причиной")
    @GetMapping("/schools/{schoolId}/dead-letters")
    public List<ru.diarybridge.routes.dnevnik.DeadLetters.Entry> deadLetters(@PathVariable String schoolId) {
        return console.deadLetters(schoolId);
    }

    @Operation(summary = "Повторить отправку из очереди ошибок (по коду ошибки или все)")
    @PostMapping("/schools/{schoolId}/dead-letters/replay")
    public ConsoleService.ActionResult replayDeadLetters(@PathVariable String schoolId,
                                                         @RequestParam(required = false) String errorCode) {
        return console.replayDeadLetters(schoolId, errorCode);
    }

    @Operation(summary = "Синхронизировать сейчас (запуск в фоне)")
    @PostMapping("/schools/{schoolId}/sync")
    public ConsoleService.ActionResult sync(@PathVariable String schoolId) {
        return console.syncNow(schoolId);
    }

    @Operation(summary = "Пробный запуск: что было бы отправлено, без отправки")
    @PostMapping("/schools/{schoolId}/dry-run")
    public DryRun.Result dryRun(@PathVariable String schoolId) {
        return console.dryRun(schoolId);
    }

    @Operation(summary = "Приостановить плановые запуски до даты")
    @PostMapping("/schools/{schoolId}/pause")
    public ConsoleService.ActionResult pause(@PathVariable String schoolId,
                                             @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
                                             @RequestParam(required = false) String reason) {
        return console.pause(schoolId, until, reason);
    }

    @Operation(summary = "Снять паузу")
    @PostMapping("/schools/{schoolId}/resume")
    public ConsoleService.ActionResult resume(@PathVariable String schoolId) {
        return console.resume(schoolId);
    }

    @Operation(summary = "Одобрить удержание: следующий запуск отправит изменения (только региональный оператор)")
    @PostMapping("/schools/{schoolId}/approve-hold")
    public ConsoleService.ActionResult approveHold(@PathVariable String schoolId) {
        return console.approveHold(schoolId);
    }

    @Operation(summary = "Журнал действий (оператор и аудитор)")
    @GetMapping("/audit")
    public List<AuditLog.Entry> audit(@RequestParam(required = false) String schoolId,
                                      @RequestParam(defaultValue = "200") int limit) {
        return console.auditLog(schoolId, Math.min(limit, 10_000));
    }

    @Operation(summary = "Состояния школ и их названия")
    @GetMapping("/states")
    public Map<SchoolState, String> states() {
        Map<SchoolState, String> m = new java.util.EnumMap<>(SchoolState.class);
        for (SchoolState s : SchoolState.values()) {
            m.put(s, s.russian());
        }
        return m;
    }
}
