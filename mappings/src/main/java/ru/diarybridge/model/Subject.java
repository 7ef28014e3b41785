package ru.diarybridge.model;

/** A school subject, e.g. «Русский язык». */
public record Subject(NaturalKey key, String name, String shortName) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.SUBJECT;
    }
}
