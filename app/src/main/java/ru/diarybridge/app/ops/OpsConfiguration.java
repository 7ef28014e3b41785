package ru.diarybridge.app.ops;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.app.config.SchoolConfigWatcher;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolRegistry;

/** The operations kit: connection check, per-school health and metrics. */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    @Bean
    ConnectionCheck connectionCheck(SchoolRegistry schools) {
        return new ConnectionCheck(schools, new JournalSources());
    }

    /** Health component "schools" (see {@link SchoolsHealthIndicator}). */
    @Bean(destroyMethod = "close")
    SchoolsHealthIndicator schoolsHealthIndicator(SchoolRegistry schools, ConnectionCheck check,
                                                  @Value("${diary-bridge.health.ttl:60s}") Duration ttl,
                                                  @Value("${diary-bridge.health.school-down-is-down:false}")
                                                  boolean schoolDownIsDown) {
        return new SchoolsHealthIndicator(schools, check, ttl, schoolDownIsDown);
    }

    @Bean
    SyncMetrics syncMetrics(MeterRegistry meters, JdbcTemplate jdbc, SchoolRegistry schools,
                            SchoolConfigWatcher watcher,
                            @Value("${diary-bridge.metrics.cache:5s}") Duration cache) {
        SyncMetrics metrics = new SyncMetrics(meters, jdbc, schools, cache);
        watcher.onChange(metrics::register);
        return metrics;
    }
}
