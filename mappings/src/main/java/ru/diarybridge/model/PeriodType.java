package ru.diarybridge.model;

/** Reporting periods: quarters for grades 2–9, half-years for 10–11, then year, exam and final (003 §3.4). */
public enum PeriodType {
    QUARTER("четверть"),
    HALF_YEAR("полугодие"),
    YEAR("год"),
    EXAM("экзамен"),
    FINAL("итоговая");

    private final String russian;

    PeriodType(String russian) {
        this.russian = russian;
    }

    public String russian() {
        return russian;
    }
}
