package ru.diarybridge.connector.eljur;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to reach one school in ЭлЖур.
 *
 * @param schoolId             diary-bridge's id of the school (the natural keys carry it)
 * @param baseUrl              API base including the path, e.g. {@code https://api.eljur.ru/apiv3} or
 *                             {@code https://school3.eljur.ru/apiv3} (regional hosts differ, facts §3.1)
 * @param vendor               the school's subdomain in ЭлЖур
 * @param devkey               developer key issued by ЭлЖур support; secret
 * @param login                school-level account
 * @param password             its password; secret
 * @param timeout              per-call timeout
 * @param maxRequestsPerSecond politeness: no limits are documented (facts §3.2), so stay conservative
 * @param zone                 the zone of the token's {@code expires} (ЭлЖур: Europe/Moscow)
 */
public record EljurSettings(String schoolId, URI baseUrl, String vendor, String devkey, String login,
                            String password, Duration timeout, int maxRequestsPerSecond, ZoneId zone) {
    public EljurSettings {
        Objects.requireNonNull(schoolId, "schoolId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(devkey, "devkey");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        zone = zone == null ? ZoneId.of("Europe/Moscow") : zone;
        if (maxRequestsPerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive");
        }
    }

    @Override
    public String toString() {
        // devkey and password never leave this record in text
        return "EljurSettings[" + schoolId + ", " + baseUrl + ", vendor=" + vendor + ", login=" + login + "]";
    }
}
