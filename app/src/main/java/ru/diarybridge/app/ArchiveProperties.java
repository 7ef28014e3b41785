package ru.diarybridge.app;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.archive.*} settings; config/application.yml documents each of them.
 *
 * @param root             the archive's root folder (school / year / period below it); storage {@code filesystem}
 * @param exportDir        the external folder of the half-yearly full export; storage {@code filesystem}
 * @param verificationCron Quartz cron of the job that re-hashes the whole archive; blank for none
 * @param storage          {@code filesystem} (default) or {@code s3}
 * @param s3               the S3-compatible store, for storage {@code s3}
 * @param signManifests    sign each run's manifest (detached CMS, GOST) with the key of {@code signing}
 * @param signing          the signing key; with no keystore, each school's SMEV keystore (targets.smev.*)
 */
@ConfigurationProperties("diary-bridge.archive")
public record ArchiveProperties(Path root, Path exportDir, String verificationCron, String storage, S3 s3,
                                boolean signManifests, Signing signing) {

    public ArchiveProperties {
        root = root == null ? Path.of("data/school-archive") : root;
        exportDir = exportDir == null ? Path.of("data/export") : exportDir;
        verificationCron = verificationCron == null ? "0 0 2 ? * SUN" : verificationCron;
        storage = storage == null || storage.isBlank() ? "filesystem" : storage.strip().toLowerCase();
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null, true) : s3;
        signing = signing == null ? new Signing(null, null, null) : signing;
    }

    public boolean onS3() {
        return "s3".equals(storage);
    }

    /**
     * @param endpoint     the store's URL (MinIO, Yandex Object Storage…); empty for AWS
     * @param region       the region requests are signed for
     * @param bucket       the bucket; it must exist
     * @param prefix       key prefix of the archive
     * @param exportPrefix key prefix of the half-yearly export
     * @param accessKey    access key id; empty for the SDK's default chain (environment, profile, instance role)
     * @param secretKey    secret access key; {@code ENC(...)} is decrypted with DIARY_BRIDGE_CONFIG_KEY
     * @param pathStyle    bucket in the URL path, which most self-hosted stores need
     */
    public record S3(URI endpoint, String region, String bucket, String prefix, String exportPrefix,
                     String accessKey, String secretKey, Boolean pathStyle) {
        public S3 {
            region = region == null || region.isBlank() ? "us-east-1" : region;
            prefix = prefix == null ? "archive/" : prefix;
            exportPrefix = exportPrefix == null ? "export/" : exportPrefix;
            pathStyle = pathStyle == null || pathStyle;
        }
    }

    /**
     * @param keystore         PKCS#12 with the signing key; empty to use each school's SMEV keystore
     * @param keystorePassword its password; {@code ENC(...)} is decrypted with DIARY_BRIDGE_CONFIG_KEY
     * @param alias            the key entry; empty for the first one
     */
    public record Signing(Path keystore, String keystorePassword, String alias) {
    }
}
