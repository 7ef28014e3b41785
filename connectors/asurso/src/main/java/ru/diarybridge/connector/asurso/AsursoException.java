package ru.diarybridge.connector.asurso;

/** A failure talking to АСУ РСО, with a reason the routes can act on. Messages are Russian: staff read them. */
public class AsursoException extends RuntimeException {

    public enum Reason {
        /** 409 on login: wrong password, throttled, or no such role. Not retried: retrying locks the account. */
        LOGIN_REFUSED(false),
        /**
         * 409 «Следующая попытка … не ранее чем …»: the server throttles logins after failures. No login is tried
         * again before {@link AsursoException#retryAfter()}, whatever triggers the next sync.
         */
        THROTTLED(false),
        /** The server only accepts Gosuslugi (ESIA) sign-in (logindata.esiaMainAuth). */
        ESIA_ONLY(false),
        /** 401 again right after a fresh login. */
        SESSION_LOST(true),
        /** 5xx, timeouts, connection failures. */
        UNAVAILABLE(true),
        /** A 4xx other than the above, or a body we cannot read. */
        BAD_RESPONSE(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final int httpStatus;
    private java.time.Instant retryAfter;

    public AsursoException(Reason reason, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    AsursoException retryAfter(java.time.Instant when) {
        this.retryAfter = when;
        return this;
    }

    /** For {@link Reason#THROTTLED}: the earliest moment a login may be tried again; otherwise null. */
    public java.time.Instant retryAfter() {
        return retryAfter;
    }

    public AsursoException(Reason reason, int httpStatus, String message) {
        this(reason, httpStatus, message, null);
    }

    public Reason reason() {
        return reason;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
