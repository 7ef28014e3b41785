package ru.diarybridge.connector.dnevnik;

/** An attendance entry of one person in one lesson. */
public record DnevnikLogEntry(long personId, long lessonId, String status, String comment) {
}
