package ru.diarybridge.routes.school;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import ru.diarybridge.connector.asurso.AsursoSettings;
import ru.diarybridge.connector.dnevnik.DnevnikSettings;
import ru.diarybridge.connector.eljur.EljurSettings;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.smev.SmevSettings;
import ru.diarybridge.routes.sync.SyncWindow;

/**
 * One configured school, as the routes need it: where its journal is, when to sync it and where to deliver.
 * Built and validated from {@code config/schools/<id>.yml} by the application.
 *
 * @param asurso          АСУ РСО settings when the source is asurso, else null
 * @param eljur           ЭлЖур settings when the source is eljur, else null
 * @param asiou           the file folders when the source is asiou (exports dropped by the school), else null
 * @param dnevnikSchoolId the school's id in Dnevnik.ru; null when the school does not deliver there
 * @param lookbackDays    how far back from its cursor a regular run reads (default 14: 001 §3.2.4.5)
 * @param fullPullWindow  daily off-peak window in which one full pull of the school year runs; null for none
 * @param blackoutDates   dates (in the school's zone) on which the schedule starts no sync; a manual start still runs
 * @param contactEmails   {@code contacts.emails}: whom to write about this school (reports, alerts)
 * @param sourceFile      the school's YAML file; null when built in code
 * @param archive         the {@code archive} section (schedule of the period archive); defaults when absent
 * @param reports         control reports: recipients, enabled reports, cron overrides (never null)
 * @param smev            SMEV 3 provider settings (answers parents' diary requests from Gosuslugi); null for none
 */
public record SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                             AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                             DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                             SyncWindow.OffPeak fullPullWindow, Set<LocalDate> blackoutDates,
                             List<String> contactEmails, Path sourceFile, ArchiveSettings archive,
                             ReportSettings reports, SmevSettings smev) {

    /** The parameter list before {@code smev}: no SMEV. */
    public SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                          AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                          DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                          SyncWindow.OffPeak fullPullWindow, Set<LocalDate> blackoutDates,
                          List<String> contactEmails, Path sourceFile, ArchiveSettings archive,
                          ReportSettings reports) {
        this(schoolId, name, zone, cron, sourceSystem, asurso, eljur, asiou, dnevnik, dnevnikSchoolId, lookbackDays,
                fullPullWindow, blackoutDates, contactEmails, sourceFile, archive, reports, null);
    }

    /** The parameter list before {@code reports}: no control reports. */
    public SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                          AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                          DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                          SyncWindow.OffPeak fullPullWindow, Set<LocalDate> blackoutDates,
                          List<String> contactEmails, Path sourceFile, ArchiveSettings archive) {
        this(schoolId, name, zone, cron, sourceSystem, asurso, eljur, asiou, dnevnik, dnevnikSchoolId, lookbackDays,
                fullPullWindow, blackoutDates, contactEmails, sourceFile, archive, null);
    }

    /** The parameter list before {@code archive}: the archive with its defaults. */
    public SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                          AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                          DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                          SyncWindow.OffPeak fullPullWindow, Set<LocalDate> blackoutDates,
                          List<String> contactEmails, Path sourceFile) {
        this(schoolId, name, zone, cron, sourceSystem, asurso, eljur, asiou, dnevnik, dnevnikSchoolId, lookbackDays,
                fullPullWindow, blackoutDates, contactEmails, sourceFile, null, null);
    }

    public SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                          AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                          DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                          SyncWindow.OffPeak fullPullWindow) {
        this(schoolId, name, zone, cron, sourceSystem, asurso, eljur, asiou, dnevnik, dnevnikSchoolId, lookbackDays,
                fullPullWindow, Set.of(), List.of(), null, null, null, null);
    }

    public SchoolSettings {
        blackoutDates = blackoutDates == null ? Set.of() : Set.copyOf(blackoutDates);
        contactEmails = contactEmails == null ? List.of() : List.copyOf(contactEmails);
        archive = archive == null ? ArchiveSettings.DEFAULT : archive;
        reports = reports == null ? ReportSettings.NONE : reports;
        lookbackDays = lookbackDays <= 0 ? 14 : lookbackDays;
        Objects.requireNonNull(schoolId, "schoolId");
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        zone = zone == null ? ZoneId.of("Europe/Samara") : zone;
    }

    /** Answers diary requests from Gosuslugi over SMEV 3. */
    public boolean providesOverSmev() {
        return smev != null && smev.enabled();
    }

    /** АСИОУ is not polled: its exports arrive as files in the school's inbox. */
    public boolean polled() {
        return sourceSystem != SourceSystem.ASIOU;
    }

    /** No scheduled sync on this date (a holiday, the last day of a term being closed, …). */
    public boolean blackout(LocalDate date) {
        return blackoutDates.contains(date);
    }

    public boolean deliversToDnevnik() {
        return dnevnik != null && dnevnikSchoolId != null;
    }

    @Override
    public String toString() {
        return "SchoolSettings[" + schoolId + ", " + sourceSystem + "]";
    }
}
