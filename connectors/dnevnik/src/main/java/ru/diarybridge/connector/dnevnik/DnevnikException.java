package ru.diarybridge.connector.dnevnik;

/** A failed Dnevnik call, classified so that callers can decide whether to retry. */
public class DnevnikException extends RuntimeException {

    public enum Kind {
        /** The request itself is wrong (400/404/422, parameterInvalid): retrying will not help. */
        PERMANENT,
        /** Credentials or rights are refused even after a fresh login. */
        AUTH,
        /** Server error, timeout or I/O failure: retry later. */
        RETRYABLE,
        /** HTTP 429 persisted after honouring Retry-After once. */
        RATE_LIMITED
    }

    private final Kind kind;
    private final int httpStatus;
    private final String errorType;

    public DnevnikException(Kind kind, int httpStatus, String errorType, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.errorType = errorType;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The JSON {@code type} of the error body, or null. */
    public String errorType() {
        return errorType;
    }

    public boolean isRetryable() {
        return kind == Kind.RETRYABLE || kind == Kind.RATE_LIMITED;
    }
}
