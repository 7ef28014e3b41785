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

    public record Changes(List<String> changedKeys, int withheld, int records) {
    }

    private ChangeDetector() {
    }

    public static Changes detect(ClassJournal journal, Map<String, TargetRecordRepository.Known> known) {
        Map<NaturalKey, Person> pupils = new HashMap<>();
        journal.pupils().forEach(p -> pupils.put(p.key(), p));
        List<String> changed = new ArrayList<>();
        int withheld = 0;
        List<CanonicalRecord> records = journal.records();
        for (CanonicalRecord r : records) {
            if (!deliverable(r, pupils)) {
                withheld++;
                continue;
            }
            String key = r.key().asString();
            TargetRecordRepository.Known k = known.get(key);
            if (k == null || !k.hash().equals(r.contentHash())) {
                changed.add(key);
            }
        }
        return new Changes(changed, withheld, records.size());
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
