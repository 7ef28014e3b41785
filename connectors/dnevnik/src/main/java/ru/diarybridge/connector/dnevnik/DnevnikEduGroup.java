package ru.diarybridge.connector.dnevnik;

/** A class or subgroup (EduGroup). */
public record DnevnikEduGroup(long id, String name) {
}
