package ru.diarybridge.routes;

/** Header names that travel with every exchange and every JMS message (valid JMS property names). */
public final class SyncHeaders {
    public static final String SCHOOL_ID = "schoolId";
    public static final String CORRELATION_ID = "correlationId";
    public static final String RUN_ID = "runId";
    public static final String TRIGGER = "trigger";

    private SyncHeaders() {
    }
}
