package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.mapping.TextNormalizer;
import ru.diarybridge.routes.SourceSyncRoute;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.dnevnik.SimMark;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * Two instances of the application form a cluster on one PostgreSQL schema and one Artemis broker: each runs as its
 * own process (the jar's main class with profiles {@code postgres} and {@code artemis}) against a broker, the АСУ РСО
 * and Dnevnik.ru simulators in this JVM. Every school syncs on a 10-second Quartz cron.
 *
 * <p>It shows: each firing of a school's trigger happens on exactly one node, and each firing either started one
 * sync run or was skipped because the school's previous run was still delivering; both nodes fire and both consume
 * from the delivery queues; the diary holds every source mark exactly once and refused no duplicate. Then one node
 * is killed (destroyForcibly, as kill -9): the survivor fires every school afterwards and delivers marks corrected at
 * the source after the kill, and the diary again holds exactly the source.
 */
class TwoNodeClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwoNodeClusterTest.class);
    private static final String WEEK = "2026-11-16";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String CRON = "0/10 * * * * ?";
    private static final int SCHOOLS = 2;
    private static final Pattern FIRED = Pattern.compile(SourceSyncRoute.FIRED
            .replaceFirst("\\{}", "(\\\\S+)").replaceFirst("\\{}", "(\\\\S+)").replaceFirst("\\{}", "(\\\\S+)"));
    private static final Pattern STARTED = Pattern.compile("Синхронизация школы (\\S+) начата");
    private static final Pattern SKIPPED = Pattern.compile("Синхронизация школы (\\S+) уже идёт");
    private static final String DELIVERED = "доставлено в Дневник.ру";

    private final String schema = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<AsursoSimulator> sources = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();
    private DnevnikSimulator dnevnik;
    private EmbeddedActiveMQ broker;

    /** One school of the cluster: its generated data, its source, its classes at Dnevnik.ru. */
    private record School(String id, GeneratedSchool data, AsursoSimulator source, Set<Long> groups,
                          Map<String, Integer> corrected) {
    }

    private Path dir;

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Process::destroyForcibly);
        for (Process p : nodes) {
            p.waitFor();
        }
        // the nodes' logs outlive the temporary folder, for a failure's diagnosis
        Path keep = Files.createDirectories(Path.of("target/two-node-cluster"));
        for (String node : List.of("node-a", "node-b")) {
            if (dir != null && Files.exists(dir.resolve(node + ".log"))) {
                Files.copy(dir.resolve(node + ".log"), keep.resolve(node + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        sources.forEach(AsursoSimulator::stop);
        if (dnevnik != null) {
            dnevnik.stop();
        }
        if (broker != null) {
            broker.stop();
        }
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void twoNodesShareTheSchedulesAndTheQueuesAndTheSurvivorTakesOver(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        this.dir = dir;
        int brokerPort = AbstractDemoSyncEndToEndTest.freePort();
        broker = broker(dir.resolve("broker"), brokerPort);
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        dnevnik = DnevnikSimulator.start(AbstractDemoSyncEndToEndTest.freePort());
        Path schoolsDir = Files.createDirectories(dir.resolve("schools"));
        Map<String, GeneratedSchool> data = new LinkedHashMap<>();
        for (int i = 1; i <= SCHOOLS; i++) {
            GeneratedSchool g = GeneratedSchool.generate(42 + i, LocalDate.parse(WEEK));
            AsursoSimulator source = AsursoSimulator.start(0, g, "integration", "Пароль-1");
            sources.add(source);
            String id = "cluster-" + i;
            Files.writeString(schoolsDir.resolve(id + ".yml"), schoolFile(id, i, source.port(), dnevnik.port()));
            data.put(id, g);
        }
        List<School> schools = new ArrayList<>();
        Set<String> clients = new HashSet<>();
        for (SchoolSettings settings : new SchoolConfigLoader(new MockEnvironment()).load(schoolsDir)) {
            GeneratedSchool g = data.get(settings.schoolId());
            Set<Long> groups = DemoWorld.seedDnevnik(dnevnik, settings, g, clients);
            schools.add(new School(settings.schoolId(), g, sources.get(schools.size()), groups, new HashMap<>()));
        }
        assertThat(schools).hasSize(SCHOOLS);

        Process a = node(dir, "node-a", brokerPort, schoolsDir);
        Process b = node(dir, "node-b", brokerPort, schoolsDir);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(a.isAlive()).as(tail(dir, "node-a")).isTrue();
            assertThat(b.isAlive()).as(tail(dir, "node-b")).isTrue();
            assertThat(log(dir, "node-a")).contains("Started DiaryBridgeApplication");
            assertThat(log(dir, "node-b")).contains("Started DiaryBridgeApplication");
        });
        LOG.info("Both nodes up after {} s", (System.nanoTime() - t0) / 1_000_000_000);

        // phase 1: the first full sync of every school converges, with both nodes firing and both delivering
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (School s : schools) {
                assertThat(diary(s)).as(s.id()).containsExactlyInAnyOrderElementsOf(expected(s));
            }
            assertThat(completedScheduledRuns()).as("every school completed a run")
                    .allSatisfy((school, n) -> assertThat(n).isPositive()).hasSize(SCHOOLS);
            assertThat(fires(dir, "node-a")).as("node-a fired").isNotEmpty();
            assertThat(fires(dir, "node-b")).as("node-b fired").isNotEmpty();
        });
        long deliveredByA = count(log(dir, "node-a"), DELIVERED);
        long deliveredByB = count(log(dir, "node-b"), DELIVERED);
        LOG.info("Phase 1 converged after {} s: batches delivered by node-a {}, by node-b {}; fires a {}, b {}",
                (System.nanoTime() - t0) / 1_000_000_000, deliveredByA, deliveredByB, fires(dir, "node-a").size(),
                fires(dir, "node-b").size());
        assertThat(deliveredByA).as("node-a consumed batches").isPositive();
        assertThat(deliveredByB).as("node-b consumed batches").isPositive();
        assertEachFiringOnOneNode(dir, List.of("node-a", "node-b"));

        // phase 2: teachers correct and add marks; node-a is killed (as kill -9) while the cluster delivers them,
        // with the diary answering slowly so that batches are in flight (a mark created at the diary may not yet be
        // in node-a's id map: the survivor must not create it twice)
        int changes = 0;
        for (School s : schools) {
            changes += change(s);
        }
        long batchesOfA = count(log(dir, "node-a"), DELIVERED);
        dnevnik.delayNext(400, Duration.ofMillis(100));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                count(log(dir, "node-a"), DELIVERED) > batchesOfA
                        && sql("SELECT COUNT(*) FROM sync_run WHERE status = 'READING'") == 0
                        && sql("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'") > 0);
        long pendingAtKill = sql("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'");
        a.destroyForcibly().waitFor();
        Instant killed = Instant.now();
        int firesOfAAtKill = fires(dir, "node-a").size();
        LOG.info("node-a killed with {} of {} changed records still owed to the diary", pendingAtKill, changes);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, List<Instant>> byB = new HashMap<>();
            for (String[] f : fires(dir, "node-b")) {
                byB.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Instant.parse(f[1]));
            }
            for (School s : schools) {
                assertThat(byB.getOrDefault(s.id(), List.of())).as("node-b fires %s after the kill", s.id())
                        .anySatisfy(t -> assertThat(t).isAfter(killed));
                assertThat(diary(s)).as(s.id()).containsExactlyInAnyOrderElementsOf(expected(s));
            }
            assertThat(sql("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'")).isZero();
        });
        LOG.info("Phase 2 converged {} s after the kill", Duration.between(killed, Instant.now()).toSeconds());
        assertThat(fires(dir, "node-a")).as("a dead node fires nothing").hasSize(firesOfAAtKill);

        // a clean stop of the survivor, so that its log accounts for every firing it took
        b.destroy();
        assertThat(b.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertEachFiringOnOneNode(dir, List.of("node-a", "node-b"));
        accountForEveryFiring(dir, "node-b", true);
        accountForEveryFiring(dir, "node-a", false);
        long started = count(log(dir, "node-a") + log(dir, "node-b"), "начата: ");
        assertThat(sql("SELECT COUNT(*) FROM sync_run WHERE trigger_kind = 'schedule'"))
                .as("runs in the database = runs the nodes logged").isEqualTo(started).isPositive();
        for (String node : List.of("node-a", "node-b")) {
            assertThat(log(dir, node)).as(node)
                    .doesNotContain("Оценка за эту работу уже выставлена")
                    .doesNotContain("Урок уже существует")
                    .doesNotContain("Отметка о посещаемости уже существует");
        }
        assertThat(sql("SELECT COUNT(*) FROM rejected_record")).isZero();
        assertThat(sql("SELECT COALESCE(SUM(rejected), 0) FROM sync_run")).isZero();
        assertThat(sql("SELECT COUNT(*) FROM outbox WHERE state <> 'DONE' AND state <> 'REPORTED'")).isZero();
        Queue dlq = broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ"));
        assertThat(dlq == null ? 0 : dlq.getMessageCount()).as("dead-letter queue").isZero();
        LOG.info("Two nodes: marks per school {}, runs {}, fires a {} b {}, batches a {} b {}, {} s in all",
                schools.stream().map(x -> x.id() + "=" + diary(x).size()).toList(),
                sql("SELECT COUNT(*) FROM sync_run"), fires(dir, "node-a").size(), fires(dir, "node-b").size(),
                count(log(dir, "node-a"), DELIVERED), count(log(dir, "node-b"), DELIVERED),
                (System.nanoTime() - t0) / 1_000_000_000);
    }

    /**
     * A teacher corrects some marks and gives some new ones (to pupils of the lesson's group who have none for the
     * work and were not absent); returns how many.
     */
    private static int change(School s) {
        GeneratedSchool g = s.data();
        Set<String> graded = new HashSet<>();
        Map<Long, Set<Long>> groupPupils = new HashMap<>();
        for (GeneratedSchool.ResultG r : g.results()) {
            graded.add(r.assignmentId() + "/" + r.studentId());
            groupPupils.computeIfAbsent(g.lesson(g.assignment(r.assignmentId()).lessonId()).subjectGroupId(),
                    k -> new HashSet<>()).add(r.studentId());
        }
        Set<String> absent = new HashSet<>();
        g.attendance().forEach(x -> absent.add(x.lessonId() + "/" + x.studentId()));
        List<GeneratedSchool.ResultG> marks = g.results().stream()
                .filter(r -> r.mark() != null && g.pupil(r.studentId()).consent()).toList();
        for (int i = 0; i < marks.size() && s.corrected().size() < 60; i += 13) {
            GeneratedSchool.ResultG r = marks.get(i);
            int value = r.mark() == 5 ? 4 : 5;
            s.source().setMark(r.assignmentId(), r.studentId(), value);
            s.corrected().put(r.assignmentId() + "/" + r.studentId(), value);
        }
        int added = 0;
        for (int i = 0; i < g.assignments().size() && added < 60; i += 7) {
            GeneratedSchool.AssignmentG a = g.assignments().get(i);
            GeneratedSchool.LessonG l = g.lesson(a.lessonId());
            if (g.schoolClass(l.classId()).grade() == 1) {
                continue;
            }
            for (GeneratedSchool.Pupil p : g.schoolClass(l.classId()).pupils()) {
                String key = a.id() + "/" + p.id();
                if (p.consent() && !graded.contains(key) && !absent.contains(l.id() + "/" + p.id())
                        && groupPupils.getOrDefault(l.subjectGroupId(), Set.of()).contains(p.id())) {
                    s.source().setMark(a.id(), p.id(), 4);
                    s.corrected().put(key, 4);
                    added++;
                    break;
                }
            }
        }
        assertThat(added).isPositive();
        return s.corrected().size();
    }

    /** No (school, fire time) pair appears in the logs of two nodes, nor twice in one. */
    private static void assertEachFiringOnOneNode(Path dir, List<String> names) throws IOException {
        Map<String, List<String>> firings = new TreeMap<>();
        for (String node : names) {
            for (String[] f : fires(dir, node)) {
                firings.computeIfAbsent(f[0] + " @ " + f[1], k -> new ArrayList<>()).add(node);
            }
        }
        assertThat(firings).isNotEmpty().allSatisfy((firing, on) -> assertThat(on).as(firing).hasSize(1));
    }

    /**
     * Each firing a node logged started one run or was skipped because the school's previous run was still going;
     * a killed node may have logged a firing and died before either (at most one per school).
     */
    private static void accountForEveryFiring(Path dir, String node, boolean exact) throws IOException {
        String text = log(dir, node);
        Map<String, Integer> fired = new TreeMap<>();
        fires(dir, node).forEach(f -> fired.merge(f[0], 1, Integer::sum));
        Map<String, Integer> handled = new TreeMap<>();
        for (Pattern p : List.of(STARTED, SKIPPED)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                handled.merge(m.group(1), 1, Integer::sum);
            }
        }
        for (var e : fired.entrySet()) {
            int h = handled.getOrDefault(e.getKey(), 0);
            if (exact) {
                assertThat(h).as("%s %s: firings %s", node, e.getKey(), e.getValue()).isEqualTo(e.getValue());
            } else {
                assertThat(h).as("%s %s: firings %s", node, e.getKey(), e.getValue())
                        .isBetween(e.getValue() - 1, e.getValue());
            }
        }
    }

    private static List<String[]> fires(Path dir, String node) throws IOException {
        List<String[]> out = new ArrayList<>();
        Matcher m = FIRED.matcher(log(dir, node));
        while (m.find()) {
            assertThat(m.group(3)).isEqualTo(node);
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private Map<String, Integer> completedScheduledRuns() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT school_id, COUNT(*) FROM sync_run WHERE trigger_kind = 'schedule' "
                     + "AND status = 'COMPLETED' GROUP BY school_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private long sql(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> expected(School s) {
        GeneratedSchool g = s.data();
        Map<String, Integer> values = new LinkedHashMap<>();
        g.results().forEach(r -> values.put(r.assignmentId() + "/" + r.studentId(), r.mark()));
        values.putAll(s.corrected());
        List<String> out = new ArrayList<>();
        values.forEach((key, value) -> {
            GeneratedSchool.AssignmentG a = g.assignment(Long.parseLong(key.substring(0, key.indexOf('/'))));
            GeneratedSchool.Pupil p = g.pupil(Long.parseLong(key.substring(key.indexOf('/') + 1)));
            if (value == null || !p.consent()) {
                return;
            }
            GeneratedSchool.LessonG l = g.lesson(a.lessonId());
            out.add(String.join("|", p.snils(), TextNormalizer.forMatching(g.schoolClass(l.classId()).name()),
                    g.subject(l.subjectId()).name(), l.date().toString(), Integer.toString(l.number()),
                    GeneratedSchool.assignmentTypeName(a.typeId()), Integer.toString(value)));
        });
        assertThat(out).hasSizeGreaterThan(1000);
        return out;
    }

    private List<String> diary(School s) {
        List<String> out = new ArrayList<>();
        for (SimMark m : dnevnik.marks()) {
            if (s.groups().contains(m.eduGroupId())) {
                out.add(String.join("|", m.snils().replaceAll("\\D", ""),
                        TextNormalizer.forMatching(m.eduGroupName()), m.subjectName(), m.date().toString(),
                        Integer.toString(m.lessonNumber()), m.workType(), m.value()));
            }
        }
        return out;
    }

    static EmbeddedActiveMQ broker(Path dir, int port) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("two-node-test")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port)
                // what README asks of an external broker's broker.xml, with the test's short delays
                .addAddressSetting("diary-bridge.dnevnik.#", new AddressSettings()
                        .setRedeliveryDelay(200).setRedeliveryMultiplier(2.0).setMaxRedeliveryDelay(3200)
                        .setMaxDeliveryAttempts(5).setDeadLetterAddress(SimpleString.of("DLQ")));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        return server;
    }

    private Process node(Path dir, String name, int brokerPort, Path schoolsDir) throws IOException {
        Path data = Files.createDirectories(dir.resolve(name));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DiaryBridgeApplication.class.getName(),
                "--spring.profiles.active=postgres,artemis",
                "--spring.datasource.url=" + SERVER + "?currentSchema=" + schema + "&reWriteBatchedInserts=true",
                "--spring.datasource.username=postgres",
                "--spring.flyway.schemas=" + schema,
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--diary-bridge.node-name=" + name,
                "--diary-bridge.schools-dir=" + schoolsDir,
                "--diary-bridge.config-reload=false",
                "--diary-bridge.fixed-date=" + WEEK,
                "--diary-bridge.redelivery-delay=200ms",
                "--diary-bridge.dnevnik-calls-per-second=0",
                "--diary-bridge.archive.root=" + data.resolve("archive"),
                "--diary-bridge.archive.export-dir=" + data.resolve("export"),
                "--diary-bridge.archive.verification-cron=",
                "--diary-bridge.reports.folder=" + data.resolve("reports"),
                "--server.port=0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).directory(new File(".")).start();
        nodes.add(p);
        return p;
    }

    private static String schoolFile(String id, int n, int sourcePort, int dnevnikPort) {
        return """
                school:
                  id: %s
                  name: "Школа № %d (кластер)"
                  zone: Europe/Samara
                  schedule: "%s"
                source:
                  system: asurso
                  base-url: http://localhost:%d
                  scid: 107
                  login: integration
                  password: "Пароль-1"
                  max-requests-per-second: 500
                  timeout-seconds: 30
                  lookback-days: 14
                targets:
                  dnevnik:
                    enabled: true
                    base-url: http://localhost:%d/v2/
                    school-id: %d
                    client-id: demo-client
                    client-secret: demo-secret
                    username: integration
                    password: demo-password
                    scope: "CommonInfo,EducationalInfo,EduWorks,Marks,Lessons"
                    max-requests-per-second: 1000
                    timeout-seconds: 30
                """.formatted(id, n, CRON, sourcePort, dnevnikPort, 1000002290000L + n);
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String log(Path dir, String node) throws IOException {
        return Files.readString(dir.resolve(node + ".log"), StandardCharsets.UTF_8);
    }

    private static String tail(Path dir, String node) throws IOException {
        String text = log(dir, node);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }
}
