package ru.diarybridge.app;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.archive.*} settings; config/application.yml documents each of them.
 *
 * @param root             the archive's root folder (school / year / period below it)
 * @param exportDir        the external folder of the half-yearly full export
 * @param verificationCron Quartz cron of the job that re-hashes the whole archive; blank for none
 */
@ConfigurationProperties("diary-bridge.archive")
public record ArchiveProperties(Path root, Path exportDir, String verificationCron) {
    public ArchiveProperties {
        root = root == null ? Path.of("data/school-archive") : root;
        exportDir = exportDir == null ? Path.of("data/export") : exportDir;
        verificationCron = verificationCron == null ? "0 0 2 ? * SUN" : verificationCron;
    }
}
