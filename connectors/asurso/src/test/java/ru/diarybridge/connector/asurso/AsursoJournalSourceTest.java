package ru.diarybridge.connector.asurso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.EntityType;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
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
        sim.malformedNext(0);
        sim.htmlNext(0);
        sim.setSessionTimeout(Duration.ofMinutes(60));
        sim.setVersion(AsursoSimulator.VERSION);
        sim.requireRoleChoice(false);
        sim.throttleLogins(1000, Duration.ofMinutes(1));
        sim.resetPeriodMarks();
    }

    @org.junit.jupiter.api.AfterEach
    void everySessionWasClosed() {
        assertThat(sim.activeSessions()).as("the connector always logs out").isZero();
    }

    private AsursoSettings settings(String password) {
        return AsursoSettings.withPassword("samara-107", URI.create(sim.baseUrl()), GeneratedSchool.SCHOOL_ID,
                "integration", password, null, Duration.ofSeconds(10), 1000, null, null);
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
    void guardiansAreReadApartFromThePupils() {
        GeneratedSchool school = sim.school();
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass fiveA = source.classes().stream().filter(c -> c.name().equals("5а")).findFirst().orElseThrow();
            ClassJournal journal = source.readClass(fiveA, WEEK, WEEK.plusDays(6));
            List<ru.diarybridge.model.Person> guardians = source.guardians(fiveA);
            assertThat(guardians).hasSizeBetween(journal.pupils().size(), 2 * journal.pupils().size());
            assertThat(guardians).allSatisfy(g -> {
                assertThat(g.role()).isEqualTo(ru.diarybridge.model.PersonRole.GUARDIAN);
                assertThat(g.snils()).hasSize(11);
                assertThat(g.guardianOf()).singleElement().isIn(journal.pupils().stream()
                        .map(ru.diarybridge.model.Person::key).toList());
            });
            assertThat(journal.pupils()).allSatisfy(p -> assertThat(p.role())
                    .isEqualTo(ru.diarybridge.model.PersonRole.PUPIL));
            assertThat(guardians).extracting(ru.diarybridge.model.Person::snils).doesNotContainAnyElementsOf(
                    journal.pupils().stream().map(ru.diarybridge.model.Person::snils).toList());
            assertThat(school.guardians()).as("generated once, same on every call").isSameAs(school.guardians());
        }
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
    void onlyTheHashOfThePasswordIsKept() {
        AsursoSettings s = settings(PASSWORD);
        for (var c : AsursoSettings.class.getRecordComponents()) {
            try {
                assertThat(String.valueOf(c.getAccessor().invoke(s))).doesNotContain(PASSWORD);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(s.passwordLength()).isEqualTo(PASSWORD.length());
    }

    @Test
    void aSecondLiveSessionConfirmsTheSecurityWarningAndGoesOn() {
        int warnings = sim.securityWarningCount();
        try (AsursoJournalSource first = new AsursoJournalSource(settings(PASSWORD));
             AsursoJournalSource second = new AsursoJournalSource(settings(PASSWORD))) {
            assertThat(first.classes()).isNotEmpty();
            assertThat(second.classes()).isNotEmpty();
        }
        assertThat(sim.securityWarningCount()).isEqualTo(warnings + 1);
        assertThat(sim.activeSessions()).isZero();
    }

    @Test
    void aRoleIsChosenWhenTheServerAsks() {
        sim.requireRoleChoice(true);
        int logins = sim.loginCount();
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            assertThat(source.classes()).isNotEmpty();
        }
        assertThat(sim.loginCount()).as("log in, see choose-session-role, log out, log in with rolegroup")
                .isEqualTo(logins + 2);
    }

    @Test
    void olderServersLogOutThroughTheAspPage() {
        sim.setVersion("5.24.70000");
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            assertThat(source.probe().version()).isEqualTo("5.24.70000");
            assertThat(source.classes()).isNotEmpty();
        }
        assertThat(sim.activeSessions()).isZero();
    }

    @Test
    void aThrottledLoginIsNotTriedAgainBeforeTheServerSays() {
        sim.throttleLogins(1, Duration.ofMinutes(10));
        AsursoSettings wrong = AsursoSettings.withPassword("throttle-test", URI.create(sim.baseUrl()),
                GeneratedSchool.SCHOOL_ID, "bruteforce", "неверный", null, Duration.ofSeconds(5), 1000, null, null);
        try (AsursoJournalSource source = new AsursoJournalSource(wrong)) {
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(AsursoException.class,
                    e -> assertThat(e.reason()).isEqualTo(AsursoException.Reason.LOGIN_REFUSED));
        }
        try (AsursoJournalSource source = new AsursoJournalSource(wrong)) {
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(AsursoException.class, e -> {
                assertThat(e.reason()).isEqualTo(AsursoException.Reason.THROTTLED);
                assertThat(e.retryAfter()).isAfter(java.time.Instant.now().plusSeconds(60));
                assertThat(e.getMessage()).contains("не ранее чем");
            });
        }
        int refused = sim.refusedLoginCount();
        try (AsursoJournalSource source = new AsursoJournalSource(wrong)) {
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(AsursoException.class,
                    e -> assertThat(e.reason()).isEqualTo(AsursoException.Reason.THROTTLED));
        }
        assertThat(sim.refusedLoginCount()).as("no login attempt while throttled").isEqualTo(refused);
    }

    @Test
    void anHtmlPageInsteadOfJsonMeansTheSessionIsGoneLogInAgain() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            source.classes();
            int logins = sim.loginCount();
            sim.htmlNext(1);
            assertThat(source.classes()).isNotEmpty();
            assertThat(sim.loginCount()).isEqualTo(logins + 1);
        }
    }

    @Test
    void malformedJsonIsABadResponseNamingTheCall() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            source.classes();
            sim.malformedNext(1);
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(AsursoException.class, e -> {
                assertThat(e.reason()).isEqualTo(AsursoException.Reason.BAD_RESPONSE);
                assertThat(e.getMessage()).contains("/webapi/classes");
            });
        }
    }

    @Test
    void anIdleSessionIsKeptAlive() throws InterruptedException {
        AsursoSettings s = AsursoSettings.withPassword("keepalive", URI.create(sim.baseUrl()), GeneratedSchool.SCHOOL_ID,
                "integration", PASSWORD, null, Duration.ofSeconds(5), 1000, Duration.ofMillis(300), null);
        int before = sim.keepAliveCount();
        try (AsursoJournalSource source = new AsursoJournalSource(s)) {
            source.classes();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> sim.keepAliveCount() > before);
        }
    }

    @Test
    void aPupilWhoLeftIsReadAsLeft() { // 001 §3.1.2: export stops when a pupil leaves
        GeneratedSchool.SchoolClassG cls = sim.school().classes().get(8);
        GeneratedSchool.Pupil pupil = cls.pupils().get(0);
        sim.markLeft(pupil.id());
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass c = source.classes().stream()
                    .filter(x -> x.key().sourceId().equals("class-" + cls.id())).findFirst().orElseThrow();
            ClassJournal j = source.readClass(c, WEEK, WEEK.plusDays(6));
            assertThat(j.pupils()).filteredOn(p -> p.key().sourceId().equals("student-" + pupil.id()))
                    .singleElement().satisfies(p -> assertThat(p.mayBeExported()).isFalse());
        }
    }

    @Test
    void aClassEditedWhileBeingReadIsCompleteNowAndChangedNextTime() {
        GeneratedSchool school = sim.school();
        GeneratedSchool.ResultG r = school.results().get(300);
        GeneratedSchool.LessonG lesson = school.lesson(school.assignment(r.assignmentId()).lessonId());
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass cls = source.classes().stream()
                    .filter(c -> c.key().sourceId().equals("class-" + lesson.classId())).findFirst().orElseThrow();
            ClassJournal before = source.readClass(cls, WEEK, WEEK.plusDays(6));
            sim.afterNextJournalRead(() -> sim.setMark(r.assignmentId(), r.studentId(), r.mark() == 5 ? 4 : 5));
            try {
                ClassJournal during = source.readClass(cls, WEEK, WEEK.plusDays(6));
                assertThat(during.marks()).hasSameSizeAs(before.marks());
                ClassJournal after = source.readClass(cls, WEEK, WEEK.plusDays(6));
                long changed = after.records().stream().filter(x -> !during.records().contains(x)).count();
                assertThat(changed).as("the edit made during a read shows in the next one").isLessThanOrEqualTo(1);
                assertThat(after.records().stream().filter(x -> !before.records().contains(x)).count()).isEqualTo(1);
            } finally {
                sim.setMark(r.assignmentId(), r.studentId(), r.mark());
            }
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

    @Test
    void periodsAreTheTermsOfTheGeneratedSchool() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            List<Period> periods = source.periods();
            assertThat(periods).extracting(p -> p.key().sourceId()).containsExactlyElementsOf(
                    sim.school().terms().stream().map(t -> "term-" + t.id()).toList());
            assertThat(periods).extracting(Period::name, Period::start, Period::end, Period::number)
                    .containsExactlyElementsOf(sim.school().terms().stream()
                            .map(t -> tuple(t.name(), t.start(), t.end(), t.number())).toList());
            assertThat(periods).extracting(Period::type).containsExactly(PeriodType.QUARTER, PeriodType.QUARTER,
                    PeriodType.QUARTER, PeriodType.QUARTER, PeriodType.HALF_YEAR, PeriodType.HALF_YEAR);
            assertThat(source.periodProblems()).isEmpty();
            assertThat(source.vacations()).extracting(Vacation::name, Vacation::start, Vacation::end)
                    .containsExactlyElementsOf(sim.school().vacations().stream()
                            .map(v -> tuple(v.name(), v.start(), v.end())).toList());
        }
    }

    @Test
    void announcementsAreRead() {
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            List<Announcement> news = source.announcements();
            assertThat(news).extracting(Announcement::title).containsExactlyElementsOf(
                    sim.school().announcements().stream().map(GeneratedSchool.AnnouncementG::title).toList());
            assertThat(news).allSatisfy(a -> {
                assertThat(a.text()).isNotBlank();
                assertThat(a.key().sourceId()).startsWith("announcement-");
            });
            assertThat(news.get(0).publishedAt().toLocalDate()).isEqualTo(sim.school().announcements().get(0).posted());
        }
    }

    @Test
    void periodMarksOfAClassAreThoseOfTheGeneratedSchool() {
        GeneratedSchool school = sim.school();
        GeneratedSchool.SchoolClassG expected = school.classes().stream()
                .filter(c -> c.name().equals("5а")).findFirst().orElseThrow();
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass fiveA = source.classes().stream().filter(c -> c.name().equals("5а")).findFirst().orElseThrow();
            int before = sim.periodMarkCallCount();
            ClassJournal journal = source.readClass(fiveA, WEEK, WEEK.plusDays(6));
            // November: the 1st quarter has ended, the 2nd overlaps; one call per term
            assertThat(sim.periodMarkCallCount() - before).isEqualTo(2);
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.periodMarks()).isNotEmpty().allSatisfy(m -> {
                assertThat(m.periodType()).isEqualTo(PeriodType.QUARTER);
                assertThat(m.dateSet()).isEqualTo(LocalDate.of(2026, 10, 25));
            });
            assertThat(journal.periodMarks()).extracting(m -> m.pupilKey().sourceId() + "/"
                    + m.subjectKey().sourceId() + "/" + m.periodKey().sourceId() + "=" + m.value().value())
                    .containsExactlyInAnyOrderElementsOf(school.periodMarks(expected.id()).stream()
                            .map(m -> "student-" + m.pupilId() + "/subject-" + m.subjectId() + "/term-" + m.termId()
                                    + "=" + m.mark()).toList());
            assertThat(journal.subjects()).extracting(s -> s.key())
                    .containsAll(journal.periodMarks().stream().map(PeriodMark::subjectKey).toList());
            assertThat(journal.records()).extracting(r -> r.entityType()).contains(EntityType.PERIOD_MARK);

            SchoolClass oneA = source.classes().stream().filter(c -> c.name().equals("1а")).findFirst().orElseThrow();
            assertThat(source.readClass(oneA, WEEK, WEEK.plusDays(6)).periodMarks()).isEmpty(); // 001 §3.2.4.11
        }
    }

    @Test
    void aBadPeriodMarkIsASourceProblemAndTheRestIsRead() {
        GeneratedSchool school = sim.school();
        GeneratedSchool.SchoolClassG expected = school.classes().stream()
                .filter(c -> c.name().equals("6б")).findFirst().orElseThrow();
        GeneratedSchool.PeriodMarkG bad = school.periodMarks(expected.id()).get(3);
        sim.setPeriodMark(bad.pupilId(), bad.subjectId(), bad.termId(), "Х");
        try (AsursoJournalSource source = new AsursoJournalSource(settings(PASSWORD))) {
            SchoolClass cls = source.classes().stream().filter(c -> c.name().equals("6б")).findFirst().orElseThrow();
            ClassJournal journal = source.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(journal.problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("mark");
                assertThat(p.value()).isEqualTo("Х");
                assertThat(p.location()).contains("/webapi/grade/periodmarks");
            });
            assertThat(journal.periodMarks()).hasSize(school.periodMarks(expected.id()).size() - 1);
        }
    }
}
