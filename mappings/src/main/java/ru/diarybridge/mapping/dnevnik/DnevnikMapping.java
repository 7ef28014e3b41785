package ru.diarybridge.mapping.dnevnik;

import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.WorkForm;

/**
 * Canonical values to Dnevnik.ru API v2 values (target-systems.md §1.3–1.4).
 * Lesson log statuses are Attend / Absent / Ill / Late / Pass; the original code travels in the comment.
 */
public final class DnevnikMapping {

    private DnevnikMapping() {
    }

    public static String attendanceStatus(AttendanceCode code) {
        return switch (code.kind()) {
            case ABSENT -> "Absent";
            case ILL -> "Ill";
            case EXCUSED -> "Pass";
            case LATE -> "Late";
        };
    }

    /** The comment keeps our exact code so that nothing is lost in the coarser target status. */
    public static String attendanceComment(AttendanceCode code, String comment) {
        String base = "код: " + code.code();
        return comment == null || comment.isBlank() ? base : base + "; " + comment;
    }

    /** Dnevnik's mark mood: Good / Average / Bad / NotSet. */
    public static String mood(MarkValue value) {
        int n = MarkSystem.numeric(value.value());
        if (n < 0) {
            return "NotSet";
        }
        return switch (value.system()) {
            case FIVE_POINT -> n >= 4 ? "Good" : n == 3 ? "Average" : "Bad";
            case TEN_POINT -> n >= 7 ? "Good" : n >= 4 ? "Average" : "Bad";
            case PASS_FAIL -> "NotSet";
        };
    }

    /** Dnevnik's mark type name for a system ({@code marks/values} keys). */
    public static String markType(MarkSystem system) {
        return system.code();
    }

    /** Work type names as a school's {@code work-types} list usually has them. */
    public static String workTypeTitle(WorkForm form) {
        return form.russian();
    }
}
