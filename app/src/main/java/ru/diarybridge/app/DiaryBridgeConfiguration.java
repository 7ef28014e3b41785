package ru.diarybridge.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.routes.dnevnik.DeadLetters;
import ru.diarybridge.routes.dnevnik.TargetRateLimiter;
import ru.diarybridge.routes.smev.DiaryRequestDecider;
import ru.diarybridge.routes.smev.SmevClients;
import ru.diarybridge.routes.smev.SmevMessageStore;
import ru.diarybridge.routes.smev.SmevProvider;
import ru.diarybridge.routes.smev.SmevProviderRoute;
import ru.diarybridge.routes.store.JdbcJournalStore;
import ru.diarybridge.routes.sync.Outbox;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import ru.diarybridge.app.config.ConfigException;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.app.config.SchoolConfigWatcher;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.routes.AsiouInboxRoute;
import ru.diarybridge.routes.DnevnikDeliveryRoute;
import ru.diarybridge.routes.SourceSyncRoute;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolPauses;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.AsiouImport;
import ru.diarybridge.routes.sync.HoldPolicy;
import ru.diarybridge.routes.sync.SourceSync;
import ru.diarybridge.routes.sync.SyncRunRepository;
import ru.diarybridge.routes.sync.SyncWindow;
import ru.diarybridge.routes.sync.TargetRecordRepository;

