package ru.diarybridge.app.myschool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.myschool.*} settings of the «Моя школа» pull endpoint; config/application.yml documents
 * each of them.
 *
 * @param enabled          serve {@code /Schedule/{esiaId}} and {@code /oauth/token}
 * @param clients          the OAuth2 clients allowed to pull, each with its secret stored hashed
 * @param tokenLifetime    how long an issued bearer token is valid
 * @param tokenSigningKey  base64 HMAC-SHA256 key (at least 32 bytes) that signs the tokens; empty = a random key
 *                         per start (tokens die with a restart and are not shared between instances)
 * @param maxWindowDays    the longest [start, end] a call may ask for, in days
 * @param publicBaseUrl    the address «Моя школа» reaches this service at; scheduleUrl is built from it
 * @param bellSchedule     lesson times by lesson number, "HH:mm-HH:mm"; the journal has numbers, not times
 * @param classroom        what the required lesson field classroom holds (the journal has no rooms)
 * @param esiaLinksDir     folder of *.csv files linking ЕСИА ids to pupils (esia_id;snils or esia_id;person_key)
 */
@ConfigurationProperties("diary-bridge.myschool")
public record MySchoolProperties(boolean enabled, List<Client> clients, Duration tokenLifetime, String tokenSigningKey,
                                 int maxWindowDays, String publicBaseUrl, List<String> bellSchedule, String classroom,
                                 Path esiaLinksDir) {

    /** {@code secretHash} in Spring Security's delegating format, e.g. {@code {bcrypt}$2a$10$...}. */
    public record Client(String id, String secretHash) {
        @Override
        public String toString() {
            return "Client[" + id + "]";
        }
    }

    public MySchoolProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
        tokenLifetime = tokenLifetime == null ? Duration.ofHours(1) : tokenLifetime;
        maxWindowDays = maxWindowDays <= 0 ? 31 : maxWindowDays;
        publicBaseUrl = publicBaseUrl == null ? "http://localhost:8080" : publicBaseUrl.replaceAll("/+$", "");
        bellSchedule = bellSchedule == null ? List.of() : List.copyOf(bellSchedule);
        classroom = classroom == null ? "" : classroom;
    }

    @Override
    public String toString() {
        return "MySchoolProperties[enabled=" + enabled + ", clients=" + clients + "]";
    }
}
