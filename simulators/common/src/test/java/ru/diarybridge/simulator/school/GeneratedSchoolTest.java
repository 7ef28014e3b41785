package ru.diarybridge.simulator.school;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedSchoolTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);

    @Test
    void sameSeedGivesTheSameSchool() {
        GeneratedSchool a = GeneratedSchool.generate(42, WEEK);
        GeneratedSchool b = GeneratedSchool.generate(42, WEEK.plusDays(3));
        assertThat(a.expectedMarks()).isEqualTo(b.expectedMarks());
        assertThat(a.pupils()).isEqualTo(b.pupils());
        assertThat(GeneratedSchool.generate(43, WEEK).expectedMarks()).isNotEqualTo(a.expectedMarks());
    }

    @Test
    void hasTheShapeTheIssueAsksFor() {
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        for (int grade = 1; grade <= 11; grade++) {
            int g = grade;
            long count = s.classes().stream().filter(c -> c.grade() == g).count();
            assertThat(count).as("classes in grade %d", grade).isBetween(2L, 3L);
        }
        assertThat(s.classes()).allSatisfy(c -> assertThat(c.pupils().size()).isBetween(23, 27));
        assertThat(s.lessons()).allSatisfy(l -> {
            assertThat(l.date()).isBetween(WEEK, WEEK.plusDays(4));
            assertThat(l.topic()).isNotBlank();
        });
        assertThat(s.attendance()).isNotEmpty();
        assertThat(s.assignments()).anyMatch(a -> a.typeId() == 3);
        assertThat(s.expectedMarks()).hasSizeGreaterThan(1000);
    }

    @Test
    void gradeOneHasNoMarks() { // 001 §3.2.4.11
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        assertThat(s.expectedMarks()).noneMatch(m -> m.className().startsWith("1") && m.className().length() == 2);
    }

    @Test
    void aTestNamesItsTopic() { // 001 §3.2.4.7
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        assertThat(s.assignments().stream().filter(a -> a.typeId() == 4))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.name()).matches("Контрольная работа № \\d+ по теме «.+»"));
    }

    @Test
    void snilsIsValidAndUnique() {
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        Set<String> seen = new HashSet<>();
        for (GeneratedSchool.Pupil p : s.pupils()) {
            assertThat(p.snils()).hasSize(11).containsOnlyDigits();
            assertThat(seen.add(p.snils())).isTrue();
        }
        // the public worked example of the checksum: 112-233-445 95
        assertThat(GeneratedSchool.snils(233_445L)).isEqualTo("11223344595");
    }

    @Test
    void absentPupilsHaveNoMarkInThatLesson() {
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        Set<String> absent = new HashSet<>();
        s.attendance().stream().filter(a -> !a.reasonMark().equals("ОП"))
                .forEach(a -> absent.add(a.lessonId() + "/" + a.studentId()));
        assertThat(s.results()).noneMatch(r ->
                absent.contains(s.assignment(r.assignmentId()).lessonId() + "/" + r.studentId()));
    }

    @Test
    void termsAreTheQuartersAndHalvesOfTheYear() {
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        assertThat(s.terms()).extracting(GeneratedSchool.TermG::name).containsExactly("1 четверть", "2 четверть",
                "3 четверть", "4 четверть", "1 полугодие", "2 полугодие");
        assertThat(s.terms().get(0).start()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(s.terms().get(0).end()).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(s.terms().get(3).end()).isEqualTo(LocalDate.of(2027, 5, 31));
        assertThat(s.terms().get(0).id()).isEqualTo(40261);
        assertThat(s.vacations()).hasSize(3).allSatisfy(v -> assertThat(v.end()).isAfterOrEqualTo(v.start()));
        assertThat(s.announcements()).hasSize(3).allSatisfy(a -> {
            assertThat(a.title()).isNotBlank();
            assertThat(a.posted()).isBefore(WEEK);
        });
        assertThat(GeneratedSchool.generate(42, WEEK).announcements()).isEqualTo(s.announcements());
    }

    @Test
    void periodMarksForEndedTermsOnly() {
        GeneratedSchool s = GeneratedSchool.generate(42, WEEK);
        // in November only the 1st quarter has ended: quarter marks for grades 2–9, none for 1 and 10–11
        assertThat(s.periodMarks()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.termId()).isEqualTo(40261);
            assertThat(m.mark()).isBetween(2, 5);
            int grade = s.schoolClass(s.pupil(m.pupilId()).classId()).grade();
            assertThat(grade).isBetween(2, 9);
        });
        GeneratedSchool.SchoolClassG fiveA = s.classes().stream().filter(c -> c.name().equals("5а")).findFirst()
                .orElseThrow();
        assertThat(s.periodMarks(fiveA.id())).hasSize(fiveA.pupils().size() * s.subjectsOfGrade(5).size());
        assertThat(GeneratedSchool.generate(42, WEEK).periodMarks()).isEqualTo(s.periodMarks());

        GeneratedSchool spring = GeneratedSchool.generate(42, LocalDate.of(2027, 4, 5));
        assertThat(spring.periodMarks()).anyMatch(m -> m.termId() == 40263).noneMatch(m -> m.termId() == 40264)
                .anyMatch(m -> m.termId() == 40265).noneMatch(m -> m.termId() == 40266);
        assertThat(spring.periodMarks()).filteredOn(m -> m.termId() == 40265).allSatisfy(m ->
                assertThat(spring.schoolClass(spring.pupil(m.pupilId()).classId()).grade()).isGreaterThanOrEqualTo(10));
        assertThat(spring.periodMarks()).noneMatch(m -> spring.schoolClass(spring.pupil(m.pupilId()).classId()).grade() == 1);
    }

    @Test
    void theOldDataIsUnchangedByTheNewOne() {
        // the marks are drawn from the seed alone, the period data from seed+1
        GeneratedSchool nov = GeneratedSchool.generate(42, WEEK);
        assertThat(nov.results().get(0).mark()).isNotNull();
        assertThat(nov.expectedMarks()).hasSizeGreaterThan(1000);
    }
}
