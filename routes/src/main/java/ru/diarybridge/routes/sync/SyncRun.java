package ru.diarybridge.routes.sync;

import java.time.Duration;
import java.time.Instant;

/** One row of {@code sync_run}. */
public record SyncRun(String id, String schoolId, String trigger, SyncRunRepository.Status status, Instant startedAt,
                      Instant finishedAt, int classesRead, int pupilsRead, int lessonsRead, int marksRead,
                      int recordsRead, int recordsChanged, int delivered, int rejected, int withheld, int deleted,
                      int withdrawn, int batchesTotal, int batchesDone, String error, boolean unchanged) {

    public SyncRun(String id, String schoolId, String trigger, SyncRunRepository.Status status, Instant startedAt,
                   Instant finishedAt, int classesRead, int pupilsRead, int lessonsRead, int marksRead,
                   int recordsRead, int recordsChanged, int delivered, int rejected, int withheld, int deleted,
                   int withdrawn, int batchesTotal, int batchesDone, String error) {
        this(id, schoolId, trigger, status, startedAt, finishedAt, classesRead, pupilsRead, lessonsRead, marksRead,
                recordsRead, recordsChanged, delivered, rejected, withheld, deleted, withdrawn, batchesTotal,
                batchesDone, error, false);
    }

    public boolean finished() {
        return status == SyncRunRepository.Status.COMPLETED || status == SyncRunRepository.Status.FAILED;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    /** The summary line the operator reads, in Russian. */
    public String summary() {
        return String.format("Школа %s: классов %d, учеников %d, уроков %d, оценок прочитано %d; записей прочитано %d, "
                        + "изменено %d, доставлено %d (из них удалено %d, выбыло %d), отклонено %d, "
                        + "не передано без согласия %d; %s за %.1f с%s%s",
                schoolId, classesRead, pupilsRead, lessonsRead, marksRead, recordsRead, recordsChanged, delivered,
                deleted, withdrawn, rejected, withheld, statusRu(), duration().toMillis() / 1000.0,
                unchanged ? " (файл совпал с уже загруженным в этот день: не перечитывался, счётчики прежнего запуска)"
                        : "", error == null ? "" : " — " + error);
    }

    private String statusRu() {
        return switch (status) {
            case READING -> "чтение";
            case DELIVERING -> "доставка";
            case COMPLETED -> "завершено";
            case FAILED -> "ошибка";
        };
    }
}
