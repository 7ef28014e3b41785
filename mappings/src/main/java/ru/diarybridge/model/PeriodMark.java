package ru.diarybridge.model;

import java.time.LocalDate;

/** A period or final mark: quarter, half-year, year, exam or final (003 §3.4). */
public record PeriodMark(NaturalKey key, NaturalKey pupilKey, NaturalKey subjectKey, NaturalKey periodKey,
                         PeriodType periodType, MarkValue value, LocalDate dateSet) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.PERIOD_MARK;
    }
}
