package ru.diarybridge.model;

/** Every canonical record has a natural key and a content hash over everything it says. */
public interface CanonicalRecord {

    NaturalKey key();

    EntityType entityType();

    /** SHA-256 (hex) of the record's canonical JSON form: equal content gives an equal hash. */
    default String contentHash() {
        return ContentHash.of(this);
    }
}
