package ru.diarybridge.connector.dnevnik;

/** A gradable activity within a lesson. */
public record DnevnikWork(long id, long lessonId, String type, String text) {
}
