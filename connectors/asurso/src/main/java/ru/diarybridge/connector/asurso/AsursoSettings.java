package ru.diarybridge.connector.asurso;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to reach one school's segment of АСУ РСО. The password itself is never kept: the login handshake needs only
 * md5(cp1251(password)) and its length (facts §1.2 step 4), so that is all this record holds.
 *
 * @param schoolId             diary-bridge's id of the school (the natural keys carry it)
 * @param baseUrl              server root, e.g. {@code https://asurso.ru} (regional hosts differ, facts §1.1)
 * @param scid                 NetSchool school id, e.g. 107
 * @param login                staff account login
 * @param passwordMd5          lower-case hex md5 of the password encoded as windows-1251
 * @param passwordLength       the password's length in characters (the {@code pw} field is cut to it)
 * @param role                 role to choose when the server asks (entryPoint choose-session-role); null = the first
 *                             role that is not a parent's or a pupil's
 * @param timeout              per-call timeout
 * @param maxRequestsPerSecond politeness: the server is shared by the whole region
 * @param keepAlive            ping the session when idle this long (servers drop idle sessions after 15–60 min)
 * @param zone                 the server's zone (asurso.ru: Europe/Samara, facts §1.10)
 */
public record AsursoSettings(String schoolId, URI baseUrl, int scid, String login, String passwordMd5,
                             int passwordLength, String role, Duration timeout, int maxRequestsPerSecond,
                             Duration keepAlive, ZoneId zone) {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    public AsursoSettings {
        Objects.requireNonNull(schoolId, "schoolId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(login, "login");
        if (passwordMd5 == null || !passwordMd5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("passwordMd5 must be 32 lower-case hex digits");
        }
        if (passwordLength <= 0) {
            throw new IllegalArgumentException("passwordLength must be positive");
        }
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        keepAlive = keepAlive == null ? Duration.ofMinutes(5) : keepAlive;
        zone = zone == null ? ZoneId.of("Europe/Samara") : zone;
        if (scid <= 0) {
            throw new IllegalArgumentException("scid must be positive");
        }
        if (maxRequestsPerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive");
        }
    }

    /** Settings from a plaintext password, which is hashed here and not kept. */
    public static AsursoSettings withPassword(String schoolId, URI baseUrl, int scid, String login, String password,
                                              String role, Duration timeout, int maxRequestsPerSecond,
                                              Duration keepAlive, ZoneId zone) {
        Objects.requireNonNull(password, "password");
        return new AsursoSettings(schoolId, baseUrl, scid, login, NetSchoolSession.md5(password.getBytes(CP1251)),
                password.length(), role, timeout, maxRequestsPerSecond, keepAlive, zone);
    }

    @Override
    public String toString() {
        return "AsursoSettings[" + schoolId + ", " + baseUrl + ", scid=" + scid + "]";
    }
}
