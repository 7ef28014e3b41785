package ru.diarybridge.routes.smev;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import ru.diarybridge.connector.smev.FaultClass;
import ru.diarybridge.connector.smev.MessageIds;
import ru.diarybridge.connector.smev.MessageSelector;
import ru.diarybridge.connector.smev.ReceivedRequest;
import ru.diarybridge.connector.smev.Rejection;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.SendResult;
import ru.diarybridge.connector.smev.SmevClient;
import ru.diarybridge.connector.smev.SmevEnvelopes;
import ru.diarybridge.connector.smev.SmevFaultException;
import ru.diarybridge.connector.smev.content.DiaryContent;
import ru.diarybridge.connector.smev.content.DiaryRequest;
import ru.diarybridge.connector.smev.content.InvalidDiaryContentException;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.smev.SmevMessageStore.Inbound;
import ru.diarybridge.routes.smev.SmevMessageStore.Outbound;

/**
 * One poll of a school's SMEV queue in the provider role:
 * <ol>
 *   <li>(re)send stored answers that SMEV has not accepted yet, under their stored MessageID;</li>
 *   <li>GetRequest until the queue is empty; store each request durably, only then Ack it (accepted=false when
 *       its SMEVSignature failed);</li>
 *   <li>answer every stored, acknowledged request: decide, validate the content against the diary schema, store the
 *       answer with a new MessageID, then send it.</li>
 * </ol>
 * Faults: retry-forever leaves the answer for the next poll (same id); StaleMessageId stores the answer under a
 * new id beside the old one and sends it; MessageIsAlreadySent counts as sent; permanent and configuration faults
 * are stored with class and Russian reason for the operator.
 */
