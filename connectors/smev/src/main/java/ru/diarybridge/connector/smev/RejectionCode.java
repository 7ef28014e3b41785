package ru.diarybridge.connector.smev;

/** RequestRejected/RejectionReasonCode of message exchange 1.3 (facts §2.2). */
public enum RejectionCode { ACCESS_DENIED, NO_DATA, UNKNOWN_REQUEST_DESCRIPTION, FAILURE }
