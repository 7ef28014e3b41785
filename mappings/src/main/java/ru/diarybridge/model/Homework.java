package ru.diarybridge.model;

import java.time.LocalDate;

/** Homework set in a lesson, due on {@code dueDate}; {@code individual} when set for one pupil only. */
public record Homework(NaturalKey key, NaturalKey lessonKey, NaturalKey workKey, String text, LocalDate dueDate,
                       boolean individual) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.HOMEWORK;
    }
}
