package ru.diarybridge.routes.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.routes.store.JdbcJournalStore;
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
    private final JdbcJournalStore store;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final String queuePrefix;
    static final String REFUSED = "diaryBridgeRefused";

    /**
     * A batch to send and the queue it goes to: the school's live queue or its backfill queue. {@code group} (the
     * school and class) becomes the message group: the broker hands all batches of one class to one consumer in
     * order, so two batches of the same records (overlapping runs, e.g. two АСИОУ files) are never delivered at the
     * same time by two instances of a cluster.
     */
    public record Outbound(String queue, String json, String group) {
        public Outbound(String queue, String json) {
            this(queue, json, null);
        }
    }
    private HoldPolicy holds = HoldPolicy.NEVER;

    public SourceSync(SchoolDirectory schools, JournalSources sources, SyncRunRepository runs,
                      TargetRecordRepository records, SyncWindow window, ObjectMapper json, Duration staleAfter,
                      JdbcJournalStore store, Outbox outbox, TransactionTemplate tx, String queuePrefix) {
        this.schools = schools;
        this.sources = sources;
        this.runs = runs;
        this.records = records;
        this.window = window;
        this.json = json;
        this.staleAfter = staleAfter;
        this.store = store;
        this.outbox = outbox;
        this.tx = tx;
        this.queuePrefix = queuePrefix;
    }

    /** Records of a school the target refused, with the refused content's hash (see {@link ChangeDetector}). */
    public Map<String, String> refused(String schoolId) {
        return outbox.refused(DnevnikDelivery.TARGET, schoolId);
    }

    /** The JMS message group of a class's batches: the broker hands them to one consumer at a time, in order. */
    public static String messageGroup(String schoolId, String classKey) {
        return schoolId + "/" + classKey;
    }

    public static String liveQueue(String prefix, String schoolId) {
        return prefix + schoolId;
    }

    public static String backfillQueue(String prefix, String schoolId) {
        return prefix + "backfill." + schoolId;
    }

    /** Sets the policy that puts a school on hold when a run would change too much of it. */
    public void holdPolicy(HoldPolicy holds) {
        this.holds = holds;
    }

    private ru.diarybridge.routes.control.RegulationCheckService regulationChecks;

    /** The regulation checks run on every class read (control flow); none when not set. */
    public void regulationChecks(ru.diarybridge.routes.control.RegulationCheckService checks) {
        this.regulationChecks = checks;
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
        exchange.setProperty(REFUSED, outbox.refused(DnevnikDelivery.TARGET, schoolId));
        exchange.setProperty(WINDOW, w);
        LOG.info("Синхронизация школы {} начата: {} {} — {} (курсор {})", schoolId,
                w.full() ? "полная выгрузка учебного года," : "даты", from, to,
                cursor.date() == null ? "нет, первая синхронизация" : cursor.date());
        JournalSource source = sources.open(school);
        exchange.setProperty(SOURCE, source);
        JournalSource.SourceInfo info = source.probe();
        LOG.info("Источник {} {} версии {}", info.system().code(), info.product(), info.version());
        List<SchoolClass> classes = source.classes();
        saveCalendar(schoolId, source, classes);
        exchange.setProperty(CLASS_COUNT, classes.size());
        exchange.setProperty(CLASS_INDEX, new AtomicInteger());
        exchange.getMessage().setBody(classes);
    }

    /**
     * False, with a log line, when today (in the school's zone; {@code diary-bridge.fixed-date} when set) is one of
     * the school's blackout dates: the scheduled firing then starts no run.
     */
    public boolean scheduledRunAllowed(Exchange exchange) {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        var school = schools.school(schoolId);
        if (school.isEmpty()) {
            LOG.warn("Школа {} больше не настроена: запуск по расписанию пропущен", schoolId);
            return false;
        }
        LocalDate today = window.today(school.get().zone());
        if (school.get().blackout(today)) {
            LOG.info("Школа {}: {} — день без синхронизации (school.blackout-dates), запуск по расписанию пропущен",
                    schoolId, today);
            return false;
        }
        return true;
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
        List<Outbound> batches = publish(school, runId, journal, known,
                exchange.getProperty(REFUSED, Map.class), exchange.getProperty(WINDOW, SyncWindow.Window.class), n, total);
        saveGuardians(school.schoolId(), source, cls);
        exchange.getMessage().setHeader(HAS_CHANGES, !batches.isEmpty());
        exchange.getMessage().setBody(batches);
    }

    /**
     * Guardians of the class's pupils go to the journal store (SMEV answers check them); they are not delivered
     * anywhere, and a source that cannot give them is not an error.
     */
    private void saveGuardians(String schoolId, JournalSource source, SchoolClass cls) {
        try {
            List<ru.diarybridge.model.Person> guardians = source.guardians(cls);
            if (!guardians.isEmpty()) {
                store.saveSchoolRecords(schoolId, guardians);
            }
        } catch (RuntimeException e) {
            LOG.warn("Школа {}: законные представители класса {} не прочитаны: {}", schoolId, cls.name(),
                    e.getMessage());
        }
    }

    /** Terms, vacations and announcements go to the journal store; a source that cannot give them is not an error. */
    private void saveCalendar(String schoolId, JournalSource source, List<SchoolClass> classes) {
        List<ru.diarybridge.model.CanonicalRecord> schoolWide = new java.util.ArrayList<>();
        try {
            schoolWide.addAll(source.periods());
            schoolWide.addAll(source.announcements());
        } catch (RuntimeException e) {
            LOG.warn("Школа {}: периоды и объявления не прочитаны: {}", schoolId, e.getMessage());
        }
        int written = store.saveSchoolRecords(schoolId, schoolWide);
        LOG.info("Школа {}: классов {}, периодов и объявлений {} (записано изменённых {})", schoolId, classes.size(),
                schoolWide.size(), written);
    }

    /**
     * The window of a file import (АСИОУ): the file is a full read of its dates, so what it holds from before the
     * school's look-back (today − lookback-days) is history for the backfill queue, as in a full pull, and an export
     * of a whole term does not hold up this week's changes of the other schools.
     */
    /** The school's date (in its zone; {@code diary-bridge.fixed-date} when set). */
    public LocalDate today(SchoolSettings school) {
        return window.today(school.zone());
    }

    public SyncWindow.Window fileWindow(SchoolSettings school, LocalDate from, LocalDate to) {
        return new SyncWindow.Window(from, to, window.today(school.zone()), true);
    }

    /**
     * Counts a class journal into the run, saves it to the journal store and the outbox in one transaction, and
     * returns the batches to send (none when nothing changed). Shared by the polled sources and the АСИОУ import.
     */
    public List<Outbound> publish(SchoolSettings school, String runId, ClassJournal journal,
                                  Map<String, TargetRecordRepository.Known> known, Map<String, String> refused,
                                  SyncWindow.Window w, int n, int total) throws JsonProcessingException {
        SchoolClass cls = journal.schoolClass();
        String schoolId = school.schoolId();
        for (SourceProblem p : journal.problems()) {
            LOG.warn("Школа {}: {}", schoolId, p);
        }
        // each record's content hash once: detection, the journal store and the outbox all compare or store it
        Map<ru.diarybridge.model.CanonicalRecord, String> hashCache = new java.util.IdentityHashMap<>();
        java.util.function.Function<ru.diarybridge.model.CanonicalRecord, String> hashes =
                r -> hashCache.computeIfAbsent(r, ru.diarybridge.model.CanonicalRecord::contentHash);
        ChangeDetector.Changes changes = ChangeDetector.detect(journal, known, refused == null ? Map.of() : refused,
                hashes);
        // a run that would change or delete too much of the school waits for the operator (HoldPolicy)
        boolean held = changes.total() > 0 && school.deliversToDnevnik()
                && !holds.allows(school.schoolId(), runId, changes, known);
        boolean send = changes.total() > 0 && school.deliversToDnevnik() && !held;
        Map<String, LocalDate> dates = recordDates(journal);
        LocalDate liveFrom = w == null || !w.full() || w.today() == null ? null
                : w.today().minusDays(school.lookbackDays());
        Split split = split(changes.changedKeys(), dates, liveFrom);
        List<String> live = split.live();
        List<String> backfill = split.backfill();
        Map<String, ru.diarybridge.model.CanonicalRecord> byKey = new java.util.HashMap<>();
        journal.records().forEach(r -> byKey.put(r.key().asString(), r));
        tx.executeWithoutResult(status -> {
            store.saveClass(schoolId, journal, hashes);
            records.saveRejected("source", schoolId, runId, journal.problems().stream()
                    .map(p -> new TargetRecordRepository.Rejected(p.recordId(), "SOURCE", "SOURCE_INVALID",
                            p.toString())).toList());
            if (!school.deliversToDnevnik() || held) {
                return;
            }
            List<Outbox.Entry> entries = new java.util.ArrayList<>();
            for (String key : live) {
                entries.add(entry(byKey, known, hashes, key, Outbox.Op.UPSERT, Outbox.Priority.LIVE));
            }
            for (String key : backfill) {
                entries.add(entry(byKey, known, hashes, key, Outbox.Op.UPSERT, Outbox.Priority.BACKFILL));
            }
            for (String key : changes.deletedKeys()) {
                entries.add(entry(byKey, known, hashes, key, Outbox.Op.DELETE, Outbox.Priority.LIVE));
            }
            for (String key : changes.withdrawnKeys()) {
                entries.add(entry(byKey, known, hashes, key, Outbox.Op.WITHDRAW, Outbox.Priority.LIVE));
            }
            List<Outbox.Entry> violations = changes.violationKeys().stream()
                    .map(key -> entry(byKey, known, hashes, key, Outbox.Op.UPSERT, Outbox.Priority.LIVE)).toList();
            entries.addAll(violations);
            outbox.enqueue(DnevnikDelivery.TARGET, schoolId, runId, entries);
            String why = "001 §3.2.4.11: в 1 классе отметки не выставляются — оценка не передана в Дневник.ру, "
                    + "нарушение зафиксировано (класс " + cls.name() + ")";
            outbox.close(DnevnikDelivery.TARGET, schoolId, violations.stream()
                    .map(v -> new Outbox.Closed(v.sourceKey(), Outbox.State.REPORTED, null, why)).toList());
            records.saveRejected(DnevnikDelivery.TARGET, schoolId, runId, violations.stream()
                    .map(v -> new TargetRecordRepository.Rejected(v.sourceKey(), "MARK", "GRADE1_MARK", why)).toList());
            records.saveEvents(DnevnikDelivery.TARGET, schoolId, runId, changes.lateCorrectionKeys().stream()
                    .map(k -> new TargetRecordRepository.Event(k, "MARK", "LATE_CORRECTION",
                            "001 §3.2.4.5: текущая отметка исправлена позже двух недель после выставления; "
                                    + "исправление передано в Дневник.ру и отражено в отчёте")).toList(), List.of());
        });
        if (regulationChecks != null) {
            // also when nothing changed: the re-test and «н/а» rules judge the whole read (never throws)
            regulationChecks.onClassSynced(schoolId, journal, changes.changedKeys(),
                    w != null && w.today() != null ? w.today() : LocalDate.now(school.zone()));
        }
        List<Outbound> out = new java.util.ArrayList<>(2);
        if (send) {
            String group = messageGroup(schoolId, cls.key().asString());
            boolean liveBatch = !live.isEmpty() || !changes.deletedKeys().isEmpty() || !changes.withdrawnKeys().isEmpty();
            if (liveBatch) {
                out.add(new Outbound(liveQueue(queuePrefix, schoolId), json.writeValueAsString(new DeliveryBatch(runId,
                        schoolId, journal, live, changes.deletedKeys(), changes.withdrawnKeys())), group));
            }
            if (!backfill.isEmpty()) {
                out.add(new Outbound(backfillQueue(queuePrefix, schoolId), json.writeValueAsString(
                        new DeliveryBatch(runId, schoolId, journal, backfill, List.of(), List.of())), group));
            }
        }
        runs.classRead(runId, journal.pupils().size(), journal.lessons().size(), journal.marks().size(),
                changes.records(), send ? changes.total() : 0, changes.withheld() + changes.violationKeys().size(),
                journal.problems().size(), out.size());
        LOG.info("Школа {}: класс {} ({}/{}) прочитан: учеников {}, уроков {}, оценок {}, изменено записей {} "
                        + "(срочных {}, история {}), удалено в источнике {}, выбыло {}, нарушений {}", schoolId,
                cls.name(), n, total, journal.pupils().size(), journal.lessons().size(), journal.marks().size(),
                changes.changedKeys().size(), live.size(), backfill.size(), changes.deletedKeys().size(),
                changes.withdrawnKeys().size(), changes.violationKeys().size());
        return out;
    }

    /** The changed keys of a class for the live queue and for the backfill queue. */
    record Split(List<String> live, List<String> backfill) {
    }

    /**
     * Dated records before {@code liveFrom} (a full read's history) are backfill, the rest live. The undated records
     * (pupils, subjects, the class) are urgent only beside the class's current changes: when all it changed is history
     * they go with it, else a re-sync of many schools puts a lookup per pupil on the live queues ahead of other
     * schools' current marks (seen in the families-first benchmark).
     *
     * @param liveFrom null when the read is not a full one: then everything is live
     */
    static Split split(java.util.Collection<String> changedKeys, Map<String, LocalDate> dates, LocalDate liveFrom) {
        List<String> live = new java.util.ArrayList<>();
        List<String> backfill = new java.util.ArrayList<>();
        for (String key : changedKeys) {
            LocalDate d = dates.get(key);
            (liveFrom != null && d != null && d.isBefore(liveFrom) ? backfill : live).add(key);
        }
        if (liveFrom != null && !backfill.isEmpty() && live.stream().allMatch(k -> dates.get(k) == null)) {
            backfill.addAll(0, live);
            live.clear();
        }
        return new Split(live, backfill);
    }

    private static Outbox.Entry entry(Map<String, ru.diarybridge.model.CanonicalRecord> byKey,
                                      Map<String, TargetRecordRepository.Known> known,
                                      java.util.function.Function<ru.diarybridge.model.CanonicalRecord, String> hashes,
                                      String key, Outbox.Op op, Outbox.Priority priority) {
        ru.diarybridge.model.CanonicalRecord r = byKey.get(key);
        TargetRecordRepository.Known k = known.get(key);
        String type = r != null ? r.entityType().name() : k != null && k.entityType() != null ? k.entityType() : "UNKNOWN";
        String version = op == Outbox.Op.UPSERT && r != null ? hashes.apply(r) : op.name();
        return new Outbox.Entry(key, type, version, op, priority);
    }

    /** The date each dated record belongs to (its lesson's date), for live/backfill priority. */
    private static Map<String, LocalDate> recordDates(ClassJournal journal) {
        Map<String, LocalDate> lessonDates = new java.util.HashMap<>();
        journal.lessons().forEach(l -> lessonDates.put(l.key().asString(), l.date()));
        Map<String, LocalDate> out = new java.util.HashMap<>(lessonDates);
        journal.works().forEach(x -> put(out, x.key().asString(), lessonDates.get(x.lessonKey().asString())));
        journal.homework().forEach(x -> put(out, x.key().asString(), lessonDates.get(x.lessonKey().asString())));
        journal.marks().forEach(x -> put(out, x.key().asString(), lessonDates.get(x.lessonKey().asString())));
        journal.attendance().forEach(x -> put(out, x.key().asString(), lessonDates.get(x.lessonKey().asString())));
        return out;
    }

    private static void put(Map<String, LocalDate> map, String key, LocalDate date) {
        if (date != null) {
            map.put(key, date);
        }
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
