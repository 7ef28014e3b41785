package ru.diarybridge.routes.dnevnik;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.connector.dnevnik.RequestGate;
import ru.diarybridge.routes.sync.Outbox;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.dnevnik.DnevnikClient;
import ru.diarybridge.connector.dnevnik.DnevnikEduGroup;
import ru.diarybridge.connector.dnevnik.DnevnikException;
import ru.diarybridge.connector.dnevnik.DnevnikLesson;
import ru.diarybridge.connector.dnevnik.DnevnikMark;
import ru.diarybridge.connector.dnevnik.DnevnikSubject;
import ru.diarybridge.connector.dnevnik.DnevnikWork;
import ru.diarybridge.mapping.TextNormalizer;
import ru.diarybridge.mapping.dnevnik.DnevnikMapping;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.DeliveryBatch;
import ru.diarybridge.routes.sync.TargetRecordRepository;
import ru.diarybridge.routes.sync.TargetRecordRepository.Delivered;
import ru.diarybridge.routes.sync.TargetRecordRepository.Known;
import ru.diarybridge.routes.sync.TargetRecordRepository.Rejected;

/**
 * Pushes one {@link DeliveryBatch} to Dnevnik.ru. Ids are resolved through the id map first, then by asking
 * Dnevnik.ru (person by СНИЛС, class by name, lesson by date + number + subject, work by type + text, mark by
 * person + work) before anything is created, so a batch delivered twice — after a crash between the call and the
 * id-map write — creates nothing twice. Permanent refusals become rejects with their reason; transient failures
 * are thrown after what was delivered is saved, and the broker redelivers the batch.
 */
public class DnevnikDelivery {

    public static final String TARGET = "dnevnik";
    private static final Logger LOG = LoggerFactory.getLogger(DnevnikDelivery.class);
    private static final int FLUSH_EVERY = 200;

    /**
     * {@code delivered} counts tombstones and withdrawals too: every key of the batch is delivered or rejected.
     * {@code deadLetters} are the records the target refused as invalid: they go to the dead-letter queue, from
     * which the operator replays them once the cause is fixed.
     */
    public record Result(int delivered, int rejected, int deleted, int withdrawn, List<DeadLetter> deadLetters) {
        public Result(int delivered, int rejected) {
            this(delivered, rejected, 0, 0, List.of());
        }
    }

    /** A record refused by the target, with the target's error code and the reason in Russian. */
    public record DeadLetter(String sourceKey, String entityType, String classKey, LocalDate date, String errorCode,
                             String reason) {
    }

    /**
     * Fault injection for the crash test: when the system property names a number N, the process halts right after
     * the N-th mark created at the target, before its id reaches the id map. Inert unless the property is set.
     */
    public static final String HALT_AFTER_CREATES = "diary-bridge.test.halt-after-creates";
    private static final int HALT_AFTER = Integer.getInteger(HALT_AFTER_CREATES, 0);
    private static final java.util.concurrent.atomic.AtomicInteger CREATES = new java.util.concurrent.atomic.AtomicInteger();

    private final TargetRecordRepository records;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final RequestGate gate;
    private final RecordRetry recordRetry;
    private final Map<String, DnevnikClient> clients = new ConcurrentHashMap<>();

    /**
     * Retries in place of one record whose call failed transiently (5xx, timeout, 429 after its Retry-After).
     * Without them, a target failing one call in four fails a batch every few records, and each new attempt of the
     * batch costs its id-map read and its lookups again.
     *
     * @param attempts retries of one record (0 for none: the batch fails at once)
     * @param delay    first delay; each next one twice as long, ±15 % jitter
     */
    public record RecordRetry(int attempts, Duration delay) {
        public static final RecordRetry NONE = new RecordRetry(0, Duration.ZERO);

        Duration delayBefore(int retry) {
            long base = delay.toMillis() << Math.min(retry, 8);
            long jitter = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(-base * 15 / 100, base * 15 / 100 + 1);
            return Duration.ofMillis(base + jitter);
        }
    }

