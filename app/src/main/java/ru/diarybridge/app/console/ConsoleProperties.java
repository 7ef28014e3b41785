package ru.diarybridge.app.console;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.console.*} settings; config/application.yml documents each of them.
 *
 * @param laggingAfter       a school whose last successful sync is older than this is shown as lagging
 * @param holdMaxChangeShare share of a school's delivered records one run may update or delete before the school
 *                           goes on hold
 * @param holdMinRecords     schools with fewer delivered records are never held
 * @param users              console users created at start when missing (existing users are left as they are)
 */
@ConfigurationProperties("diary-bridge.console")
public record ConsoleProperties(Duration laggingAfter, Double holdMaxChangeShare, Integer holdMinRecords,
                                List<InitialUser> users) {
    public ConsoleProperties {
        laggingAfter = laggingAfter == null ? Duration.ofHours(1) : laggingAfter;
        holdMaxChangeShare = holdMaxChangeShare == null ? 0.3 : holdMaxChangeShare;
        holdMinRecords = holdMinRecords == null ? 200 : holdMinRecords;
        users = users == null ? List.of() : users;
    }

    /**
     * @param password the password, or its hash with the encoder's prefix ({@code {bcrypt}$2a$...}); put it in an
     *                 environment variable, not in the file
     * @param school   the school of a SCHOOL_IT user
     */
    public record InitialUser(String username, String password, ConsoleRole role, String school) {
    }
}
