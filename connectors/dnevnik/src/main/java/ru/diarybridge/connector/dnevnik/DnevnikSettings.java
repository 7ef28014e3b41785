package ru.diarybridge.connector.dnevnik;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings.
 *
 * @param baseUrl API root including the version, e.g. {@code https://api.dnevnik.ru/v2/} (or {@code /v2.0/},
 *                or a white-label host); a missing trailing slash is added
 * @param scope   comma-separated scopes sent on login, e.g. {@code CommonInfo,EducationalInfo}
 * @param timeout per-request timeout (also the connect timeout)
 * @param maxRequestsPerSecond client-side throttle shared by all threads using one client
 */
public record DnevnikSettings(URI baseUrl, String clientId, String clientSecret, String username, String password,
                              String scope, Duration timeout, int maxRequestsPerSecond) {

    public DnevnikSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        requireText(username, "username");
        requireText(password, "password");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(timeout, "timeout");
        if (!baseUrl.isAbsolute() || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URI");
        }
        if (!baseUrl.getPath().endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxRequestsPerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive");
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Keeps secrets out of logs. */
    @Override
    public String toString() {
        return "DnevnikSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", scope=" + scope
                + ", timeout=" + timeout + ", maxRequestsPerSecond=" + maxRequestsPerSecond + "]";
    }
}
