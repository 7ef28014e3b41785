package ru.diarybridge.connector.asurso;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to reach one school's segment of АСУ РСО.
 *
 * @param schoolId             diary-bridge's id of the school (the natural keys carry it)
 * @param baseUrl              server root, e.g. {@code https://asurso.ru} (regional hosts differ, facts §1.1)
 * @param scid                 NetSchool school id, e.g. 107
 * @param login                staff account login
 * @param password             its password; only md5(cp1251(password)) is kept after construction
 * @param timeout              per-call timeout
 * @param maxRequestsPerSecond politeness: the server is shared by the whole region
 * @param zone                 the server's zone (asurso.ru: Europe/Samara, facts §1.10)
 */
public record AsursoSettings(String schoolId, URI baseUrl, int scid, String login, String password, Duration timeout,
                             int maxRequestsPerSecond, ZoneId zone) {
    public AsursoSettings {
        Objects.requireNonNull(schoolId, "schoolId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        zone = zone == null ? ZoneId.of("Europe/Samara") : zone;
        if (scid <= 0) {
            throw new IllegalArgumentException("scid must be positive");
        }
        if (maxRequestsPerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive");
        }
    }

    @Override
    public String toString() {
        return "AsursoSettings[" + schoolId + ", " + baseUrl + ", scid=" + scid + "]";
    }
}
