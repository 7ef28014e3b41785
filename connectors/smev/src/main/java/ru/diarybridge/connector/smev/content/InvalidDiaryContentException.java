package ru.diarybridge.connector.smev.content;

/** Content that does not match the diary schema; the message is Russian and names the element. */
public class InvalidDiaryContentException extends Exception {
    public InvalidDiaryContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
