package ru.diarybridge.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code diary-bridge.*} settings; config/application.yml documents each of them.
 *
 * @param schoolsDir          folder with one YAML file per school
 * @param queuePrefix         prefix of the per-school delivery queues on the broker
 * @param scheduleEnabled     run the Quartz schedules (off in {@code --once} mode)
 * @param syncOnStart         sync every school once right after start (the demo does)
 * @param fixedDate           read the week of this date instead of the current one
 * @param staleAfter          a run older than this is taken as dead and a new one may start
 * @param maxDeliveryAttempts attempts of a delivery batch before it goes to the dead-letter queue
 * @param redeliveryDelay     the first wait before a failed batch is redelivered (doubles each time)
 * @param onceTimeout         how long {@code --once} waits for the deliveries to finish
 * @param dnevnikCallsPerSecond the rate limit of Dnevnik.ru shared by all schools; 0 for none
 * @param deliveryRetries     in-place retries of a transient delivery failure before the broker redelivers
 * @param deliveryRetryDelay  the first of those retries' delays (doubles, with jitter)
 * @param deliveryConsumers   most consumers of one school's delivery queue (classes are delivered in parallel)
 * @param asiouParallelImports most АСИОУ files imported at once, all schools together (each is held in memory)
 * @param deliveryRecordRetries retries in place of one record's transient failure, inside its batch
 * @param deliveryRecordRetryDelay the first of those retries' delays (doubles, with jitter)
 * @param backfillBatchesInFlight most history batches delivered at once, all schools together
 * @param inboxLockDir        a folder all instances share: each АСИОУ inbox is read by one instance at a time
 *                            (leadership by a lock file there); null for a single instance
 */
@ConfigurationProperties("diary-bridge")
public record DiaryBridgeProperties(Path schoolsDir, String queuePrefix, boolean scheduleEnabled, boolean syncOnStart,
                                    LocalDate fixedDate, Duration staleAfter, int maxDeliveryAttempts,
                                    Duration redeliveryDelay, Duration onceTimeout, double dnevnikCallsPerSecond,
                                    Integer deliveryRetries, Duration deliveryRetryDelay,
                                    Integer deliveryConsumers, Integer asiouParallelImports,
                                    Integer deliveryRecordRetries, Duration deliveryRecordRetryDelay,
                                    Integer backfillBatchesInFlight, Path inboxLockDir) {
    public DiaryBridgeProperties {
        schoolsDir = schoolsDir == null ? Path.of("config/schools") : schoolsDir;
        queuePrefix = queuePrefix == null ? "diary-bridge.dnevnik." : queuePrefix;
        staleAfter = staleAfter == null ? Duration.ofHours(2) : staleAfter;
        maxDeliveryAttempts = maxDeliveryAttempts <= 0 ? 5 : maxDeliveryAttempts;
        redeliveryDelay = redeliveryDelay == null ? Duration.ofSeconds(5) : redeliveryDelay;
        onceTimeout = onceTimeout == null ? Duration.ofMinutes(30) : onceTimeout;
        deliveryRetries = deliveryRetries == null ? 3 : deliveryRetries;
        deliveryRetryDelay = deliveryRetryDelay == null ? Duration.ofSeconds(1) : deliveryRetryDelay;
        deliveryConsumers = deliveryConsumers == null || deliveryConsumers < 1 ? 4 : deliveryConsumers;
        asiouParallelImports = asiouParallelImports == null || asiouParallelImports < 1 ? 2 : asiouParallelImports;
        deliveryRecordRetries = deliveryRecordRetries == null || deliveryRecordRetries < 0 ? 3 : deliveryRecordRetries;
        deliveryRecordRetryDelay = deliveryRecordRetryDelay == null ? Duration.ofMillis(200) : deliveryRecordRetryDelay;
        backfillBatchesInFlight = backfillBatchesInFlight == null || backfillBatchesInFlight < 1 ? 4
                : backfillBatchesInFlight;
        inboxLockDir = inboxLockDir == null || inboxLockDir.toString().isBlank() ? null : inboxLockDir;
    }
}
