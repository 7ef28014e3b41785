package ru.diarybridge.routes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.model.ContentHash;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.sync.SyncStatePersistenceTestAccess;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** The archive on H2 and PostgreSQL with a file-system store, over a generated school. */
class ArchiveServiceTest {

    private static final String SCHOOL = "demo-107";
    private static final ZoneId ZONE = ZoneId.of("Europe/Samara");
    /** Day 2 of the autumn holidays after quarter 1 (ends 25.10.2026). */
    private static final LocalDate TODAY = LocalDate.of(2026, 10, 27);

    @TempDir
    Path tmp;

    private GeneratedJournalStore store;
    private ArchiveRepository repo;
    private FileSystemArchiveStorage archive;
    private FileSystemArchiveStorage export;

    @AfterAll
    static void dropSchemas() throws Exception {
        SyncStatePersistenceTestAccess.dropSchemas();
    }

    private ArchiveService service(String vendor, LocalDate today) {
        store = new GeneratedJournalStore(SCHOOL, GeneratedSchool.SCHOOL_ID, LocalDate.of(2026, 10, 19),
                LocalDate.of(2027, 1, 20));
        // two classes of the quarters' grades, one of the half-years' grades keep the test quick
        store.classFilter = c -> c.name().equals("5а") || c.name().equals("3б") || c.name().equals("10а");
        JdbcTemplate jdbc = SyncStatePersistenceTestAccess.database(vendor);
        repo = new ArchiveRepository(jdbc);
        archive = new FileSystemArchiveStorage(tmp.resolve("archive"));
        export = new FileSystemArchiveStorage(tmp.resolve("export"));
        return service(today);
    }

    private ArchiveService service(LocalDate today) {
        Clock clock = Clock.fixed(today.atTime(4, 0).atZone(ZONE).toInstant(), ZONE);
        return new ArchiveService(store, repo, archive, export, new PdfXlsxRenderer(),
                id -> GeneratedSchool.SCHOOL_NAME, clock);
    }

    private ArchivePeriod period(ArchiveService service, String folder) {
        return service.periods(SCHOOL).stream().filter(p -> p.folder().equals(folder)).findFirst().orElseThrow();
    }

