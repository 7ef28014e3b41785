package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.diarybridge.routes.SourceSyncRoute;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The operations kit and the school configuration in the full application: a bad file stops only its school, a
 * school whose server is dead at start stops neither the application nor another school's sync, health shows the
 * failing school's detail while staying UP, Prometheus carries the per-school counters, «Проверить подключение»
 * answers over HTTP, and a changed file is applied without a restart while a broken edit keeps the good config.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsKitTest {

    static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    static final String NEVER = "0 0 3 1 1 ? 2099";
    static final long DNEVNIK_SCHOOL = 1000002283999L;
    static final Path BASE = Path.of("target/ops-" + UUID.randomUUID());
    static final Path SCHOOLS = BASE.resolve("schools");
    static final GeneratedSchool SCHOOL = GeneratedSchool.generate(11, WEEK);
    static AsursoSimulator asurso;
    static DnevnikSimulator dnevnik;
    static int deadPort;

    @Autowired
    TestRestTemplate http;
    @Autowired
    SyncLauncher launcher;
    @Autowired
    SchoolRegistry registry;
    @Autowired
    CamelContext camel;
    @Autowired
    Scheduler quartz;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;

    final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        asurso = AsursoSimulator.start(0, SCHOOL, "integration", "Пароль-1");
        dnevnik = DnevnikSimulator.start(0);
        dnevnik.addClient("client", "secret", "writer", "pw");
        dnevnik.addSchool(DNEVNIK_SCHOOL, "Школа 2");
        deadPort = freePort();
        Files.createDirectories(SCHOOLS);
        Files.writeString(SCHOOLS.resolve("good-1.yml"), good(NEVER, asurso.port()));
        Files.writeString(SCHOOLS.resolve("dead-2.yml"), dead(deadPort));
        Files.writeString(SCHOOLS.resolve("broken-3.yml"), good(NEVER, asurso.port()).replace("good-1", "broken-3")
                .replace("system: asurso", "system: netschool"));
        registry.add("diary-bridge.schools-dir", SCHOOLS::toString);
        registry.add("diary-bridge.console.users[0].username", () -> "ops");
        registry.add("diary-bridge.console.users[0].password", () -> "ops-secret");
        registry.add("diary-bridge.console.users[0].role", () -> "REGIONAL_OPERATOR");
        registry.add("diary-bridge.schedule-enabled", () -> "true");
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.fixed-date", WEEK::toString);
        registry.add("diary-bridge.health.ttl", () -> "0s");
        registry.add("diary-bridge.metrics.cache", () -> "0s");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ops-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        String artemis = BASE.resolve("artemis").toString();
        registry.add("spring.artemis.embedded.data-directory", () -> artemis);
    }

    static String good(String cron, int port) {
        return """
                school:
                  id: good-1
                  name: "Школа 1"
                  schedule: "%s"
                source:
                  system: asurso
                  base-url: http://localhost:%d
                  scid: 107
                  login: integration
                  password: "Пароль-1"
                  max-requests-per-second: 500
                  timeout-seconds: 5
                contacts:
                  emails: [it@school1.ru]
                """.formatted(cron, port);
    }

    static String dead(int port) {
        return """
                school:
                  id: dead-2
                  name: "Школа 2"
                  schedule: "%s"
                  blackout-dates: [%s]
                source:
                  system: asurso
                  base-url: http://localhost:%d
                  scid: 107
                  login: integration
                  password: "Пароль-1"
                  max-requests-per-second: 500
                  timeout-seconds: 2
                targets:
                  dnevnik:
                    base-url: http://localhost:%d/v2/
                    school-id: %d
                    client-id: client
                    client-secret: secret
                    username: writer
                    password: pw
                    timeout-seconds: 5
                """.formatted(NEVER, WEEK, port, dnevnik.port(), DNEVNIK_SCHOOL);
    }

    @AfterAll
    static void stopWorld() {
        asurso.stop();
        dnevnik.stop();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) throws IOException {
        ResponseEntity<String> r = http.withBasicAuth("ops", "ops-secret").getForEntity(path, String.class);
        assertThat(r.getStatusCode().is2xxSuccessful()).as(path + " " + r.getStatusCode()).isTrue();
        return json.readTree(r.getBody());
    }

    /** The cron of the school's stored Quartz trigger; null while the reload replaces it. */
    private String cronOf(String schoolId) {
        try {
            CronTrigger t = (CronTrigger) quartz.getTrigger(TriggerKey.triggerKey("source-sync-" + schoolId,
                    "diary-bridge"));
            return t == null ? null : t.getCronExpression();
        } catch (org.quartz.SchedulerException e) {
            return null;
        }
    }

    @Test
    @Order(1)
    void aBadFileStopsOnlyItsSchool() throws IOException {
        assertThat(registry.schools()).extracting(s -> s.schoolId()).containsExactly("dead-2", "good-1");
        assertThat(registry.misconfigured()).singleElement().satisfies(m -> {
            assertThat(m.schoolId()).isEqualTo("broken-3");
            assertThat(m.problems()).singleElement().asString()
                    .startsWith(SCHOOLS.resolve("broken-3.yml") + ": ключ source.system: «netschool»");
        });
        JsonNode problems = get("/api/ops/config/problems");
        assertThat(problems.get(0).path("schoolId").asText()).isEqualTo("broken-3");
        assertThat(camel.getRouteController().getRouteStatus("source-sync-schedule-good-1"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("dnevnik-delivery-dead-2"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("source-sync-schedule-broken-3")).isNull();
    }

    @Test
    @Order(2)
    void aDeadSourceStopsNeitherTheApplicationNorAnotherSchoolsSync() {
        String deadRun = launcher.start("dead-2", "test").orElseThrow();
        assertThat(launcher.await(deadRun, Duration.ofSeconds(30)).status()).isEqualTo(SyncRunRepository.Status.FAILED);
        String goodRun = launcher.start("good-1", "test").orElseThrow();
        SyncRun run = launcher.await(goodRun, Duration.ofMinutes(2));
        assertThat(run.status()).as(run.summary()).isEqualTo(SyncRunRepository.Status.COMPLETED);
        assertThat(run.classesRead()).isEqualTo(SCHOOL.classes().size());
        assertThat(run.recordsRead()).isPositive();
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoutes()).allSatisfy(r ->
                assertThat(camel.getRouteController().getRouteStatus(r.getRouteId())).isEqualTo(ServiceStatus.Started));
    }

    @Test
    @Order(3)
    void healthShowsTheFailingSchoolButStaysUp() throws IOException {
        JsonNode health = json.readTree(http.getForEntity("/actuator/health", String.class).getBody());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode schools = health.path("components").path("schools").path("details").path("schools");
        assertThat(schools.path("good-1").path("status").asText()).isEqualTo("UP");
        assertThat(schools.path("dead-2").path("status").asText()).isEqualTo("DOWN");
        assertThat(schools.path("dead-2").path("source").path("message").asText())
                .contains("никто не принимает соединения");
        assertThat(schools.path("dead-2").path("dnevnik").path("status").asText()).isEqualTo("UP");
        assertThat(schools.path("broken-3").path("config").path("message").asText()).contains("source.system");
        assertThat(health.path("components").path("schools").path("details").path("schoolsDown").asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(4)
    void prometheusCarriesThePerSchoolCountersAndTheRouteMetrics() {
        String scrape = http.getForEntity("/actuator/prometheus", String.class).getBody();
        Matcher m = Pattern.compile("(?m)^diary_bridge_records_read_total\\{[^}]*school=\"good-1\"[^}]*} ([0-9.E]+)$")
                .matcher(scrape);
        assertThat(m.find()).as(scrape.lines().filter(l -> l.startsWith("diary_bridge")).toList().toString())
                .isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(scrape).containsPattern("(?m)^diary_bridge_runs_failed_total\\{[^}]*school=\"dead-2\"[^}]*} 1.0$");
        assertThat(scrape).containsPattern("(?m)^diary_bridge_school_misconfigured\\{[^}]*school=\"broken-3\"[^}]*} 1.0$");
        assertThat(scrape).containsPattern("(?m)^camel_exchanges_total\\{[^}]*routeId=\"source-sync\"");
        assertThat(scrape).containsPattern("(?m)^camel_exchanges_failed_total\\{[^}]*routeId=\"source-sync\"");
        assertThat(scrape).containsPattern("(?m)^camel_route_policy_seconds_count\\{[^}]*routeId=\"source-sync\"");
    }

    @Test
    @Order(4)
    void theGrafanaDashboardUsesOnlyMetricsTheApplicationExports() throws IOException {
        String scrape = http.getForEntity("/actuator/prometheus", String.class).getBody();
        String dashboard = Files.readString(Path.of("../ops/grafana/diary-bridge.json"));
        Matcher m = Pattern.compile("\\b(diary_bridge_\\w+|camel_\\w+)").matcher(dashboard);
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).hasSizeGreaterThan(8);
        assertThat(names).allSatisfy(n -> assertThat(scrape).as(n).containsPattern("(?m)^" + n + "[{ ]"));
    }

    @Test
    @Order(5)
    void connectionCheckOverHttp() throws IOException {
        JsonNode good = get("/api/ops/schools/good-1/connection-check");
        assertThat(good.path("ok").asBoolean()).as(good.toString()).isTrue();
        JsonNode dead = get("/api/ops/schools/dead-2/connection-check");
        assertThat(dead.path("ok").asBoolean()).isFalse();
        assertThat(dead.path("endpoints").get(0).path("message").asText()).contains("никто не принимает соединения");
        assertThat(dead.path("endpoints").get(1).path("ok").asBoolean()).as(dead.toString()).isTrue();
        assertThat(http.getForEntity("/api/ops/schools/good-1/connection-check", String.class).getStatusCode().value())
                .as("the ops API is for the regional operator only").isEqualTo(401);
        assertThat(http.withBasicAuth("ops", "ops-secret").getForEntity("/api/ops/schools/nobody/connection-check", String.class).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    @Order(6)
    void theScheduleSkipsBlackoutDates() {
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM sync_run", Integer.class);
        producer.sendBodyAndHeader(SourceSyncRoute.SCHEDULED, null, SyncHeaders.SCHOOL_ID, "dead-2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_run", Integer.class)).isEqualTo(before);
        producer.sendBodyAndHeader(SourceSyncRoute.SCHEDULED, null, SyncHeaders.SCHOOL_ID, "good-1");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_run", Integer.class)).isEqualTo(before + 1);
    }

    @Test
    @Order(7)
    void aChangedFileIsAppliedWithoutRestartAndABrokenEditKeepsTheGoodConfig() throws Exception {
        assertThat(cronOf("good-1")).isEqualTo(NEVER);
        String newCron = "0 30 4 1 1 ? 2099";
        Files.writeString(SCHOOLS.resolve("good-1.yml"), good(newCron, asurso.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> newCron.equals(cronOf("good-1")));
        assertThat(registry.require("good-1").cron()).isEqualTo(newCron);

        // the dead school's URL now points at the live server: its next sync reads it
        Files.writeString(SCHOOLS.resolve("dead-2.yml"), dead(asurso.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.require("dead-2").asurso().baseUrl().getPort() == asurso.port()
                        && camel.getRouteController().getRouteStatus("dnevnik-delivery-dead-2")
                        == ServiceStatus.Started);
        String run = launcher.start("dead-2", "test").orElseThrow();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                launcher.await(run, Duration.ZERO).status() != SyncRunRepository.Status.READING);
        SyncRun read = launcher.await(run, Duration.ZERO);
        assertThat(read.classesRead()).as(read.summary()).isEqualTo(SCHOOL.classes().size());

        // a broken edit: reported by file and key, the previous good configuration keeps running
        Files.writeString(SCHOOLS.resolve("good-1.yml"), good("каждые 5 минут", asurso.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.misconfigured("good-1").isPresent());
        assertThat(registry.misconfigured("good-1").orElseThrow().problems()).singleElement().asString()
                .startsWith(SCHOOLS.resolve("good-1.yml") + ": ключ school.schedule: «каждые 5 минут»");
        assertThat(registry.require("good-1").cron()).isEqualTo(newCron);
        assertThat(cronOf("good-1")).isEqualTo(newCron);
        assertThat(camel.getRouteController().getRouteStatus("source-sync-schedule-good-1"))
                .isEqualTo(ServiceStatus.Started);

        // fixed again: applied, no longer misconfigured; a deleted file stops its school
        Files.writeString(SCHOOLS.resolve("good-1.yml"), good(NEVER, asurso.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.misconfigured("good-1").isEmpty()
                && NEVER.equals(cronOf("good-1")));
        Files.delete(SCHOOLS.resolve("broken-3.yml"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.misconfigured().isEmpty());
    }

    @Test
    @Order(8)
    void hawtioIsServedUnderActuator() {
        assertThat(http.getForEntity("/actuator/hawtio/", String.class).getStatusCode().value())
                .as("behind the operator role").isEqualTo(401);
        assertThat(http.getForEntity("/actuator/jolokia/", String.class).getStatusCode().value()).isEqualTo(401);
        int status = http.withBasicAuth("ops", "ops-secret").getForEntity("/actuator/hawtio/", String.class)
                .getStatusCode().value();
        assertThat(status).isLessThan(400);
    }
}
