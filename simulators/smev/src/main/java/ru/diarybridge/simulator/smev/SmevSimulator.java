package ru.diarybridge.simulator.smev;

import java.net.ServerSocket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import ru.diarybridge.connector.smev.MessageIds;
import ru.diarybridge.connector.smev.SmevEnvelopes;
import ru.diarybridge.connector.smev.SmevFaultCode;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.connector.smev.sign.GostXmlSignatureVerifier;
import ru.diarybridge.connector.smev.sign.GostXmlSigner;
import ru.diarybridge.connector.smev.sign.MessageSigner;
import ru.diarybridge.connector.smev.sign.SignatureCheckException;
import ru.diarybridge.connector.smev.sign.SigningKey;
import ru.diarybridge.connector.smev.ws.SMEVMessageExchangePortType;
import ru.diarybridge.connector.smev.ws.basic.AsyncProcessingStatus;
import ru.diarybridge.connector.smev.ws.basic.InteractionStatusType;
import ru.diarybridge.connector.smev.ws.basic.MessagePrimaryContent;
import ru.diarybridge.connector.smev.ws.basic.MessageTypeSelector;
import ru.diarybridge.connector.smev.ws.basic.SmevAsyncProcessingMessage;
import ru.diarybridge.connector.smev.ws.basic.SmevFault;
import ru.diarybridge.connector.smev.ws.basic.Void;
import ru.diarybridge.connector.smev.ws.basic.XMLDSigSignatureType;
import ru.diarybridge.connector.smev.ws.types.AckRequest;
import ru.diarybridge.connector.smev.ws.types.GetRequestRequest;
import ru.diarybridge.connector.smev.ws.types.GetRequestResponse;
import ru.diarybridge.connector.smev.ws.types.GetResponseRequest;
import ru.diarybridge.connector.smev.ws.types.GetResponseResponse;
import ru.diarybridge.connector.smev.ws.types.GetStatusRequest;
import ru.diarybridge.connector.smev.ws.types.GetStatusResponse;
import ru.diarybridge.connector.smev.ws.types.InformationSystem;
import ru.diarybridge.connector.smev.ws.types.MessageMetadata;
import ru.diarybridge.connector.smev.ws.types.MessageType;
import ru.diarybridge.connector.smev.ws.types.SendRequestRequest;
import ru.diarybridge.connector.smev.ws.types.SendRequestResponse;
import ru.diarybridge.connector.smev.ws.types.SendResponseRequest;
import ru.diarybridge.connector.smev.ws.types.SendResponseResponse;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedRequestData;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedResponseData;

/**
 * A SMEV 3 (message exchange 1.3) simulator as a CXF endpoint: one request and one response queue per
 * information system (by mnemonic), Ack semantics (a delivered message that is not acknowledged comes back on
 * the next Get after {@code redeliverAfter}), faults on demand (any fault of the faults namespace for the next
 * call of an operation, or a lost answer after the message was accepted), real verification of
 * CallerInformationSystemSignature against the registered certificates, MessageID checks (UUID v1, stale, already
 * sent), and its own SMEVSignature on everything it hands out.
 */