    private static String pdfText(byte[] pdf, boolean sorted) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(sorted);
            return stripper.getText(doc);
        }
    }

    @Test
    void theArchiveIsDueOnDaysOneToFiveOfTheHolidays() { // 003 §4
        ArchiveService service = service("h2", TODAY);
        assertThat(service.due(SCHOOL, LocalDate.of(2026, 10, 25))).isEmpty();
        assertThat(service.due(SCHOOL, LocalDate.of(2026, 10, 26))).extracting(ArchivePeriod::folder)
                .containsExactly("q1");
        assertThat(service.due(SCHOOL, LocalDate.of(2026, 10, 30))).extracting(ArchivePeriod::folder)
                .containsExactly("q1");
        assertThat(service.due(SCHOOL, LocalDate.of(2026, 10, 31))).isEmpty();
        // quarter 2 and half-year 1 end together on 28.12
        assertThat(service.due(SCHOOL, LocalDate.of(2026, 12, 29))).extracting(ArchivePeriod::folder)
                .containsExactlyInAnyOrder("q2", "h1");
        // the year, spanning the quarters and half-years the source lists
        ArchivePeriod year = period(service, "year");
        assertThat(year.type()).isEqualTo(PeriodType.YEAR);
        assertThat(year.start()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(year.end()).isEqualTo(LocalDate.of(2027, 5, 31));

        List<ArchiveService.RunResult> runs = service.runScheduled(SCHOOL, false);
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.status())
                .isEqualTo(ArchiveRepository.Status.COMPLETE));
        // complete: not again on the following holiday days
        assertThat(service(LocalDate.of(2026, 10, 28)).due(SCHOOL, LocalDate.of(2026, 10, 28))).isEmpty();
    }

    @Test
    void journalAndSummarySheetCarryTheClassesDataInRussian() throws IOException { // 004 §9.1, 001 §5.5
        ArchiveService service = service("h2", TODAY);
        ArchiveService.RunResult run = service.archive(SCHOOL, period(service, "q1"), "manual");
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.COMPLETE);
        assertThat(run.classes()).isEqualTo(2); // 10а is archived by half-years
        assertThat(archive.list(SCHOOL + "/2026-2027/q1")).contains(
                SCHOOL + "/2026-2027/q1/journal-5а.pdf", SCHOOL + "/2026-2027/q1/summary-5а.pdf",
                SCHOOL + "/2026-2027/q1/summary-5а.xlsx", SCHOOL + "/2026-2027/q1/journal-3б.pdf");

        GeneratedSchool.SchoolClassG cls = store.school.classes().stream().filter(c -> c.name().equals("5а"))
                .findFirst().orElseThrow();
        GeneratedSchool.Pupil pupil = cls.pupils().get(0);
        GeneratedSchool.SchoolSubject math = store.school.subject(203);
        GeneratedSchool.PeriodMarkG q1Math = GeneratedSchool.generate(GeneratedSchool.SCHOOL_ID,
                LocalDate.of(2027, 1, 20)).periodMarks().stream()
                .filter(m -> m.pupilId() == pupil.id() && m.subjectId() == 203 && m.termId() % 10 == 1)
                .findFirst().orElseThrow();

        String journal = pdfText(archive.get(SCHOOL + "/2026-2027/q1/journal-5а.pdf").orElseThrow(), false);
        assertThat(journal).contains("Классный журнал 5а класса", GeneratedSchool.SCHOOL_NAME,
                "1 четверть 2026/2027 учебного года", math.name() + ": отметки и посещаемость",
                math.name() + ": темы уроков и домашние задания", pupil.lastName() + " " + pupil.firstName(),
                "Итог: 1 четверть");
        GeneratedSchool.LessonG lesson = store.school.lessons().stream().filter(l -> l.classId() == cls.id())
                .findFirst().orElseThrow();
        assertThat(journal.replaceAll("\\s+", " ")).contains(lesson.topic());

        // a known pupil's mark: a current mark on a lesson, and the quarter mark in the summary sheet
        GeneratedSchool.ResultG result = store.school.results().stream()
                .filter(r -> r.mark() != null && r.studentId() == pupil.id()).findFirst().orElse(null);
        if (result != null) {
            assertThat(journal).contains(String.valueOf(result.mark()));
        }
        String sheet = pdfText(archive.get(SCHOOL + "/2026-2027/q1/summary-5а.pdf").orElseThrow(), true);
        assertThat(sheet).contains("Сводная ведомость учёта успеваемости", "Класс: 5а");
        String row = sheet.lines().filter(l -> l.contains(pupil.lastName() + " " + pupil.firstName()))
                .findFirst().orElseThrow();
        assertThat(row).contains(String.valueOf(q1Math.mark()));

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                archive.get(SCHOOL + "/2026-2027/q1/summary-5а.xlsx").orElseThrow()))) {
            Sheet s = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter();
            Row header = s.getRow(6);
            int mathColumn = -1;
            for (int c = 0; c < header.getLastCellNum(); c++) {
                if (fmt.formatCellValue(header.getCell(c)).equals(math.shortName())) {
                    mathColumn = c;
                }
            }
            assertThat(mathColumn).isPositive();
            Row pupilRow = null;
            for (int r = 7; r <= s.getLastRowNum(); r++) {
                if (s.getRow(r) != null && fmt.formatCellValue(s.getRow(r).getCell(1)).equals(pupil.lastName() + " " + pupil.firstName())) {
                    pupilRow = s.getRow(r);
                }
            }
            assertThat(pupilRow).isNotNull();
            assertThat(fmt.formatCellValue(pupilRow.getCell(mathColumn))).isEqualTo(String.valueOf(q1Math.mark()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void verificationNamesExactlyTheFileThatChangedOrWentMissing(String vendor) throws IOException { // 004 §9.2
        ArchiveService service = service(vendor, TODAY);
        ArchiveService.RunResult run = service.archive(SCHOOL, period(service, "q1"), "schedule");
        assertThat(service.verify(SCHOOL).ok()).isTrue();

        String changed = SCHOOL + "/2026-2027/q1/journal-5а.pdf";
        Path file = archive.root().resolve(changed);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        ArchiveService.VerificationResult flipped = service.verify(SCHOOL);
        assertThat(flipped.problems()).singleElement().asString().contains("изменён", changed);
        assertThat(flipped.mismatched()).isEqualTo(1);
        assertThat(flipped.missing()).isZero();

        String deleted = SCHOOL + "/2026-2027/q1/summary-3б.xlsx";
        Files.delete(archive.root().resolve(deleted));
        ArchiveService.VerificationResult both = service.verify(SCHOOL);
        assertThat(both.problems()).hasSize(2);
        assertThat(both.problems()).anySatisfy(p -> assertThat(p).contains("отсутствует", deleted));
        assertThat(both.missing()).isEqualTo(1);
        assertThat(both.filesChecked()).isEqualTo(repo.filesOfRun(run.runId()).size());

        List<ArchiveRepository.Verification> stored = repo.verifications(SCHOOL);
        assertThat(stored).extracting(ArchiveRepository.Verification::status)
                .containsExactly("OK", "FAILED", "FAILED");
        assertThat(stored.get(2).problems()).contains(changed, deleted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachManifestHoldsTheHashOfThePreviousOne(String vendor) throws IOException {
        ArchiveService service = service(vendor, TODAY);
        ArchiveService.RunResult first = service.archive(SCHOOL, period(service, "q1"), "schedule");
        ArchiveService.RunResult second = service.archive(SCHOOL, period(service, "q1"), "manual");
        assertThat(first.previousManifestSha256()).isNull();
        byte[] firstManifest = archive.get(first.manifestPath()).orElseThrow();
        assertThat(second.previousManifestSha256()).isEqualTo(ContentHash.sha256(firstManifest))
                .isEqualTo(first.manifestSha256());
        JsonNode manifest = new ObjectMapper().readTree(archive.get(second.manifestPath()).orElseThrow());
        assertThat(manifest.path("previousManifestSha256").asText()).isEqualTo(first.manifestSha256());
        assertThat(manifest.path("runId").asLong()).isEqualTo(second.runId());
        for (JsonNode f : manifest.path("files")) {
            byte[] content = archive.get(f.path("path").asText()).orElseThrow();
            assertThat(ContentHash.sha256(content)).isEqualTo(f.path("sha256").asText());
        }
        assertThat(manifest.path("files").findValuesAsText("retention")).contains("JOURNAL_5Y", "SUMMARY_25Y");
        // the second run rewrote the same paths: the check is against the latest hashes, and the chain holds
        assertThat(service.verify(SCHOOL).ok()).isTrue();

        // a manifest rewritten afterwards breaks the file check and the chain alike
        Files.writeString(archive.root().resolve(first.manifestPath()), "{}");
        ArchiveService.VerificationResult broken = service.verify(SCHOOL);
        assertThat(broken.mismatched()).isEqualTo(1);
        assertThat(broken.problems()).anySatisfy(p -> assertThat(p).contains(first.manifestPath()));
    }

    @Test
    void aJournalMissingFinalMarksIsArchivedAndTheRunMarkedIncomplete() throws IOException { // 003 §4.1
        ArchiveService service = service("h2", TODAY);
        GeneratedSchool.SchoolClassG cls = store.school.classes().stream().filter(c -> c.name().equals("5а"))
                .findFirst().orElseThrow();
        List<Long> twoPupils = List.of(cls.pupils().get(0).id(), cls.pupils().get(1).id());
        store.dropPeriodMark = pm -> pm.subjectKey().sourceId().equals("subject-203")
                && twoPupils.stream().anyMatch(id -> pm.pupilKey().sourceId().equals("student-" + id));

        ArchiveService.RunResult run = service.archive(SCHOOL, period(service, "q1"), "schedule");
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.INCOMPLETE);
        assertThat(run.missing()).containsExactly("класс 5а, Математика: нет итоговых отметок у 2 уч.");
        assertThat(archive.exists(SCHOOL + "/2026-2027/q1/journal-5а.pdf")).isTrue();
        assertThat(archive.exists(SCHOOL + "/2026-2027/q1/summary-5а.xlsx")).isTrue();
        ArchiveRepository.Run stored = repo.run(run.runId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ArchiveRepository.Status.INCOMPLETE);
        assertThat(stored.missingCount()).isEqualTo(2);
        assertThat(stored.missing()).contains("Математика");
        JsonNode manifest = new ObjectMapper().readTree(archive.get(run.manifestPath()).orElseThrow());
        assertThat(manifest.path("status").asText()).isEqualTo("INCOMPLETE");
        // incomplete: tried again on the next holiday day
        assertThat(service(LocalDate.of(2026, 10, 28)).due(SCHOOL, LocalDate.of(2026, 10, 28)))
                .extracting(ArchivePeriod::folder).containsExactly("q1");
    }

    @Test
    void halfYearRunExportsTheSchoolsDataAsCanonicalJsonLines() throws IOException { // 000 §5.2.1
        ArchiveService service = service("h2", LocalDate.of(2026, 12, 30));
        ArchiveService.RunResult run = service.archive(SCHOOL, period(service, "h1"), "schedule");
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.COMPLETE);
        assertThat(run.classes()).isEqualTo(1); // 10а only
        String path = SCHOOL + "/2026-2027/h1/export-" + SCHOOL + "-2026-2027-h1.jsonl";
        List<String> lines = new String(export.get(path).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().toList();
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> types = lines.stream().map(l -> {
            try {
                return json.readTree(l).path("type").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.stream.Collectors.counting()));
        assertThat(types).containsKeys("PERIOD", "SCHOOL_CLASS", "PERSON", "LESSON", "MARK", "ATTENDANCE",
                "HOMEWORK", "PERIOD_MARK");
        assertThat(types.get("SCHOOL_CLASS")).isEqualTo(3);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("hash").asText()).hasSize(64);
        JsonNode manifest = json.readTree(archive.get(run.manifestPath()).orElseThrow());
        assertThat(manifest.path("files").findValuesAsText("path")).contains(path);
        assertThat(service.verify(SCHOOL).ok()).isTrue();
        Files.delete(export.root().resolve(path));
        assertThat(service.verify(SCHOOL).problems()).singleElement().asString().contains(path);
    }

    @Test
    void yearEndAddsTheClassReportsWithTheTeachersCouncilColumnBlank() throws IOException { // 004 п.5
        ArchiveService service = service("h2", LocalDate.of(2027, 6, 2));
        ArchiveService.RunResult run = service.archive(SCHOOL, period(service, "year"), "schedule");
        // the generated school has no year marks: everything archived, the run incomplete
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.INCOMPLETE);
        assertThat(run.classes()).isEqualTo(3);
        String dir = SCHOOL + "/2026-2027/year/";
        assertThat(pdfText(archive.get(dir + "progress-report-5а.pdf").orElseThrow(), false))
                .contains("Сводный отчет об успеваемости класса", "Решение педсовета");
        assertThat(pdfText(archive.get(dir + "attendance-report-5а.pdf").orElseThrow(), false)
                .replaceAll("\\s+", " ")).contains("2026/2027 учебный год", "Сводный отчет о посещаемости класса", "по болезни", "Итого по классу");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                archive.get(dir + "progress-report-10а.xlsx").orElseThrow()))) {
            Sheet s = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter();
            Row header = s.getRow(6);
            int last = header.getLastCellNum() - 1;
            assertThat(fmt.formatCellValue(header.getCell(last))).isEqualTo("Решение педсовета");
            int pupils = 0;
            for (int r = 7; r <= s.getLastRowNum() && s.getRow(r) != null; r++) {
                assertThat(fmt.formatCellValue(s.getRow(r).getCell(last))).isEmpty();
                pupils++;
            }
            assertThat(pupils).isGreaterThan(20);
        }
    }

    @Test
    void theDestructionActListsJournalsPastFiveYearsAndDeletesNothing() throws IOException { // 004 §9.2
        ArchiveService service = service("h2", TODAY);
        service.archive(SCHOOL, period(service, "q1"), "schedule");
        // journals of 2026/2027 are kept until 31.08.2032
        assertThat(service.destructionAct(SCHOOL, LocalDate.of(2032, 8, 31)).files()).isEmpty();
        ArchiveService.DestructionAct act = service(LocalDate.of(2032, 9, 1))
                .destructionAct(SCHOOL, LocalDate.of(2032, 9, 1));
        assertThat(act.files()).extracting(ArchiveRepository.FileRow::path)
                .containsExactlyInAnyOrder(SCHOOL + "/2026-2027/q1/journal-5а.pdf",
                        SCHOOL + "/2026-2027/q1/journal-3б.pdf");
        assertThat(act.files()).allSatisfy(f -> assertThat(f.retention()).isEqualTo(Retention.JOURNAL_5Y));
        String text = pdfText(archive.get(act.path()).orElseThrow(), false);
        assertThat(text).contains("Акт о выделении к уничтожению", "journal-5а.pdf", "журнал, 5 лет");
        assertThat(archive.exists(SCHOOL + "/2026-2027/q1/journal-5а.pdf")).isTrue();
        assertThat(service.verify(SCHOOL).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theDestructionActIsRecordedAndCoveredByVerification(String vendor) throws IOException {
        ArchiveService service = service(vendor, TODAY);
        service.archive(SCHOOL, period(service, "q1"), "schedule");
        ArchiveService.DestructionAct act = service(LocalDate.of(2032, 9, 1))
                .destructionAct(SCHOOL, LocalDate.of(2032, 9, 1));
        assertThat(repo.files(SCHOOL)).filteredOn(f -> f.kind().equals("DESTRUCTION_ACT")).singleElement()
                .satisfies(f -> {
                    assertThat(f.path()).isEqualTo(SCHOOL + "/destruction/act-2032-09-01.pdf").isEqualTo(act.path());
                    assertThat(f.sha256()).isEqualTo(ContentHash.sha256(act.pdf()));
                    assertThat(f.retention()).isEqualTo(Retention.ACT_25Y);
                    assertThat(f.retainUntil()).isEqualTo(LocalDate.of(2058, 8, 31));
                });
        // the act itself is never due for destruction
        assertThat(repo.dueForDestruction(SCHOOL, LocalDate.of(2100, 1, 1)))
                .noneMatch(f -> f.kind().equals("DESTRUCTION_ACT"));
        assertThat(service.verify(SCHOOL).ok()).isTrue();

        Path file = archive.root().resolve(act.path());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        assertThat(service.verify(SCHOOL).problems()).singleElement().asString().contains("изменён", act.path());

        // made again the same day: the new act replaces the old row, verification is clean again
        service(LocalDate.of(2032, 9, 1)).destructionAct(SCHOOL, LocalDate.of(2032, 9, 1));
        assertThat(repo.files(SCHOOL)).filteredOn(f -> f.kind().equals("DESTRUCTION_ACT")).hasSize(1);
        assertThat(service.verify(SCHOOL).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theArchiveReadsTheSyncedJournalFromTheJdbcStore(String vendor) throws IOException {
        GeneratedJournalStore generated = new GeneratedJournalStore(SCHOOL, GeneratedSchool.SCHOOL_ID,
                LocalDate.of(2026, 10, 19), LocalDate.of(2027, 1, 20));
        JdbcTemplate jdbc = SyncStatePersistenceTestAccess.database(vendor);
        ru.diarybridge.routes.store.JdbcJournalStore jdbcStore = new ru.diarybridge.routes.store.JdbcJournalStore(jdbc);
        jdbcStore.saveSchoolRecords(SCHOOL, generated.periods(SCHOOL));
        GeneratedSchool.SchoolClassG cls = generated.school.classes().stream().filter(c -> c.name().equals("5а"))
                .findFirst().orElseThrow();
        jdbcStore.saveClass(SCHOOL, generated.classJournal(SCHOOL, generated.key("class-" + cls.id()),
                LocalDate.of(2026, 9, 1), LocalDate.of(2027, 5, 31)).orElseThrow());
        repo = new ArchiveRepository(jdbc);
        archive = new FileSystemArchiveStorage(tmp.resolve("archive"));
        ArchiveService service = new ArchiveService(jdbcStore, repo, archive, null, new PdfXlsxRenderer(),
                id -> GeneratedSchool.SCHOOL_NAME, Clock.fixed(TODAY.atTime(4, 0).atZone(ZONE).toInstant(), ZONE));

        assertThat(service.due(SCHOOL, TODAY)).extracting(ArchivePeriod::folder).containsExactly("q1");
        ArchiveService.RunResult run = service.runScheduled(SCHOOL, false).get(0);
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.COMPLETE);
        assertThat(run.classes()).isEqualTo(1);

        GeneratedSchool.Pupil pupil = cls.pupils().get(3);
        int q1Math = GeneratedSchool.generate(GeneratedSchool.SCHOOL_ID, LocalDate.of(2027, 1, 20)).periodMarks()
                .stream().filter(m -> m.pupilId() == pupil.id() && m.subjectId() == 203 && m.termId() % 10 == 1)
                .findFirst().orElseThrow().mark();
        String sheet = pdfText(archive.get(SCHOOL + "/2026-2027/q1/summary-5а.pdf").orElseThrow(), true);
        String row = sheet.lines().filter(l -> l.contains(pupil.lastName() + " " + pupil.firstName()))
                .findFirst().orElseThrow();
        assertThat(row).contains(String.valueOf(q1Math));
        assertThat(pdfText(archive.get(SCHOOL + "/2026-2027/q1/journal-5а.pdf").orElseThrow(), false))
                .contains("Классный журнал 5а класса", "Математика: отметки и посещаемость");
        assertThat(service.verify(SCHOOL).ok()).isTrue();
    }
}
