package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.mapping.TextNormalizer;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;
import ru.diarybridge.simulator.dnevnik.SimMark;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The thin flow end to end, in the full application context of the demo: АСУ РСО simulator → source-sync → the
 * embedded Artemis (persistent journal) → dnevnik-delivery → Dnevnik.ru simulator, with the id map in the database.
 * The subclasses run it on H2 (the embedded default) and on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractDemoSyncEndToEndTest {

    static final String WEEK = "2026-11-16";

    @Autowired
    SyncLauncher launcher;
    @Autowired
    DemoWorld world;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // a supplier is asked on every read of the property: fix the ports once
        int asursoPort = freePort();
        int dnevnikPort = freePort();
        int eljurPort = freePort();
        registry.add("demo.asurso-port", () -> asursoPort);
        registry.add("demo.dnevnik-port", () -> dnevnikPort);
        registry.add("demo.eljur-port", () -> eljurPort);
        String demoData = "target/demo-" + UUID.randomUUID();
        registry.add("demo.data-dir", () -> demoData);
        // absolute: in a web context a relative "../" path would be read as a servlet resource
        String schools = java.nio.file.Path.of("../config/demo/schools").toAbsolutePath().normalize().toString();
        registry.add("diary-bridge.schools-dir", () -> schools);
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.schedule-enabled", () -> "false");
        registry.add("diary-bridge.fixed-date", () -> WEEK);
        registry.add("diary-bridge.redelivery-delay", () -> "200ms");
        String artemisDir = "target/artemis-" + UUID.randomUUID();
        registry.add("spring.artemis.embedded.data-directory", () -> artemisDir);
        registry.add("server.port", () -> "0");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    ru.diarybridge.routes.school.SchoolDirectory directory;

    static final String ASIOU = "demo-asiou-31";

    private List<SyncRun> syncAll() {
        List<SyncRun> runs = launcher.syncAll("test", Duration.ofMinutes(3));
        assertThat(runs).hasSize((int) world.schools().stream()
                .filter(s -> s.system() != ru.diarybridge.model.SourceSystem.ASIOU).count());
        assertThat(runs).allSatisfy(run ->
                assertThat(run.status()).as(run.summary()).isEqualTo(SyncRunRepository.Status.COMPLETED));
        return runs;
    }

    private static SyncRun of(List<SyncRun> runs, String schoolId) {
        return runs.stream().filter(r -> r.schoolId().equals(schoolId)).findFirst().orElseThrow();
    }

    private List<SimMark> marksOf(DemoWorld.DemoSchool school) {
        return world.dnevnik().marks().stream().filter(m -> school.eduGroupIds().contains(m.eduGroupId())).toList();
    }

    private static String digits(String snils) {
        return snils.replaceAll("\\D", "");
    }

    /** The newest file-import run of the АСИОУ school, once it exists and has finished. */
    private SyncRun fileRun(int runsBefore) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> fileRuns().size() > runsBefore);
        SyncRun run = launcher.await(fileRuns().get(0), Duration.ofMinutes(3));
        assertThat(run.status()).as(run.summary()).isEqualTo(SyncRunRepository.Status.COMPLETED);
        return run;
    }

    private List<String> fileRuns() {
        return jdbc.queryForList("SELECT id FROM sync_run WHERE school_id = ? ORDER BY started_at DESC", String.class,
                ASIOU);
    }

    @Test
    @Order(1)
    void firstSyncPutsExactlyEachSchoolsMarksIntoTheDiary() {
        List<SyncRun> runs = new ArrayList<>(syncAll());
        runs.add(fileRun(0));
        assertThat(world.schools()).extracting(DemoWorld.DemoSchool::system)
                .contains(ru.diarybridge.model.SourceSystem.ASURSO, ru.diarybridge.model.SourceSystem.ELJUR);
        for (DemoWorld.DemoSchool demo : world.schools()) {
            GeneratedSchool school = demo.school();
            SyncRun run = of(runs, demo.schoolId());
            assertThat(run.rejected()).as(run.summary()).isZero();
            assertThat(run.classesRead()).isEqualTo(school.classes().size());
            assertThat(run.pupilsRead()).isEqualTo(school.pupils().size());
            assertThat(run.marksRead()).isEqualTo(school.results().size());
            assertThat(run.delivered()).isEqualTo(run.recordsChanged());

            List<String> expected = new ArrayList<>();
            for (GeneratedSchool.ExpectedMark m : school.expectedMarks()) {
                expected.add(String.join("|", m.snils(), TextNormalizer.forMatching(m.className()), m.subjectName(),
                        m.date().toString(), Integer.toString(m.lessonNumber()), m.workType(), m.value()));
            }
            List<String> actual = new ArrayList<>();
            for (SimMark m : marksOf(demo)) {
                actual.add(String.join("|", digits(m.snils()), TextNormalizer.forMatching(m.eduGroupName()),
                        m.subjectName(), m.date().toString(), Integer.toString(m.lessonNumber()), m.workType(),
                        m.value()));
            }
            expected.sort(Comparator.naturalOrder());
            actual.sort(Comparator.naturalOrder());
            assertThat(expected).hasSizeGreaterThan(1000);
            assertThat(actual).as(demo.schoolId()).isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void pupilsWithoutConsentAreNotInTheDiary() { // 001 §3.1.2
        for (DemoWorld.DemoSchool demo : world.schools()) {
            List<String> withoutConsent = demo.school().pupils().stream().filter(p -> !p.consent())
                    .map(GeneratedSchool.Pupil::snils).toList();
            assertThat(withoutConsent).isNotEmpty();
            assertThat(world.dnevnik().marks()).noneMatch(m -> withoutConsent.contains(digits(m.snils())));
            assertThat(world.dnevnik().logEntries())
                    .noneMatch(e -> e.snils() != null && withoutConsent.contains(digits(e.snils())));
        }
    }

    @Test
    @Order(3)
    void secondSyncDeliversNothingNew() {
        long writes = world.dnevnik().writeCount();
        int marks = world.dnevnik().marks().size();
        List<SyncRun> runs = syncAll();
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.recordsChanged()).as(run.summary()).isZero();
            assertThat(run.delivered()).isZero();
        });
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes);
        assertThat(world.dnevnik().marks()).hasSize(marks);
    }

    @Test
    @Order(4)
    void aCorrectedMarkTravelsAloneAndReplacesTheOldValue() {
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        GeneratedSchool.ResultG r = school.results().stream()
                .filter(x -> school.pupil(x.studentId()).consent()).findFirst().orElseThrow();
        int corrected = r.mark() == 5 ? 4 : 5;
        demo.asurso().setMark(r.assignmentId(), r.studentId(), corrected);
        long writes = world.dnevnik().writeCount();
        int marks = world.dnevnik().marks().size();

        SyncRun run = of(syncAll(), "demo-107");

        assertThat(run.recordsChanged()).isEqualTo(1);
        assertThat(run.delivered()).isEqualTo(1);
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes + 1);
        assertThat(world.dnevnik().marks()).hasSize(marks);
        String snils = school.pupil(r.studentId()).snils();
        GeneratedSchool.LessonG lesson = school.lesson(school.assignment(r.assignmentId()).lessonId());
        assertThat(marksOf(demo)).filteredOn(m -> digits(m.snils()).equals(snils)
                        && m.date().equals(lesson.date()) && m.lessonNumber() == lesson.number())
                .extracting(SimMark::value).contains(Integer.toString(corrected));
    }

    @Test
    @Order(5)
    void theIdMapHoldsEveryDeliveredRecord() {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM target_record WHERE target = 'dnevnik'", Integer.class);
        Integer markRows = jdbc.queryForObject(
                "SELECT COUNT(*) FROM target_record WHERE target = 'dnevnik' AND entity_type = 'MARK'", Integer.class);
        assertThat(markRows).isEqualTo(world.dnevnik().marks().size());
        assertThat(rows).isGreaterThan(markRows);
    }

    @Test
    @Order(6)
    void aTransientDiaryFailureIsRedeliveredByTheBrokerWithoutDuplicates() {
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        List<GeneratedSchool.ResultG> some = school.results().stream()
                .filter(x -> school.pupil(x.studentId()).consent()).skip(500).limit(3).toList();
        some.forEach(r -> demo.asurso().setMark(r.assignmentId(), r.studentId(), r.mark() == 3 ? 4 : 3));
        int marks = world.dnevnik().marks().size();
        world.dnevnik().failNext(2, 503);

        SyncRun run = of(syncAll(), "demo-107");

        assertThat(run.rejected()).isZero();
        assertThat(run.delivered()).isEqualTo(3);
        assertThat(world.dnevnik().marks()).hasSize(marks);
    }

    @Test
    @Order(7)
    void aMarkDeletedAtTheSourceLeavesTheDiaryAndAPupilWhoLeftIsWithdrawn() { // 001 §3.1.2
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        GeneratedSchool.ResultG gone = school.results().stream()
                .filter(x -> school.pupil(x.studentId()).consent()).skip(900).findFirst().orElseThrow();
        GeneratedSchool.Pupil leaver = school.pupils().stream()
                .filter(p -> p.consent() && p.id() != gone.studentId()).skip(50).findFirst().orElseThrow();
        int marks = world.dnevnik().marks().size();
        long leaverMarks = world.dnevnik().marks().stream().filter(m -> digits(m.snils()).equals(leaver.snils())).count();
        demo.asurso().setMark(gone.assignmentId(), gone.studentId(), null);
        demo.asurso().markLeft(leaver.id());

        SyncRun run = of(syncAll(), "demo-107");

        assertThat(run.deleted()).as(run.summary()).isEqualTo(1);
        assertThat(run.withdrawn()).isEqualTo(1);
        assertThat(run.rejected()).isZero();
        assertThat(world.dnevnik().marks()).hasSize(marks - 1);
        assertThat(jdbc.queryForList("SELECT kind FROM record_event WHERE run_id = ? ORDER BY kind", String.class,
                run.id())).containsExactly("TOMBSTONE", "WITHDRAWAL");
        // export stops; what the diary already shows stays (a withdrawal is not a deletion)
        assertThat(world.dnevnik().marks().stream().filter(m -> digits(m.snils()).equals(leaver.snils())).count())
                .isEqualTo(leaverMarks);

        SyncRun again = of(syncAll(), "demo-107");
        assertThat(again.recordsChanged()).as("said once").isZero();
    }

    @Test
    @Order(8)
    void theSameAsiouFileTwiceIsRecognisedAndNotReadAgainUnlessAnotherFileCameBetween() throws Exception {
        var folders = directory.require(ASIOU).asiou();
        java.nio.file.Path archived;
        try (var files = java.nio.file.Files.walk(folders.archive())) {
            archived = files.filter(java.nio.file.Files::isRegularFile).findFirst().orElseThrow();
        }
        SyncRun first = launcher.await(fileRuns().get(0), Duration.ofMinutes(1));
        long writes = world.dnevnik().writeCount();

        SyncRun run = drop(folders, java.nio.file.Files.readString(archived), "again");
        assertThat(run.unchanged()).as(run.summary()).isTrue();
        assertThat(run.recordsRead()).isEqualTo(first.recordsRead());
        assertThat(run.recordsChanged()).isZero();
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes);

        // file B corrects one mark; A again after it is read in full and puts the mark back
        String a = java.nio.file.Files.readString(archived);
        var mark = java.util.regex.Pattern.compile("<mark [^>]*? value=\"([2-5])\"").matcher(a);
        assertThat(mark.find()).isTrue();
        String b = a.substring(0, mark.start(1)) + (mark.group(1).equals("5") ? "4" : "5") + a.substring(mark.end(1));
        SyncRun corrected = drop(folders, b, "b");
        assertThat(corrected.unchanged()).isFalse();
        assertThat(corrected.recordsChanged()).as(corrected.summary()).isEqualTo(1);
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes + 1);

        SyncRun back = drop(folders, a, "a-again");
        assertThat(back.unchanged()).as(back.summary()).isFalse();
        assertThat(back.recordsChanged()).isEqualTo(1);
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes + 2);

        assertThat(drop(folders, a, "a-third").unchanged()).isTrue();
        assertThat(world.dnevnik().writeCount()).isEqualTo(writes + 2);
    }

    /** Drops an export into the АСИОУ school's inbox (written aside, then renamed) and waits for its run. */
    private SyncRun drop(ru.diarybridge.routes.school.AsiouFolders folders, String content, String name)
            throws IOException {
        int before = fileRuns().size();
        java.nio.file.Path tmp = folders.inbox().resolve(name + ".tmp");
        java.nio.file.Files.writeString(tmp, content);
        java.nio.file.Files.move(tmp, folders.inbox().resolve(name + ".xml"));
        return fileRun(before);
    }

    @Test
    @Order(9)
    void aBadAsiouFileGoesWholeToQuarantineWithAReport() throws Exception {
        var folders = directory.require(ASIOU).asiou();
        DemoWorld.DemoSchool demo = world.school(ASIOU);
        java.nio.file.Path tmp = folders.inbox().getParent().resolve("bad.tmp");
        int line = ru.diarybridge.simulator.asiou.AsiouExportWriter.writeXmlWithDefect(demo.school(), ASIOU, tmp,
                ru.diarybridge.simulator.asiou.AsiouExportWriter.Defect.BAD_MARK_VALUE);
        long writes = world.dnevnik().writeCount();
        int runsBefore = fileRuns().size();
        java.nio.file.Files.move(tmp, folders.inbox().resolve("bad.xml"));

        java.nio.file.Path report = folders.quarantine().resolve("bad.xml.ошибки.txt");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> java.nio.file.Files.exists(folders.quarantine().resolve("bad.xml"))
                        && java.nio.file.Files.exists(report));
        assertThat(java.nio.file.Files.readString(report)).contains("bad.xml").contains(Integer.toString(line));
        assertThat(java.nio.file.Files.exists(folders.inbox().resolve("bad.xml"))).isFalse();
        assertThat(fileRuns()).as("a refused file starts no run").hasSize(runsBefore);
        assertThat(world.dnevnik().writeCount()).as("nothing of a bad file reaches the diary").isEqualTo(writes);
    }

    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    @Test
    @Order(10)
    void nothingEndedInTheDeadLetterQueue() {
        Integer dead = jms.browse("DLQ", (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
        assertThat(dead).isZero();
    }

    @Autowired
    ru.diarybridge.routes.store.JdbcJournalStore store;
    @Autowired
    ru.diarybridge.routes.sync.Outbox outbox;
    @Autowired
    ru.diarybridge.routes.dnevnik.DeadLetters deadLetters;

    @Test
    @Order(11)
    void theOutboxOwesNothingAndTheJournalStoreHoldsWhatTheSourceHolds() {
        SyncRun run = of(syncAll(), "demo-107");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'", Integer.class)).isZero();
        assertThat(outbox.familyLag("dnevnik")).as("no live change is waiting").isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE school_id = 'demo-107' AND state = 'DONE' "
                + "AND entity_type = 'MARK'", Integer.class)).isGreaterThanOrEqualTo(marksOf(world.school("demo-107")).size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_record WHERE school_id = 'demo-107' "
                + "AND entity_type = 'MARK' AND deleted = FALSE", Integer.class)).isEqualTo(run.marksRead());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_record WHERE school_id = 'demo-107' "
                + "AND entity_type = 'MARK' AND deleted = TRUE", Integer.class)).as("the mark deleted in test 7")
                .isEqualTo(1);
        var classes = store.classes("demo-107");
        assertThat(classes).hasSize(world.school("demo-107").school().classes().size());
        int marks = 0;
        for (var cls : classes) {
            marks += store.classJournal("demo-107", cls.key(), java.time.LocalDate.of(2026, 9, 1),
                    java.time.LocalDate.of(2027, 6, 30)).orElseThrow().marks().size();
        }
        assertThat(marks).isEqualTo(run.marksRead());
        assertThat(store.periods("demo-107")).as("terms and vacations from АСУ РСО").isNotEmpty();
    }

    @Test
    @Order(12)
    void faultsOfTheDiaryLeaveItHoldingExactlyWhatTheSourceHolds() {
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        List<GeneratedSchool.ResultG> some = school.results().stream()
                .filter(x -> school.pupil(x.studentId()).consent()).skip(1000).limit(40).toList();
        some.forEach(r -> demo.asurso().setMark(r.assignmentId(), r.studentId(), r.mark() == 2 ? 5 : 2));
        int marks = world.dnevnik().marks().size();
        world.dnevnik().failNext(3, 500);
        world.dnevnik().rateLimitNext(2); // 429 with Retry-After
        // the token dies while the run is reading: the next write logs in again
        demo.asurso().afterNextJournalRead(() -> world.dnevnik().expireTokens());

        SyncRun run = of(syncAll(), "demo-107");

        assertThat(run.rejected()).as(run.summary()).isZero();
        assertThat(run.delivered()).isEqualTo(40);
        assertThat(world.dnevnik().marks()).as("nothing twice").hasSize(marks);
        for (GeneratedSchool.ResultG r : some) {
            String snils = school.pupil(r.studentId()).snils();
            GeneratedSchool.LessonG lesson = school.lesson(school.assignment(r.assignmentId()).lessonId());
            assertThat(marksOf(demo)).as("nothing missing").filteredOn(m -> digits(m.snils()).equals(snils)
                            && m.date().equals(lesson.date()) && m.lessonNumber() == lesson.number()
                            && m.workType().equals(GeneratedSchool.assignmentTypeName(school.assignment(r.assignmentId()).typeId())))
                    .extracting(SimMark::value)
                    .containsExactly(Integer.toString(demo.asurso().mark(r.assignmentId(), r.studentId())));
        }
    }

    @Test
    @Order(13)
    void aMarkTheDiaryRefusesGoesToTheDeadLetterQueueAloneAndIsReplayedOnceFixed() {
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        List<GeneratedSchool.ResultG> two = school.results().stream()
                .filter(x -> school.pupil(x.studentId()).consent()).skip(1500).limit(2).toList();
        GeneratedSchool.ResultG refused = two.get(0);
        GeneratedSchool.ResultG fine = two.get(1);
        assertThat(school.pupil(fine.studentId()).id()).isNotEqualTo(school.pupil(refused.studentId()).id());
        String refusedSnils = school.pupil(refused.studentId()).snils();
        long personId = world.dnevnik().marks().stream().filter(m -> digits(m.snils()).equals(refusedSnils))
                .findFirst().orElseThrow().personId();
        world.dnevnik().refuseMarksOf(personId, true);
        two.forEach(r -> demo.asurso().setMark(r.assignmentId(), r.studentId(), r.mark() == 4 ? 3 : 4));

        SyncRun run = of(syncAll(), "demo-107");

        assertThat(run.rejected()).as(run.summary()).isEqualTo(1);
        assertThat(run.delivered()).as("the rest of the batch goes on").isEqualTo(1);
        List<ru.diarybridge.routes.dnevnik.DeadLetters.Entry> dead = deadLetters.list("demo-107");
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.errorCode()).isEqualTo("parameterInvalid");
            assertThat(d.reason()).contains("заблокирован");
        });
        assertThat(deadLetters.list("demo-eljur-76")).isEmpty();
        SyncRun again = of(syncAll(), "demo-107");
        assertThat(again.recordsChanged()).as("a refused record is not offered again by itself").isZero();

        assertThat(deadLetters.replay("demo-eljur-76", null)).as("another school's replay takes nothing").isZero();
        assertThat(deadLetters.replay("demo-107", "HTTP_500")).as("another error code's replay takes nothing").isZero();
        world.dnevnik().refuseMarksOf(personId, false);
        assertThat(deadLetters.replay("demo-107", "parameterInvalid")).isEqualTo(1);

        String want = Integer.toString(demo.asurso().mark(refused.assignmentId(), refused.studentId()));
        GeneratedSchool.LessonG lesson = school.lesson(school.assignment(refused.assignmentId()).lessonId());
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(marksOf(demo)).filteredOn(m -> digits(m.snils()).equals(refusedSnils)
                                && m.date().equals(lesson.date()) && m.lessonNumber() == lesson.number()
                                && m.workType().equals(GeneratedSchool.assignmentTypeName(school.assignment(refused.assignmentId()).typeId())))
                        .extracting(SimMark::value).containsExactly(want));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'DEAD')",
                        Integer.class)).isZero());
        assertThat(deadLetters.list(null)).isEmpty();
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    @Autowired
    ru.diarybridge.app.myschool.EsiaLinks esiaLinks;

    @Test
    @Order(14)
    void mySchoolServesAPupilsWeekFromTheSyncedJournal() throws Exception { // 001 §3.1.2, §6.1
        DemoWorld.DemoSchool demo = world.school("demo-107");
        GeneratedSchool school = demo.school();
        GeneratedSchool.Pupil withMarks = school.pupils().stream().filter(GeneratedSchool.Pupil::consent)
                .filter(p -> school.results().stream().anyMatch(r -> r.studentId() == p.id() && r.mark() != null))
                .skip(3).findFirst().orElseThrow();
        GeneratedSchool.Pupil noConsent = school.pupils().stream().filter(p -> !p.consent()).findFirst().orElseThrow();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("esia", ".csv");
        java.nio.file.Files.writeString(file, "1000000101;" + withMarks.snils() + "\n1000000102;" + noConsent.snils()
                + "\n");
        assertThat(esiaLinks.loadFile(file).loaded()).isEqualTo(2);

        var http = java.net.http.HttpClient.newHttpClient();
        var tokenAnswer = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=myschool-demo&client_secret=demo-secret")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tokenAnswer.statusCode()).as(tokenAnswer.body()).isEqualTo(200);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String token = json.readTree(tokenAnswer.body()).path("access_token").asText();

        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = esia -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                + "/Schedule/" + esia + "?start=" + school.weekStart() + "&end=" + school.weekEnd()))
                        .header("Authorization", "Bearer " + token).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        var ok = get.apply("1000000101");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        var body = json.readTree(ok.body());
        assertThat(ru.diarybridge.app.myschool.MySchoolContractTest.schema("schedule.schema.json").validate(body))
                .as(ok.body()).isEmpty();
        int scores = 0;
        for (var cls : body.path("school").get(0).path("class")) {
            for (var lesson : cls.path("lesson")) {
                scores += lesson.path("score").size();
            }
        }
        long expected = school.results().stream().filter(r -> r.studentId() == withMarks.id() && !r.duty()
                && demo.asurso().mark(r.assignmentId(), r.studentId()) != null).count();
        assertThat(scores).as("every mark of the pupil's week, from the journal store").isEqualTo((int) expected);
        assertThat(ok.body()).doesNotContain(withMarks.snils());

        var refused = get.apply("1000000102");
        assertThat(refused.statusCode()).as("no consent: not-found").isEqualTo(404);
        assertThat(json.readTree(refused.body()).path("issue").get(0).path("code").asText()).isEqualTo("not-found");
    }
}
