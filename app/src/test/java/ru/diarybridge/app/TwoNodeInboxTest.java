package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.simulator.asiou.AsiouExportWriter;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * Two instances watch one АСИОУ inbox on a shared folder, with {@code diary-bridge.inbox-lock-dir} set: each export is
 * imported by exactly one of them (one leader per school inbox, Camel's master component on a file lock), and when
 * the leader is killed the other takes the inbox over. Without the setting both instances read the inbox and took
 * the same files (the gap the chaos and two-node work left open).
 */
class TwoNodeInboxTest {

    private static final String WEEK = "2026-11-16";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHOOL = "cluster-asiou";
    private static final String TAKEN = "принят файл выгрузки АСИОУ";

    private final String schema = "inbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<Process> nodes = new ArrayList<>();
    private DnevnikSimulator dnevnik;
    private EmbeddedActiveMQ broker;
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Process::destroyForcibly);
        for (Process p : nodes) {
            p.waitFor();
        }
        Path keep = Files.createDirectories(Path.of("target/two-node-inbox"));
        for (String node : List.of("node-a", "node-b")) {
            if (dir != null && Files.exists(dir.resolve(node + ".log"))) {
                Files.copy(dir.resolve(node + ".log"), keep.resolve(node + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
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
    void eachExportIsImportedByOneInstanceAndTheOtherTakesOverTheInbox(@TempDir Path dir) throws Exception {
        this.dir = dir;
        int brokerPort = AbstractDemoSyncEndToEndTest.freePort();
        broker = TwoNodeClusterTest.broker(dir.resolve("broker"), brokerPort);
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        dnevnik = DnevnikSimulator.start(AbstractDemoSyncEndToEndTest.freePort());
        Path schoolsDir = Files.createDirectories(dir.resolve("schools"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(schoolsDir.resolve(SCHOOL + ".yml"), schoolFile(shared, dnevnik.port()));
        SchoolSettings settings = new SchoolConfigLoader(new MockEnvironment()).load(schoolsDir).get(0);
        GeneratedSchool school = GeneratedSchool.generate(77, LocalDate.parse(WEEK));
        DemoWorld.seedDnevnik(dnevnik, settings, school, new HashSet<>());
        Path export = dir.resolve("export.xml");
        AsiouExportWriter.writeXml(school, SCHOOL, export);

        Process a = node("node-a", brokerPort, schoolsDir, shared.resolve("locks"));
        Process b = node("node-b", brokerPort, schoolsDir, shared.resolve("locks"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(a.isAlive()).as(log("node-a")).isTrue();
            assertThat(b.isAlive()).as(log("node-b")).isTrue();
            assertThat(log("node-a")).contains("Started DiaryBridgeApplication");
            assertThat(log("node-b")).contains("Started DiaryBridgeApplication");
        });

        // five exports, one after another, while both instances watch the inbox
        int files = 5;
        for (int i = 1; i <= files; i++) {
            drop(export, shared, "export-" + i + ".xml");
            int expected = i;
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> archived(shared) >= expected && inbox(shared) == 0);
        }
        // a moment more: a second instance taking a file would log it and import it once more
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        long byA = count(log("node-a"), TAKEN);
        long byB = count(log("node-b"), TAKEN);
        assertThat(byA + byB).as("each export taken once (node-a %d, node-b %d)", byA, byB).isEqualTo(files);
        assertThat(byA == 0 || byB == 0).as("one instance leads the inbox (node-a %d, node-b %d)", byA, byB).isTrue();
        assertThat(sql("SELECT COUNT(*) FROM sync_run WHERE trigger_kind = 'file'")).isEqualTo(files);
        assertThat(archived(shared)).isEqualTo(files);
        assertThat(quarantined(shared)).as("nothing quarantined").isZero();

        // the leader dies (as kill -9): the other instance takes the inbox over
        Process leader = byA > 0 ? a : b;
        String survivor = byA > 0 ? "node-b" : "node-a";
        leader.destroyForcibly().waitFor();
        drop(export, shared, "export-after-kill.xml");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> archived(shared) == files + 1 && inbox(shared) == 0);
        assertThat(count(log(survivor), TAKEN)).as("the survivor took the file").isEqualTo(1);
        assertThat(sql("SELECT COUNT(*) FROM sync_run WHERE trigger_kind = 'file'")).isEqualTo(files + 1);
        assertThat(quarantined(shared)).isZero();
    }

    private static void drop(Path export, Path shared, String name) throws IOException {
        Path inbox = Files.createDirectories(shared.resolve("inbox"));
        Path tmp = shared.resolve(name + ".tmp");
        Files.copy(export, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static long files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static long archived(Path shared) throws IOException {
        return files(shared.resolve("archive"));
    }

    private static long quarantined(Path shared) throws IOException {
        return files(shared.resolve("quarantine"));
    }

    private static long inbox(Path shared) throws IOException {
        try (Stream<Path> all = Files.list(shared.resolve("inbox"))) {
            return all.filter(p -> p.toString().endsWith(".xml")).count();
        }
    }

    private long sql(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Process node(String name, int brokerPort, Path schoolsDir, Path lockDir) throws IOException {
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
                "--diary-bridge.inbox-lock-dir=" + lockDir,
                "--diary-bridge.config-reload=false",
                "--diary-bridge.schedule-enabled=false",
                "--diary-bridge.fixed-date=" + WEEK,
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

    private static String schoolFile(Path shared, int dnevnikPort) {
        return """
                school:
                  id: %s
                  name: "Школа (кластер, АСИОУ)"
                  zone: Europe/Moscow
                source:
                  system: asiou
                  inbox: %s
                  archive: %s
                  quarantine: %s
                targets:
                  dnevnik:
                    enabled: true
                    base-url: http://localhost:%d/v2/
                    school-id: 1000002290031
                    client-id: demo-client
                    client-secret: demo-secret
                    username: integration
                    password: demo-password
                    scope: "CommonInfo,EducationalInfo,EduWorks,Marks,Lessons"
                    max-requests-per-second: 1000
                    timeout-seconds: 30
                """.formatted(SCHOOL, shared.resolve("inbox"), shared.resolve("archive"), shared.resolve("quarantine"),
                dnevnikPort);
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String log(String node) throws IOException {
        return Files.readString(dir.resolve(node + ".log"), StandardCharsets.UTF_8);
    }
}
