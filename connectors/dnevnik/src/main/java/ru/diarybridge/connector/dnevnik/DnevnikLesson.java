package ru.diarybridge.connector.dnevnik;

import java.time.LocalDate;

/** A lesson; {@code title} is the lesson topic. */
public record DnevnikLesson(long id, long groupId, long subjectId, LocalDate date, int number, String title) {
}
