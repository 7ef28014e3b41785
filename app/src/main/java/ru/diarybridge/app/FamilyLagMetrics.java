package ru.diarybridge.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.Outbox;

/**
 * The family-visible lag per school as a gauge {@code diary_bridge_family_lag_seconds{school=…}}: the age of the
 * oldest live change still owed to Dnevnik.ru (0 when nothing is owed). One outbox query serves every school and
 * is repeated at most every few seconds, however often the gauges are scraped.
 */
public class FamilyLagMetrics {

    private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final Outbox outbox;
    private volatile Map<String, Duration> lag = Map.of();
    private volatile long readAt;

    public FamilyLagMetrics(Outbox outbox, SchoolDirectory schools, MeterRegistry registry) {
        this.outbox = outbox;
        for (SchoolSettings school : schools.schools()) {
            if (school.deliversToDnevnik()) {
                Gauge.builder("diary_bridge_family_lag_seconds", this, m -> m.seconds(school.schoolId()))
                        .description("Age of the oldest live change not yet in Dnevnik.ru")
                        .tag("school", school.schoolId())
                        .register(registry);
            }
        }
    }

    /** The lag of one school now, from the outbox (at most a few seconds old). */
    public Duration lag(String schoolId) {
        long now = System.nanoTime();
        if (now - readAt > REFRESH_NANOS) {
            lag = outbox.familyLag(DnevnikDelivery.TARGET);
            readAt = now;
        }
        return lag.getOrDefault(schoolId, Duration.ZERO);
    }

    private double seconds(String schoolId) {
        return lag(schoolId).toMillis() / 1000.0;
    }
}
