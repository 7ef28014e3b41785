package ru.diarybridge.model;

import java.time.LocalDate;

/** A school year, e.g. «2026/2027», 1 September to 31 August. */
public record SchoolYear(NaturalKey key, String name, LocalDate start, LocalDate end) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.SCHOOL_YEAR;
    }
}
