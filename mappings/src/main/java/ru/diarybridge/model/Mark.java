package ru.diarybridge.model;

import java.time.LocalDate;

/**
 * A current mark for a work. {@code dateSet} is when it was entered, {@code dateCorrected} when it was last
 * changed (null if never): the regulation checks need both (001 §3.2.4.5, 004 §7.4).
 */
public record Mark(NaturalKey key, NaturalKey workKey, NaturalKey lessonKey, NaturalKey pupilKey, MarkValue value,
                   int weight, LocalDate dateSet, LocalDate dateCorrected) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.MARK;
    }
}
