package ru.diarybridge.connector.dnevnik;

/**
 * Admission of one HTTP call to Dnevnik.ru, shared by every client of one target so that its rate limit is shared
 * between schools; called before each request, on the calling thread, after the client's own throttle.
 */
@FunctionalInterface
public interface RequestGate {

    RequestGate OPEN = () -> { };

    void beforeRequest() throws InterruptedException;
}
