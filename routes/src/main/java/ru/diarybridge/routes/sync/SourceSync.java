package ru.diarybridge.routes.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceProblem;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * The steps of the source-sync route: start a run, open the school's source, read one class at a time, keep what
 * changed, and finish the run. The route strings them together; this class holds no Camel routing.
 */
public class SourceSync {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSync.class);
    static final String SOURCE = "diaryBridgeSource";
    static final String KNOWN = "diaryBridgeKnown";
    static final String SCHOOL = "diaryBridgeSchool";
    static final String CLASS_COUNT = "diaryBridgeClassCount";
    static final String CLASS_INDEX = "diaryBridgeClassIndex";
    static final String WINDOW = "diaryBridgeWindow";
    /** Header: the body is a delivery batch to send. */
    public static final String HAS_CHANGES = "diaryBridgeHasChanges";

    private final SchoolDirectory schools;
    private final JournalSources sources;
    private final SyncRunRepository runs;
    private final TargetRecordRepository records;
    private final SyncWindow window;
    private final ObjectMapper json;
    private final Duration staleAfter;
    private HoldPolicy holds = HoldPolicy.NEVER;

    public SourceSync(SchoolDirectory schools, JournalSources sources, SyncRunRepository runs,
                      TargetRecordRepository records, SyncWindow window, ObjectMapper json, Duration staleAfter) {
        this.schools = schools;
        this.sources = sources;
        this.runs = runs;
        this.records = records;
        this.window = window;
        this.json = json;
        this.staleAfter = staleAfter;
    }

    /** Sets the policy that puts a school on hold when a run would change too much of it. */
    public void holdPolicy(HoldPolicy holds) {
        this.holds = holds;
    }

    /** Starts a run; the body becomes the list of classes, or null when a run of the school is still going. */
    public void begin(Exchange exchange) {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        SchoolSettings school = schools.require(schoolId);
        String trigger = exchange.getMessage().getHeader(SyncHeaders.TRIGGER, "schedule", String.class);
        SyncRunRepository.Cursor cursor = runs.cursor(schoolId);
        SyncWindow.Window w = window.window(school.zone(), cursor.date(), school.lookbackDays(), cursor.lastFullPull(),
                school.fullPullWindow());
        LocalDate from = w.from();
        LocalDate to = w.to();
        var runId = runs.start(schoolId, trigger, w, staleAfter, true);
        if (runId.isEmpty()) {
            LOG.warn("Синхронизация школы {} уже идёт: новый запуск пропущен", schoolId);
            exchange.getMessage().setBody(null);
            return;
        }
        exchange.getMessage().setHeader(SyncHeaders.RUN_ID, runId.get());
        exchange.getMessage().setHeader(SyncHeaders.CORRELATION_ID, runId.get());
        org.slf4j.MDC.put(SyncHeaders.CORRELATION_ID, runId.get());
        exchange.setProperty(SCHOOL, school);
        exchange.setProperty(KNOWN, records.known(DnevnikDelivery.TARGET, schoolId));
        exchange.setProperty(WINDOW, w);
        LOG.info("Синхронизация школы {} начата: {} {} — {} (курсор {})", schoolId,
                w.full() ? "полная выгрузка учебного года," : "даты", from, to,
                cursor.date() == null ? "нет, первая синхронизация" : cursor.date());
        JournalSource source = sources.open(school);
        exchange.setProperty(SOURCE, source);
        JournalSource.SourceInfo info = source.probe();
        LOG.info("Источник {} {} версии {}", info.system().code(), info.product(), info.version());
        List<SchoolClass> classes = source.classes();
        exchange.setProperty(CLASS_COUNT, classes.size());
        exchange.setProperty(CLASS_INDEX, new AtomicInteger());
        exchange.getMessage().setBody(classes);
    }

    /** Reads one class; the body becomes the JSON of a {@link DeliveryBatch}, or null when nothing changed. */
    @SuppressWarnings("unchecked")
    public void readClass(Exchange exchange) throws JsonProcessingException {
        SchoolClass cls = exchange.getMessage().getBody(SchoolClass.class);
        SchoolSettings school = exchange.getProperty(SCHOOL, SchoolSettings.class);
        JournalSource source = exchange.getProperty(SOURCE, JournalSource.class);
        Map<String, TargetRecordRepository.Known> known = exchange.getProperty(KNOWN, Map.class);
        String runId = exchange.getMessage().getHeader(SyncHeaders.RUN_ID, String.class);
        int n = exchange.getProperty(CLASS_INDEX, AtomicInteger.class).incrementAndGet();
        int total = exchange.getProperty(CLASS_COUNT, Integer.class);

        ClassJournal journal;
        try {
            SyncWindow.Window w = exchange.getProperty(WINDOW, SyncWindow.Window.class);
            journal = source.readClass(cls, w.from(), w.to());
        } catch (RuntimeException e) {
            // one class that cannot be read does not stop the others; the run reports it
            LOG.error("Школа {}: класс {} ({}/{}) не прочитан: {}", school.schoolId(), cls.name(), n, total,
                    e.getMessage());
            runs.classFailed(runId, "класс " + cls.name() + ": " + e.getMessage());
            exchange.getMessage().setHeader(HAS_CHANGES, false);
            exchange.getMessage().setBody("");
            return;
        }
        String batch = publish(school, runId, journal, known, n, total);
        exchange.getMessage().setHeader(HAS_CHANGES, batch != null);
        exchange.getMessage().setBody(batch == null ? "" : batch);
    }

    /**
     * Counts a class journal into the run and returns the JSON of its {@link DeliveryBatch}, or null when nothing
     * of it changed. Shared by the polled sources and the АСИОУ file import.
     */
    public String publish(SchoolSettings school, String runId, ClassJournal journal,
                          Map<String, TargetRecordRepository.Known> known, int n, int total)
            throws JsonProcessingException {
        SchoolClass cls = journal.schoolClass();
        for (SourceProblem p : journal.problems()) {
            LOG.warn("Школа {}: {}", school.schoolId(), p);
        }
        records.saveRejected("source", school.schoolId(), runId, journal.problems().stream()
                .map(p -> new TargetRecordRepository.Rejected(p.recordId(), "SOURCE", "SOURCE_INVALID", p.toString()))
                .toList());
        ChangeDetector.Changes changes = ChangeDetector.detect(journal, known);
        boolean send = changes.total() > 0 && school.deliversToDnevnik()
                && holds.allows(school.schoolId(), runId, changes, known);
        runs.classRead(runId, journal.pupils().size(), journal.lessons().size(), journal.marks().size(),
                changes.records(), send ? changes.total() : 0, changes.withheld(),
                journal.problems().size(), send);
        LOG.info("Школа {}: класс {} ({}/{}) прочитан: учеников {}, уроков {}, оценок {}, изменено записей {}, "
                        + "удалено в источнике {}, выбыло {}", school.schoolId(), cls.name(), n, total,
                journal.pupils().size(), journal.lessons().size(), journal.marks().size(),
                changes.changedKeys().size(), changes.deletedKeys().size(), changes.withdrawnKeys().size());
        return send ? json.writeValueAsString(new DeliveryBatch(runId, school.schoolId(), journal,
                changes.changedKeys(), changes.deletedKeys(), changes.withdrawnKeys())) : null;
    }

    /** Closes the source session (always: NetSchool must not keep two sessions per login). */
    public void closeSource(Exchange exchange) {
        JournalSource source = exchange.getProperty(SOURCE, JournalSource.class);
        if (source != null) {
            source.close();
            exchange.removeProperty(SOURCE);
        }
    }

    public void finish(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(SyncHeaders.RUN_ID, String.class);
        if (runId == null) {
            return;
        }
        if (runs.readingFinished(runId)) {
            runs.find(runId).ifPresent(run -> LOG.info("Синхронизация завершена. {}", run.summary()));
        } else {
            LOG.info("Школа {}: чтение завершено, доставка идёт", exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID));
        }
    }

    public void failed(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(SyncHeaders.RUN_ID, String.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = e == null ? "неизвестная ошибка" : e.getMessage();
        LOG.error("Синхронизация школы {} прервана: {}", exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID), message);
        if (runId != null) {
            runs.fail(runId, message);
            runs.find(runId).ifPresent(run -> LOG.info("Итог: {}", run.summary()));
        }
    }
}