    public DnevnikDelivery(TargetRecordRepository records, Outbox outbox, TransactionTemplate tx, RequestGate gate) {
        this(records, outbox, tx, gate, RecordRetry.NONE);
    }

    public DnevnikDelivery(TargetRecordRepository records, Outbox outbox, TransactionTemplate tx, RequestGate gate,
                           RecordRetry recordRetry) {
        this.records = records;
        this.outbox = outbox;
        this.tx = tx;
        this.gate = gate;
        this.recordRetry = recordRetry;
    }

    public void closeAll() {
        clients.values().forEach(DnevnikClient::close);
        clients.clear();
    }

    private DnevnikClient client(SchoolSettings school) {
        return clients.computeIfAbsent(school.schoolId(), id -> new DnevnikClient(school.dnevnik(), gate));
    }

    public Result deliver(SchoolSettings school, DeliveryBatch batch) {
        return new Run(school, batch).execute();
    }

    /** Counts the undelivered records of a batch the broker gives up on, so the run can finish. */
    public Result giveUp(SchoolSettings school, DeliveryBatch batch, String reason) {
        Map<String, Known> known = records.known(TARGET, school.schoolId());
        List<Rejected> rejects = new ArrayList<>();
        Map<String, CanonicalRecord> byKey = new HashMap<>();
        batch.journal().records().forEach(r -> byKey.put(r.key().asString(), r));
        int delivered = 0;
        List<String> all = new ArrayList<>(batch.changedKeys());
        all.addAll(batch.deletedKeys());
        all.addAll(batch.withdrawnKeys());
        for (String key : all) {
            CanonicalRecord r = byKey.get(key);
            Known k = known.get(key);
            boolean gone = batch.deletedKeys().contains(key) && k == null;
            boolean withdrawn = batch.withdrawnKeys().contains(key) && k != null
                    && TargetRecordRepository.WITHDRAWN.equals(k.hash());
            if (gone || withdrawn || k != null && r != null && k.hash().equals(r.contentHash())) {
                delivered++;
            } else {
                rejects.add(new Rejected(key, r == null ? "UNKNOWN" : r.entityType().name(), "DELIVERY_FAILED",
                        "доставка в Дневник.ру не удалась после всех попыток: " + reason));
            }
        }
        List<Outbox.Closed> closed = rejects.stream()
                .map(r -> new Outbox.Closed(r.sourceKey(), Outbox.State.DEAD, null, r.reason())).toList();
        tx.executeWithoutResult(s -> {
            records.saveRejected(TARGET, school.schoolId(), batch.runId(), rejects);
            outbox.close(TARGET, school.schoolId(), closed);
        });
        return new Result(delivered, rejects.size());
    }

    /** The keys a record points at, which the id map may resolve although the record's journal lacks them. */
    private static void references(CanonicalRecord r, Set<String> into) {
        if (r instanceof Mark m) {
            into.add(m.workKey().asString());
            into.add(m.lessonKey().asString());
            into.add(m.pupilKey().asString());
        } else if (r instanceof AttendanceEntry a) {
            into.add(a.lessonKey().asString());
            into.add(a.pupilKey().asString());
        } else if (r instanceof Work w) {
            into.add(w.lessonKey().asString());
        } else if (r instanceof Homework h) {
            into.add(h.lessonKey().asString());
            if (h.workKey() != null) {
                into.add(h.workKey().asString());
            }
        } else if (r instanceof Lesson l && l.subjectKey() != null) {
            into.add(l.subjectKey().asString());
        }
    }

    private final class Run {
        private final SchoolSettings school;
        private final DeliveryBatch batch;
        private final ClassJournal journal;
        private final DnevnikClient client;
        private final Map<String, Known> known;
        private final Set<String> changed;
        private final Map<String, Long> resolved = new HashMap<>();
        private final Map<String, String> failedReason = new HashMap<>();
        private final List<Delivered> toSave = new ArrayList<>();
        private final List<Rejected> toReject = new ArrayList<>();
        private final Set<String> done = new HashSet<>();
        private final Map<String, CanonicalRecord> byKey = new HashMap<>();
        private final List<TargetRecordRepository.Event> events = new ArrayList<>();
        private final List<String> forget = new ArrayList<>();
        private final List<Outbox.Closed> closed = new ArrayList<>();
        private final Set<String> closedKeys = new HashSet<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private int delivered;
        private int rejected;
        private int deleted;
        private int withdrawn;
        private Long groupId;
        private Map<String, Long> subjectIds;
        private List<DnevnikLesson> remoteLessons;
        private final Set<Long> createdHere = new HashSet<>();
        private final Map<Long, List<DnevnikMark>> marksByWork = new HashMap<>();
        private final Map<Long, Set<Long>> loggedByLesson = new HashMap<>();