@Configuration(proxyBeanMethods = false)
public class DiaryBridgeConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DiaryBridgeConfiguration.class);

    /**
     * The schools of the good files; a bad file is logged with its problems and stops only its own school. When
     * every file is bad the application does not start: nothing could run, and the cause is most likely shared
     * (a missing environment variable or key), which a stopped start shows at once.
     */
    @Bean
    SchoolRegistry schoolDirectory(DiaryBridgeProperties props, Environment env) {
        SchoolConfigLoader.Result result = new SchoolConfigLoader(env).loadEach(props.schoolsDir());
        if (result.schools().isEmpty() && !result.problems().isEmpty()) {
            throw new ConfigException(result.allProblems());
        }
        SchoolRegistry registry = new SchoolRegistry(result.schools());
        result.problems().forEach((file, problems) -> {
            String id = SchoolConfigLoader.schoolIdOf(file);
            registry.misconfigured(new SchoolRegistry.Misconfigured(id, file, problems, java.time.Instant.now()));
            LOG.error("Школа {} не запущена: ошибки в файле {}:\n  - {}", id, file, String.join("\n  - ", problems));
        });
        return registry;
    }

    @Bean(destroyMethod = "close")
    SchoolConfigWatcher schoolConfigWatcher(SchoolRegistry registry, DiaryBridgeProperties props, Environment env,
                                            CamelContext camel) {
        return new SchoolConfigWatcher(new SchoolConfigLoader(env), registry, camel, props.schoolsDir(),
                props.scheduleEnabled(), props.queuePrefix());
    }

    /** Watch the school files once everything runs (not in {@code --once}). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> startConfigWatcher(SchoolConfigWatcher watcher, Environment env) {
        return event -> {
            if (env.getProperty("diary-bridge.config-reload", Boolean.class, true)) {
                try {
                    watcher.start();
                } catch (java.io.IOException e) {
                    LOG.error("Настройки школ: слежение за папкой не запущено, изменения применятся после "
                            + "перезапуска: {}", e.getMessage());
                }
            }
        };
    }

    /** The mapper of the JMS batches: ISO dates, tolerant of fields added by a newer instance in a rolling update. */
    @Bean
    @Qualifier("batchJson")
    ObjectMapper batchJson() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    SyncRunRepository syncRunRepository(JdbcTemplate jdbc) {
        return new SyncRunRepository(jdbc);
    }

    @Bean
    TargetRecordRepository targetRecordRepository(JdbcTemplate jdbc) {
        return new TargetRecordRepository(jdbc);
    }

    @Bean
    JdbcJournalStore journalStore(JdbcTemplate jdbc) {
        return new JdbcJournalStore(jdbc);
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    SourceSync sourceSync(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                          DiaryBridgeProperties props, @Qualifier("batchJson") ObjectMapper json, JdbcJournalStore store,
                          Outbox outbox, TransactionTemplate tx, HoldPolicy holds,
                          ru.diarybridge.routes.control.RegulationCheckService regulationChecks) {
        SourceSync sync = new SourceSync(schools, new JournalSources(), runs, records,
                new SyncWindow(Clock.systemDefaultZone(), props.fixedDate()), json, props.staleAfter(), store, outbox,
                tx, props.queuePrefix());
        sync.holdPolicy(holds);
        sync.regulationChecks(regulationChecks);
        return sync;
    }

    @Bean
    FamilyLagMetrics familyLagMetrics(Outbox outbox, SchoolDirectory schools,
                                      io.micrometer.core.instrument.MeterRegistry registry) {
        return new FamilyLagMetrics(outbox, schools, registry);
    }

    /** The rate limit of Dnevnik.ru, one for all schools of this instance. */
    @Bean
    TargetRateLimiter dnevnikRateLimiter(DiaryBridgeProperties props) {
        return new TargetRateLimiter(props.dnevnikCallsPerSecond());
    }

    @Bean(destroyMethod = "closeAll")
    DnevnikDelivery dnevnikDelivery(TargetRecordRepository records, Outbox outbox, TransactionTemplate tx,
                                    TargetRateLimiter limiter, DiaryBridgeProperties props) {
        return new DnevnikDelivery(records, outbox, tx, limiter, new DnevnikDelivery.RecordRetry(
                props.deliveryRecordRetries(), props.deliveryRecordRetryDelay()));
    }

    @Bean
    DeadLetters deadLetters(jakarta.jms.ConnectionFactory connectionFactory, JdbcJournalStore store, Outbox outbox,
                            @Qualifier("batchJson") ObjectMapper json, DiaryBridgeProperties props) {
        return new DeadLetters(connectionFactory, store, outbox, json, props.queuePrefix());
    }

    @Bean
    SourceSyncRoute sourceSyncRoute(SchoolDirectory schools, SourceSync sync, DiaryBridgeProperties props,
                                    SchoolPauses pauses, NodeName node) {
        return new SourceSyncRoute(props.scheduleEnabled() ? schools : List::of, sync, props.queuePrefix(), pauses)
                .nodeName(node.name());
    }

    @Bean
    AsiouImport asiouImport(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                            SourceSync sync, DiaryBridgeProperties props, JdbcTemplate jdbc) {
        return new AsiouImport(schools, runs, records, sync, props.staleAfter(), props.asiouParallelImports())
                .unchangedExports(new ru.diarybridge.routes.sync.UnchangedExports(jdbc, runs));
    }

    @Bean
    AsiouInboxRoute asiouInboxRoute(SchoolDirectory schools, AsiouImport importer, SourceSync sync,
                                    DiaryBridgeProperties props) {
        return new AsiouInboxRoute(schools, importer, sync, props.queuePrefix())
                .clustered(props.inboxLockDir() != null);
    }

    /**
     * Leadership of each АСИОУ inbox among the instances: a lock file per school in a folder they share (the inboxes
     * are on a shared volume anyway). The leader reads the inbox; another instance takes over within
     * {@code acquireLockInterval} when it stops. Camel's master component finds this service in the registry.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("!'${diary-bridge.inbox-lock-dir:}'.isBlank()")
    org.apache.camel.component.file.cluster.FileLockClusterService inboxClusterService(DiaryBridgeProperties props,
                                                                                    NodeName node) throws Exception {
        java.nio.file.Files.createDirectories(props.inboxLockDir());
        var service = new org.apache.camel.component.file.cluster.FileLockClusterService();
        service.setId(node.name());
        service.setRoot(props.inboxLockDir().toAbsolutePath().toString());
        service.setAcquireLockDelay(1, java.util.concurrent.TimeUnit.SECONDS);
        service.setAcquireLockInterval(5, java.util.concurrent.TimeUnit.SECONDS);
        return service;
    }

    @Bean
    DnevnikDeliveryRoute dnevnikDeliveryRoute(SchoolDirectory schools, DnevnikDelivery delivery,
                                              SyncRunRepository runs, @Qualifier("batchJson") ObjectMapper json,
                                              DiaryBridgeProperties props) {
        return new DnevnikDeliveryRoute(schools, delivery, runs, json, props.queuePrefix(),
                props.maxDeliveryAttempts(), new DnevnikDeliveryRoute.Retry(props.deliveryRetries(),
                        props.deliveryRetryDelay(), 2.0), props.deliveryConsumers())
                .backfillBatchesInFlight(props.backfillBatchesInFlight());
    }

    @Bean
    SmevMessageStore smevMessageStore(JdbcTemplate jdbc,
                                      org.springframework.transaction.PlatformTransactionManager transactions) {
        return new SmevMessageStore(jdbc, new org.springframework.transaction.support.TransactionTemplate(transactions));
    }

    /** SMEV 3 provider role: per school with targets.smev.enabled, answers parents' diary requests from Gosuslugi. */
    @Bean
    SmevProviderRoute smevProviderRoute(SchoolDirectory schools, SmevMessageStore store, JdbcJournalStore journal) {
        return new SmevProviderRoute(schools, new SmevProvider(store, new DiaryRequestDecider(journal),
                new SmevClients()));
    }

    /**
     * A class batch carries the class's journal (100–500 KB of JSON). Artemis sends a message above its
     * min-large-message-size (100 KB) as a "large message": streamed in chunks to a file of its own outside the
     * journal, several times slower than a journal record (seen as the largest broker cost in the benchmark's profile).
     * Up to 480 KiB (just under the journal's write buffer of 490 KiB, which bounds a journal record) travels as a
     * plain message; larger ones stay large messages, compressed. Consumers take one message at a time (below).
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor artemisMessageSize() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                Object target = bean instanceof org.springframework.jms.connection.CachingConnectionFactory c
                        ? c.getTargetConnectionFactory() : bean;
                if (target instanceof org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory f) {
                    f.setMinLargeMessageSize(480 * 1024);
                    f.setCompressLargeMessage(true);
                    // no prefetch: a consumer takes the next batch when it is free. With the default 1 MiB window
                    // each of hundreds of school consumers buffered batches in the heap (out of memory with a
                    // 100-school backlog), and a prefetched batch waits behind a slow one instead of going to an
                    // idle consumer (Artemis's advice for slow consumers)
                    f.setConsumerWindowSize(0);
                }
                return bean;
            }
        };
    }

    /**
     * Redelivery and dead-lettering of the embedded broker's delivery queues. An external broker needs the same
     * address-settings in its broker.xml (see README).
     */
    @Bean
    ArtemisConfigurationCustomizer deliveryAddressSettings(DiaryBridgeProperties props) {
        return configuration -> {
            // Spring Boot's embedded broker defaults to NIO; ASYNCIO (libaio) is ~10x faster for persistent sends and
            // Artemis falls back to NIO by itself where libaio is missing
            configuration.setJournalType(org.apache.activemq.artemis.core.server.JournalType.ASYNCIO);
            // a region's backlog (a re-sync of a hundred schools under the target's rate limit) is gigabytes of
            // batches: past an eighth of the heap in all, or 8 MiB in one school's queue, the broker pages them to
            // disk instead of holding them in the application's heap (its default, half the heap, ran out of memory)
            configuration.setGlobalMaxSize(Runtime.getRuntime().maxMemory() / 8);
            // A paging queue reads ahead from its page files into the heap, by default up to 20 MiB per queue: with
            // a hundred schools' backfill queues paging that held 1 700 batches in a 512 MB heap and ran it out of
            // memory. A consumer takes one batch at a time, so a queue needs only a batch or two read ahead.
            configuration.addAddressSetting(props.queuePrefix() + "#", new AddressSettings()
                .setMaxSizeBytes(8L * 1024 * 1024)
                .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE)
                .setPageSizeBytes(1024 * 1024)
                .setMaxReadPageBytes(512 * 1024)
                .setMaxReadPageMessages(2)
                .setPrefetchPageBytes(256 * 1024)
                .setPrefetchPageMessages(1)
                .setRedeliveryDelay(props.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(props.redeliveryDelay().toMillis() * 16)
                .setMaxDeliveryAttempts(props.maxDeliveryAttempts())
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        };
    }
}
