package ru.diarybridge.connector.dnevnik;

/** A mark of one person for one work. */
public record DnevnikMark(long id, long personId, long workId, String value, String mood) {
}
