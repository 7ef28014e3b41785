package ru.diarybridge.model;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalModelTest {

    private static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, "school-107", id);
    }

    private static Mark mark(String value, LocalDate corrected) {
        return new Mark(key("mark-1"), key("work-1"), key("lesson-1"), key("pupil-1"), MarkValue.five(value), 10,
                LocalDate.of(2026, 11, 16), corrected);
    }

    @Test
    void naturalKeyRoundTripsThroughItsText() {
        NaturalKey k = key("cm-224102627:as-1");
        assertThat(k.asString()).isEqualTo("asurso:school-107:cm-224102627:as-1");
        assertThat(NaturalKey.parse(k.asString())).isEqualTo(k);
    }

    @Test
    void naturalKeyRejectsBlankParts() {
        assertThatThrownBy(() -> NaturalKey.of(SourceSystem.ASURSO, " ", "1"))
                .hasMessageContaining("schoolId");
        assertThatThrownBy(() -> NaturalKey.parse("nonsense")).hasMessageContaining("not a natural key");
    }

    @Test
    void equalContentGivesEqualHashAndAnyChangeChangesIt() {
        assertThat(mark("5", null).contentHash()).isEqualTo(mark("5", null).contentHash()).hasSize(64);
        assertThat(mark("4", null).contentHash()).isNotEqualTo(mark("5", null).contentHash());
        // a correction of the same value is still a change: the correction date is content (001 §3.2.4.5)
        assertThat(mark("5", LocalDate.of(2026, 11, 18)).contentHash()).isNotEqualTo(mark("5", null).contentHash());
    }

    @Test
    void hashDoesNotDependOnListOrderOfUnrelatedRecordsButOnFieldValues() {
        Person a = pupil("Иванов", Consent.givenOn(LocalDate.of(2026, 9, 1), "согласие 12"));
        Person b = pupil("Иванов", Consent.givenOn(LocalDate.of(2026, 9, 1), "согласие 12"));
        assertThat(a.contentHash()).isEqualTo(b.contentHash());
        assertThat(pupil("Петров", a.consent()).contentHash()).isNotEqualTo(a.contentHash());
    }

    @Test
    void personNeverPrintsPersonalData() {
        Person p = pupil("Иванов", Consent.NONE);
        assertThat(p.toString()).doesNotContain("Иванов").doesNotContain("123-456-789 01");
    }

    @Test
    void onlyEnrolledPupilsWithConsentMayBeExported() { // 001 §3.1.2
        assertThat(pupil("Иванов", Consent.givenOn(LocalDate.of(2026, 9, 1), "1")).mayBeExported()).isTrue();
        assertThat(pupil("Иванов", Consent.NONE).mayBeExported()).isFalse();
        Person left = new Person(key("p"), PersonRole.PUPIL, "Иванов", "Иван", null, null, null, key("c"), List.of(),
                Consent.givenOn(LocalDate.of(2026, 9, 1), "1"),
                new Enrolment(EnrolmentStatus.LEFT, LocalDate.of(2020, 9, 1), LocalDate.of(2026, 11, 1), "приказ 5"));
        assertThat(left.mayBeExported()).isFalse();
    }

    @Test
    void markValuesAreCheckedAgainstTheirSystem() {
        assertThat(MarkValue.five("4-").value()).isEqualTo("4-");
        assertThat(MarkValue.five(MarkSystem.NOT_CERTIFIED).value()).isEqualTo("н/а");
        assertThatThrownBy(() -> MarkValue.five("7")).hasMessageContaining("'7' is not a value of mark system mark5");
        assertThat(MarkSystem.numeric("4-")).isEqualTo(4);
        assertThat(MarkSystem.numeric("зач")).isEqualTo(-1);
        assertThat(MarkSystem.FIVE_POINT.unsatisfactory("2+")).isTrue(); // 001 §4.1
        assertThat(MarkSystem.FIVE_POINT.unsatisfactory("3")).isFalse();
    }

    @Test
    void everyAttendanceCodeOfTheSeedsIsKnownAndCaseMatters() {
        // 001 §3.2.4.9; 003 §5.2 (классный руководитель а); 004 регламент
        for (String code : List.of("н", "Б", "У", "Н", "О", "УП", "НП", "ОТ", "ОП")) {
            assertThat(AttendanceCode.fromCode(code)).as(code).isPresent();
            assertThat(AttendanceCode.fromCode(code).get().code()).isEqualTo(code);
        }
        assertThat(AttendanceCode.fromCode("н").get()).isEqualTo(AttendanceCode.ABSENT_LOWER);
        assertThat(AttendanceCode.fromCode("Н").get()).isEqualTo(AttendanceCode.ABSENT);
        assertThat(AttendanceCode.fromCode("ОСВ").get().allowed()).isFalse(); // 004: «осв» not allowed
        assertThat(AttendanceCode.fromCode("X")).isEmpty();
    }

    @Test
    void gradeOutsideOneToElevenIsRejected() {
        assertThatThrownBy(() -> new SchoolClass(key("c"), "12а", 12, "а")).hasMessageContaining("12а");
    }

    @Test
    void classJournalListsRecordsInTargetOrder() {
        SchoolClass c = new SchoolClass(key("c5a"), "5а", 5, "а");
        Lesson l = new Lesson(key("l1"), c.key(), null, key("s1"), key("t1"), LocalDate.of(2026, 11, 16), 1, "Дроби");
        ClassJournal j = new ClassJournal(c, l.date(), l.date(), List.of(pupil("Иванов", Consent.NONE)), List.of(),
                List.of(l), List.of(), List.of(mark("5", null)), List.of(), List.of(), List.of());
        assertThat(j.records()).extracting(CanonicalRecord::entityType)
                .containsExactly(EntityType.SCHOOL_CLASS, EntityType.PERSON, EntityType.LESSON, EntityType.MARK);
    }

    private static Person pupil(String lastName, Consent consent) {
        return new Person(key("pupil-1"), PersonRole.PUPIL, lastName, "Иван", "Петрович", LocalDate.of(2015, 3, 1),
                "123-456-789 01", key("c5a"), List.of(), consent, Enrolment.enrolled(LocalDate.of(2022, 9, 1), "приказ 1"));
    }
}
