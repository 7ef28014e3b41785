package ru.diarybridge.simulator.dnevnik;

import java.time.LocalDate;

/** A mark as stored by the simulator, denormalised for assertions. */
public record SimMark(long id, long personId, String snils, long eduGroupId, String eduGroupName,
                      long subjectId, String subjectName, LocalDate date, int lessonNumber,
                      long workId, String workType, String value, String mood) {
}
