package ru.diarybridge.connector.asurso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.EntityType;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** The connector against the NetSchool simulator over real HTTP. */
class AsursoJournalSourceTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static final String PASSWORD = "Пароль-1";
    private static AsursoSimulator sim;

    @BeforeAll
    static void start() {
        sim = AsursoSimulator.start(0, GeneratedSchool.generate(7, WEEK), "integration", PASSWORD);
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    @BeforeEach
    void fresh() {
        sim.failNext(0, 500);
        sim.setSessionTimeout(Duration.ofMinutes(60));
    }

    private AsursoSettings settings(String password) {
        return new AsursoSettings("samara-107", URI.create(sim.baseUrl()), GeneratedSchool.SCHOOL_ID, "integration",
                password, Duration.ofSeconds(10), 1000, null);
    }

    @Test
    void pw2IsMd5OfSaltAndMd5OfCp1251Password() {
        // facts §1.2 step 4: a Cyrillic password hashes as windows-1251, not UTF-8
        String md5 = NetSchoolSession.md5(PASSWORD.getBytes(Charset.forName("windows-1251")));
        assertThat(md5).isNotEqualTo(NetSchoolSession.md5(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(NetSchoolSession.pw2("1458933352", md5))
                .isEqualTo(NetSchoolSession.md5(("1458933352" + md5).getBytes()));
    }

    @Test
    void readsAClassWeekAsCanonicalRecordsAndLogsOut() {
        GeneratedSchool school = sim.school();
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            JournalSource.SourceInfo info = source.probe();
            assertThat(info.version()).isEqualTo(AsursoSimulator.VERSION);
            List<SchoolClass> classes = source.classes();
            assertThat(classes).hasSize(school.classes().size());
            SchoolClass fiveA = classes.stream().filter(c -> c.name().equals("5а")).findFirst().orElseThrow();
            assertThat(fiveA.key().system()).isEqualTo(SourceSystem.ASURSO);

            ClassJournal journal = source.readClass(fiveA, WEEK, WEEK.plusDays(6));
            GeneratedSchool.SchoolClassG expected = school.classes().stream()
                    .filter(c -> c.name().equals("5а")).findFirst().orElseThrow();
            assertThat(journal.pupils()).hasSize(expected.pupils().size());
            assertThat(journal.pupils()).allSatisfy(p -> assertThat(p.snils()).hasSize(11));
            long expectedLessons = school.lessons().stream().filter(l -> l.classId() == expected.id()).count();
            assertThat(journal.lessons()).hasSize((int) expectedLessons)
                    .allSatisfy(l -> assertThat(l.topic()).isNotBlank());
            long expectedMarks = school.results().stream()
                    .filter(r -> school.lesson(school.assignment(r.assignmentId()).lessonId()).classId() == expected.id())
                    .count();
            assertThat(journal.marks()).hasSize((int) expectedMarks);
            assertThat(journal.homework()).isNotEmpty();
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.records()).extracting(r -> r.entityType()).contains(EntityType.ATTENDANCE);
        }
        assertThat(sim.activeSessions()).as("the session is closed: never two sessions per login").isZero();
    }

    @Test
    void sameReadGivesSameKeysAndHashes() {
        try (AsursoJournalSource a = new AsursoJournalSource(settings(PASSWORD));
             AsursoJournalSource b = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass cls = a.classes().get(5);
            ClassJournal first = a.readClass(cls, WEEK, WEEK.plusDays(6));
            ClassJournal second = b.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(first.records().stream().map(r -> r.key() + r.contentHash()).toList())
                    .isEqualTo(second.records().stream().map(r -> r.key() + r.contentHash()).toList());
        }
    }

    @Test
    void wrongPasswordIsRefusedWith409AndNotRetried() {
        int refusedBefore = sim.refusedLoginCount();
        try (AsursoJournalSource source = new AsursoJournalSource(settings("неверный"))) {
            assertThatThrownBy(source::classes)
                    .isInstanceOfSatisfying(AsursoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AsursoException.Reason.LOGIN_REFUSED);
                        assertThat(e.reason().retryable()).isFalse();
                        assertThat(e.getMessage()).contains("Неправильный пароль");
                    });
        }
        assertThat(sim.refusedLoginCount()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void expiredSessionLogsInAgainAndGoesOn() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            List<SchoolClass> classes = source.classes();
            int logins = sim.loginCount();
            sim.expireSessions();
            ClassJournal journal = source.readClass(classes.get(3), WEEK, WEEK.plusDays(6));
            assertThat(journal.lessons()).isNotEmpty();
            assertThat(sim.loginCount()).isEqualTo(logins + 1);
        }
    }

    @Test
    void transientServerErrorsAreRetried() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            sim.failNext(2, 503);
            assertThat(source.classes()).isNotEmpty();
        }
    }

    @Test
    void persistentServerErrorIsReportedAsUnavailable() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            sim.failNext(10, 502);
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(AsursoException.class,
                    e -> assertThat(e.reason()).isEqualTo(AsursoException.Reason.UNAVAILABLE));
        }
    }

    @Test
    void changedMarkChangesOnlyThatRecordsHash() {
        GeneratedSchool school = sim.school();
        GeneratedSchool.ResultG r = school.results().get(100);
        GeneratedSchool.LessonG lesson = school.lesson(school.assignment(r.assignmentId()).lessonId());
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass cls = source.classes().stream()
                    .filter(c -> c.key().sourceId().equals("class-" + lesson.classId())).findFirst().orElseThrow();
            ClassJournal before = source.readClass(cls, WEEK, WEEK.plusDays(6));
            sim.setMark(r.assignmentId(), r.studentId(), r.mark() == 5 ? 4 : 5);
            try {
                ClassJournal after = source.readClass(cls, WEEK, WEEK.plusDays(6));
                List<String> changed = after.records().stream()
                        .filter(rec -> !before.records().contains(rec)).map(rec -> rec.key().sourceId()).toList();
                assertThat(changed).containsExactly("mark-" + r.assignmentId() + "-" + r.studentId());
            } finally {
                sim.setMark(r.assignmentId(), r.studentId(), r.mark());
            }
        }
    }
}
