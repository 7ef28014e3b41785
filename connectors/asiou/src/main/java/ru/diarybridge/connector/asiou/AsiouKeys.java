package ru.diarybridge.connector.asiou;

import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.SourceSystem;

/** Natural keys of records from an АСИОУ export: {@code asiou:<school>:<kind>-<id in the file>}. */
public final class AsiouKeys {

    public static final String CLASS = "class";
    public static final String SUBJECT = "subject";
    public static final String PUPIL = "pupil";
    public static final String TEACHER = "teacher";
    public static final String LESSON = "lesson";
    public static final String WORK = "work";
    public static final String MARK = "mark";
    public static final String ATTENDANCE = "attendance";
    public static final String HOMEWORK = "homework";
    public static final String PERIOD = "period";
    public static final String PERIOD_MARK = "periodMark";

    private AsiouKeys() {
    }

    public static NaturalKey key(String schoolId, String kind, String id) {
        return NaturalKey.of(SourceSystem.ASIOU, schoolId, kind + "-" + id);
    }
}
