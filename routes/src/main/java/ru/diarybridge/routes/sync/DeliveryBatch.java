package ru.diarybridge.routes.sync;

import java.util.List;
import ru.diarybridge.model.ClassJournal;

/**
 * One JMS message: a class's journal as read, and the keys of the records in it that changed since they were last
 * delivered. The unchanged records travel as context (a mark needs its lesson, work and pupil resolved).
 */
public record DeliveryBatch(String runId, String schoolId, ClassJournal journal, List<String> changedKeys) {
    public DeliveryBatch {
        changedKeys = List.copyOf(changedKeys);
    }
}
