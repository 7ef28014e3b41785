package ru.diarybridge.routes.sync;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Which dates a sync reads. A regular (incremental) run reads from its cursor — the date of the school's last
 * completed run — minus the look-back, to the end of the current week: marks may be entered up to 7 days late
 * (004 §7.4) and corrected within 2 weeks (001 §3.2.4.5), so a look-back of 14 days catches them, and a week the
 * adapter was down is read again rather than skipped. Once a day, inside the school's off-peak window, a full pull
 * reads the school year from 1 September, so that the bulk read does not load the regional server in school hours.
 */
public final class SyncWindow {

    /** The dates to read; {@code today} becomes the cursor when the run completes. */
    public record Window(LocalDate from, LocalDate to, LocalDate today, boolean full) {
    }

    /** A daily time window, possibly across midnight ("22:00-06:00"). */
    public record OffPeak(LocalTime start, LocalTime end) {
        public static OffPeak parse(String text) {
            String[] parts = text.trim().split("\\s*-\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException("ожидается ЧЧ:ММ-ЧЧ:ММ");
            }
            return new OffPeak(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
        }

        public boolean contains(LocalTime t) {
            return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        }

        /** The start of the window occurrence that contains (or last began before) {@code now}. */
        ZonedDateTime lastStart(ZonedDateTime now) {
            ZonedDateTime s = now.with(start);
            return s.isAfter(now) ? s.minusDays(1) : s;
        }
    }

    private final Clock clock;
    private final LocalDate fixedDate;

    /** @param fixedDate read as if today were this date (tests, demos of a given week); may be null */
    public SyncWindow(Clock clock, LocalDate fixedDate) {
        this.clock = clock;
        this.fixedDate = fixedDate;
    }

    public LocalDate today(ZoneId zone) {
        return fixedDate != null ? fixedDate : LocalDate.now(clock.withZone(zone));
    }

    /**
     * @param cursor       the {@code today} of the school's last completed run, or null before the first
     * @param lookbackDays how far back a mark may still change
     * @param lastFullPull when the last completed full pull started, or null
     * @param offPeak      the school's window for full pulls, or null for none
     */
    public Window window(ZoneId zone, LocalDate cursor, int lookbackDays, Instant lastFullPull, OffPeak offPeak) {
        LocalDate today = today(zone);
        LocalDate weekEnd = today.with(DayOfWeek.MONDAY).plusDays(6);
        LocalDate yearStart = LocalDate.of(today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1, 9, 1);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        if (offPeak != null && offPeak.contains(now.toLocalTime())
                && (lastFullPull == null || lastFullPull.isBefore(offPeak.lastStart(now).toInstant()))) {
            return new Window(yearStart.isAfter(today) ? today.with(DayOfWeek.MONDAY) : yearStart, weekEnd, today, true);
        }
        LocalDate base = cursor == null || cursor.isAfter(today) ? today : cursor;
        LocalDate from = base.minusDays(lookbackDays);
        if (from.isBefore(yearStart) && !yearStart.isAfter(today)) {
            from = yearStart;
        }
        LocalDate monday = today.with(DayOfWeek.MONDAY);
        return new Window(from.isAfter(monday) ? monday : from, weekEnd, today, false);
    }
}
