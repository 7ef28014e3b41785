package ru.diarybridge.connector.smev;

import java.net.URI;
import java.time.Duration;

/** Where SMEV is and how long to wait for it. */
public record SmevClientSettings(URI endpoint, Duration connectTimeout, Duration receiveTimeout) {
    public SmevClientSettings {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        receiveTimeout = receiveTimeout == null ? Duration.ofSeconds(60) : receiveTimeout;
    }

    public static SmevClientSettings of(String endpoint) {
        return new SmevClientSettings(URI.create(endpoint), null, null);
    }
}
