package ru.diarybridge.routes.archive;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodType;

/**
 * One reporting period the archive is made for: a quarter (grades 2–9), a half-year (grades 10–11) or the school
 * year (all grades), with the days its archive is due: days 1–5 of the holidays after it ends (003 §4).
 *
 * @param key        the source's period key (for a year the source does not list, one derived from the year key)
 * @param type       QUARTER, HALF_YEAR or YEAR
 * @param schoolYear the year the school year starts in (2026 for 2026/2027)
 */
public record ArchivePeriod(NaturalKey key, PeriodType type, int number, String name, int schoolYear,
                            LocalDate start, LocalDate end) {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    /** Days of the holidays after the period's end on which its archive is made (003 §4: days 1–5). */
    public static final int DUE_DAYS = 5;

    public boolean covers(int grade) {
        return switch (type) {
            case QUARTER -> grade >= 2 && grade <= 9;
            case HALF_YEAR -> grade >= 10 && grade <= 11;
            default -> true;
        };
    }

    /** 2026-2027 */
    public String yearFolder() {
        return schoolYear + "-" + (schoolYear + 1);
    }

    /** q1..q4, h1, h2, year */
    public String folder() {
        return switch (type) {
            case QUARTER -> "q" + number;
            case HALF_YEAR -> "h" + number;
            default -> "year";
        };
    }

    /** «1 четверть 2026/2027 учебного года (01.09.2026–25.10.2026)» */
    public String title() {
        if (type == PeriodType.YEAR) {
            return schoolYear + "/" + (schoolYear + 1) + " учебный год (" + start.format(DATE) + "–"
                    + end.format(DATE) + ")";
        }
        return name + " " + schoolYear + "/" + (schoolYear + 1) + " учебного года (" + start.format(DATE) + "–"
                + end.format(DATE) + ")";
    }

    public LocalDate firstDueDay() {
        return end.plusDays(1);
    }

    public boolean dueOn(LocalDate day) {
        return !day.isBefore(firstDueDay()) && !day.isAfter(end.plusDays(DUE_DAYS));
    }

    /** The last day of the school year (31 August), from which retention terms count. */
    public LocalDate schoolYearEnd() {
        return LocalDate.of(schoolYear + 1, 8, 31);
    }

    public static int schoolYearOf(LocalDate day) {
        return day.getMonthValue() >= 8 ? day.getYear() : day.getYear() - 1;
    }

    /**
     * The archive periods of a school from its source periods: every quarter and half-year, and per school year
     * its YEAR period (the source's, or one spanning the year's quarters and half-years when the source has none).
     */
    public static List<ArchivePeriod> of(List<Period> periods) {
        List<ArchivePeriod> out = new ArrayList<>();
        Map<Integer, List<Period>> byYear = new LinkedHashMap<>();
        for (Period p : periods) {
            int year = schoolYearOf(p.start());
            switch (p.type()) {
                case QUARTER, HALF_YEAR -> {
                    out.add(new ArchivePeriod(p.key(), p.type(), p.number(), nameOf(p), year, p.start(), p.end()));
                    byYear.computeIfAbsent(year, y -> new ArrayList<>()).add(p);
                }
                case YEAR -> out.add(new ArchivePeriod(p.key(), PeriodType.YEAR, 1, "Учебный год", year, p.start(),
                        p.end()));
                default -> { }
            }
        }
        for (Map.Entry<Integer, List<Period>> e : byYear.entrySet()) {
            int year = e.getKey();
            boolean listed = out.stream().anyMatch(a -> a.type() == PeriodType.YEAR && a.schoolYear() == year);
            if (!listed) {
                List<Period> ps = e.getValue();
                Period first = ps.get(0);
                LocalDate start = ps.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow();
                LocalDate end = ps.stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow();
                NaturalKey yearKey = first.schoolYearKey() != null ? first.schoolYearKey()
                        : new NaturalKey(first.key().system(), first.key().schoolId(), "year-" + year);
                out.add(new ArchivePeriod(new NaturalKey(yearKey.system(), yearKey.schoolId(),
                        yearKey.sourceId() + "/year"), PeriodType.YEAR, 1, "Учебный год", year, start, end));
            }
        }
        out.sort(Comparator.comparing(ArchivePeriod::end).thenComparing(a -> a.type().ordinal()));
        return out;
    }

    private static String nameOf(Period p) {
        if (p.name() != null && !p.name().isBlank()) {
            return p.name().strip();
        }
        return p.number() + " " + p.type().russian();
    }
}
