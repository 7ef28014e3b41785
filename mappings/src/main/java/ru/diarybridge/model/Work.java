package ru.diarybridge.model;

/**
 * A gradable activity in a lesson, or its homework. {@code title} is what the teacher wrote
 * (e.g. «Контрольная работа № 1 по теме «Дроби»»).
 */
public record Work(NaturalKey key, NaturalKey lessonKey, WorkForm form, String title, int weight)
        implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.WORK;
    }
}