        Run(SchoolSettings school, DeliveryBatch batch) {
            this.school = school;
            this.batch = batch;
            this.journal = batch.journal();
            this.client = client(school);
            this.changed = new LinkedHashSet<>(batch.changedKeys());
            journal.records().forEach(r -> byKey.put(r.key().asString(), r));
            Set<String> keys = new HashSet<>(byKey.keySet());
            journal.records().forEach(r -> references(r, keys));
            keys.add(journal.schoolClass().key().asString());
            keys.addAll(batch.deletedKeys());
            keys.addAll(batch.withdrawnKeys());
            this.known = records.known(TARGET, school.schoolId(), keys);
        }

        Result execute() {
            // the attempt is counted where its rows are closed (one UPDATE per row, not two); an attempt that
            // fails counts on the rows it left open
            try {
                SchoolClass cls = journal.schoolClass();
                // a batch of only deletions and withdrawals needs no class at the target (they use the id map)
                groupId = changed.isEmpty() ? null : resolveGroup(cls);
                if (groupId == null && !changed.isEmpty()) {
                    for (String key : changed) {
                        reject(byKey.get(key), "CLASS_NOT_FOUND", "класс «" + cls.name()
                                + "» не найден в Дневник.ру (школа " + school.dnevnikSchoolId() + ")");
                    }
                    return finish();
                }
                for (String key : changed) {
                    CanonicalRecord r = byKey.get(key);
                    if (r == null || done.contains(key)) {
                        continue;
                    }
                    Known k = known.get(key);
                    if (k != null && k.remoteId() != null && r.contentHash().equals(k.hash())) {
                        // this very content is in the id map: an earlier attempt of this batch delivered it before
                        // failing on a later record. Sending it again (a PUT per mark) would make a batch under a
                        // flaky target restart from its first record on every attempt and never get through.
                        resolved.put(key, k.remoteId());
                        if (done.add(key)) {
                            delivered++;
                        }
                        // its outbox row may still be open: the id-map row can come from another batch that
                        // resolved this record as a dependency (subjects, homework shared by classes)
                        closed.add(new Outbox.Closed(key, Outbox.State.DONE, k.remoteId(), null));
                        continue;
                    }
                    try {
                        deliverRetrying(r);
                    } catch (DnevnikException e) {
                        if (e.kind() != DnevnikException.Kind.PERMANENT) {
                            throw e;
                        }
                        String code = e.errorType() == null ? "HTTP_" + e.httpStatus() : e.errorType();
                        String reason = "Дневник.ру отказал: " + e.getMessage();
                        reject(r, "TARGET_REFUSED", reason);
                        deadLetters.add(new DeadLetter(key, r.entityType().name(),
                                journal.schoolClass().key().asString(), dateOf(r), code, reason));
                        closed.add(new Outbox.Closed(key, Outbox.State.DEAD, null, code + ": " + reason));
                    } catch (RuntimeException e) {
                        // a record we cannot map is refused alone; redelivering the batch would not help
                        LOG.error("Cannot deliver {} {}", r.entityType(), key, e);
                        reject(r, "MAPPING_FAILED", "запись не удалось преобразовать для Дневник.ру: " + e);
                    }
                    if (toSave.size() + toReject.size() >= FLUSH_EVERY) {
                        flush();
                    }
                }
                for (String key : batch.deletedKeys()) {
                    tombstone(key);
                }
                for (String key : batch.withdrawnKeys()) {
                    withdraw(key);
                }
                return finish();
            } catch (RuntimeException e) {
                flush();
                List<String> open = new ArrayList<>();
                changed.stream().filter(k -> !closedKeys.contains(k)).forEach(open::add);
                batch.deletedKeys().stream().filter(k -> !closedKeys.contains(k)).forEach(open::add);
                batch.withdrawnKeys().stream().filter(k -> !closedKeys.contains(k)).forEach(open::add);
                outbox.attempt(TARGET, school.schoolId(), open);
                throw e;
            }
        }