public class SmevSimulator implements SMEVMessageExchangePortType, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmevSimulator.class);
    private static final String FAULTS_PACKAGE = SMEVMessageExchangePortType.class.getPackageName();

    /** A message in a queue: a request (for GetRequest) or a response (for GetResponse). */
    private record Queued(String messageId, boolean response, Object message, Instant queuedAt) {
    }

    private record Delivered(String owner, Queued message, Instant deliveredAt) {
    }

    /** A response an information system sent with SendResponse (what the requester will get). */
    public record SentResponse(String messageId, String originalMessageId, String senderMnemonic,
                               SenderProvidedResponseData data) {
        public Element content() {
            return data.getMessagePrimaryContent() == null ? null : data.getMessagePrimaryContent().getAny();
        }

        public List<SenderProvidedResponseData.RequestRejected> rejections() {
            return data.getRequestRejected();
        }
    }

    private record PlannedFault(String operation, SmevFaultCode code) {
    }

    private final SigningKey smevKey = GostKeyTool.selfSigned("SMEV 3 simulator");
    private final MessageSigner smevSigner = new GostXmlSigner(() -> smevKey);
    private final GostXmlSignatureVerifier verifier = new GostXmlSignatureVerifier();
    private final Map<String, String> systemsByCertificate = new HashMap<>();
    private final Map<String, Deque<Queued>> requestQueues = new HashMap<>();
    private final Map<String, Deque<Queued>> responseQueues = new HashMap<>();
    private final Map<String, Deque<String>> statusQueues = new HashMap<>();
    private final Map<String, Delivered> unacked = new LinkedHashMap<>();
    private final Set<String> seenMessageIds = new HashSet<>();
    /** ReplyTo token → (original request id, requester mnemonic). */
    private final Map<String, String[]> replyTo = new HashMap<>();
    private final Deque<PlannedFault> plannedFaults = new ArrayDeque<>();
    private final Set<String> loseAnswerOf = new HashSet<>();
    private final List<SentResponse> sentResponses = new CopyOnWriteArrayList<>();
    private final List<String> ackLog = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private boolean tamperNextDelivery;
    private Duration redeliverAfter = Duration.ZERO;
    private Duration staleAfter = Duration.ofDays(2);
    private Server server;
    private String address;

    /** Publishes the simulator on 127.0.0.1:{@code port} (0: a free port). */
    public static SmevSimulator start(int port) {
        SmevSimulator simulator = new SmevSimulator();
        int p = port == 0 ? freePort() : port;
        simulator.address = "http://127.0.0.1:" + p + "/smev/v1.3/ws";
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setServiceClass(SMEVMessageExchangePortType.class);
        factory.setServiceBean(simulator);
        factory.setAddress(simulator.address);
        simulator.server = factory.create();
        LOG.info("SMEV 3 simulator at {}", simulator.address);
        return simulator;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return address;
    }

    /** The certificate of the SMEVSignature: a client trusts this one. */
    public X509Certificate smevCertificate() {
        return smevKey.certificate();
    }

    /** An information system SMEV knows: calls signed with {@code certificate} act as {@code mnemonic}. */
    public synchronized void register(String mnemonic, X509Certificate certificate) {
        systemsByCertificate.put(fingerprint(certificate), mnemonic);
    }

    /** The next call of {@code operation} (e.g. "SendResponse"; null for any) fails with {@code code}. */
    public synchronized void failNext(String operation, SmevFaultCode code) {
        plannedFaults.add(new PlannedFault(operation, code));
    }

    /** The next call of {@code operation} is processed, but its answer is lost (the caller sees a broken call). */
    public synchronized void loseNextAnswer(String operation) {
        loseAnswerOf.add(operation);
    }

    /** The next delivered message is changed after SMEV signed it: the receiver's check must fail. */
    public synchronized void tamperNextDelivery() {
        tamperNextDelivery = true;
    }

    public synchronized void redeliverAfter(Duration delay) {
        redeliverAfter = delay;
    }

    public synchronized void staleAfter(Duration age) {
        staleAfter = age;
    }

    /** As the portal (ЕПГУ) would: queues a request for {@code recipient}; returns its MessageID. */
    public synchronized String injectRequest(String recipient, String senderMnemonic, Element content,
                                             boolean testMessage) {
        String messageId = MessageIds.newMessageId();
        SenderProvidedRequestData data = new SenderProvidedRequestData();
        data.setId(SmevEnvelopes.SIGNED_BY_CONSUMER);
        data.setMessageID(messageId);
        MessagePrimaryContent primary = new MessagePrimaryContent();
        primary.setAny(content);
        data.setMessagePrimaryContent(primary);
        if (testMessage) {
            data.setTestMessage(new Void());
        }
        queueRequest(recipient, senderMnemonic, data);
        return messageId;
    }

    public List<SentResponse> responses() {
        return List.copyOf(sentResponses);
    }

    /** "id:true" / "id:false" per Ack received, in order. */
    public List<String> acks() {
        return List.copyOf(ackLog);
    }

    public synchronized int unackedCount() {
        return unacked.size();
    }

    public synchronized int queued(String mnemonic) {
        return requestQueues.getOrDefault(mnemonic, new ArrayDeque<>()).size();
    }

    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
        }
    }

    // ---- the service -------------------------------------------------------------------------------------------

    @Override
    public synchronized SendRequestResponse sendRequest(SendRequestRequest parameters)
            throws ru.diarybridge.connector.smev.ws.RecipientIsNotFound, ru.diarybridge.connector.smev.ws.DestinationOverflow,
            ru.diarybridge.connector.smev.ws.AttachmentSizeLimitExceeded, ru.diarybridge.connector.smev.ws.SMEVFailure,
            ru.diarybridge.connector.smev.ws.SenderIsNotRegistered, ru.diarybridge.connector.smev.ws.QuoteLimitExceeded,
            ru.diarybridge.connector.smev.ws.BusinessDataTypeIsNotSupported, ru.diarybridge.connector.smev.ws.InvalidMessageIdFormat,
            ru.diarybridge.connector.smev.ws.EndOfLife, ru.diarybridge.connector.smev.ws.MessageIsAlreadySent,
            ru.diarybridge.connector.smev.ws.StaleMessageId, ru.diarybridge.connector.smev.ws.TransactionCodeInvalid,
            ru.diarybridge.connector.smev.ws.AttachmentContentMiscoordination, ru.diarybridge.connector.smev.ws.InvalidContent,
            ru.diarybridge.connector.smev.ws.PersonalAccessDenied, ru.diarybridge.connector.smev.ws.SignatureVerificationFault,
            ru.diarybridge.connector.smev.ws.AccessDenied {
        return sneaky(() -> {
            String caller = authenticate("SendRequest", SmevEnvelopes.toElement(parameters.getSenderProvidedRequestData()),
                    parameters.getCallerInformationSystemSignature());
            SenderProvidedRequestData data = parameters.getSenderProvidedRequestData();
            checkNewMessageId(data.getMessageID());
            // the simulator routes a request back to its sender: enough for a consumer-side round trip
            queueRequest(caller, caller, data);
            lostAnswer("SendRequest");
            MessageMetadata meta = metadata(data.getMessageID(), MessageType.REQUEST, caller);
            SendRequestResponse response = new SendRequestResponse();
            response.setMessageMetadata(meta);
            response.setSMEVSignature(smevSign(SmevEnvelopes.toElement(meta)));
            return response;
        });
    }

    @Override
    public synchronized SendResponseResponse sendResponse(SendResponseRequest parameters)
            throws ru.diarybridge.connector.smev.ws.RecipientIsNotFound, ru.diarybridge.connector.smev.ws.DestinationOverflow,
            ru.diarybridge.connector.smev.ws.AttachmentSizeLimitExceeded, ru.diarybridge.connector.smev.ws.SMEVFailure,
            ru.diarybridge.connector.smev.ws.SenderIsNotRegistered, ru.diarybridge.connector.smev.ws.QuoteLimitExceeded,
            ru.diarybridge.connector.smev.ws.BusinessDataTypeIsNotSupported, ru.diarybridge.connector.smev.ws.InvalidMessageIdFormat,
            ru.diarybridge.connector.smev.ws.EndOfLife, ru.diarybridge.connector.smev.ws.MessageIsAlreadySent,
            ru.diarybridge.connector.smev.ws.IncorrectResponseContentType, ru.diarybridge.connector.smev.ws.StaleMessageId,
            ru.diarybridge.connector.smev.ws.TransactionCodeInvalid, ru.diarybridge.connector.smev.ws.AttachmentContentMiscoordination,
            ru.diarybridge.connector.smev.ws.InvalidContent, ru.diarybridge.connector.smev.ws.PersonalAccessDenied,
            ru.diarybridge.connector.smev.ws.SignatureVerificationFault, ru.diarybridge.connector.smev.ws.AccessDenied {
        return sneaky(() -> {
            SenderProvidedResponseData data = parameters.getSenderProvidedResponseData();
            String caller = authenticate("SendResponse", SmevEnvelopes.toElement(data),
                    parameters.getCallerInformationSystemSignature());
            checkNewMessageId(data.getMessageID());
            String[] original = replyTo.get(data.getTo());
            if (original == null) {
                throw fault(SmevFaultCode.RECIPIENT_IS_NOT_FOUND, "To не соответствует ни одному запросу");
            }
            boolean hasContent = data.getMessagePrimaryContent() != null;
            boolean hasRejection = !data.getRequestRejected().isEmpty();
            if (hasContent == hasRejection && data.getRequestStatus() == null && data.getAsyncProcessingStatus() == null) {
                throw fault(SmevFaultCode.INVALID_CONTENT, "ответ должен содержать либо MessagePrimaryContent, либо RequestRejected");
            }
            sentResponses.add(new SentResponse(data.getMessageID(), original[0], caller, data));
            GetResponseResponse.ResponseMessage.Response response = new GetResponseResponse.ResponseMessage.Response();
            response.setId(SmevEnvelopes.SIGNED_BY_SMEV);
            response.setOriginalMessageId(original[0]);
            response.setSenderProvidedResponseData(data);
            response.setMessageMetadata(metadata(data.getMessageID(), MessageType.RESPONSE, caller));
            responseQueues.computeIfAbsent(original[1], k -> new ArrayDeque<>())
                    .add(new Queued(data.getMessageID(), true, response, Instant.now()));
            statusQueues.computeIfAbsent(caller, k -> new ArrayDeque<>()).add(data.getMessageID());
            lostAnswer("SendResponse");
            MessageMetadata meta = metadata(data.getMessageID(), MessageType.RESPONSE, caller);
            SendResponseResponse result = new SendResponseResponse();
            result.setMessageMetadata(meta);
            result.setSMEVSignature(smevSign(SmevEnvelopes.toElement(meta)));
            return result;
        });
    }

    @Override
    public synchronized GetRequestResponse getRequest(GetRequestRequest parameters)
            throws ru.diarybridge.connector.smev.ws.SignatureVerificationFault, ru.diarybridge.connector.smev.ws.SMEVFailure,
            ru.diarybridge.connector.smev.ws.SenderIsNotRegistered, ru.diarybridge.connector.smev.ws.InvalidContent,
            ru.diarybridge.connector.smev.ws.UnknownMessageType {
        return sneaky(() -> {
            String caller = authenticate("GetRequest", SmevEnvelopes.toElement(parameters.getMessageTypeSelector()),
                    parameters.getCallerInformationSystemSignature());
            GetRequestResponse response = new GetRequestResponse();
            Queued next = next(caller, false, parameters.getMessageTypeSelector());
            if (next == null) {
                return response;
            }
            GetRequestResponse.RequestMessage.Request request = (GetRequestResponse.RequestMessage.Request) next.message();
            GetRequestResponse.RequestMessage message = new GetRequestResponse.RequestMessage();
            message.setRequest(request);
            message.setSMEVSignature(smevSign(SmevEnvelopes.toElement(request)));
            if (takeTamper()) {
                request = copyOf(request);
                tamper(request.getSenderProvidedRequestData().getMessagePrimaryContent().getAny());
                message.setRequest(request);
            }
            response.setRequestMessage(message);
            return response;
        });
    }

    @Override
    public synchronized GetResponseResponse getResponse(GetResponseRequest parameters)
            throws ru.diarybridge.connector.smev.ws.SignatureVerificationFault, ru.diarybridge.connector.smev.ws.SMEVFailure,
            ru.diarybridge.connector.smev.ws.SenderIsNotRegistered, ru.diarybridge.connector.smev.ws.InvalidContent,
            ru.diarybridge.connector.smev.ws.UnknownMessageType {
        return sneaky(() -> {
            String caller = authenticate("GetResponse", SmevEnvelopes.toElement(parameters.getMessageTypeSelector()),
                    parameters.getCallerInformationSystemSignature());
            GetResponseResponse response = new GetResponseResponse();
            Queued next = next(caller, true, parameters.getMessageTypeSelector());
            if (next == null) {
                return response;
            }
            GetResponseResponse.ResponseMessage.Response r = (GetResponseResponse.ResponseMessage.Response) next.message();
            GetResponseResponse.ResponseMessage message = new GetResponseResponse.ResponseMessage();
            message.setResponse(r);
            message.setSMEVSignature(smevSign(SmevEnvelopes.toElement(r)));
            response.setResponseMessage(message);
            return response;
        });
    }

    @Override
    public synchronized Void ack(AckRequest parameters)
            throws ru.diarybridge.connector.smev.ws.SignatureVerificationFault, ru.diarybridge.connector.smev.ws.TargetMessageIsNotFound,
            ru.diarybridge.connector.smev.ws.SMEVFailure, ru.diarybridge.connector.smev.ws.SenderIsNotRegistered,
            ru.diarybridge.connector.smev.ws.InvalidContent {
        return sneaky(() -> {
            String caller = authenticate("Ack", SmevEnvelopes.toElement(parameters.getAckTargetMessage()),
                    parameters.getCallerInformationSystemSignature());
            String id = parameters.getAckTargetMessage().getValue();
            Delivered delivered = unacked.get(id);
            if (delivered == null || !delivered.owner().equals(caller)) {
                throw fault(SmevFaultCode.TARGET_MESSAGE_IS_NOT_FOUND,
                        "SMEV-501:Сообщение " + id + " не найдено среди неподтверждённых.");
            }
            unacked.remove(id);
            Boolean accepted = parameters.getAckTargetMessage().isAccepted();
            ackLog.add(id + ":" + (accepted == null || accepted));
            return new Void();
        });
    }

    @Override
    public synchronized GetStatusResponse getStatus(GetStatusRequest parameters)
            throws ru.diarybridge.connector.smev.ws.SignatureVerificationFault, ru.diarybridge.connector.smev.ws.SMEVFailure,
            ru.diarybridge.connector.smev.ws.SenderIsNotRegistered, ru.diarybridge.connector.smev.ws.InvalidContent {
        return sneaky(() -> {
            String caller = authenticate("GetStatus", SmevEnvelopes.toElement(parameters.getTimestamp()),
                    parameters.getCallerInformationSystemSignature());
            GetStatusResponse response = new GetStatusResponse();
            Deque<String> statuses = statusQueues.get(caller);
            if (statuses == null || statuses.isEmpty()) {
                return response;
            }
            AsyncProcessingStatus status = new AsyncProcessingStatus();
            status.setOriginalMessageId(statuses.poll());
            status.setStatusCategory(InteractionStatusType.RESPONSE_IS_ACCEPTED_BY_SMEV);
            SmevAsyncProcessingMessage.AsyncProcessingStatusData data = new SmevAsyncProcessingMessage.AsyncProcessingStatusData();
            data.setId(SmevEnvelopes.SIGNED_BY_SMEV);
            data.setAsyncProcessingStatus(status);
            SmevAsyncProcessingMessage message = new SmevAsyncProcessingMessage();
            message.setAsyncProcessingStatusData(data);
            response.setSmevAsyncProcessingMessage(message);
            return response;
        });
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    private interface Call<T> {
        T run() throws Exception;
    }

    /** The generated fault exceptions are checked; one helper rethrows whichever a call raised. */
    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T sneaky(Call<T> call) throws E {
        try {
            return call.run();
        } catch (Exception e) {
            throw (E) e;
        }
    }

    private String authenticate(String operation, Element signed, XMLDSigSignatureType signature) throws Exception {
        calls.merge(operation, 1, Integer::sum);
        Iterator<PlannedFault> it = plannedFaults.iterator();
        while (it.hasNext()) {
            PlannedFault planned = it.next();
            if (planned.operation() == null || planned.operation().equals(operation)) {
                it.remove();
                throw fault(planned.code(), "сбой по заказу теста: " + planned.code().faultName());
            }
        }
        X509Certificate certificate;
        try {
            certificate = verifier.verify(signed, SmevEnvelopes.signatureElement(signature));
        } catch (SignatureCheckException e) {
            throw fault(SmevFaultCode.SIGNATURE_VERIFICATION_FAULT, "ЭП-ОВ не прошла проверку: " + e.getMessage());
        }
        String mnemonic = systemsByCertificate.get(fingerprint(certificate));
        if (mnemonic == null) {
            throw fault(SmevFaultCode.SENDER_IS_NOT_REGISTERED, "сертификат "
                    + certificate.getSubjectX500Principal().getName() + " не зарегистрирован");
        }
        return mnemonic;
    }

    private void checkNewMessageId(String messageId) throws Exception {
        if (!MessageIds.isValid(messageId)) {
            throw fault(SmevFaultCode.INVALID_MESSAGE_ID_FORMAT, "MessageID " + messageId + " не является UUID v1");
        }
        if (seenMessageIds.contains(messageId)) {
            throw fault(SmevFaultCode.MESSAGE_IS_ALREADY_SENT, "сообщение " + messageId + " уже отправлено");
        }
        if (MessageIds.timestampOf(messageId).isBefore(Instant.now().minus(staleAfter))) {
            throw fault(SmevFaultCode.STALE_MESSAGE_ID, "MessageID " + messageId + " устарел");
        }
        seenMessageIds.add(messageId);
    }

    private void lostAnswer(String operation) {
        if (loseAnswerOf.remove(operation)) {
            throw new IllegalStateException("ответ на " + operation + " потерян (по заказу теста)");
        }
    }

    private void queueRequest(String recipient, String sender, SenderProvidedRequestData data) {
        String token = Base64.getEncoder().encodeToString(("{\"mid\":\"" + data.getMessageID() + "\",\"mnm\":\""
                + sender + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        replyTo.put(token, new String[] {data.getMessageID(), sender});
        GetRequestResponse.RequestMessage.Request request = new GetRequestResponse.RequestMessage.Request();
        request.setId(SmevEnvelopes.SIGNED_BY_SMEV);
        request.setSenderProvidedRequestData(data);
        request.setMessageMetadata(metadata(data.getMessageID(), MessageType.REQUEST, sender));
        request.setReplyTo(token);
        requestQueues.computeIfAbsent(recipient, k -> new ArrayDeque<>())
                .add(new Queued(data.getMessageID(), false, request, Instant.now()));
    }

    /** An unacknowledged message due for redelivery first, then the queue's head (matching the selector). */
    private Queued next(String caller, boolean responses, MessageTypeSelector selector) {
        Instant now = Instant.now();
        for (Delivered d : unacked.values()) {
            if (d.owner().equals(caller) && d.message().response() == responses
                    && !d.deliveredAt().plus(redeliverAfter).isAfter(now) && matches(d.message(), selector)) {
                unacked.put(d.message().messageId(), new Delivered(caller, d.message(), now));
                return d.message();
            }
        }
        Deque<Queued> queue = (responses ? responseQueues : requestQueues).get(caller);
        if (queue == null) {
            return null;
        }
        for (Iterator<Queued> it = queue.iterator(); it.hasNext(); ) {
            Queued q = it.next();
            if (matches(q, selector)) {
                it.remove();
                unacked.put(q.messageId(), new Delivered(caller, q, now));
                return q;
            }
        }
        return null;
    }

    private static boolean matches(Queued q, MessageTypeSelector selector) {
        if (selector == null || selector.getNamespaceURI() == null) {
            return true;
        }
        Element content = q.response()
                ? contentOf(((GetResponseResponse.ResponseMessage.Response) q.message()).getSenderProvidedResponseData().getMessagePrimaryContent())
                : contentOf(((GetRequestResponse.RequestMessage.Request) q.message()).getSenderProvidedRequestData().getMessagePrimaryContent());
        return content != null && selector.getNamespaceURI().equals(content.getNamespaceURI())
                && (selector.getRootElementLocalName() == null
                || selector.getRootElementLocalName().equals(content.getLocalName()));
    }

    private static Element contentOf(MessagePrimaryContent c) {
        return c == null ? null : c.getAny();
    }

    private boolean takeTamper() {
        boolean t = tamperNextDelivery;
        tamperNextDelivery = false;
        return t;
    }

    private static GetRequestResponse.RequestMessage.Request copyOf(GetRequestResponse.RequestMessage.Request r) {
        GetRequestResponse.RequestMessage.Request copy = new GetRequestResponse.RequestMessage.Request();
        copy.setId(r.getId());
        copy.setMessageMetadata(r.getMessageMetadata());
        copy.setReplyTo(r.getReplyTo());
        SenderProvidedRequestData d = r.getSenderProvidedRequestData();
        SenderProvidedRequestData dc = new SenderProvidedRequestData();
        dc.setId(d.getId());
        dc.setMessageID(d.getMessageID());
        dc.setTestMessage(d.getTestMessage());
        MessagePrimaryContent c = new MessagePrimaryContent();
        c.setAny((Element) d.getMessagePrimaryContent().getAny().cloneNode(true));
        dc.setMessagePrimaryContent(c);
        copy.setSenderProvidedRequestData(dc);
        return copy;
    }

    /** Changes the last text of the content: as if someone altered the message in transit. */
    private static void tamper(Element content) {
        Node last = null;
        for (Node n = content; n != null; n = n.getLastChild()) {
            last = n;
        }
        if (last != null && last.getNodeType() == Node.TEXT_NODE) {
            last.setNodeValue(last.getNodeValue() + "0");
        } else {
            content.appendChild(content.getOwnerDocument().createTextNode("tampered"));
        }
    }

    private MessageMetadata metadata(String messageId, MessageType type, String sender) {
        MessageMetadata meta = new MessageMetadata();
        meta.setId(SmevEnvelopes.SIGNED_BY_SMEV);
        meta.setMessageId(messageId);
        meta.setMessageType(type);
        InformationSystem system = new InformationSystem();
        system.setMnemonic(sender);
        system.setHumanReadableName(sender);
        meta.setSender(system);
        meta.setSendingTimestamp(now());
        meta.setStatus(InteractionStatusType.MESSAGE_IS_DELIVERED);
        return meta;
    }

    private XMLDSigSignatureType smevSign(Element element) {
        return SmevEnvelopes.signature(smevSigner.sign(element));
    }

    private static XMLGregorianCalendar now() {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                java.util.GregorianCalendar.from(Instant.now().atZone(java.time.ZoneOffset.UTC)));
    }

    /** The generated exception of {@code code}, with a basic:SmevFault detail. */
    static Exception fault(SmevFaultCode code, String description) {
        SmevFault info = new SmevFault();
        info.setCode("SIMULATOR:" + code.faultName());
        info.setDescription(description);
        try {
            Class<?> type = Class.forName(FAULTS_PACKAGE + "." + code.faultName());
            return (Exception) type.getConstructor(String.class, SmevFault.class).newInstance(description, info);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no generated fault for " + code, e);
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code SmevSimulator [port] [mnemonic keystore.p12 password]}: publishes the simulator; with a key store,
     * registers its certificate as that information system. Prints the SMEV certificate (PEM) to trust.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7500;
        SmevSimulator simulator = start(port);
        if (args.length >= 4) {
            var key = new ru.diarybridge.connector.smev.sign.Pkcs12KeySource(java.nio.file.Path.of(args[2]), args[3], null).get();
            simulator.register(args[1], key.certificate());
        }
        System.out.println("SMEV 3 simulator: " + simulator.address());
        System.out.println("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(simulator.smevCertificate().getEncoded()) + "\n-----END CERTIFICATE-----");
        Thread.currentThread().join();
    }
}
