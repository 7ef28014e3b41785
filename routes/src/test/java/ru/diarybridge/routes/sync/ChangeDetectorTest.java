package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.EnrolmentStatus;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;

class ChangeDetectorTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 16);

    private static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, "s1", id);
    }

    private static Person pupil(String id, boolean consent, EnrolmentStatus status) {
        return new Person(key(id), PersonRole.PUPIL, "Фамилия", "Имя", null, null, "11223344595", key("class-1"),
                List.of(), consent ? Consent.givenOn(DAY, "приказ 1") : Consent.NONE,
                new Enrolment(status, DAY, null, null));
    }

    private static Mark mark(String id, String pupil, String value) {
        return new Mark(key(id), key("w"), key("cm-1"), key(pupil), new MarkValue(MarkSystem.FIVE_POINT, value), 10,
                DAY, null);
    }

    private static ClassJournal journal(List<Person> pupils, List<Mark> marks, List<AttendanceEntry> attendance) {
        return new ClassJournal(new SchoolClass(key("class-1"), "5а", 5, "а"), DAY, DAY, pupils, List.of(),
                List.of(new Lesson(key("cm-1"), key("class-1"), null, key("subject-1"), null, DAY, 1, "Дроби")),
                List.of(), marks, attendance, List.of(), List.of());
    }

    @Test
    void everythingIsNewTheFirstTimeAndNothingTheSecond() {
        ClassJournal j = journal(List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)),
                List.of(mark("m1", "p1", "5")), List.of());
        ChangeDetector.Changes first = ChangeDetector.detect(j, Map.of());
        assertThat(first.changedKeys()).hasSize(j.records().size());

        Map<String, TargetRecordRepository.Known> known = new HashMap<>();
        j.records().forEach(r -> known.put(r.key().asString(), new TargetRecordRepository.Known(1L, r.contentHash())));
        assertThat(ChangeDetector.detect(j, known).changedKeys()).isEmpty();

        ClassJournal corrected = journal(j.pupils(), List.of(mark("m1", "p1", "4")), List.of());
        assertThat(ChangeDetector.detect(corrected, known).changedKeys()).containsExactly("asurso:s1:m1");
    }

    @Test
    void noConsentOrLeftTheSchoolMeansNothingLeaves() { // 001 §3.1.2
        ClassJournal j = journal(
                List.of(pupil("p1", false, EnrolmentStatus.ENROLLED), pupil("p2", true, EnrolmentStatus.LEFT),
                        pupil("p3", true, EnrolmentStatus.ENROLLED)),
                List.of(mark("m1", "p1", "5"), mark("m2", "p2", "4"), mark("m3", "p3", "3")),
                List.of(new AttendanceEntry(key("a1"), key("cm-1"), key("p1"), AttendanceCode.ILL, null)));
        ChangeDetector.Changes c = ChangeDetector.detect(j, Map.of());
        assertThat(c.changedKeys()).doesNotContain("asurso:s1:p1", "asurso:s1:p2", "asurso:s1:m1", "asurso:s1:m2",
                "asurso:s1:a1").contains("asurso:s1:p3", "asurso:s1:m3");
        assertThat(c.withheld()).isEqualTo(5);
    }

    @Test
    void aDutyDotIsNotAMark() {
        ClassJournal j = journal(List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)),
                List.of(mark("m1", "p1", MarkSystem.DUTY)), List.of());
        assertThat(ChangeDetector.detect(j, Map.of()).changedKeys()).doesNotContain("asurso:s1:m1");
    }

    @Test
    void aMarkGoneFromTheSourceInTheWindowIsATombstoneOutsideItIsNot() {
        ClassJournal j = journal(List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)),
                List.of(mark("m1", "p1", "5")), List.of());
        Map<String, TargetRecordRepository.Known> known = new HashMap<>();
        j.records().forEach(r -> known.put(r.key().asString(), new TargetRecordRepository.Known(1L, r.contentHash(),
                r.entityType().name(), "asurso:s1:class-1", DAY, null)));
        known.put("asurso:s1:m-gone", new TargetRecordRepository.Known(9L, "x", "MARK", "asurso:s1:class-1", DAY, null));
        known.put("asurso:s1:m-old", new TargetRecordRepository.Known(8L, "x", "MARK", "asurso:s1:class-1",
                DAY.minusDays(30), null));
        known.put("asurso:s1:m-other", new TargetRecordRepository.Known(7L, "x", "MARK", "asurso:s1:class-2", DAY, null));
        ChangeDetector.Changes c = ChangeDetector.detect(j, known);
        assertThat(c.changedKeys()).isEmpty();
        assertThat(c.deletedKeys()).containsExactly("asurso:s1:m-gone");

        // the same read, but the source sent a mark that could not be read (e.g. the value «5.5»): m-gone may be
        // that very mark, so nothing is taken out of the diary until the class reads clean
        ClassJournal withProblem = new ClassJournal(j.schoolClass(), j.from(), j.to(), j.pupils(), j.subjects(),
                j.lessons(), j.works(), j.marks(), j.attendance(), j.homework(), j.periodMarks(),
                List.of(new ru.diarybridge.model.SourceProblem("GET /webapi/grade/journal/edit?cmid=1",
                        "оценка за задание 7, ученик 1", "mark", "5.5", "оценка не целое число")));
        ChangeDetector.Changes held = ChangeDetector.detect(withProblem, known);
        assertThat(held.deletedKeys()).isEmpty();
        assertThat(held.changedKeys()).isEmpty();
    }

    @Test
    void aDeliveredPupilWhoLeavesIsWithdrawnOnce() { // 001 §3.1.2
        Person left = pupil("p1", true, EnrolmentStatus.LEFT);
        ClassJournal j = journal(List.of(left), List.of(mark("m1", "p1", "5")), List.of());
        Map<String, TargetRecordRepository.Known> known = new HashMap<>();
        known.put("asurso:s1:p1", new TargetRecordRepository.Known(3L, "old", "PERSON", "asurso:s1:class-1", null, null));
        assertThat(ChangeDetector.detect(j, known).withdrawnKeys()).containsExactly("asurso:s1:p1");
        known.put("asurso:s1:p1", new TargetRecordRepository.Known(3L, TargetRecordRepository.WITHDRAWN, "PERSON",
                "asurso:s1:class-1", null, null));
        assertThat(ChangeDetector.detect(j, known).withdrawnKeys()).isEmpty();
    }

    @Test
    void periodMarksAreReadButNotSentToTheDiary() {
        ru.diarybridge.model.PeriodMark pm = new ru.diarybridge.model.PeriodMark(key("pm-1"), key("p1"),
                key("subject-1"), key("term-1"), ru.diarybridge.model.PeriodType.QUARTER, MarkValue.five("4"), DAY);
        ClassJournal j = new ClassJournal(new SchoolClass(key("class-1"), "5а", 5, "а"), DAY, DAY,
                List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(pm), List.of());
        ChangeDetector.Changes c = ChangeDetector.detect(j, Map.of());
        assertThat(c.records()).isEqualTo(3);
        assertThat(c.changedKeys()).doesNotContain("asurso:s1:pm-1").hasSize(2);
    }

    @Test
    void aMarkInGradeOneIsNeverSentButReportedOnce() { // 001 §3.2.4.11
        SchoolClass first = new SchoolClass(key("class-1"), "1а", 1, "а");
        ClassJournal j = new ClassJournal(first, DAY, DAY, List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)),
                List.of(), List.of(new Lesson(key("cm-1"), key("class-1"), null, key("subject-1"), null, DAY, 1, "Счёт")),
                List.of(), List.of(mark("m1", "p1", "5")), List.of(), List.of(), List.of());
        ChangeDetector.Changes c = ChangeDetector.detect(j, Map.of());
        assertThat(c.changedKeys()).doesNotContain("asurso:s1:m1");
        assertThat(c.violationKeys()).containsExactly("asurso:s1:m1");

        Map<String, String> reported = Map.of("asurso:s1:m1", mark("m1", "p1", "5").contentHash());
        ChangeDetector.Changes again = ChangeDetector.detect(j, Map.of(), reported);
        assertThat(again.violationKeys()).as("reported once, not on every sync").isEmpty();
        assertThat(again.changedKeys()).doesNotContain("asurso:s1:m1");
    }

    @Test
    void aCorrectionLaterThanTwoWeeksIsSentAndFlagged() { // 001 §3.2.4.5
        Mark original = mark("m1", "p1", "3");
        Mark late = new Mark(original.key(), original.workKey(), original.lessonKey(), original.pupilKey(),
                MarkValue.five("4"), 10, DAY, DAY.plusDays(20));
        Mark inTime = new Mark(original.key(), original.workKey(), original.lessonKey(), original.pupilKey(),
                MarkValue.five("4"), 10, DAY, DAY.plusDays(10));
        Map<String, TargetRecordRepository.Known> known = Map.of(original.key().asString(),
                new TargetRecordRepository.Known(9L, original.contentHash()));
        ChangeDetector.Changes lateChanges = ChangeDetector.detect(journal(
                List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)), List.of(late), List.of()), known);
        assertThat(lateChanges.changedKeys()).contains("asurso:s1:m1");
        assertThat(lateChanges.lateCorrectionKeys()).containsExactly("asurso:s1:m1");
        assertThat(ChangeDetector.detect(journal(List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)), List.of(inTime),
                List.of()), known).lateCorrectionKeys()).isEmpty();
    }

    @Test
    void contentTheTargetRefusedIsNotOfferedAgainUntilItChanges() {
        Mark m = mark("m1", "p1", "5");
        ClassJournal j = journal(List.of(pupil("p1", true, EnrolmentStatus.ENROLLED)), List.of(m), List.of());
        assertThat(ChangeDetector.detect(j, Map.of(), Map.of("asurso:s1:m1", m.contentHash())).changedKeys())
                .doesNotContain("asurso:s1:m1");
        assertThat(ChangeDetector.detect(j, Map.of(), Map.of("asurso:s1:m1", "an older version")).changedKeys())
                .contains("asurso:s1:m1");
    }
}