        private Result finish() {
            flush();
            return new Result(delivered, rejected, deleted, withdrawn, List.copyOf(deadLetters));
        }

        /** The id map, the rejects, the events and the outbox rows they close: one transaction. */
        private void flush() {
            for (Delivered d : toSave) {
                if (changed.contains(d.sourceKey())) {
                    closed.add(new Outbox.Closed(d.sourceKey(), Outbox.State.DONE, d.remoteId(), null));
                }
            }
            for (Rejected r : toReject) {
                if (!"TARGET_REFUSED".equals(r.reasonCode())) {
                    closed.add(new Outbox.Closed(r.sourceKey(), Outbox.State.REJECTED, null,
                            r.reasonCode() + ": " + r.reason()));
                }
            }
            for (TargetRecordRepository.Event e : events) {
                closed.add(new Outbox.Closed(e.sourceKey(), Outbox.State.DONE, null, null));
            }
            tx.executeWithoutResult(s -> {
                records.saveDelivered(TARGET, school.schoolId(), batch.runId(), toSave);
                records.saveRejected(TARGET, school.schoolId(), batch.runId(), toReject);
                records.saveEvents(TARGET, school.schoolId(), batch.runId(), events, forget);
                outbox.closeAttempted(TARGET, school.schoolId(), closed);
            });
            closed.forEach(c -> closedKeys.add(c.sourceKey()));
            toSave.clear();
            toReject.clear();
            events.clear();
            forget.clear();
            closed.clear();
        }

        /** The source no longer has the record: take it out of the diary and say so. */
        private void tombstone(String key) {
            Known k = known.get(key);
            if (k == null) {
                delivered++; // already withdrawn by an earlier attempt of this batch
                deleted++;
                return;
            }
            try {
                if ("MARK".equals(k.entityType()) && k.remoteId() != null) {
                    client.deleteMark(k.remoteId());
                } else if ("ATTENDANCE".equals(k.entityType()) && k.remoteRef() != null) {
                    String[] ref = k.remoteRef().split(":");
                    client.deleteLogEntry(Long.parseLong(ref[0]), Long.parseLong(ref[1]));
                }
            } catch (DnevnikException e) {
                if (e.kind() != DnevnikException.Kind.PERMANENT) {
                    throw e;
                }
                // already gone from the diary: the tombstone still stands
            }
            forget.add(key);
            events.add(new TargetRecordRepository.Event(key, k.entityType(), "TOMBSTONE",
                    "удалено в источнике: удалено из Дневник.ру"));
            delivered++;
            deleted++;
        }

        /** The pupil left or withdrew consent (001 §3.1.2): nothing more about them goes out, once said. */
        private void withdraw(String key) {
            Known k = known.get(key);
            CanonicalRecord r = byKey.get(key);
            toSave.add(new Delivered(key, r == null ? "PERSON" : r.entityType().name(),
                    k == null ? null : k.remoteId(), TargetRecordRepository.WITHDRAWN,
                    journal.schoolClass().key().asString(), null, null));
            String why = r instanceof Person p && !p.enrolment().active() ? "выбыл из школы"
                    : "нет согласия на публикацию персональных данных";
            events.add(new TargetRecordRepository.Event(key, "PERSON", "WITHDRAWAL", why + ": выгрузка прекращена"));
            delivered++;
            withdrawn++;
        }

        private Delivered row(CanonicalRecord r, Long remoteId, String remoteRef) {
            return new Delivered(r.key().asString(), r.entityType().name(), remoteId, r.contentHash(),
                    journal.schoolClass().key().asString(), dateOf(r), remoteRef);
        }

