package ru.diarybridge.model;

/** A subgroup of a class for one subject, e.g. «5а/Английский язык, 1 группа». */
public record Subgroup(NaturalKey key, NaturalKey classKey, NaturalKey subjectKey, String name)
        implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.SUBGROUP;
    }
}
