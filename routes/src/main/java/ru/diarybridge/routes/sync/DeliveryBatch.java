package ru.diarybridge.routes.sync;

import java.util.List;
import ru.diarybridge.model.ClassJournal;

/**
 * One JMS message: a class's journal as read, and the keys of the records in it that changed since they were last
 * delivered, the keys of records the source no longer has (tombstones), and of pupils whose data may no longer be
 * exported (withdrawals). The unchanged records travel as context (a mark needs its lesson, work and pupil resolved).
 */
public record DeliveryBatch(String runId, String schoolId, ClassJournal journal, List<String> changedKeys,
                            List<String> deletedKeys, List<String> withdrawnKeys) {
    public DeliveryBatch {
        changedKeys = List.copyOf(changedKeys);
        deletedKeys = deletedKeys == null ? List.of() : List.copyOf(deletedKeys);
        withdrawnKeys = withdrawnKeys == null ? List.of() : List.copyOf(withdrawnKeys);
    }

    public int size() {
        return changedKeys.size() + deletedKeys.size() + withdrawnKeys.size();
    }
}