public class SmevProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SmevProvider.class);
    /** Requests taken per poll at most, so one school cannot hold the thread forever. */
    static final int MAX_PER_POLL = 100;

    private final SmevMessageStore store;
    private final DiaryRequestDecider decider;
    private final Function<SchoolSettings, SmevClient> clients;

    public SmevProvider(SmevMessageStore store, DiaryRequestDecider decider,
                        Function<SchoolSettings, SmevClient> clients) {
        this.store = store;
        this.decider = decider;
        this.clients = clients;
    }

    /** @return requests received in this poll */
    public int poll(SchoolSettings school) throws SmevFaultException {
        SmevClient client = clients.apply(school);
        DiaryContent content = new DiaryContent(school.smev().contentNamespace());
        resendPending(school, client);
        for (Inbound stored : store.unacknowledged(school.schoolId())) {
            acknowledge(client, stored.messageId(), stored.signatureProblem() == null);
        }
        int received = 0;
        MessageSelector selector = new MessageSelector(content.namespace(), "DiaryRequest");
        while (received < MAX_PER_POLL) {
            Optional<ReceivedRequest> next = client.getRequest(selector);
            if (next.isEmpty()) {
                break;
            }
            ReceivedRequest request = next.get();
            received++;
            store.storeReceived(school.schoolId(), request);
            if (!request.smevSignatureValid()) {
                LOG.warn("СМЭВ: подпись СМЭВ запроса {} не прошла проверку, запрос отклонён: {}",
                        request.messageId(), request.smevSignatureProblem());
            }
            acknowledge(client, request.messageId(), request.smevSignatureValid());
        }
        for (Inbound request : store.awaitingAnswer(school.schoolId())) {
            answer(school, client, content, request);
        }
        return received;
    }

    private void acknowledge(SmevClient client, String messageId, boolean accepted) throws SmevFaultException {
        client.ack(messageId, accepted);
        store.markAcked(messageId, accepted);
    }

    private void answer(SchoolSettings school, SmevClient client, DiaryContent content, Inbound request) {
        String answerId = MessageIds.newMessageId();
        Outbound answer;
        try {
            DiaryRequest diaryRequest = content.readRequest(SmevEnvelopes.parse(request.content()));
            DiaryDecision decision = decider.decide(school.schoolId(), diaryRequest);
            if (decision instanceof DiaryDecision.Answer a) {
                Element xml = content.writeResponse(a.diary());
                answer = outbound(answerId, school, request, "RESPONSE", SmevEnvelopes.toXml(xml), null, null);
                LOG.info("СМЭВ: запрос {} — ответ с дневником ({} уроков), сообщение {}", request.messageId(),
                        a.diary().lessons().size(), answerId);
            } else {
                DiaryDecision.Reject r = (DiaryDecision.Reject) decision;
                answer = outbound(answerId, school, request, "REJECTION", null, r.code(), r.reason());
                LOG.info("СМЭВ: запрос {} отклонён ({}), сообщение {}", request.messageId(), r.code(), answerId);
            }
        } catch (InvalidDiaryContentException | IllegalArgumentException e) {
            answer = outbound(answerId, school, request, "REJECTION", null, RejectionCode.UNKNOWN_REQUEST_DESCRIPTION,
                    truncate("Запрос не соответствует схеме дневника: " + e.getMessage()));
            LOG.warn("СМЭВ: запрос {} не по схеме, отклонён: {}", request.messageId(), e.getMessage());
        } catch (RuntimeException e) {
            answer = outbound(answerId, school, request, "REJECTION", null, RejectionCode.FAILURE,
                    "Внутренняя ошибка при подготовке ответа; обратитесь в школу");
            LOG.error("СМЭВ: запрос {}: ответ не подготовлен: {}", request.messageId(), e.toString());
        }
        store.storeAnswer(answer);
        send(client, answer, content);
    }

    private void resendPending(SchoolSettings school, SmevClient client) {
        DiaryContent content = new DiaryContent(school.smev().contentNamespace());
        for (Outbound pending : store.toSend(school.schoolId())) {
            send(client, pending, content);
        }
    }

    private void send(SmevClient client, Outbound answer, DiaryContent content) {
        try {
            SendResult result;
            if ("RESPONSE".equals(answer.kind())) {
                Element xml = SmevEnvelopes.parse(answer.content());
                try {
                    content.validate(xml);
                } catch (InvalidDiaryContentException e) {
                    store.markInvalid(answer.messageId(), e.getMessage());
                    LOG.error("СМЭВ: ответ {} не прошёл проверку по схеме и не отправлен: {}", answer.messageId(),
                            e.getMessage());
                    return;
                }
                result = client.sendResponse(answer.messageId(), answer.replyTo(), xml);
            } else {
                result = client.sendRejection(answer.messageId(), answer.replyTo(),
                        List.of(new Rejection(answer.rejectionCode(), answer.rejectionReason())));
            }
            store.markSent(answer.messageId(), result.alreadySent()
                    ? "СМЭВ сообщил, что сообщение уже принято (MessageIsAlreadySent)" : null);
        } catch (SmevFaultException e) {
            if (e.faultClass() == FaultClass.NEW_MESSAGE_ID) {
                String newId = MessageIds.newMessageId();
                LOG.warn("СМЭВ: идентификатор {} устарел, ответ отправляется под новым {}", answer.messageId(), newId);
                Outbound replacement = store.supersede(answer, newId, e);
                send(client, replacement, content);
                return;
            }
            store.markFault(answer.messageId(), e);
            if (e.faultClass() == FaultClass.RETRY_FOREVER) {
                LOG.warn("СМЭВ: ответ {} не принят, повтор при следующем опросе: {}", answer.messageId(), e.reasonRu());
            } else {
                LOG.error("СМЭВ: ответ {} не принят ({}): {}", answer.messageId(), e.faultClass(), e.reasonRu());
            }
        }
    }

    private static Outbound outbound(String id, SchoolSettings school, Inbound request, String kind, String content,
                                     RejectionCode code, String reason) {
        return new Outbound(id, school.schoolId(), request.messageId(), request.replyTo(), kind, content, code, reason,
                school.smev().testMessage() || request.testMessage(), SmevMessageStore.OutboundState.PENDING, null,
                null, null, null, null, 0);
    }

    private static String truncate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
