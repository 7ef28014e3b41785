package ru.diarybridge.connector.smev;

import java.lang.reflect.Method;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import ru.diarybridge.connector.smev.sign.MessageSigner;
import ru.diarybridge.connector.smev.sign.SignatureCheckException;
import ru.diarybridge.connector.smev.sign.SignatureVerifier;
import ru.diarybridge.connector.smev.ws.SMEVMessageExchangePortType;
import ru.diarybridge.connector.smev.ws.basic.AckTargetMessage;
import ru.diarybridge.connector.smev.ws.basic.MessagePrimaryContent;
import ru.diarybridge.connector.smev.ws.basic.MessageTypeSelector;
import ru.diarybridge.connector.smev.ws.basic.SmevFault;
import ru.diarybridge.connector.smev.ws.basic.Timestamp;
import ru.diarybridge.connector.smev.ws.basic.Void;
import ru.diarybridge.connector.smev.ws.types.AckRequest;
import ru.diarybridge.connector.smev.ws.types.GetRequestRequest;
import ru.diarybridge.connector.smev.ws.types.GetRequestResponse;
import ru.diarybridge.connector.smev.ws.types.GetResponseRequest;
import ru.diarybridge.connector.smev.ws.types.GetResponseResponse;
import ru.diarybridge.connector.smev.ws.types.GetStatusRequest;
import ru.diarybridge.connector.smev.ws.types.GetStatusResponse;
import ru.diarybridge.connector.smev.ws.types.MessageMetadata;
import ru.diarybridge.connector.smev.ws.types.RejectCode;
import ru.diarybridge.connector.smev.ws.types.SendRequestRequest;
import ru.diarybridge.connector.smev.ws.types.SendRequestResponse;
import ru.diarybridge.connector.smev.ws.types.SendResponseRequest;
import ru.diarybridge.connector.smev.ws.types.SendResponseResponse;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedRequestData;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedResponseData;

/**
 * SMEV 3 message exchange 1.3 over Apache CXF. Every call carries a CallerInformationSystemSignature made by the
 * {@link MessageSigner}; the SMEVSignature of everything received is checked with the {@link SignatureVerifier}
 * and the trusted SMEV certificate. Callers see own records only; SMEV faults come as {@link SmevFaultException}
 * with their class, except MessageIsAlreadySent (a {@link SendResult} with {@code alreadySent}) and
 * TargetMessageIsNotFound on Ack (logged, {@code false}).
 */
public class SmevClient {

    private static final Logger LOG = LoggerFactory.getLogger(SmevClient.class);

    private final SMEVMessageExchangePortType port;
    private final MessageSigner signer;
    private final SignatureVerifier verifier;
    private final Predicate<X509Certificate> smevCertificate;

    /**
     * @param smevCertificate decides whether a certificate is SMEV's own (SMEVSignature must be made by it)
     */
    public SmevClient(SmevClientSettings settings, MessageSigner signer, SignatureVerifier verifier,
                      Predicate<X509Certificate> smevCertificate) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(SMEVMessageExchangePortType.class);
        factory.setAddress(settings.endpoint().toString());
        this.port = (SMEVMessageExchangePortType) factory.create();
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(settings.connectTimeout().toMillis());
        policy.setReceiveTimeout(settings.receiveTimeout().toMillis());
        policy.setAllowChunking(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        this.signer = signer;
        this.verifier = verifier;
        this.smevCertificate = smevCertificate;
    }