        private LocalDate dateOf(CanonicalRecord r) {
            if (r instanceof Lesson l) {
                return l.date();
            }
            String lessonKey = r instanceof Mark m ? m.lessonKey().asString()
                    : r instanceof AttendanceEntry a ? a.lessonKey().asString()
                    : r instanceof Work w ? w.lessonKey().asString()
                    : r instanceof Homework h ? h.lessonKey().asString() : null;
            return lessonKey != null && byKey.get(lessonKey) instanceof Lesson l ? l.date() : null;
        }

        private void deliverOne(CanonicalRecord r) {
            if (r instanceof SchoolClass c) {
                accept(c, groupId);
            } else if (r instanceof Subject s) {
                Long id = subjectId(s);
                if (id == null) {
                    reject(s, "SUBJECT_NOT_FOUND", subjectMissing(s));
                } else {
                    accept(s, id);
                }
            } else if (r instanceof Person p) {
                Long id = person(p);
                if (id != null) {
                    accept(p, id);
                }
            } else if (r instanceof Lesson l) {
                Long id = lesson(l);
                if (id != null) {
                    accept(l, id);
                }
            } else if (r instanceof Work w) {
                Long id = work(w);
                if (id != null) {
                    accept(w, id);
                }
            } else if (r instanceof Homework h && h.workKey() == null) {
                Long id = homeworkWork(h);
                if (id != null) {
                    accept(h, id);
                }
            } else if (r instanceof Homework h) {
                CanonicalRecord w = byKey.get(h.workKey().asString());
                Long id = w instanceof Work work ? work(work) : remembered(h.workKey().asString());
                if (id != null) {
                    accept(h, id);
                } else {
                    reject(h, "WORK_NOT_RESOLVED", because(h.workKey().asString()));
                }
            } else if (r instanceof Mark m) {
                mark(m);
            } else if (r instanceof AttendanceEntry a) {
                attendance(a);
            } else {
                reject(r, "UNSUPPORTED", "тип записи не передаётся в Дневник.ру: " + r.entityType());
            }
        }

