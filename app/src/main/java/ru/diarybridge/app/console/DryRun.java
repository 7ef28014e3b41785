package ru.diarybridge.app.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.ChangeDetector;
import ru.diarybridge.routes.sync.HoldPolicy;
import ru.diarybridge.routes.sync.SyncRunRepository;
import ru.diarybridge.routes.sync.SyncWindow;
import ru.diarybridge.routes.sync.TargetRecordRepository;

/**
 * «Пробный запуск»: the steps of a sync up to the change detection — the same window, the same source reader and the
 * same {@link ChangeDetector} — without starting a run, moving the cursor, writing anything or sending anything.
 */
public class DryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);
    private static final int SAMPLE = 50;

    public record ClassResult(String className, int records, int toSend, int toDelete, int toWithdraw, int withheld,
                              String error) {
    }

    /**
     * @param sampleToSend the first keys of records that would be created or updated (ids, never names)
     * @param wouldHold    the run would put the school on hold (more updated or deleted than the allowed share)
     */
    public record Result(String schoolId, LocalDate from, LocalDate to, List<ClassResult> classes, int records,
                         int toSend, int toDelete, int toWithdraw, int withheld, int updatesOfDelivered,
                         int delivered, boolean wouldHold, List<String> sampleToSend, List<String> sampleToDelete,
                         List<String> sampleToWithdraw, long millis, String error) {
    }

    private final SchoolDirectory schools;
    private final JournalSources sources;
    private final SyncRunRepository runs;
    private final TargetRecordRepository records;
    private final SyncWindow window;
    private final HoldPolicy holds;

    public DryRun(SchoolDirectory schools, JournalSources sources, SyncRunRepository runs,
                  TargetRecordRepository records, SyncWindow window, HoldPolicy holds) {
        this.schools = schools;
        this.sources = sources;
        this.runs = runs;
        this.records = records;
        this.window = window;
        this.holds = holds;
    }

    public Result run(String schoolId) {
        Instant started = Instant.now();
        SchoolSettings school = schools.require(schoolId);
        SyncRunRepository.Cursor cursor = runs.cursor(schoolId);
        // never the nightly full pull: a dry run shows what the next regular run would send
        SyncWindow.Window w = window.window(school.zone(), cursor.date(), school.lookbackDays(), null, null);
        if (!school.polled()) {
            return failed(school, w, started, "школа получает выгрузки АСИОУ файлами: пробный запуск невозможен");
        }
        Map<String, TargetRecordRepository.Known> known = records.known(DnevnikDelivery.TARGET, schoolId);
        List<ClassResult> classes = new ArrayList<>();
        List<String> send = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        List<String> withdraw = new ArrayList<>();
        int recordsRead = 0;
        int toSend = 0;
        int toDelete = 0;
        int toWithdraw = 0;
        int withheld = 0;
        int updates = 0;
        try (JournalSource source = sources.open(school)) {
            source.probe();
            for (SchoolClass cls : source.classes()) {
                ClassJournal journal;
                try {
                    journal = source.readClass(cls, w.from(), w.to());
                } catch (RuntimeException e) {
                    classes.add(new ClassResult(cls.name(), 0, 0, 0, 0, 0, "не прочитан: " + e.getMessage()));
                    continue;
                }
                ChangeDetector.Changes c = ChangeDetector.detect(journal, known);
                classes.add(new ClassResult(cls.name(), c.records(), c.changedKeys().size(), c.deletedKeys().size(),
                        c.withdrawnKeys().size(), c.withheld(), null));
                recordsRead += c.records();
                toSend += c.changedKeys().size();
                toDelete += c.deletedKeys().size();
                toWithdraw += c.withdrawnKeys().size();
                withheld += c.withheld();
                updates += (int) c.changedKeys().stream().filter(known::containsKey).count()
                        + c.deletedKeys().size() + c.withdrawnKeys().size();
                addSample(send, c.changedKeys());
                addSample(delete, c.deletedKeys());
                addSample(withdraw, c.withdrawnKeys());
            }
        } catch (RuntimeException e) {
            LOG.warn("Пробный запуск школы {} не удался: {}", schoolId, e.getMessage());
            return failed(school, w, started, "источник недоступен: " + e.getMessage());
        }
        boolean wouldHold = known.size() >= holds.minRecords() && updates > holds.maxShare() * known.size();
        return new Result(schoolId, w.from(), w.to(), classes, recordsRead, toSend, toDelete, toWithdraw, withheld,
                updates, known.size(), wouldHold, send, delete, withdraw,
                Duration.between(started, Instant.now()).toMillis(), null);
    }

    private static void addSample(List<String> sample, List<String> keys) {
        for (String k : keys) {
            if (sample.size() >= SAMPLE) {
                return;
            }
            sample.add(k);
        }
    }

    private static Result failed(SchoolSettings school, SyncWindow.Window w, Instant started, String error) {
        return new Result(school.schoolId(), w.from(), w.to(), List.of(), 0, 0, 0, 0, 0, 0, 0, false, List.of(),
                List.of(), List.of(), Duration.between(started, Instant.now()).toMillis(), error);
    }
}
