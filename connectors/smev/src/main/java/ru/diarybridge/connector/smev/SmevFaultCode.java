package ru.diarybridge.connector.smev;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SMEV 3 faults (faults namespace, facts §2.4) and their class; {@link #TRANSPORT} is not a SMEV fault but a
 * SMEV that could not be reached or answered without a declared fault. Reasons are Russian: the operator reads them.
 */
public enum SmevFaultCode {
    SMEV_FAILURE("SMEVFailure", FaultClass.RETRY_FOREVER, "сбой инфраструктуры СМЭВ; повтор без ограничения числа попыток"),
    DESTINATION_OVERFLOW("DestinationOverflow", FaultClass.RETRY_FOREVER, "очередь получателя в СМЭВ переполнена; повтор до успеха"),
    TRANSPORT(null, FaultClass.RETRY_FOREVER, "СМЭВ недоступен или ответил не по протоколу; повтор позже"),
    INVALID_CONTENT("InvalidContent", FaultClass.PERMANENT, "сообщение не прошло проверку по схеме в СМЭВ"),
    SIGNATURE_VERIFICATION_FAULT("SignatureVerificationFault", FaultClass.PERMANENT, "СМЭВ отклонил электронную подпись информационной системы (ЭП-ОВ)"),
    INVALID_MESSAGE_ID_FORMAT("InvalidMessageIdFormat", FaultClass.PERMANENT, "идентификатор сообщения не является UUID версии 1"),
    INCORRECT_RESPONSE_CONTENT_TYPE("IncorrectResponseContentType", FaultClass.PERMANENT, "в ответе передано содержимое типа «запрос»"),
    ATTACHMENT_SIZE_LIMIT_EXCEEDED("AttachmentSizeLimitExceeded", FaultClass.PERMANENT, "превышен допустимый размер вложений"),
    QUOTE_LIMIT_EXCEEDED("QuoteLimitExceeded", FaultClass.PERMANENT, "исчерпана квота на объём вложений"),
    ATTACHMENT_CONTENT_MISCOORDINATION("AttachmentContentMiscoordination", FaultClass.PERMANENT, "заголовки вложений не соответствуют содержимому"),
    END_OF_LIFE("EndOfLife", FaultClass.PERMANENT, "истёк срок жизни сообщения (EOL)"),
    SENDER_IS_NOT_REGISTERED("SenderIsNotRegistered", FaultClass.CONFIGURATION, "сертификат или мнемоника информационной системы не зарегистрированы в СМЭВ (например, после замены сертификата)"),
    RECIPIENT_IS_NOT_FOUND("RecipientIsNotFound", FaultClass.CONFIGURATION, "получатель сообщения не найден в СМЭВ"),
    ACCESS_DENIED("AccessDenied", FaultClass.CONFIGURATION, "у информационной системы нет доступа к виду сведений"),
    PERSONAL_ACCESS_DENIED("PersonalAccessDenied", FaultClass.CONFIGURATION, "нет доступа для подписанта (ЭП-СП)"),
    BUSINESS_DATA_TYPE_IS_NOT_SUPPORTED("BusinessDataTypeIsNotSupported", FaultClass.CONFIGURATION, "вид сведений (пространство имён содержимого) не зарегистрирован в СМЭВ"),
    UNKNOWN_MESSAGE_TYPE("UnknownMessageType", FaultClass.CONFIGURATION, "тип сообщения в селекторе не зарегистрирован в СМЭВ"),
    TRANSACTION_CODE_INVALID("TransactionCodeInvalid", FaultClass.CONFIGURATION, "неверный код транзакции"),
    STALE_MESSAGE_ID("StaleMessageId", FaultClass.NEW_MESSAGE_ID, "идентификатор сообщения устарел; сообщение отправляется под новым идентификатором"),
    MESSAGE_IS_ALREADY_SENT("MessageIsAlreadySent", FaultClass.ALREADY_DELIVERED, "сообщение с этим идентификатором уже принято СМЭВ"),
    TARGET_MESSAGE_IS_NOT_FOUND("TargetMessageIsNotFound", FaultClass.IGNORABLE, "подтверждаемое сообщение не найдено среди неподтверждённых (уже подтверждено)");

    private final String faultName;
    private final FaultClass faultClass;
    private final String reason;

    SmevFaultCode(String faultName, FaultClass faultClass, String reason) {
        this.faultName = faultName;
        this.faultClass = faultClass;
        this.reason = reason;
    }

    /** The fault element's local name in the faults namespace; null for {@link #TRANSPORT}. */
    public String faultName() {
        return faultName;
    }

    public FaultClass faultClass() {
        return faultClass;
    }

    /** Russian, for the operator. */
    public String reason() {
        return reason;
    }

    public static Optional<SmevFaultCode> byFaultName(String name) {
        return Arrays.stream(values()).filter(c -> c.faultName != null && c.faultName.equals(name)).findFirst();
    }
}
