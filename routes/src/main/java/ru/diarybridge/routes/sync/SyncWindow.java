package ru.diarybridge.routes.sync;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;

/** The dates a sync reads: the current school week (Monday–Sunday) in the school's zone. */
public final class SyncWindow {

    private final Clock clock;
    private final LocalDate fixedDate;

    /** @param fixedDate read the week of this date instead of today's (tests, demos of a past week); may be null */
    public SyncWindow(Clock clock, LocalDate fixedDate) {
        this.clock = clock;
        this.fixedDate = fixedDate;
    }

    public LocalDate from(ZoneId zone) {
        LocalDate today = fixedDate != null ? fixedDate : LocalDate.now(clock.withZone(zone));
        return today.with(DayOfWeek.MONDAY);
    }

    public LocalDate to(ZoneId zone) {
        return from(zone).plusDays(6);
    }
}
