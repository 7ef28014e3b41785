package ru.diarybridge.routes.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;

/**
 * Decides, without asking the target, what of a class's journal must travel: records whose content hash differs
 * from the hash last delivered. Records about a pupil who may not be exported (no consent, or left the school —
 * 001 §3.1.2) are withheld, and so is «точка», which is owed work and not a mark.
 */
public final class ChangeDetector {

    /**
     * @param changedKeys   records to create or update
     * @param deletedKeys   marks and attendance delivered earlier for this class and dates that the source no longer
     *                      has: tombstones
     * @param withdrawnKeys pupils delivered earlier who may no longer be exported (left, or consent withdrawn)
     * @param violationKeys marks that must never be sent and are reported instead: any mark in grade 1
     *                      (001 §3.2.4.11)
     * @param lateCorrectionKeys corrected marks whose correction came later than 001 §3.2.4.5 allows (two weeks after
     *                      the mark was set): delivered, and reported
     */
    public record Changes(List<String> changedKeys, List<String> deletedKeys, List<String> withdrawnKeys, int withheld,
                          int records, List<String> violationKeys, List<String> lateCorrectionKeys) {
        public Changes(List<String> changedKeys, List<String> deletedKeys, List<String> withdrawnKeys, int withheld,
                       int records) {
            this(changedKeys, deletedKeys, withdrawnKeys, withheld, records, List.of(), List.of());
        }

        public int total() {
            return changedKeys.size() + deletedKeys.size() + withdrawnKeys.size();
        }
    }

    /** 001 §3.2.4.5: a current mark may be corrected within two weeks of being set. */
    public static final int CORRECTION_DAYS = 14;

    private static final java.util.Set<String> TOMBSTONED = java.util.Set.of("MARK", "ATTENDANCE");

    private ChangeDetector() {
    }

    public static Changes detect(ClassJournal journal, Map<String, TargetRecordRepository.Known> known) {
        return detect(journal, known, Map.of());
    }

    /**
     * @param refused source key → content hash of records the target refused or that were reported instead of sent;
     *                the same content is not offered again (the operator replays it from the dead-letter queue)
     */
    public static Changes detect(ClassJournal journal, Map<String, TargetRecordRepository.Known> known,
                                 Map<String, String> refused) {
        return detect(journal, known, refused, CanonicalRecord::contentHash);
    }

    /** @param hashes the content hash of a record (the caller computes each once for detection and storage) */
    public static Changes detect(ClassJournal journal, Map<String, TargetRecordRepository.Known> known,
                                 Map<String, String> refused,
                                 java.util.function.Function<CanonicalRecord, String> hashes) {
        boolean gradeOne = journal.schoolClass().grade() == 1;
        List<String> violations = new ArrayList<>();
        List<String> late = new ArrayList<>();
        Map<NaturalKey, Person> pupils = new HashMap<>();
        journal.pupils().forEach(p -> pupils.put(p.key(), p));
        List<String> changed = new ArrayList<>();
        List<String> withdrawn = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        int withheld = 0;
        List<CanonicalRecord> records = journal.records();
        for (CanonicalRecord r : records) {
            present.add(r.key().asString());
            if (r.entityType() == ru.diarybridge.model.EntityType.PERIOD_MARK) {
                // Dnevnik.ru documents no write of period or final marks (target-systems §1.5, UNVERIFIED): read, kept
                // in the journal for archival and reports, not sent
                continue;
            }
            if (!deliverable(r, pupils)) {
                withheld++;
                TargetRecordRepository.Known k = known.get(r.key().asString());
                if (r instanceof Person && k != null && !TargetRecordRepository.WITHDRAWN.equals(k.hash())) {
                    withdrawn.add(r.key().asString());
                }
                continue;
            }
            String key = r.key().asString();
            TargetRecordRepository.Known k = known.get(key);
            String hash = hashes.apply(r);
            if (k != null && k.hash().equals(hash) || hash.equals(refused.get(key))) {
                continue;
            }
            if (gradeOne && r instanceof Mark) {
                violations.add(key);
                continue;
            }
            changed.add(key);
            if (k != null && r instanceof Mark m && m.dateCorrected() != null && m.dateSet() != null
                    && m.dateCorrected().isAfter(m.dateSet().plusDays(CORRECTION_DAYS))) {
                late.add(key);
            }
        }
        String classKey = journal.schoolClass().key().asString();
        List<String> deleted = new ArrayList<>();
        if (!journal.problems().isEmpty()) {
            // a record the source sent but we could not read is missing from the read, not deleted at the source:
            // deletions wait for a read of the class without problems
            return new Changes(changed, deleted, withdrawn, withheld, records.size(), violations, late);
        }
        known.forEach((key, k) -> {
            if (classKey.equals(k.classKey()) && TOMBSTONED.contains(k.entityType()) && k.recordDate() != null
                    && !k.recordDate().isBefore(journal.from()) && !k.recordDate().isAfter(journal.to())
                    && !present.contains(key)) {
                deleted.add(key);
            }
        });
        deleted.sort(null);
        return new Changes(changed, deleted, withdrawn, withheld, records.size(), violations, late);
    }

    static boolean deliverable(CanonicalRecord r, Map<NaturalKey, Person> pupils) {
        if (r instanceof Person p) {
            return p.mayBeExported();
        }
        if (r instanceof Mark m) {
            Person p = pupils.get(m.pupilKey());
            return p != null && p.mayBeExported() && !MarkSystem.DUTY.equals(m.value().value());
        }
        if (r instanceof AttendanceEntry a) {
            Person p = pupils.get(a.pupilKey());
            return p != null && p.mayBeExported();
        }
        return true;
    }
}
