package ru.diarybridge.simulator.dnevnik;

import java.time.LocalDate;

/** A lesson as stored by the simulator. */
public record SimLesson(long id, long groupId, String groupName, long subjectId, String subjectName,
                        LocalDate date, int number, String title) {
}
