package ru.diarybridge.simulator.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import ru.diarybridge.connector.smev.FaultClass;
import ru.diarybridge.connector.smev.MessageIds;
import ru.diarybridge.connector.smev.MessageSelector;
import ru.diarybridge.connector.smev.ReceivedRequest;
import ru.diarybridge.connector.smev.Rejection;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.SendResult;
import ru.diarybridge.connector.smev.SmevClient;
import ru.diarybridge.connector.smev.SmevClientSettings;
import ru.diarybridge.connector.smev.SmevFaultCode;
import ru.diarybridge.connector.smev.SmevFaultException;
import ru.diarybridge.connector.smev.content.DiaryContent;
import ru.diarybridge.connector.smev.content.DiaryRequest;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.connector.smev.sign.GostXmlSignatureVerifier;
import ru.diarybridge.connector.smev.sign.GostXmlSigner;
import ru.diarybridge.connector.smev.sign.MessageSigner;
import ru.diarybridge.connector.smev.sign.SigningKey;

/** SmevClient against the simulator's published CXF endpoint: signatures both ways, queues, Ack, faults. */
class SmevSimulatorTest {

    private static final DiaryContent DIARY = new DiaryContent(null);
    private SmevSimulator smev;
    private SigningKey key;
    private SmevClient client;

    @BeforeEach
    void start() {
        smev = SmevSimulator.start(0);
        key = GostKeyTool.selfSigned("school-1");
        smev.register("SCHOOL1", key.certificate());
        client = client(new GostXmlSigner(() -> key));
    }

    @AfterEach
    void stop() {
        smev.close();
    }

    private SmevClient client(MessageSigner signer) {
        return new SmevClient(SmevClientSettings.of(smev.address()), signer, new GostXmlSignatureVerifier(),
                c -> c.equals(smev.smevCertificate()));
    }

