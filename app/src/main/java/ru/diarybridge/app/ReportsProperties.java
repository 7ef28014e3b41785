package ru.diarybridge.app;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.reports.*} settings of the control reports; config/application.yml documents each.
 *
 * @param folder        where the made reports (PDF, XLSX) are kept for the console, one subfolder per school
 * @param smtpHost      SMTP server the reports are e-mailed through; blank = no e-mail, reports are only kept
 * @param smtpPort      its port
 * @param smtpUsername  login at the SMTP server; blank = no authentication
 * @param smtpPassword  its password
 * @param smtpStarttls  require STARTTLS before logging in
 * @param from          sender address of the report e-mails
 */
@ConfigurationProperties("diary-bridge.reports")
public record ReportsProperties(Path folder, String smtpHost, Integer smtpPort, String smtpUsername,
                                String smtpPassword, boolean smtpStarttls, String from) {
    public ReportsProperties {
        folder = folder == null ? Path.of("data/reports") : folder;
        smtpPort = smtpPort == null ? 25 : smtpPort;
        from = from == null || from.isBlank() ? "diary-bridge@localhost" : from;
    }
}
