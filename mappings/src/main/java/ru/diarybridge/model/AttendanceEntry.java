package ru.diarybridge.model;

/** A pupil's attendance mark on a lesson. */
public record AttendanceEntry(NaturalKey key, NaturalKey lessonKey, NaturalKey pupilKey, AttendanceCode code,
                              String comment) implements CanonicalRecord {
    @Override
    public EntityType entityType() {
        return EntityType.ATTENDANCE;
    }
}
