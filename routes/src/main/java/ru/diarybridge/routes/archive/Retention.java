package ru.diarybridge.routes.archive;

import java.time.LocalDate;

/** How long a kind of archive file is kept, counted from the end of its school year (004 §9.2). */
public enum Retention {
    /** Class journals: 5 years, then destroyed by an act. */
    JOURNAL_5Y(5, "журнал, 5 лет"),
    /** Summary sheets and the year's class reports: at least 25 years. */
    SUMMARY_25Y(25, "сводная ведомость, не менее 25 лет"),
    /** The half-yearly data export: kept as long as the journals it copies. */
    EXPORT_5Y(5, "выгрузка данных, 5 лет"),
    /** Manifests: as long as the longest-kept file they cover. */
    MANIFEST_25Y(25, "манифест, не менее 25 лет"),
    /** Acts of destruction: as long as the manifests that list the files they name. */
    ACT_25Y(25, "акт о выделении к уничтожению, не менее 25 лет");

    private final int years;
    private final String russian;

    Retention(int years, String russian) {
        this.years = years;
        this.russian = russian;
    }

    public int years() {
        return years;
    }

    public String russian() {
        return russian;
    }

    public LocalDate until(LocalDate schoolYearEnd) {
        return schoolYearEnd.plusYears(years);
    }

    /** Files whose term ends by an act of destruction (the others are handed to the state archive). */
    public boolean destroyedByAct() {
        return this == JOURNAL_5Y || this == EXPORT_5Y;
    }
}
