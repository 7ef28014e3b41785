package ru.diarybridge.mapping.asurso;

import ru.diarybridge.mapping.TextNormalizer;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.WorkForm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * NetSchool (АСУ РСО) values to canonical ones. NetSchool type ids differ between servers, so work forms are
 * mapped by the type's name from {@code grade/assignment/types} (facts §1.6), never by id.
 */
public final class AsursoMapping {

    private static final Map<String, WorkForm> FORMS_BY_NAME = new LinkedHashMap<>();

    static {
        FORMS_BY_NAME.put("ответ на уроке", WorkForm.ANSWER_IN_CLASS);
        FORMS_BY_NAME.put("контрольная работа", WorkForm.TEST);
        FORMS_BY_NAME.put("самостоятельная работа", WorkForm.INDEPENDENT_WORK);
        FORMS_BY_NAME.put("практическая работа", WorkForm.PRACTICAL_WORK);
        FORMS_BY_NAME.put("лабораторная работа", WorkForm.LABORATORY_WORK);
        FORMS_BY_NAME.put("диктант", WorkForm.DICTATION);
        FORMS_BY_NAME.put("сочинение", WorkForm.ESSAY);
        FORMS_BY_NAME.put("домашнее задание", WorkForm.HOMEWORK);
    }

    private AsursoMapping() {
    }

    public static WorkForm workForm(String typeName) {
        return FORMS_BY_NAME.getOrDefault(TextNormalizer.forMatching(typeName), WorkForm.OTHER);
    }

    /**
     * NetSchool marks are ints 1..maxMark; {@code duty} is «точка» (owed work). Returns empty when the result
     * carries neither.
     */
    public static Optional<MarkValue> markValue(Integer mark, boolean duty, int maxMark) {
        if (duty) {
            return Optional.of(new MarkValue(maxMark == 10 ? MarkSystem.TEN_POINT : MarkSystem.FIVE_POINT,
                    MarkSystem.DUTY));
        }
        if (mark == null) {
            return Optional.empty();
        }
        MarkSystem system = maxMark == 10 ? MarkSystem.TEN_POINT : MarkSystem.FIVE_POINT;
        return Optional.of(new MarkValue(system, Integer.toString(mark)));
    }

    /** NetSchool attendance reason marks: Н, УП, Б, НП, ОТ, ОП, ОСВ (facts §1.8). */
    public static Optional<AttendanceCode> attendance(String reasonMark) {
        return AttendanceCode.fromCode(reasonMark);
    }
}
