package ru.diarybridge.connector.eljur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.diarybridge.connector.eljur.EljurException.Reason;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.simulator.eljur.EljurSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;
import ru.diarybridge.simulator.school.GeneratedSchool.LessonG;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolClassG;

/** The connector against the ЭлЖур simulator over real HTTP. */
class EljurJournalSourceTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static final String VENDOR = "school3";
    private static final String DEVKEY = "0123456789abcdef0123456789abcdef";
    private static final String PASSWORD = "Пароль-1";
    private static EljurSimulator sim;

    @BeforeAll
    static void start() {
        sim = EljurSimulator.start(0, GeneratedSchool.generate(7, WEEK), VENDOR, DEVKEY, "integration", PASSWORD);
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    @BeforeEach
    void fresh() {
        sim.clearFaults();
        sim.resetFinalAssessments();
        sim.resetDisagreements();
    }

    private EljurSettings settings(String devkey, String password, Duration timeout) {
        return new EljurSettings("samara-107", URI.create(sim.apiUrl()), VENDOR, devkey, "integration", password,
                timeout, 1000, null);
    }

    private EljurSettings settings() {
        return settings(DEVKEY, PASSWORD, Duration.ofSeconds(10));
    }

    private static SchoolClassG generated(String name) {
        return sim.school().classes().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static SchoolClass classNamed(EljurJournalSource source, String name) {
        return source.classes().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsAClassWeekEqualToTheGeneratedSchool() {
        GeneratedSchool school = sim.school();
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            assertThat(source.probe().system()).isEqualTo(SourceSystem.ELJUR);
            List<SchoolClass> classes = source.classes();
            assertThat(classes).hasSize(school.classes().size());
            SchoolClass fiveA = classNamed(source, "5а");
            assertThat(fiveA.grade()).isEqualTo(5);
            assertThat(fiveA.letter()).isEqualTo("а");

            ClassJournal journal = source.readClass(fiveA, WEEK, WEEK.plusDays(6));
            SchoolClassG expected = generated("5а");
            assertThat(journal.pupils()).hasSize(expected.pupils().size())
                    .allSatisfy(p -> assertThat(p.snils()).hasSize(11));
            assertThat(journal.pupils().stream().filter(p -> !p.consent().given()).count())
                    .isEqualTo(expected.pupils().stream().filter(p -> !p.consent()).count());
            long expectedLessons = school.lessons().stream().filter(l -> l.classId() == expected.id()).count();
            assertThat(journal.lessons()).hasSize((int) expectedLessons)
                    .allSatisfy(l -> assertThat(l.topic()).isNotBlank());
            long expectedMarks = school.results().stream()
                    .filter(r -> school.lesson(school.assignment(r.assignmentId()).lessonId()).classId() == expected.id())
                    .count();
            assertThat(journal.marks()).hasSize((int) expectedMarks)
                    .allSatisfy(m -> assertThat(m.value().system()).isEqualTo(MarkSystem.FIVE_POINT));
            long expectedAbsences = school.attendance().stream()
                    .filter(a -> school.lesson(a.lessonId()).classId() == expected.id()).count();
            assertThat(journal.attendance()).hasSize((int) expectedAbsences);
            long expectedHomework = school.assignments().stream()
                    .filter(a -> a.typeId() == 3 && school.lesson(a.lessonId()).classId() == expected.id()).count();
            assertThat(journal.homework()).hasSize((int) expectedHomework);
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.records()).allSatisfy(r -> assertThat(r.key().system()).isEqualTo(SourceSystem.ELJUR));
        }
    }

    @Test
    void lateIsMappedFromLowerCaseOp() {
        assertThat(EljurJournalSource.attendanceCode("оп")).contains(AttendanceCode.LATE_OP);
        assertThat(EljurJournalSource.attendanceCode("н")).contains(AttendanceCode.ABSENT_LOWER);
        assertThat(EljurJournalSource.attendanceCode("Б")).contains(AttendanceCode.ILL);
        assertThat(EljurJournalSource.markValue("5-")).hasValueSatisfying(v ->
                assertThat(v.system()).isEqualTo(MarkSystem.FIVE_POINT));
        assertThat(EljurJournalSource.markValue("зач")).hasValueSatisfying(v ->
                assertThat(v.system()).isEqualTo(MarkSystem.PASS_FAIL));
        assertThat(EljurJournalSource.markValue("н/а")).isPresent();
        assertThat(EljurJournalSource.markValue("7")).isEmpty();
    }

    @Test
    void sameReadGivesSameKeysAndHashes() {
        try (EljurJournalSource a = new EljurJournalSource(settings());
             EljurJournalSource b = new EljurJournalSource(settings())) {
            SchoolClass cls = a.classes().get(5);
            ClassJournal first = a.readClass(cls, WEEK, WEEK.plusDays(6));
            ClassJournal second = b.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(first.records()).isNotEmpty();
            assertThat(first.records().stream().map(r -> r.key() + r.contentHash()).toList())
                    .isEqualTo(second.records().stream().map(r -> r.key() + r.contentHash()).toList());
        }
    }

    @Test
    void changedMarkChangesOnlyThatRecord() {
        GeneratedSchool school = sim.school();
        GeneratedSchool.ResultG r = school.results().get(100);
        LessonG lesson = school.lesson(school.assignment(r.assignmentId()).lessonId());
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, school.schoolClass(lesson.classId()).name());
            ClassJournal before = source.readClass(cls, WEEK, WEEK.plusDays(6));
            sim.setMark(lesson.id(), r.studentId(), r.mark() == 5 ? "4" : "5");
            try {
                ClassJournal after = source.readClass(cls, WEEK, WEEK.plusDays(6));
                List<String> changed = after.records().stream().filter(rec -> !before.records().contains(rec))
                        .map(rec -> rec.key().sourceId()).toList();
                assertThat(changed).hasSize(1).allSatisfy(id ->
                        assertThat(id).startsWith("mark-" + lesson.id() + "-").endsWith("-" + r.studentId()));
            } finally {
                sim.setMark(lesson.id(), r.studentId(), Integer.toString(r.mark()));
            }
        }
    }

    @Test
    void wrongDevkeyIsRefusedEvenUnderHttp200() {
        try (EljurJournalSource source = new EljurJournalSource(settings("wrong-key", PASSWORD, Duration.ofSeconds(5)))) {
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(EljurException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.DEVKEY_REFUSED);
                assertThat(e.state()).isEqualTo(400);
                assertThat(e.getMessage()).contains(EljurSimulator.DEVKEY_ERROR).doesNotContain("wrong-key");
            });
        }
    }

    @Test
    void wrongPasswordIsRefusedAndNotRetried() {
        int refused = sim.refusedLoginCount();
        try (EljurJournalSource source = new EljurJournalSource(settings(DEVKEY, "неверный", Duration.ofSeconds(5)))) {
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(EljurException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                assertThat(e.reason().retryable()).isFalse();
                assertThat(e.getMessage()).doesNotContain("неверный").doesNotContain(DEVKEY);
            });
        }
        assertThat(sim.refusedLoginCount()).isEqualTo(refused + 1);
    }

    @Test
    void expiredTokenMidRunAuthorisesAgainAndGoesOn() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, "7б");
            assertThat(source.authCount()).isEqualTo(1);
            sim.expireTokens();
            ClassJournal journal = source.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(journal.lessons()).isNotEmpty();
            assertThat(source.authCount()).isEqualTo(2);
        }
    }

    @Test
    void transientServerErrorsAndTimeoutsAreRetried() {
        try (EljurJournalSource source = new EljurJournalSource(settings(DEVKEY, PASSWORD, Duration.ofSeconds(2)))) {
            source.probe();
            sim.failNext(1, 502);
            sim.delayNext(1, Duration.ofSeconds(5));
            assertThat(source.classes()).isNotEmpty();
        }
    }

    @Test
    void persistentServerErrorIsUnavailable() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            source.probe();
            sim.failNext(10, 503);
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(EljurException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                assertThat(e.reason().retryable()).isTrue();
            });
        }
    }

    @Test
    void envelopeErrorUnderHttp200IsANamedError() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, "5а");
            sim.envelopeErrorNext(1, 403, "Доступ к классу запрещён");
            assertThatThrownBy(() -> source.readClass(cls, WEEK, WEEK.plusDays(6)))
                    .isInstanceOfSatisfying(EljurException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
                        assertThat(e.method()).isEqualTo("getclassstudents");
                        assertThat(e.getMessage()).contains("getclassstudents", "Доступ к классу запрещён");
                    });
        }
    }

    @Test
    void htmlPageIsABadResponseNamingTheMethod() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            source.probe();
            sim.htmlNext(1);
            assertThatThrownBy(source::classes).isInstanceOfSatisfying(EljurException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
                assertThat(e.getMessage()).contains("getrules", "HTML");
            });
        }
    }

    @Test
    void malformedJsonIsABadResponse() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, "5а");
            String token = "auth_token";
            sim.delayNext(1, Duration.ZERO); // getclassstudents answers normally
            sim.malformedNext(1);           // getdiary is cut off
            assertThatThrownBy(() -> source.readClass(cls, WEEK, WEEK.plusDays(6)))
                    .isInstanceOfSatisfying(EljurException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
                        assertThat(e.method()).isEqualTo("getdiary");
                        assertThat(e.getMessage()).contains("getdiary").doesNotContain(token).doesNotContain(DEVKEY);
                    });
        }
    }

    @Test
    void badItemsBecomeProblemsAndTheRestIsRead() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("6б");
        List<LessonG> lessons = school.lessons().stream().filter(l -> l.classId() == gen.id()).toList();
        long pupil = gen.pupils().get(0).id();
        LessonG l1 = lessons.get(0);
        LessonG l2 = lessons.get(1);
        LessonG l3 = lessons.get(2);
        String old1 = sim.mark(l1.id(), pupil);
        String oldAbsence3 = sim.absence(l3.id(), pupil);
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, "6б");
            ClassJournal clean = source.readClass(cls, WEEK, WEEK.plusDays(6));
            sim.setMark(l1.id(), pupil, "7");
            sim.setAbsence(l2.id(), 999_999L, "н");
            sim.setAbsence(l3.id(), pupil, "Х");
            try {
                ClassJournal journal = source.readClass(cls, WEEK, WEEK.plusDays(6));
                assertThat(journal.problems()).hasSize(3);
                assertThat(journal.problems()).allSatisfy(p -> assertThat(p.location()).startsWith("getdiary"));
                assertThat(journal.problems()).anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo("value");
                    assertThat(p.value()).isEqualTo("7");
                    assertThat(p.recordId()).contains(Long.toString(l1.id()));
                });
                assertThat(journal.problems()).anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo("student");
                    assertThat(p.value()).isEqualTo("999999");
                });
                assertThat(journal.problems()).anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo("value");
                    assertThat(p.reason()).contains("посещаемости");
                });
                assertThat(journal.lessons()).hasSize(clean.lessons().size());
                assertThat(journal.pupils()).hasSize(clean.pupils().size());
                int lostMark = old1 == null ? 0 : 1;
                assertThat(journal.marks()).hasSize(clean.marks().size() - lostMark);
            } finally {
                sim.setMark(l1.id(), pupil, old1);
                sim.setAbsence(l2.id(), 999_999L, null);
                sim.setAbsence(l3.id(), pupil, oldAbsence3);
            }
        }
    }

    @Test
    void periodsAreTheTermsOfTheGeneratedSchool() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            List<Period> periods = source.periods();
            assertThat(periods).extracting(Period::name, Period::start, Period::end, Period::number)
                    .containsExactlyElementsOf(sim.school().terms().stream()
                            .map(t -> tuple(t.name(), t.start(), t.end(), t.number())).toList());
            assertThat(periods).extracting(Period::type).containsExactly(PeriodType.QUARTER, PeriodType.QUARTER,
                    PeriodType.QUARTER, PeriodType.QUARTER, PeriodType.HALF_YEAR, PeriodType.HALF_YEAR);
            assertThat(periods).allSatisfy(p -> assertThat(p.schoolYearKey().sourceId()).isEqualTo("year-2026-2027"));
        }
    }

    @Test
    void announcementsAreRead() {
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            List<Announcement> news = source.announcements();
            assertThat(news).extracting(Announcement::title, a -> a.publishedAt().toLocalDate())
                    .containsExactlyElementsOf(sim.school().announcements().stream()
                            .map(a -> tuple(a.title(), a.posted())).toList());
            assertThat(news).allSatisfy(a -> assertThat(a.text()).isNotBlank());
        }
    }

    @Test
    void periodMarksOfAClassAreThoseOfTheGeneratedSchool() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("5а");
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            int before = sim.requestCount("getfinalassessments");
            ClassJournal journal = source.readClass(classNamed(source, "5а"), WEEK, WEEK.plusDays(6));
            assertThat(sim.requestCount("getfinalassessments") - before).isEqualTo(1);
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.periodMarks()).extracting(m -> m.pupilKey().sourceId() + "/"
                    + m.subjectKey().sourceId() + "/" + m.periodKey().sourceId() + "/" + m.periodType() + "="
                    + m.value().value())
                    .containsExactlyInAnyOrderElementsOf(school.periodMarks(gen.id()).stream()
                            .map(m -> "student-" + m.pupilId() + "/subject-" + school.subject(m.subjectId()).name()
                                    + "/period-" + school.term(m.termId()).name() + "/QUARTER=" + m.mark()).toList())
                    .isNotEmpty();
            assertThat(journal.subjects()).extracting(s -> s.key()).containsAll(
                    journal.periodMarks().stream().map(m -> m.subjectKey()).toList());
            assertThat(journal.periodMarks()).allSatisfy(m ->
                    assertThat(m.dateSet()).isEqualTo(LocalDate.of(2026, 10, 25)));
            assertThat(source.readClass(classNamed(source, "1а"), WEEK, WEEK.plusDays(6)).periodMarks()).isEmpty();
        }
    }

    @Test
    void aBadPeriodMarkIsASourceProblemAndTheRestIsRead() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("7а");
        List<GeneratedSchool.PeriodMarkG> expected = school.periodMarks(gen.id());
        GeneratedSchool.PeriodMarkG bad = expected.get(2);
        sim.setFinalAssessment(bad.pupilId(), bad.subjectId(), bad.termId(), "отл");
        sim.addFinalAssessment(gen.pupils().get(0).id(), "Физика", "5 четверть", "4");
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            ClassJournal journal = source.readClass(classNamed(source, "7а"), WEEK, WEEK.plusDays(6));
            assertThat(journal.problems()).hasSize(2)
                    .allSatisfy(p -> assertThat(p.location()).isEqualTo("getfinalassessments?class=7а"));
            assertThat(journal.problems()).anySatisfy(p -> {
                assertThat(p.field()).isEqualTo("value");
                assertThat(p.value()).isEqualTo("отл");
            });
            assertThat(journal.problems()).anySatisfy(p -> {
                assertThat(p.field()).isEqualTo("period");
                assertThat(p.value()).isEqualTo("5 четверть");
            });
            assertThat(journal.periodMarks()).hasSize(expected.size() - 1);
            assertThat(journal.lessons()).isNotEmpty();
        }
    }

    @Test
    void weightsAndSetDatesComeFromGetmarks() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("7а");
        GeneratedSchool.ResultG r = school.results().stream().filter(x -> x.mark() != null
                && school.lesson(school.assignment(x.assignmentId()).lessonId()).classId() == gen.id())
                .findFirst().orElseThrow();
        long lessonId = school.assignment(r.assignmentId()).lessonId();
        sim.setMarkWeightInMarksOnly(lessonId, r.studentId(), 7);
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            int schedules = sim.requestCount("getschedule");
            int marksCalls = sim.requestCount("getmarks");
            ClassJournal journal = source.readClass(classNamed(source, "7а"), WEEK, WEEK.plusDays(6));
            assertThat(sim.requestCount("getschedule") - schedules).isEqualTo(1);
            assertThat(sim.requestCount("getmarks") - marksCalls).isEqualTo(1);
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.marks()).isNotEmpty().allSatisfy(m -> {
                String[] ids = m.key().sourceId().split("-");
                long lesson = Long.parseLong(ids[1]);
                long pupil = Long.parseLong(ids[3]);
                assertThat(m.dateSet()).isEqualTo(sim.markDate(lesson, pupil));
                assertThat(m.value().value()).isEqualTo(sim.mark(lesson, pupil));
            });
            assertThat(journal.marks()).filteredOn(m -> m.key().sourceId().startsWith("mark-" + lessonId + "-")
                            && m.key().sourceId().endsWith("-" + r.studentId()))
                    .singleElement().satisfies(m -> assertThat(m.weight()).isEqualTo(7));
        }
    }

    @Test
    void aDisagreementTakesTheGetmarksValueWithOneProblem() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("7а");
        GeneratedSchool.ResultG r = school.results().stream().filter(x -> x.mark() != null
                && school.lesson(school.assignment(x.assignmentId()).lessonId()).classId() == gen.id())
                .findFirst().orElseThrow();
        long lessonId = school.assignment(r.assignmentId()).lessonId();
        String other = r.mark() == 5 ? "4" : "5";
        sim.setDiaryOnlyMark(lessonId, r.studentId(), other);
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            ClassJournal journal = source.readClass(classNamed(source, "7а"), WEEK, WEEK.plusDays(6));
            assertThat(journal.problems()).singleElement().satisfies(p -> {
                assertThat(p.location()).startsWith("getmarks");
                assertThat(p.field()).isEqualTo("value");
                assertThat(p.recordId()).contains(Long.toString(lessonId)).contains(Long.toString(r.studentId()));
                assertThat(p.reason()).contains("getdiary").contains(other).contains(Integer.toString(r.mark()));
            });
            assertThat(journal.marks()).filteredOn(m -> m.key().sourceId().startsWith("mark-" + lessonId + "-")
                            && m.key().sourceId().endsWith("-" + r.studentId()))
                    .singleElement().satisfies(m -> assertThat(m.value().value()).isEqualTo(Integer.toString(r.mark())));

            sim.resetDisagreements();
            sim.setMarkInMarksOnly(lessonId, r.studentId(), null);
            ClassJournal diaryOnly = source.readClass(classNamed(source, "7а"), WEEK, WEEK.plusDays(6));
            assertThat(diaryOnly.problems()).singleElement().satisfies(p -> {
                assertThat(p.location()).startsWith("getdiary");
                assertThat(p.reason()).contains("getmarks");
            });
            assertThat(diaryOnly.marks()).hasSize(journal.marks().size());
        }
    }

    @Test
    void aLessonMissingFromGetscheduleIsAProblemAndTheRestIsRead() {
        GeneratedSchool school = sim.school();
        SchoolClassG gen = generated("6б");
        List<LessonG> lessons = school.lessons().stream().filter(l -> l.classId() == gen.id()).toList();
        LessonG hidden = lessons.get(0);
        LessonG notInDiary = lessons.get(1);
        try (EljurJournalSource source = new EljurJournalSource(settings())) {
            SchoolClass cls = classNamed(source, "6б");
            ClassJournal clean = source.readClass(cls, WEEK, WEEK.plusDays(6));
            sim.setHiddenFromSchedule(hidden.id(), true);
            ClassJournal journal = source.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(journal.problems()).singleElement().satisfies(p -> {
                assertThat(p.value()).isEqualTo(Long.toString(hidden.id()));
                assertThat(p.location()).startsWith("getdiary");
                assertThat(p.reason()).contains("getschedule").contains("getdiary");
            });
            assertThat(journal.lessons()).hasSize(clean.lessons().size());
            assertThat(journal.marks()).hasSize(clean.marks().size());
            assertThat(journal.homework()).hasSize(clean.homework().size());

            sim.resetDisagreements();
            sim.setHiddenFromDiary(notInDiary.id(), true);
            ClassJournal noDiary = source.readClass(cls, WEEK, WEEK.plusDays(6));
            assertThat(noDiary.problems()).filteredOn(p -> p.location().startsWith("getschedule"))
                    .singleElement().satisfies(p -> {
                        assertThat(p.value()).isEqualTo(Long.toString(notInDiary.id()));
                        assertThat(p.reason()).contains("getschedule").contains("getdiary");
                    });
            assertThat(noDiary.lessons()).hasSize(clean.lessons().size())
                    .filteredOn(l -> l.key().sourceId().equals("lesson-" + notInDiary.id()))
                    .singleElement().satisfies(l -> assertThat(l.topic()).isNull());
        }
    }
}
