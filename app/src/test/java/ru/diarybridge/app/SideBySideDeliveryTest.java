package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.connector.dnevnik.DnevnikClient;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.store.JdbcJournalStore;
import ru.diarybridge.routes.sync.DeliveryBatch;
import ru.diarybridge.routes.sync.SourceSync;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * Two deliveries of one batch side by side — what happens when the broker restarts or fails over while a batch is
 * being delivered: it hands the batch to another consumer at once, and the first goes on with its copy. Found by the
 * chaos run (15 schools, a broker restart: 76 marks created twice and refused by the target). Here the same class
 * batch is put on the school's live queue twice without a message group, so that two consumers take it together;
 * its marks were removed from the diary and from the id map before. Each mark must be created once: one POST per
 * mark, none refused, the second delivery finding the first's work done.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SideBySideDeliveryTest {

    private static final String SCHOOL = "demo-107";

    @Autowired
    SyncLauncher launcher;
    @Autowired
    DemoWorld world;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    JdbcJournalStore store;
    @Autowired
    SchoolDirectory schools;
    @Autowired
    DiaryBridgeProperties props;
    @Autowired
    @Qualifier("batchJson")
    ObjectMapper json;

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
        String schoolsDir = java.nio.file.Path.of("../config/demo/schools").toAbsolutePath().normalize().toString();
        registry.add("diary-bridge.schools-dir", () -> schoolsDir);
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.schedule-enabled", () -> "false");
        registry.add("diary-bridge.fixed-date", () -> AbstractDemoSyncEndToEndTest.WEEK);
        registry.add("diary-bridge.delivery-consumers", () -> "4");
        String artemisDir = "target/artemis-" + UUID.randomUUID();
        registry.add("spring.artemis.embedded.data-directory", () -> artemisDir);
        String url = "jdbc:h2:mem:side-by-side-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
        registry.add("server.port", () -> "0");
    }

    @Test
    void aBatchDeliveredTwiceAtOnceCreatesEachMarkOnce() throws Exception {
        List<SyncRun> runs = launcher.syncAll("test", Duration.ofMinutes(4));
        assertThat(runs).allSatisfy(run -> assertThat(run.status()).as(run.summary())
                .isEqualTo(SyncRunRepository.Status.COMPLETED));

        // the class of demo-107 with the most marks in the diary
        String classKey = jdbc.queryForObject("SELECT class_key FROM target_record WHERE school_id = ? "
                + "AND entity_type = 'MARK' GROUP BY class_key ORDER BY count(*) DESC, class_key "
                + "FETCH FIRST 1 ROWS ONLY", String.class, SCHOOL);
        Map<String, Long> marks = jdbc.query("SELECT source_key, remote_id FROM target_record WHERE school_id = ? "
                + "AND entity_type = 'MARK' AND class_key = ?", rs -> {
                    Map<String, Long> out = new java.util.HashMap<>();
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                    return out;
                }, SCHOOL, classKey);
        assertThat(marks).hasSizeGreaterThan(50);
        LocalDate week = LocalDate.parse(AbstractDemoSyncEndToEndTest.WEEK);
        ClassJournal journal = store.classJournal(SCHOOL, NaturalKey.parse(classKey), week.minusDays(7),
                week.plusDays(7)).orElseThrow();
        Set<String> inJournal = journal.records().stream().map(r -> r.key().asString()).collect(Collectors.toSet());
        assertThat(inJournal).as("the batch carries every mark").containsAll(marks.keySet());

        // take the class's marks out of the diary and out of the id map, as if never delivered
        try (DnevnikClient client = new DnevnikClient(schools.require(SCHOOL).dnevnik())) {
            marks.values().forEach(client::deleteMark);
        }
        jdbc.update("DELETE FROM target_record WHERE school_id = ? AND entity_type = 'MARK' AND class_key = ?",
                SCHOOL, classKey);
        Set<Long> remoteIds = Set.copyOf(marks.values());
        assertThat(world.dnevnik().marks()).noneMatch(m -> remoteIds.contains(m.id()));
        int before = world.dnevnik().marks().size();
        long posts = world.dnevnik().requestCount("POST", "/v2/persons/");

        // the same batch twice, no message group: two consumers take it side by side
        String batch = json.writeValueAsString(new DeliveryBatch(UUID.randomUUID().toString(), SCHOOL, journal,
                List.copyOf(marks.keySet()), List.of(), List.of()));
        world.dnevnik().delayNext(marks.size(), Duration.ofMillis(30)); // both in flight for a while
        for (int i = 0; i < 2; i++) {
            jms.send(SourceSync.liveQueue(props.queuePrefix(), SCHOOL), session -> {
                jakarta.jms.TextMessage m = session.createTextMessage(batch);
                m.setStringProperty(SyncHeaders.SCHOOL_ID, SCHOOL);
                return m;
            });
        }

        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() ->
                world.dnevnik().marks().size() == before + marks.size() && jdbc.queryForObject(
                        "SELECT count(*) FROM target_record WHERE school_id = ? AND entity_type = 'MARK' "
                                + "AND class_key = ?", Integer.class, SCHOOL, classKey) == marks.size());
        // and the second delivery is over: nothing more is sent for a while
        org.awaitility.Awaitility.await("one POST per mark, no mark created twice").atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ofSeconds(1))
                .during(Duration.ofSeconds(3)).until(() -> world.dnevnik().requestCount("POST", "/v2/persons/")
                        == posts + marks.size());
        assertThat(world.dnevnik().marks()).hasSize(before + marks.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rejected_record WHERE school_id = ?", Integer.class,
                SCHOOL)).isZero();
    }
}
