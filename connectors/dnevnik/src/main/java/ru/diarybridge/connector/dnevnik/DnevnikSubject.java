package ru.diarybridge.connector.dnevnik;

/** A school subject. */
public record DnevnikSubject(long id, String name) {
}
