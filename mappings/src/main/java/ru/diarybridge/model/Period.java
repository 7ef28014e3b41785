package ru.diarybridge.model;

import java.time.LocalDate;

/** A reporting period of a school year: «1 четверть», «2 полугодие», the year. */
public record Period(NaturalKey key, NaturalKey schoolYearKey, PeriodType type, int number, String name,
                     LocalDate start, LocalDate end) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.PERIOD;
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }
}
