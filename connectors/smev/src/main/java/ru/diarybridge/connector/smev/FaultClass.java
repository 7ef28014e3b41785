package ru.diarybridge.connector.smev;

/** What the caller does about a SMEV fault (facts §2.3–2.4, §6 «SMEV polling and Ack»). */
public enum FaultClass {
    /** Try again later, without a limit on attempts (SMEVFailure, DestinationOverflow, an unreachable SMEV). */
    RETRY_FOREVER,
    /** The message itself is wrong; resending it unchanged never succeeds. */
    PERMANENT,
    /** The information system's registration, certificate or rights are wrong: an operator must act. */
    CONFIGURATION,
    /** StaleMessageId: send the same content again under a new MessageID. */
    NEW_MESSAGE_ID,
    /** MessageIsAlreadySent: the first attempt got through; stop resending and count it as sent. */
    ALREADY_DELIVERED,
    /** TargetMessageIsNotFound on Ack: already acknowledged; log and go on. */
    IGNORABLE
}
