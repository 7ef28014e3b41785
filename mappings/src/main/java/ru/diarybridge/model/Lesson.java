package ru.diarybridge.model;

import java.time.LocalDate;

/**
 * One lesson in the journal: date, number in the day, subject, class (or subgroup), teacher and topic
 * (001 §3.2.4.8).
 */
public record Lesson(NaturalKey key, NaturalKey classKey, NaturalKey subgroupKey, NaturalKey subjectKey,
                     NaturalKey teacherKey, LocalDate date, int number, String topic) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.LESSON;
    }
}
