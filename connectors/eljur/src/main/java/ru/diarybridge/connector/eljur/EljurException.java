package ru.diarybridge.connector.eljur;

/**
 * A failure talking to ЭлЖур, with a reason the routes can act on. Messages are Russian: staff read them. They
 * name the API method, never the devkey or the token.
 */
public class EljurException extends RuntimeException {

    public enum Reason {
        /** {@code auth} refused the login or password. Not retried: retrying may lock the account. */
        AUTH_REFUSED(false),
        /** State 400 «не удалось авторизовать разработчика»: the devkey or vendor is wrong. */
        DEVKEY_REFUSED(false),
        /** The token was refused again right after a fresh {@code auth}. */
        TOKEN_EXPIRED(true),
        /** 5xx, envelope state 5xx, timeouts, connection failures. */
        UNAVAILABLE(true),
        /** Any other error envelope, or a body that is not the JSON envelope (HTML, truncated JSON). */
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
    private final String method;
    private final int state;

    public EljurException(Reason reason, String method, int state, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.method = method;
        this.state = state;
    }

    public EljurException(Reason reason, String method, int state, String message) {
        this(reason, method, state, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The ЭлЖур API method, e.g. {@code getdiary}. */
    public String method() {
        return method;
    }

    /** The envelope {@code state}, else the HTTP status, else 0 (no answer). */
    public int state() {
        return state;
    }
}
