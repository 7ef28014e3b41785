package ru.diarybridge.routes.dnevnik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.store.JdbcJournalStore;
import ru.diarybridge.routes.sync.DeliveryBatch;
import ru.diarybridge.routes.sync.Outbox;
import ru.diarybridge.routes.sync.SourceSync;

/**
 * The dead-letter queue of the Dnevnik.ru delivery, for the operator: what is in it (by school and error code) and
 * replaying it once the cause is fixed. A replayed record is rebuilt from the journal store as it is now, so a
 * record corrected at the source since goes out corrected; its outbox row becomes PENDING again.
 */
public class DeadLetters {

    public static final String DLQ = "DLQ";
    public static final String ERROR_CODE = "diaryBridgeErrorCode";
    public static final String REASON = "diaryBridgeReason";
    public static final String KIND = "diaryBridgeDeadLetterKind";
    /** The JMS message group property (the class of a batch). */
    static final String GROUP = "JMSXGroupID";
    /** One record the target refused (a {@link Letter}); the other kind is a whole batch moved by the broker. */
    public static final String KIND_RECORD = "record";
    /** The error code shown for a batch the broker moved after its last delivery attempt. */
    public static final String BATCH_FAILED = "DELIVERY_FAILED";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** The body of a record dead letter. */
    public record Letter(String runId, String schoolId, DnevnikDelivery.DeadLetter record) {
    }

    /** One dead letter as the console shows it. */
    public record Entry(String messageId, String schoolId, String errorCode, String reason, String sourceKey) {
    }

    private final JmsTemplate jms;
    private final JdbcJournalStore store;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final String queuePrefix;

    public DeadLetters(jakarta.jms.ConnectionFactory connectionFactory, JdbcJournalStore store, Outbox outbox,
                       ObjectMapper json, String queuePrefix) {
        this.jms = new JmsTemplate(connectionFactory);
        // a receive that finds nothing within this time means the selection is empty
        this.jms.setReceiveTimeout(500);
        this.store = store;
        this.outbox = outbox;
        this.json = json;
        this.queuePrefix = queuePrefix;
    }

    /** Dead letters of a school (all schools when null), oldest first. */
    public List<Entry> list(String schoolId) {
        List<Entry> out = new ArrayList<>();
        jms.browseSelected(DLQ, selector(schoolId, null), (session, browser) -> {
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                out.add(entry(m));
            }
            return null;
        });
        return out;
    }

    /**
     * Replays the dead letters of a school, of one error code when given: record letters are rebuilt from the
     * journal store and sent to the school's live queue as one batch per class; batches the broker gave up on go
     * back to the queue they came from. Returns how many dead letters were taken from the queue.
     */
    public int replay(String schoolId, String errorCode) {
        String selector = selector(schoolId, errorCode);
        Map<String, List<Letter>> byClass = new LinkedHashMap<>();
        int taken = 0;
        try {
            Message m;
            while ((m = jms.receiveSelected(DLQ, selector)) != null) {
                taken++;
                String body = m instanceof TextMessage t ? t.getText() : null;
                if (KIND_RECORD.equals(m.getStringProperty(KIND)) && body != null) {
                    Letter letter = json.readValue(body, Letter.class);
                    byClass.computeIfAbsent(letter.record().classKey(), k -> new ArrayList<>()).add(letter);
                } else if (body != null) {
                    String origin = m.getStringProperty("_AMQ_ORIG_ADDRESS");
                    String queue = origin != null ? origin : SourceSync.liveQueue(queuePrefix, schoolId);
                    String group = m.getStringProperty(GROUP);
                    String school = m.getStringProperty(SyncHeaders.SCHOOL_ID);
                    jms.send(queue, session -> {
                        TextMessage replayed = session.createTextMessage(body);
                        if (school != null) {
                            replayed.setStringProperty(SyncHeaders.SCHOOL_ID, school);
                        }
                        if (group != null) {
                            replayed.setStringProperty(GROUP, group);
                        }
                        return replayed;
                    });
                }
            }
        } catch (JMSException | JsonProcessingException e) {
            throw new IllegalStateException("dead letters of school " + schoolId + " cannot be replayed: "
                    + e.getMessage(), e);
        }
        for (Map.Entry<String, List<Letter>> e : byClass.entrySet()) {
            resend(schoolId, e.getKey(), e.getValue());
        }
        LOG.info("Школа {}: из DLQ повторно отправлено {} (код ошибки {})", schoolId, taken,
                errorCode == null ? "любой" : errorCode);
        return taken;
    }

    private void resend(String schoolId, String classKey, List<Letter> letters) {
        LocalDate from = letters.stream().map(l -> l.record().date()).filter(d -> d != null).min(LocalDate::compareTo)
                .orElse(LocalDate.now().minusYears(1));
        LocalDate to = letters.stream().map(l -> l.record().date()).filter(d -> d != null).max(LocalDate::compareTo)
                .orElse(LocalDate.now());
        Optional<ClassJournal> journal = store.classJournal(schoolId, NaturalKey.parse(classKey), from, to);
        if (journal.isEmpty()) {
            LOG.warn("Школа {}: класс {} больше не найден в журнале, записи из DLQ не отправлены", schoolId, classKey);
            return;
        }
        List<String> keys = letters.stream().map(l -> l.record().sourceKey()).distinct().toList();
        outbox.revive(DnevnikDelivery.TARGET, schoolId, keys);
        try {
            String batch = json.writeValueAsString(new DeliveryBatch(letters.get(0).runId(), schoolId, journal.get(),
                    keys, List.of(), List.of()));
            jms.send(SourceSync.liveQueue(queuePrefix, schoolId), session -> {
                TextMessage m = session.createTextMessage(batch);
                m.setStringProperty(SyncHeaders.SCHOOL_ID, schoolId);
                // in the class's group, so that it is not delivered beside a newer batch of the same class
                m.setStringProperty(GROUP, SourceSync.messageGroup(schoolId, classKey));
                return m;
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a replayed batch", e);
        }
    }

    private Entry entry(Message m) throws JMSException {
        String code = Optional.ofNullable(m.getStringProperty(ERROR_CODE)).orElse(BATCH_FAILED);
        String key = null;
        if (KIND_RECORD.equals(m.getStringProperty(KIND)) && m instanceof TextMessage t) {
            try {
                key = json.readValue(t.getText(), Letter.class).record().sourceKey();
            } catch (JsonProcessingException e) {
                key = null;
            }
        }
        return new Entry(m.getJMSMessageID(), m.getStringProperty(SyncHeaders.SCHOOL_ID), code,
                m.getStringProperty(REASON), key);
    }

    static String selector(String schoolId, String errorCode) {
        List<String> parts = new ArrayList<>();
        if (schoolId != null) {
            parts.add(SyncHeaders.SCHOOL_ID + " = '" + schoolId.replace("'", "''") + "'");
        }
        if (BATCH_FAILED.equals(errorCode)) {
            parts.add(ERROR_CODE + " IS NULL");
        } else if (errorCode != null) {
            parts.add(ERROR_CODE + " = '" + errorCode.replace("'", "''") + "'");
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

}
