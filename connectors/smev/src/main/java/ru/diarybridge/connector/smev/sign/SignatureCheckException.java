package ru.diarybridge.connector.smev.sign;

/** A signature that cannot be trusted; the message is Russian (it reaches the operator). */
public class SignatureCheckException extends Exception {
    public SignatureCheckException(String message) {
        super(message);
    }

    public SignatureCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
