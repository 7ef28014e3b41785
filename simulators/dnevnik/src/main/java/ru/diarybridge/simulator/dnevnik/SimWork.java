package ru.diarybridge.simulator.dnevnik;

import java.time.LocalDate;

/** A work (gradable activity) as stored by the simulator. */
public record SimWork(long id, long lessonId, long eduGroupId, long subjectId, String type, String text,
                      String markType, LocalDate targetDate) {
}
