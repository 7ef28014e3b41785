package ru.diarybridge.routes.smev;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.connector.smev.FaultClass;
import ru.diarybridge.connector.smev.ReceivedRequest;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.SmevFaultException;

/** The {@code smev_inbound} and {@code smev_outbound} tables (V10). */
public class SmevMessageStore {

    public enum InboundState { RECEIVED, ACKED, ANSWERED, IGNORED }

    public enum OutboundState { PENDING, SENT, RETRY, FAILED, SUPERSEDED }

    public record Inbound(String messageId, String schoolId, String replyTo, boolean testMessage, String content,
                          String signatureProblem, InboundState state) {
    }

    /** An answer; {@code kind} RESPONSE (content) or REJECTION. */
    public record Outbound(String messageId, String schoolId, String inReplyTo, String replyTo, String kind,
                           String content, RejectionCode rejectionCode, String rejectionReason, boolean testMessage,
                           OutboundState state, String faultClass, String faultCode, String reasonRu,
                           String replacesMessageId, String replacedBy, int attempts) {
    }

    private static final RowMapper<Inbound> INBOUND = (rs, n) -> new Inbound(rs.getString("message_id"),
            rs.getString("school_id"), rs.getString("reply_to"), rs.getBoolean("test_message"),
            rs.getString("content"), rs.getString("signature_problem"), InboundState.valueOf(rs.getString("state")));

