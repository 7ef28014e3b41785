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
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.app.config.SchoolConfigLoader;
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

    @Bean
    SchoolDirectory schoolDirectory(DiaryBridgeProperties props, Environment env) {
        List<SchoolSettings> schools = new SchoolConfigLoader(env).load(props.schoolsDir());
        return () -> schools;
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
    SourceSync sourceSync(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                          DiaryBridgeProperties props, @Qualifier("batchJson") ObjectMapper json, HoldPolicy holds) {
        SourceSync sync = new SourceSync(schools, new JournalSources(), runs, records,
                new SyncWindow(Clock.systemDefaultZone(), props.fixedDate()), json, props.staleAfter());
        sync.holdPolicy(holds);
        return sync;
    }

    @Bean(destroyMethod = "closeAll")
    DnevnikDelivery dnevnikDelivery(TargetRecordRepository records) {
        return new DnevnikDelivery(records);
    }

    @Bean
    SourceSyncRoute sourceSyncRoute(SchoolDirectory schools, SourceSync sync, DiaryBridgeProperties props,
                                    SchoolPauses pauses) {
        return new SourceSyncRoute(props.scheduleEnabled() ? schools : List::of, sync, props.queuePrefix(), pauses);
    }

    @Bean
    AsiouImport asiouImport(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                            SourceSync sync, DiaryBridgeProperties props) {
        return new AsiouImport(schools, runs, records, sync, props.staleAfter());
    }

    @Bean
    AsiouInboxRoute asiouInboxRoute(SchoolDirectory schools, AsiouImport importer, SourceSync sync,
                                    DiaryBridgeProperties props) {
        return new AsiouInboxRoute(schools, importer, sync, props.queuePrefix());
    }

    @Bean
    DnevnikDeliveryRoute dnevnikDeliveryRoute(SchoolDirectory schools, DnevnikDelivery delivery,
                                              SyncRunRepository runs, @Qualifier("batchJson") ObjectMapper json,
                                              DiaryBridgeProperties props) {
        return new DnevnikDeliveryRoute(schools, delivery, runs, json, props.queuePrefix(),
                props.maxDeliveryAttempts());
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
            configuration.addAddressSetting(props.queuePrefix() + "#", new AddressSettings()
                .setRedeliveryDelay(props.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(props.redeliveryDelay().toMillis() * 16)
                .setMaxDeliveryAttempts(props.maxDeliveryAttempts())
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        };
    }
}