    private Element diaryRequest() {
        return DIARY.writeRequest(new DiaryRequest("11223344595", "12345678901", LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 9, 30)));
    }

    @Test
    void requestIsReceivedWithAValidSmevSignatureAnsweredAndAcknowledged() throws Exception {
        String id = smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), true);
        ReceivedRequest request = client.getRequest(MessageSelector.any()).orElseThrow();
        assertThat(request.messageId()).isEqualTo(id);
        assertThat(request.smevSignatureValid()).as(request.smevSignatureProblem()).isTrue();
        assertThat(request.testMessage()).isTrue();
        assertThat(request.senderMnemonic()).isEqualTo("EPGU");
        assertThat(DIARY.readRequest(request.content()).pupilSnils()).isEqualTo("12345678901");

        assertThat(client.ack(request.messageId(), true)).isTrue();
        assertThat(smev.acks()).containsExactly(id + ":true");
        assertThat(client.getRequest(MessageSelector.any())).isEmpty();

        String responseId = MessageIds.newMessageId();
        SendResult sent = client.sendRejection(responseId, request.replyTo(),
                List.of(new Rejection(RejectionCode.NO_DATA, "Ученик не найден")));
        assertThat(sent.alreadySent()).isFalse();
        assertThat(sent.smevSignatureProblem()).isNull();
        assertThat(smev.responses()).singleElement().satisfies(r -> {
            assertThat(r.originalMessageId()).isEqualTo(id);
            assertThat(r.rejections().get(0).getRejectionReasonDescription()).isEqualTo("Ученик не найден");
        });
        assertThat(client.getStatus()).hasValueSatisfying(s -> assertThat(s.originalMessageId()).isEqualTo(responseId));
    }

    @Test
    void unacknowledgedMessagesComeBackAndASecondAckIsOnlyLogged() throws Exception {
        String id = smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), false);
        assertThat(client.getRequest(MessageSelector.any()).orElseThrow().messageId()).isEqualTo(id);
        assertThat(client.getRequest(MessageSelector.any()).orElseThrow().messageId()).as("not acked: redelivered")
                .isEqualTo(id);
        assertThat(client.ack(id, true)).isTrue();
        assertThat(client.getRequest(MessageSelector.any())).isEmpty();
        // TargetMessageIsNotFound on Ack: logged, not failed
        assertThat(client.ack(id, true)).isFalse();
    }

    @Test
    void aTamperedDeliveryFailsTheSmevSignatureCheck() throws Exception {
        smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), false);
        smev.tamperNextDelivery();
        ReceivedRequest request = client.getRequest(MessageSelector.any()).orElseThrow();
        assertThat(request.smevSignatureValid()).isFalse();
        assertThat(request.smevSignatureProblem()).contains("не соответствует содержимому");
    }

    @Test
    void aSmevSignatureByAnotherCertificateIsNotTrusted() throws Exception {
        SmevClient distrustful = new SmevClient(SmevClientSettings.of(smev.address()), new GostXmlSigner(() -> key),
                new GostXmlSignatureVerifier(), c -> false);
        smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), false);
        assertThat(distrustful.getRequest(MessageSelector.any()).orElseThrow().smevSignatureProblem())
                .contains("неизвестным сертификатом");
    }

    @Test
    void callerSignatureIsReallyVerified() {
        // a signer that signs something else than what is sent: SMEV's check of ЭП-ОВ fails
        MessageSigner wrong = new MessageSigner() {
            private final GostXmlSigner real = new GostXmlSigner(() -> key);

            @Override
            public Element sign(Element target) {
                Element copy = (Element) target.cloneNode(true);
                copy.appendChild(copy.getOwnerDocument().createTextNode("x"));
                return real.sign(copy);
            }

            @Override
            public java.security.cert.X509Certificate certificate() {
                return key.certificate();
            }
        };
        assertThatThrownBy(() -> client(wrong).getRequest(MessageSelector.any()))
                .isInstanceOfSatisfying(SmevFaultException.class, e -> {
                    assertThat(e.code()).isEqualTo(SmevFaultCode.SIGNATURE_VERIFICATION_FAULT);
                    assertThat(e.faultClass()).isEqualTo(FaultClass.PERMANENT);
                });
        SigningKey stranger = GostKeyTool.selfSigned("stranger");
        assertThatThrownBy(() -> client(new GostXmlSigner(() -> stranger)).getRequest(MessageSelector.any()))
                .isInstanceOfSatisfying(SmevFaultException.class, e -> {
                    assertThat(e.code()).isEqualTo(SmevFaultCode.SENDER_IS_NOT_REGISTERED);
                    assertThat(e.faultClass()).isEqualTo(FaultClass.CONFIGURATION);
                });
    }

    @ParameterizedTest
    @EnumSource(value = SmevFaultCode.class, names = {"SMEV_FAILURE", "DESTINATION_OVERFLOW", "INVALID_CONTENT",
            "SIGNATURE_VERIFICATION_FAULT", "SENDER_IS_NOT_REGISTERED", "RECIPIENT_IS_NOT_FOUND", "ACCESS_DENIED",
            "BUSINESS_DATA_TYPE_IS_NOT_SUPPORTED", "END_OF_LIFE", "INCORRECT_RESPONSE_CONTENT_TYPE",
            "TRANSACTION_CODE_INVALID", "INVALID_MESSAGE_ID_FORMAT", "STALE_MESSAGE_ID"})
    void everyFaultOfSendResponseArrivesWithItsClass(SmevFaultCode code) {
        smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), false);
        String replyTo = assertRequest();
        smev.failNext("SendResponse", code);
        assertThatThrownBy(() -> client.sendRejection(MessageIds.newMessageId(), replyTo,
                List.of(new Rejection(RejectionCode.NO_DATA, "нет"))))
                .isInstanceOfSatisfying(SmevFaultException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.faultClass()).isEqualTo(code.faultClass());
                    assertThat(e.reasonRu()).startsWith(code.reason());
                });
    }

    private String assertRequest() {
        try {
            return client.getRequest(MessageSelector.any()).orElseThrow().replyTo();
        } catch (SmevFaultException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void faultClassesAreAsTheFactsSay() {
        assertThat(SmevFaultCode.SMEV_FAILURE.faultClass()).isEqualTo(FaultClass.RETRY_FOREVER);
        assertThat(SmevFaultCode.DESTINATION_OVERFLOW.faultClass()).isEqualTo(FaultClass.RETRY_FOREVER);
        assertThat(SmevFaultCode.INVALID_CONTENT.faultClass()).isEqualTo(FaultClass.PERMANENT);
        assertThat(SmevFaultCode.SIGNATURE_VERIFICATION_FAULT.faultClass()).isEqualTo(FaultClass.PERMANENT);
        assertThat(SmevFaultCode.SENDER_IS_NOT_REGISTERED.faultClass()).isEqualTo(FaultClass.CONFIGURATION);
        assertThat(SmevFaultCode.STALE_MESSAGE_ID.faultClass()).isEqualTo(FaultClass.NEW_MESSAGE_ID);
        assertThat(SmevFaultCode.MESSAGE_IS_ALREADY_SENT.faultClass()).isEqualTo(FaultClass.ALREADY_DELIVERED);
        assertThat(SmevFaultCode.TARGET_MESSAGE_IS_NOT_FOUND.faultClass()).isEqualTo(FaultClass.IGNORABLE);
    }

    @Test
    void theSimulatorChecksMessageIds() throws Exception {
        smev.injectRequest("SCHOOL1", "EPGU", diaryRequest(), false);
        String replyTo = assertRequest();
        List<Rejection> no = List.of(new Rejection(RejectionCode.NO_DATA, "нет"));
        assertThatThrownBy(() -> client.sendRejection(java.util.UUID.randomUUID().toString(), replyTo, no))
                .hasFieldOrPropertyWithValue("code", SmevFaultCode.INVALID_MESSAGE_ID_FORMAT);
        assertThatThrownBy(() -> client.sendRejection(MessageIds.newMessageId(Instant.now().minus(Duration.ofDays(3))),
                replyTo, no)).hasFieldOrPropertyWithValue("code", SmevFaultCode.STALE_MESSAGE_ID);

        // the answer of a send that got through is lost: the retry with the same id is MessageIsAlreadySent = sent
        String id = MessageIds.newMessageId();
        smev.loseNextAnswer("SendResponse");
        assertThatThrownBy(() -> client.sendRejection(id, replyTo, no))
                .hasFieldOrPropertyWithValue("code", SmevFaultCode.TRANSPORT);
        assertThat(client.sendRejection(id, replyTo, no).alreadySent()).isTrue();
        assertThat(smev.responses()).hasSize(1);
    }
}
