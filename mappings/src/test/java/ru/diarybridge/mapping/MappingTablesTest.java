package ru.diarybridge.mapping;

import org.junit.jupiter.api.Test;
import ru.diarybridge.mapping.asurso.AsursoMapping;
import ru.diarybridge.mapping.dnevnik.DnevnikMapping;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.WorkForm;

import static org.assertj.core.api.Assertions.assertThat;

class MappingTablesTest {

    @Test
    void namesAreMatchedWhateverTheirSpelling() {
        assertThat(TextNormalizer.sameName("МБОУ «Школа № 3»", "мбоу \"школа n 3\"")).isTrue();
        assertThat(TextNormalizer.sameName("Естествознание", "Естествознание ")).isTrue();
        assertThat(TextNormalizer.sameName("Ёлкин", "Елкин")).isTrue();
        assertThat(TextNormalizer.sameName("5а", "5б")).isFalse();
    }

    @Test
    void everyAttendanceCodeHasADnevnikStatusAndKeepsItsCode() {
        assertThat(DnevnikMapping.attendanceStatus(AttendanceCode.ABSENT_LOWER)).isEqualTo("Absent");
        assertThat(DnevnikMapping.attendanceStatus(AttendanceCode.ILL)).isEqualTo("Ill");
        assertThat(DnevnikMapping.attendanceStatus(AttendanceCode.EXCUSED_ABSENCE)).isEqualTo("Pass");
        assertThat(DnevnikMapping.attendanceStatus(AttendanceCode.LATE_OP)).isEqualTo("Late");
        for (AttendanceCode code : AttendanceCode.values()) {
            assertThat(DnevnikMapping.attendanceStatus(code)).isIn("Absent", "Ill", "Pass", "Late");
            assertThat(DnevnikMapping.attendanceComment(code, null)).contains(code.code());
        }
    }

    @Test
    void moodFollowsTheValue() {
        assertThat(DnevnikMapping.mood(MarkValue.five("5"))).isEqualTo("Good");
        assertThat(DnevnikMapping.mood(MarkValue.five("3+"))).isEqualTo("Average");
        assertThat(DnevnikMapping.mood(MarkValue.five("2"))).isEqualTo("Bad");
        assertThat(DnevnikMapping.mood(MarkValue.five("н/а"))).isEqualTo("NotSet");
    }

    @Test
    void netSchoolWorkTypesMapByNameNotId() {
        assertThat(AsursoMapping.workForm("Домашнее задание")).isEqualTo(WorkForm.HOMEWORK);
        assertThat(AsursoMapping.workForm("Контрольная  работа")).isEqualTo(WorkForm.TEST);
        assertThat(AsursoMapping.workForm("Проект")).isEqualTo(WorkForm.OTHER);
    }

    @Test
    void netSchoolMarksAndDutyMarks() {
        assertThat(AsursoMapping.markValue(4, false, 5)).contains(MarkValue.five("4"));
        assertThat(AsursoMapping.markValue(null, true, 5)).contains(new MarkValue(MarkSystem.FIVE_POINT, "точка"));
        assertThat(AsursoMapping.markValue(null, false, 5)).isEmpty();
        assertThat(AsursoMapping.attendance("УП")).contains(AttendanceCode.EXCUSED_ABSENCE);
    }
}
