package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * A transient failure of Dnevnik.ru (5xx) in the middle of a class batch is retried in place
 * ({@code diary-bridge.delivery-retries}) before the batch goes back to the broker, and the retry sends only what
 * the failed attempt had not delivered. The broker here allows a single delivery (max-delivery-attempts 1): a batch
 * that is not retried in place goes straight to the dead-letter queue and its run never completes. Both found by the
 * chaos run (bench/ChaosRun): the retry policy was declared on the route builder, which the templated delivery routes
 * do not inherit; and each attempt re-sent (PUT) every record an earlier attempt had delivered, so under a target
 * failing one call in four a batch of hundreds of records never got through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeliveryRetryInPlaceTest {

    @Autowired
    SyncLauncher launcher;
    @Autowired
    DemoWorld world;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        int asursoPort = AbstractDemoSyncEndToEndTest.freePort();
        int dnevnikPort = AbstractDemoSyncEndToEndTest.freePort();
        int eljurPort = AbstractDemoSyncEndToEndTest.freePort();
        registry.add("demo.asurso-port", () -> asursoPort);
        registry.add("demo.dnevnik-port", () -> dnevnikPort);
        registry.add("demo.eljur-port", () -> eljurPort);
        String demoData = "target/demo-" + UUID.randomUUID();
        registry.add("demo.data-dir", () -> demoData);
        String schools = java.nio.file.Path.of("../config/demo/schools").toAbsolutePath().normalize().toString();
        registry.add("diary-bridge.schools-dir", () -> schools);
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.schedule-enabled", () -> "false");
        registry.add("diary-bridge.fixed-date", () -> AbstractDemoSyncEndToEndTest.WEEK);
        registry.add("diary-bridge.max-delivery-attempts", () -> "1");
        registry.add("diary-bridge.delivery-retries", () -> "4");
        // no retries of single records: the failures must reach the batch (RecordRetryInPlaceTest covers those)
        registry.add("diary-bridge.delivery-record-retries", () -> "0");
        registry.add("diary-bridge.delivery-retry-delay", () -> "20ms");
        String artemisDir = "target/artemis-" + UUID.randomUUID();
        registry.add("spring.artemis.embedded.data-directory", () -> artemisDir);
        String url = "jdbc:h2:mem:retry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
        registry.add("server.port", () -> "0");
    }

    @Test
    void aTransientFailureMidBatchIsRetriedInPlaceWithoutSendingTheDeliveredRecordsAgain() throws Exception {
        // the demo's АСИОУ school imports its file at start: let that run finish before the target fails
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(6)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sync_run WHERE school_id = ? AND status = 'COMPLETED'", Integer.class,
                AbstractDemoSyncEndToEndTest.ASIOU) > 0);
        long puts = world.dnevnik().requestCount("PUT", "/v2/");
        int marks = world.dnevnik().marks().size();
        CompletableFuture<List<SyncRun>> sync = CompletableFuture.supplyAsync(
                () -> launcher.syncAll("test", Duration.ofMinutes(4)));
        // fail in the middle of a class batch, after some of its marks were created (a batch sends its lessons
        // and works first, then the marks: a class has a hundred and more)
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> world.dnevnik().marks().size() >= marks + 20);
        world.dnevnik().failNext(3, 503);
        List<SyncRun> runs = sync.get(5, TimeUnit.MINUTES);
        assertThat(runs).isNotEmpty().allSatisfy(run -> {
            assertThat(run.status()).as(run.summary()).isEqualTo(SyncRunRepository.Status.COMPLETED);
            assertThat(run.rejected()).as(run.summary()).isZero();
            assertThat(run.delivered()).as(run.summary()).isEqualTo(run.recordsChanged());
        });
        assertThat(world.dnevnik().marks()).isNotEmpty();
        // a first sync has nothing to update: a PUT would be a record of the failed attempt sent once more
        assertThat(world.dnevnik().requestCount("PUT", "/v2/")).isEqualTo(puts);
        // and nothing stays owed in the outbox, records skipped as already delivered included
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                jdbc.queryForObject("SELECT count(*) FROM outbox WHERE state = 'PENDING'", Integer.class)).isZero());
    }
}