        /**
         * One record, its transient failures retried in place. Before a retry the lookups this batch cached are
         * dropped: a create that timed out may have been applied, and only a fresh lookup (of the lesson's works,
         * the work's marks, the lesson's attendance) tells, so the retry updates what is there instead of creating
         * it twice.
         */
        private void deliverRetrying(CanonicalRecord r) {
            for (int retry = 0; ; retry++) {
                try {
                    deliverOne(r);
                    return;
                } catch (DnevnikException e) {
                    boolean transientFailure = e.kind() == DnevnikException.Kind.RETRYABLE
                            || e.kind() == DnevnikException.Kind.RATE_LIMITED;
                    if (!transientFailure || retry >= recordRetry.attempts()) {
                        throw e;
                    }
                    Duration wait = recordRetry.delayBefore(retry);
                    LOG.warn("Record {} {}: transient failure (HTTP {}), retry {} of {} in {} ms", r.entityType(),
                            r.key().asString(), e.httpStatus(), retry + 1, recordRetry.attempts(), wait.toMillis());
                    forgetLookups();
                    try {
                        TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        private void forgetLookups() {
            remoteLessons = null;
            createdHere.clear();
            marksByWork.clear();
            loggedByLesson.clear();
        }

        private void accept(CanonicalRecord r, Long remoteId) {
            accept(r, remoteId, null);
        }

        private void accept(CanonicalRecord r, Long remoteId, String remoteRef) {
            String key = r.key().asString();
            resolved.put(key, remoteId);
            toSave.add(row(r, remoteId, remoteRef));
            if (changed.contains(key) && done.add(key)) {
                delivered++;
            }
        }

        private void reject(CanonicalRecord r, String code, String reason) {
            if (r == null) {
                return;
            }
            String key = r.key().asString();
            failedReason.put(key, reason);
            if (changed.contains(key) && done.add(key)) {
                rejected++;
                toReject.add(new Rejected(key, r.entityType().name(), code, reason));
                LOG.warn("Rejected {} {}: {}", r.entityType(), key, code);
            }
        }

        private String because(String dependencyKey) {
            return "не сопоставлена связанная запись " + dependencyKey
                    + Optional.ofNullable(failedReason.get(dependencyKey)).map(s -> " (" + s + ")").orElse("");
        }

        /** A record already in the id map resolves without a call; otherwise {@code lookup} asks Dnevnik.ru. */
        private Long remembered(String key) {
            Long id = resolved.get(key);
            if (id != null) {
                return id;
            }
            Known k = known.get(key);
            return k == null ? null : k.remoteId();
        }

        private Long resolveGroup(SchoolClass cls) {
            Long id = remembered(cls.key().asString());
            if (id != null) {
                return id;
            }
            for (DnevnikEduGroup g : client.eduGroups(school.dnevnikSchoolId())) {
                if (TextNormalizer.sameName(g.name(), cls.name())) {
                    if (!changed.contains(cls.key().asString())) {
                        resolved.put(cls.key().asString(), g.id());
                        toSave.add(row(cls, g.id(), null));
                    }
                    return g.id();
                }
            }
            return null;
        }

        private Long subjectId(Subject s) {
            Long id = remembered(s.key().asString());
            if (id != null) {
                return id;
            }
            if (subjectIds == null) {
                subjectIds = new HashMap<>();
                for (DnevnikSubject ds : client.subjects(school.dnevnikSchoolId())) {
                    subjectIds.putIfAbsent(TextNormalizer.forMatching(ds.name()), ds.id());
                }
            }
            return subjectIds.get(TextNormalizer.forMatching(s.name()));
        }

        private String subjectMissing(Subject s) {
            return "предмет «" + s.name() + "» не найден в Дневник.ру";
        }

        private Long person(Person p) {
            String key = p.key().asString();
            Long id = remembered(key);
            if (id != null || failedReason.containsKey(key)) {
                return id;
            }
            if (p.snils() == null || p.snils().isBlank()) {
                reject(p, "NO_SNILS", "у ученика " + key + " нет СНИЛС: его нельзя найти в Дневник.ру");
                return null;
            }
            Optional<Long> found = client.findPersonBySnils(p.snils()).map(dp -> dp.id());
            if (found.isEmpty()) {
                String digits = p.snils().replaceAll("\\D", "");
                String masked = "***-***-*" + (digits.length() >= 4 ? digits.substring(digits.length() - 4,
                        digits.length() - 2) + " " + digits.substring(digits.length() - 2) : "");
                reject(p, "PERSON_NOT_FOUND", "ученик " + key + " (класс " + journal.schoolClass().name()
                        + ") не найден в Дневник.ру: искали по СНИЛС " + masked + " (persons/search), школа "
                        + school.dnevnikSchoolId() + " — нет ни одной записи; проверьте СНИЛС в журнале и в Дневник.ру");
                return null;
            }
            if (!changed.contains(key)) {
                resolved.put(key, found.get());
                toSave.add(row(p, found.get(), null));
            }
            return found.get();
        }

        private Long personOf(CanonicalRecord dependent, String pupilKey) {
            CanonicalRecord pupil = byKey.get(pupilKey);
            Long id = pupil instanceof Person p ? (changed.contains(pupilKey) && !done.contains(pupilKey)
                    ? deliverAndGet(p) : person(p)) : remembered(pupilKey);
            if (id == null) {
                reject(dependent, "PERSON_NOT_RESOLVED", because(pupilKey));
            }
            return id;
        }

        private Long deliverAndGet(CanonicalRecord r) {
            deliverOne(r);
            return resolved.get(r.key().asString());
        }

        private Long lesson(Lesson l) {
            String key = l.key().asString();
            Long id = remembered(key);
            if (id != null || failedReason.containsKey(key)) {
                return id;
            }
            Subject subject = (Subject) byKey.get(l.subjectKey().asString());
            Long subjectId = subject == null ? remembered(l.subjectKey().asString()) : subjectId(subject);
            if (subjectId == null) {
                reject(l, "SUBJECT_NOT_FOUND", subject == null ? because(l.subjectKey().asString())
                        : subjectMissing(subject));
                return null;
            }
            if (remoteLessons == null) {
                remoteLessons = new ArrayList<>(client.lessons(groupId, journal.from(), journal.to()));
            }
            for (DnevnikLesson dl : remoteLessons) {
                if (dl.date().equals(l.date()) && dl.number() == l.number() && dl.subjectId() == subjectId) {
                    return remember(l, dl.id());
                }
            }
            DnevnikLesson created = client.createLesson(groupId, subjectId, l.date(), l.number(), l.topic());
            remoteLessons.add(created);
            createdHere.add(created.id());
            return remember(l, created.id());
        }

        /** Resolved as a dependency: saved in the id map (so the next batch needs no call) but not counted. */
        private Long remember(CanonicalRecord r, long id) {
            String key = r.key().asString();
            resolved.put(key, id);
            if (!changed.contains(key)) {
                toSave.add(row(r, id, null));
            }
            return id;
        }

        private Long lessonOf(CanonicalRecord dependent, String lessonKey) {
            CanonicalRecord l = byKey.get(lessonKey);
            Long id = l instanceof Lesson lesson ? lesson(lesson) : remembered(lessonKey);
            if (id == null) {
                reject(dependent, "LESSON_NOT_RESOLVED", because(lessonKey));
            }
            return id;
        }

        private Long work(Work w) {
            if (w == null) {
                return null;
            }
            String key = w.key().asString();
            Long id = remembered(key);
            if (id != null || failedReason.containsKey(key)) {
                return id;
            }
            Long lessonId = lessonOf(w, w.lessonKey().asString());
            if (lessonId == null) {
                return null;
            }
            Lesson lesson = (Lesson) byKey.get(w.lessonKey().asString());
            String type = DnevnikMapping.workTypeTitle(w.form());
            List<DnevnikWork> existing = createdHere.contains(lessonId) ? List.of() : client.works(lessonId);
            for (DnevnikWork dw : existing) {
                if (type.equals(dw.type()) && w.title().equals(dw.text())) {
                    return remember(w, dw.id());
                }
            }
            LocalDate target = lesson == null ? null : lesson.date();
            if (w.form() == WorkForm.HOMEWORK) {
                target = journal.homework().stream().filter(h -> h.workKey().equals(w.key()))
                        .map(Homework::dueDate).filter(d -> d != null).findFirst().orElse(target);
            }
            Long subjectId = lesson == null ? null : subjectIdOfLesson(lesson);
            DnevnikWork created = client.createWork(lessonId, groupId, subjectId == null ? 0 : subjectId, type,
                    w.title(), "mark5", target);
            createdHere.add(created.id());
            return remember(w, created.id());
        }

        /** Homework a source sends without a work of its own (АСИОУ): a «Домашнее задание» work in its lesson. */
        private Long homeworkWork(Homework h) {
            Long lessonId = lessonOf(h, h.lessonKey().asString());
            if (lessonId == null) {
                return null;
            }
            String type = DnevnikMapping.workTypeTitle(WorkForm.HOMEWORK);
            List<DnevnikWork> existing = createdHere.contains(lessonId) ? List.of() : client.works(lessonId);
            for (DnevnikWork dw : existing) {
                if (type.equals(dw.type()) && h.text().equals(dw.text())) {
                    return dw.id();
                }
            }
            Lesson lesson = (Lesson) byKey.get(h.lessonKey().asString());
            Long subjectId = lesson == null ? null : subjectIdOfLesson(lesson);
            DnevnikWork created = client.createWork(lessonId, groupId, subjectId == null ? 0 : subjectId, type,
                    h.text(), "mark5", h.dueDate() != null ? h.dueDate() : lesson == null ? null : lesson.date());
            createdHere.add(created.id());
            return created.id();
        }

        private Long subjectIdOfLesson(Lesson l) {
            CanonicalRecord s = byKey.get(l.subjectKey().asString());
            return s instanceof Subject subject ? subjectId(subject) : remembered(l.subjectKey().asString());
        }

        private void mark(Mark m) {
            Long personId = personOf(m, m.pupilKey().asString());
            if (personId == null) {
                return;
            }
            CanonicalRecord w = byKey.get(m.workKey().asString());
            Long workId = w instanceof Work work ? work(work) : remembered(m.workKey().asString());
            if (workId == null) {
                reject(m, "WORK_NOT_RESOLVED", because(m.workKey().asString()));
                return;
            }
            String value = m.value().value();
            String mood = DnevnikMapping.mood(m.value());
            Long markId = remembered(m.key().asString());
            if (markId == null) {
                // find before create: the previous attempt may have created it and died before the id-map write
                List<DnevnikMark> ofWork = marksByWork.computeIfAbsent(workId,
                        id -> createdHere.contains(id) ? List.of() : client.marks(id));
                Optional<DnevnikMark> existing = ofWork.stream()
                        .filter(dm -> dm.personId() == personId).findFirst();
                if (existing.isPresent()) {
                    markId = existing.get().id();
                    if (!value.equals(existing.get().value())) {
                        client.updateMark(markId, value, mood);
                    }
                } else {
                    markId = createMark(personId, workId, value, mood, m.dateSet());
                    if (HALT_AFTER > 0 && CREATES.incrementAndGet() == HALT_AFTER) {
                        LOG.error("Fault injection: halting after {} marks created, before the id map is written",
                                HALT_AFTER);
                        Runtime.getRuntime().halt(97);
                    }
                }
            } else {
                client.updateMark(markId, value, mood);
            }
            accept(m, markId);
        }

        /**
         * Creates a mark; if the target refuses because the pupil already has one for this work — made a moment ago
         * by another delivery of the same batch (a redelivery after a broker failover, another instance) — that
         * mark is taken and corrected instead of the record being refused.
         */
        private long createMark(long personId, long workId, String value, String mood, LocalDate date) {
            try {
                return client.createMark(personId, workId, value, mood, date).id();
            } catch (DnevnikException e) {
                if (e.kind() != DnevnikException.Kind.PERMANENT) {
                    throw e;
                }
                marksByWork.remove(workId);
                Optional<DnevnikMark> made = client.marks(workId).stream().filter(dm -> dm.personId() == personId)
                        .findFirst();
                if (made.isEmpty()) {
                    throw e;
                }
                LOG.warn("Mark of person {} for work {} was already at the target: taken instead of created",
                        personId, workId);
                if (!value.equals(made.get().value())) {
                    client.updateMark(made.get().id(), value, mood);
                }
                return made.get().id();
            }
        }

        private void attendance(AttendanceEntry a) {
            Long personId = personOf(a, a.pupilKey().asString());
            if (personId == null) {
                return;
            }
            Long lessonId = lessonOf(a, a.lessonKey().asString());
            if (lessonId == null) {
                return;
            }
            String status = DnevnikMapping.attendanceStatus(a.code());
            String comment = DnevnikMapping.attendanceComment(a.code(), a.comment());
            if (known.containsKey(a.key().asString())) {
                client.updateLogEntry(lessonId, personId, status, comment);
            } else {
                Set<Long> logged = loggedByLesson.computeIfAbsent(lessonId, id -> {
                    Set<Long> persons = new HashSet<>();
                    if (!createdHere.contains(id)) {
                        client.logEntries(id).forEach(e -> persons.add(e.personId()));
                    }
                    return persons;
                });
                boolean exists = !logged.add(personId);
                if (exists) {
                    client.updateLogEntry(lessonId, personId, status, comment);
                } else {
                    try {
                        client.createLogEntry(lessonId, personId, status, comment);
                    } catch (DnevnikException e) {
                        if (e.kind() != DnevnikException.Kind.PERMANENT || client.logEntries(lessonId).stream()
                                .noneMatch(le -> le.personId() == personId)) {
                            throw e;
                        }
                        // made a moment ago by another delivery of this batch (see createMark)
                        client.updateLogEntry(lessonId, personId, status, comment);
                    }
                }
            }
            accept(a, lessonId, lessonId + ":" + personId);
        }
    }
}
