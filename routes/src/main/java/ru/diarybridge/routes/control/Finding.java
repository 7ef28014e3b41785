package ru.diarybridge.routes.control;

import java.time.LocalDate;

/**
 * One breach of a regulation found in the synced journal. Holds ids only (class, subject, lesson, teacher,
 * pupil), never names: the text is shown to school staff and may be logged.
 *
 * @param recordKey the record that breaks the rule (mark, work, lesson, attendance entry, period mark); with
 *                  schoolId and ruleCode it identifies the finding, so a re-sync does not repeat it
 * @param lessonDate the lesson's date, or the period's end for a period mark
 */
public record Finding(String schoolId, String classKey, String className, String subjectKey, String teacherKey,
                      String lessonKey, LocalDate lessonDate, String pupilKey, String recordKey, String ruleCode,
                      String clause, String text, LocalDate firstSeen) {

    public String dedupKey() {
        return schoolId + "|" + ruleCode + "|" + recordKey;
    }
}
