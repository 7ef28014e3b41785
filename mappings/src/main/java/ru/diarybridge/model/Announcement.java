package ru.diarybridge.model;

import java.time.OffsetDateTime;

/** A school announcement shown to families. */
public record Announcement(NaturalKey key, String title, String text, OffsetDateTime publishedAt, String audience)
        implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.ANNOUNCEMENT;
    }
}
