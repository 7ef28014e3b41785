package ru.diarybridge.routes.school;

import java.time.ZoneId;
import java.util.Objects;
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
 * @param smev            SMEV 3 provider settings (answers parents' diary requests from Gosuslugi); null for none
 */
public record SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                             AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                             DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                             SyncWindow.OffPeak fullPullWindow, SmevSettings smev) {
    public SchoolSettings {
        lookbackDays = lookbackDays <= 0 ? 14 : lookbackDays;
        Objects.requireNonNull(schoolId, "schoolId");
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        zone = zone == null ? ZoneId.of("Europe/Samara") : zone;
    }

    /** The parameter list before SMEV. */
    public SchoolSettings(String schoolId, String name, ZoneId zone, String cron, SourceSystem sourceSystem,
                          AsursoSettings asurso, EljurSettings eljur, AsiouFolders asiou,
                          DnevnikSettings dnevnik, Long dnevnikSchoolId, int lookbackDays,
                          SyncWindow.OffPeak fullPullWindow) {
        this(schoolId, name, zone, cron, sourceSystem, asurso, eljur, asiou, dnevnik, dnevnikSchoolId, lookbackDays,
                fullPullWindow, null);
    }

    /** Answers diary requests from Gosuslugi over SMEV 3. */
    public boolean providesOverSmev() {
        return smev != null && smev.enabled();
    }

    /** АСИОУ is not polled: its exports arrive as files in the school's inbox. */
    public boolean polled() {
        return sourceSystem != SourceSystem.ASIOU;
    }

    public boolean deliversToDnevnik() {
        return dnevnik != null && dnevnikSchoolId != null;
    }

    @Override
    public String toString() {
        return "SchoolSettings[" + schoolId + ", " + sourceSystem + "]";
    }
}