    private static final RowMapper<Outbound> OUTBOUND = (rs, n) -> new Outbound(rs.getString("message_id"),
            rs.getString("school_id"), rs.getString("in_reply_to"), rs.getString("reply_to"), rs.getString("kind"),
            rs.getString("content"), rs.getString("rejection_code") == null ? null
            : RejectionCode.valueOf(rs.getString("rejection_code")), rs.getString("rejection_reason"),
            rs.getBoolean("test_message"), OutboundState.valueOf(rs.getString("state")), rs.getString("fault_class"),
            rs.getString("fault_code"), rs.getString("reason_ru"), rs.getString("replaces_message_id"),
            rs.getString("replaced_by"), rs.getInt("attempts"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public SmevMessageStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    /** Stores a received request; a redelivered one (same MessageID) is kept as first stored. */
    public void storeReceived(String schoolId, ReceivedRequest r) {
        try {
            jdbc.update("INSERT INTO smev_inbound (message_id, school_id, sender, reply_to, test_message, content, "
                            + "signature_problem, state, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.messageId(), schoolId, r.senderMnemonic(), r.replyTo(), r.testMessage(), r.contentXml(),
                    r.smevSignatureProblem(), InboundState.RECEIVED.name(), now());
        } catch (DuplicateKeyException e) {
            // SMEV handed it out again (our Ack was lost): the first copy is the one we work on
        }
    }

    public Optional<Inbound> inbound(String messageId) {
        return jdbc.query("SELECT * FROM smev_inbound WHERE message_id = ?", INBOUND, messageId).stream().findFirst();
    }

    /** After Ack: ACKED, or IGNORED when the SMEV signature failed (acknowledged with accepted=false). */
    public void markAcked(String messageId, boolean accepted) {
        jdbc.update("UPDATE smev_inbound SET state = ?, acked_at = ? WHERE message_id = ? AND state = ?",
                (accepted ? InboundState.ACKED : InboundState.IGNORED).name(), now(), messageId,
                InboundState.RECEIVED.name());
    }

    /** Stored requests that wait for an answer, oldest first. */
    public List<Inbound> awaitingAnswer(String schoolId) {
        return jdbc.query("SELECT * FROM smev_inbound WHERE school_id = ? AND state = ? ORDER BY received_at",
                INBOUND, schoolId, InboundState.ACKED.name());
    }

    /** Received but not acknowledged (a crash between store and Ack): acknowledged on the next poll. */
    public List<Inbound> unacknowledged(String schoolId) {
        return jdbc.query("SELECT * FROM smev_inbound WHERE school_id = ? AND state = ? ORDER BY received_at",
                INBOUND, schoolId, InboundState.RECEIVED.name());
    }

    /** The answer with its MessageID, stored before the first send, in one transaction with the request's state. */
    public void storeAnswer(Outbound answer) {
        tx.executeWithoutResult(s -> {
            insert(answer);
            jdbc.update("UPDATE smev_inbound SET state = ? WHERE message_id = ?", InboundState.ANSWERED.name(),
                    answer.inReplyTo());
        });
    }

    private void insert(Outbound a) {
        jdbc.update("INSERT INTO smev_outbound (message_id, school_id, in_reply_to, reply_to, kind, content, "
                        + "rejection_code, rejection_reason, test_message, state, replaces_message_id, attempts, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                a.messageId(), a.schoolId(), a.inReplyTo(), a.replyTo(), a.kind(), a.content(),
                a.rejectionCode() == null ? null : a.rejectionCode().name(), a.rejectionReason(), a.testMessage(),
                OutboundState.PENDING.name(), a.replacesMessageId(), now(), now());
    }

    /** Answers to (re)send: PENDING (never accepted) and RETRY (retry-forever fault). */
    public List<Outbound> toSend(String schoolId) {
        return jdbc.query("SELECT * FROM smev_outbound WHERE school_id = ? AND state IN (?, ?) ORDER BY created_at",
                OUTBOUND, schoolId, OutboundState.PENDING.name(), OutboundState.RETRY.name());
    }

    public Optional<Outbound> outbound(String messageId) {
        return jdbc.query("SELECT * FROM smev_outbound WHERE message_id = ?", OUTBOUND, messageId).stream().findFirst();
    }

    public List<Outbound> answersTo(String inReplyTo) {
        return jdbc.query("SELECT * FROM smev_outbound WHERE in_reply_to = ? ORDER BY created_at", OUTBOUND, inReplyTo);
    }

    public void markSent(String messageId, String note) {
        jdbc.update("UPDATE smev_outbound SET state = ?, attempts = attempts + 1, reason_ru = ?, updated_at = ? "
                + "WHERE message_id = ?", OutboundState.SENT.name(), note, now(), messageId);
    }

    /** A fault: RETRY for retry-forever, FAILED for permanent and configuration; class, code and reason kept. */
    public void markFault(String messageId, SmevFaultException fault) {
        OutboundState state = fault.faultClass() == FaultClass.RETRY_FOREVER ? OutboundState.RETRY : OutboundState.FAILED;
        jdbc.update("UPDATE smev_outbound SET state = ?, attempts = attempts + 1, fault_class = ?, fault_code = ?, "
                        + "reason_ru = ?, updated_at = ? WHERE message_id = ?", state.name(), fault.faultClass().name(),
                fault.code().name(), truncate(fault.reasonRu()), now(), messageId);
    }

    /** A local failure before the send (e.g. content invalid against the schema): FAILED/PERMANENT with the reason. */
    public void markInvalid(String messageId, String reasonRu) {
        jdbc.update("UPDATE smev_outbound SET state = ?, fault_class = ?, fault_code = ?, reason_ru = ?, updated_at = ? "
                        + "WHERE message_id = ?", OutboundState.FAILED.name(), FaultClass.PERMANENT.name(),
                "LOCAL_VALIDATION", truncate(reasonRu), now(), messageId);
    }

    /**
     * StaleMessageId: the old row becomes SUPERSEDED (pointing at the new id) and the same answer is stored under
     * {@code newMessageId} beside it, in one transaction.
     */
    public Outbound supersede(Outbound old, String newMessageId, SmevFaultException fault) {
        Outbound replacement = new Outbound(newMessageId, old.schoolId(), old.inReplyTo(), old.replyTo(), old.kind(),
                old.content(), old.rejectionCode(), old.rejectionReason(), old.testMessage(), OutboundState.PENDING,
                null, null, null, old.messageId(), null, 0);
        tx.executeWithoutResult(s -> {
            insert(replacement);
            jdbc.update("UPDATE smev_outbound SET state = ?, attempts = attempts + 1, fault_class = ?, fault_code = ?, "
                            + "reason_ru = ?, replaced_by = ?, updated_at = ? WHERE message_id = ?",
                    OutboundState.SUPERSEDED.name(), fault.faultClass().name(), fault.code().name(),
                    truncate(fault.reasonRu()), newMessageId, now(), old.messageId());
        });
        return replacement;
    }

    /** For the operator: answers of a school that did not go through, newest first. */
    public List<Outbound> problems(String schoolId) {
        return jdbc.query("SELECT * FROM smev_outbound WHERE school_id = ? AND state IN (?, ?) ORDER BY updated_at DESC",
                OUTBOUND, schoolId, OutboundState.FAILED.name(), OutboundState.RETRY.name());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
