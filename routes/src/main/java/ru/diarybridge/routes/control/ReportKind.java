package ru.diarybridge.routes.control;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodType;

/**
 * The control reports of flow 5, each with its default Quartz cron and the windows it covers when it fires on a
 * day. Period-bound reports fire daily and make something only on the days their period asks for.
 */
public enum ReportKind {
    /** 000 §6; 000 §5.2.4: weekly, the week before (Monday–Sunday). */
    WEEKLY("weekly", "0 0 6 ? * MON"),
    /** 002 §5.2: fill timeliness every 10 days, the 10 days before. */
    TEN_DAY("ten-day", "0 0 6 1,11,21 * ?"),
    /** 003 §6; 004 §8: journal fill monthly, the month before. */
    MONTHLY("monthly", "0 0 6 1 * ?"),
    /** 003 §6; 004 §8: fill and progress/attendance at the end of each quarter or half-year (the day after). */
    PERIOD("period", "0 30 6 * * ?"),
    /** 004 регламент классного руководителя п.5: per-pupil report for parents at the end of each period. */
    PARENTS("parents", "0 40 6 * * ?"),
    /** 004 регламент классного руководителя п.5: «Сводный отчет» of progress and attendance at year end. */
    YEAR("year", "0 50 6 * * ?"),
    /** 003 §5.2: preliminary reports 2 weeks before a period ends. */
    PRELIMINARY("preliminary", "0 0 7 * * ?");

    /** A window a report covers; {@code period} for the period-bound ones. */
    public record Window(LocalDate from, LocalDate to, Period period) {
    }

    private final String code;
    private final String defaultCron;

    ReportKind(String code, String defaultCron) {
        this.code = code;
        this.defaultCron = defaultCron;
    }

    public String code() {
        return code;
    }

    public String defaultCron() {
        return defaultCron;
    }

    public static Optional<ReportKind> fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equalsIgnoreCase(code == null ? "" : code.strip()))
                .findFirst();
    }

    /** What this report covers when it fires on {@code today}; empty when nothing is due. */
    public List<Window> windows(LocalDate today, List<Period> periods) {
        List<Window> out = new ArrayList<>();
        switch (this) {
            case WEEKLY -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
                out.add(new Window(monday, monday.plusDays(6), null));
            }
            case TEN_DAY -> out.add(new Window(today.minusDays(10), today.minusDays(1), null));
            case MONTHLY -> {
                LocalDate first = today.withDayOfMonth(1).minusMonths(1);
                out.add(new Window(first, first.with(TemporalAdjusters.lastDayOfMonth()), null));
            }
            case PERIOD, PARENTS -> terms(periods).stream().filter(p -> p.end().plusDays(1).equals(today))
                    .forEach(p -> out.add(new Window(p.start(), p.end(), p)));
            case YEAR -> periods.stream().filter(p -> p.type() == PeriodType.YEAR && p.end().plusDays(1).equals(today))
                    .forEach(p -> out.add(new Window(p.start(), p.end(), p)));
            case PRELIMINARY -> terms(periods).stream().filter(p -> p.end().minusDays(14).equals(today))
                    .forEach(p -> out.add(new Window(p.start(), today, p)));
            default -> throw new IllegalStateException(name());
        }
        return out;
    }

    private static List<Period> terms(List<Period> periods) {
        return periods.stream().filter(p -> p.type() == PeriodType.QUARTER || p.type() == PeriodType.HALF_YEAR)
                .toList();
    }

    /** Whether a class takes part in a period-bound report: quarters for grades 1–9, half-years for 10–11. */
    public static boolean classInPeriod(int grade, Period period) {
        if (period == null || period.type() == PeriodType.YEAR) {
            return true;
        }
        return grade >= 10 ? period.type() == PeriodType.HALF_YEAR : period.type() == PeriodType.QUARTER;
    }
}