    /** SendRequest (consumer role). */
    public SendResult sendRequest(String messageId, Element content, boolean testMessage) throws SmevFaultException {
        SenderProvidedRequestData data = new SenderProvidedRequestData();
        data.setId(SmevEnvelopes.SIGNED_BY_CONSUMER);
        data.setMessageID(messageId);
        data.setMessagePrimaryContent(primaryContent(content));
        if (testMessage) {
            data.setTestMessage(new Void());
        }
        SendRequestRequest request = new SendRequestRequest();
        request.setSenderProvidedRequestData(data);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(data))));
        try {
            SendRequestResponse response = port.sendRequest(request);
            return sent(messageId, response.getMessageMetadata(), SmevEnvelopes.signatureElement(response.getSMEVSignature()));
        } catch (Exception e) {
            return alreadySentOrThrow(messageId, e);
        }
    }

    /** SendResponse with content (provider role). {@code to} is the request's ReplyTo, verbatim. */
    public SendResult sendResponse(String messageId, String to, Element content) throws SmevFaultException {
        SenderProvidedResponseData data = responseData(messageId, to);
        data.setMessagePrimaryContent(primaryContent(content));
        return sendResponse(messageId, data);
    }

    /** SendResponse with RequestRejected (provider role). */
    public SendResult sendRejection(String messageId, String to, List<Rejection> rejections) throws SmevFaultException {
        SenderProvidedResponseData data = responseData(messageId, to);
        for (Rejection r : rejections) {
            SenderProvidedResponseData.RequestRejected rejected = new SenderProvidedResponseData.RequestRejected();
            rejected.setRejectionReasonCode(RejectCode.valueOf(r.code().name()));
            rejected.setRejectionReasonDescription(r.description());
            data.getRequestRejected().add(rejected);
        }
        return sendResponse(messageId, data);
    }

    private SenderProvidedResponseData responseData(String messageId, String to) {
        SenderProvidedResponseData data = new SenderProvidedResponseData();
        data.setId(SmevEnvelopes.SIGNED_BY_PROVIDER);
        data.setMessageID(messageId);
        data.setTo(to);
        return data;
    }

    private SendResult sendResponse(String messageId, SenderProvidedResponseData data) throws SmevFaultException {
        SendResponseRequest request = new SendResponseRequest();
        request.setSenderProvidedResponseData(data);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(data))));
        try {
            SendResponseResponse response = port.sendResponse(request);
            return sent(messageId, response.getMessageMetadata(), SmevEnvelopes.signatureElement(response.getSMEVSignature()));
        } catch (Exception e) {
            return alreadySentOrThrow(messageId, e);
        }
    }

    /** GetRequest: the next request of the queue, or empty when the queue is empty. */
    public Optional<ReceivedRequest> getRequest(MessageSelector selector) throws SmevFaultException {
        GetRequestRequest request = new GetRequestRequest();
        MessageTypeSelector s = selector(selector);
        request.setMessageTypeSelector(s);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(s))));
        GetRequestResponse response;
        try {
            response = port.getRequest(request);
        } catch (Exception e) {
            throw fault(e);
        }
        if (response.getRequestMessage() == null || response.getRequestMessage().getRequest() == null) {
            return Optional.empty();
        }
        GetRequestResponse.RequestMessage.Request r = response.getRequestMessage().getRequest();
        String problem = checkSmevSignature(SmevEnvelopes.toElement(r),
                SmevEnvelopes.signatureElement(response.getRequestMessage().getSMEVSignature()));
        SenderProvidedRequestData data = r.getSenderProvidedRequestData();
        Element content = data.getMessagePrimaryContent() == null ? null : data.getMessagePrimaryContent().getAny();
        MessageMetadata meta = r.getMessageMetadata();
        return Optional.of(new ReceivedRequest(data.getMessageID(), data.getReferenceMessageID(), r.getReplyTo(),
                meta != null && meta.getSender() != null ? meta.getSender().getMnemonic() : null,
                meta == null ? null : instant(meta.getSendingTimestamp()), data.getTestMessage() != null, content,
                content == null ? null : SmevEnvelopes.toXml(content), problem));
    }

    /** GetResponse: the next response to one of our requests, or empty. */
    public Optional<ReceivedResponse> getResponse(MessageSelector selector) throws SmevFaultException {
        GetResponseRequest request = new GetResponseRequest();
        MessageTypeSelector s = selector(selector);
        request.setMessageTypeSelector(s);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(s))));
        GetResponseResponse response;
        try {
            response = port.getResponse(request);
        } catch (Exception e) {
            throw fault(e);
        }
        if (response.getResponseMessage() == null || response.getResponseMessage().getResponse() == null) {
            return Optional.empty();
        }
        GetResponseResponse.ResponseMessage.Response r = response.getResponseMessage().getResponse();
        String problem = checkSmevSignature(SmevEnvelopes.toElement(r),
                SmevEnvelopes.signatureElement(response.getResponseMessage().getSMEVSignature()));
        SenderProvidedResponseData data = r.getSenderProvidedResponseData();
        Element content = data.getMessagePrimaryContent() == null ? null : data.getMessagePrimaryContent().getAny();
        List<Rejection> rejections = data.getRequestRejected().stream()
                .map(x -> new Rejection(RejectionCode.valueOf(x.getRejectionReasonCode().name()),
                        x.getRejectionReasonDescription())).toList();
        return Optional.of(new ReceivedResponse(data.getMessageID(), r.getOriginalMessageId(), content,
                content == null ? null : SmevEnvelopes.toXml(content), rejections, problem));
    }

    /**
     * Ack of a received message by its own MessageID. {@code accepted=false} when its SMEVSignature failed.
     *
     * @return false when SMEV did not know the message (TargetMessageIsNotFound: already acknowledged)
     */
    public boolean ack(String messageId, boolean accepted) throws SmevFaultException {
        AckTargetMessage target = new AckTargetMessage();
        target.setId(SmevEnvelopes.SIGNED_BY_CALLER);
        target.setValue(messageId);
        target.setAccepted(accepted);
        AckRequest request = new AckRequest();
        request.setAckTargetMessage(target);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(target))));
        try {
            port.ack(request);
            return true;
        } catch (Exception e) {
            SmevFaultException f = fault(e);
            if (f.code() == SmevFaultCode.TARGET_MESSAGE_IS_NOT_FOUND) {
                LOG.warn("СМЭВ: подтверждение сообщения {} не требуется: {}", messageId, f.reasonRu());
                return false;
            }
            throw f;
        }
    }

    /** GetStatus: the next processing status of one of our messages, or empty. */
    public Optional<ProcessingStatus> getStatus() throws SmevFaultException {
        Timestamp timestamp = new Timestamp();
        timestamp.setId(SmevEnvelopes.SIGNED_BY_CALLER);
        timestamp.setValue(calendar(Instant.now()));
        GetStatusRequest request = new GetStatusRequest();
        request.setTimestamp(timestamp);
        request.setCallerInformationSystemSignature(SmevEnvelopes.signature(signer.sign(SmevEnvelopes.toElement(timestamp))));
        GetStatusResponse response;
        try {
            response = port.getStatus(request);
        } catch (Exception e) {
            throw fault(e);
        }
        if (response.getSmevAsyncProcessingMessage() == null) {
            return Optional.empty();
        }
        var status = response.getSmevAsyncProcessingMessage().getAsyncProcessingStatusData().getAsyncProcessingStatus();
        return Optional.of(new ProcessingStatus(status.getOriginalMessageId(), status.getStatusCategory().value(),
                status.getStatusDetails()));
    }

    private SendResult sent(String messageId, MessageMetadata metadata, Element smevSignature) {
        String problem = checkSmevSignature(SmevEnvelopes.toElement(metadata), smevSignature);
        if (problem != null) {
            LOG.warn("СМЭВ: подпись СМЭВ в ответе на отправку {} не прошла проверку: {}", messageId, problem);
        }
        return new SendResult(messageId, false, instant(metadata.getSendingTimestamp()), problem);
    }

    private SendResult alreadySentOrThrow(String messageId, Exception e) throws SmevFaultException {
        SmevFaultException f = fault(e);
        if (f.code() == SmevFaultCode.MESSAGE_IS_ALREADY_SENT) {
            LOG.info("СМЭВ: сообщение {} уже принято ранее, повторная отправка не нужна", messageId);
            return new SendResult(messageId, true, null, null);
        }
        throw f;
    }

    /** Null when the SMEVSignature is present, valid, covers {@code signed} and was made by SMEV's certificate. */
    private String checkSmevSignature(Element signed, Element signature) {
        if (signature == null) {
            return "нет подписи СМЭВ (SMEVSignature)";
        }
        try {
            X509Certificate certificate = verifier.verify(signed, signature);
            if (!smevCertificate.test(certificate)) {
                return "подпись СМЭВ сделана неизвестным сертификатом: "
                        + certificate.getSubjectX500Principal().getName();
            }
            return null;
        } catch (SignatureCheckException e) {
            return e.getMessage();
        }
    }

    private static MessagePrimaryContent primaryContent(Element content) {
        MessagePrimaryContent c = new MessagePrimaryContent();
        c.setAny(content);
        return c;
    }

    private static MessageTypeSelector selector(MessageSelector selector) {
        MessageTypeSelector s = new MessageTypeSelector();
        s.setId(SmevEnvelopes.SIGNED_BY_CALLER);
        s.setNamespaceURI(selector.namespaceUri());
        s.setRootElementLocalName(selector.rootElementLocalName());
        s.setTimestamp(calendar(Instant.now()));
        return s;
    }

    static SmevFaultException fault(Exception e) {
        if (e.getClass().getPackageName().equals(SMEVMessageExchangePortType.class.getPackageName())) {
            SmevFaultCode code = SmevFaultCode.byFaultName(e.getClass().getSimpleName()).orElse(SmevFaultCode.TRANSPORT);
            SmevFault info = faultInfo(e);
            return new SmevFaultException(code, info == null ? null : info.getCode(),
                    info == null ? e.getMessage() : info.getDescription(), e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new SmevFaultException(SmevFaultCode.TRANSPORT, null, root.getClass().getSimpleName() + ": "
                + root.getMessage(), e);
    }

    private static SmevFault faultInfo(Exception e) {
        try {
            Method m = e.getClass().getMethod("getFaultInfo");
            return (SmevFault) m.invoke(e);
        } catch (ReflectiveOperationException | ClassCastException ex) {
            return null;
        }
    }

    static XMLGregorianCalendar calendar(Instant instant) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                java.util.GregorianCalendar.from(instant.atZone(ZoneOffset.UTC)));
    }

    private static Instant instant(XMLGregorianCalendar c) {
        return c == null ? null : c.toGregorianCalendar().toInstant();
    }
}
