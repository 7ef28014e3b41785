package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.app.demo.DemoWorld;
import ru.diarybridge.mapping.TextNormalizer;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.dnevnik.SimMark;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * Exactly once across a crash: the adapter runs as its own process (the jar's main class, its H2 file database and
 * its persistent Artemis journal in a temporary folder) against simulators in this JVM. The first process halts
 * (Runtime.halt, as kill -9 would) right after a mark was created at Dnevnik.ru and before its id reached the id
 * map; the second process starts on the same database and journal. Afterwards the diary holds every mark of the
 * source exactly once — the simulator refuses a second mark for the same pupil and work, so a duplicate attempt
 * would show as a rejection, and there is none.
 */
class DeliveryCrashTest {

    private static final String WEEK = "2026-11-16";
    private AsursoSimulator asurso;
    private DnevnikSimulator dnevnik;

    @AfterEach
    void stop() {
        if (asurso != null) {
            asurso.stop();
        }
        if (dnevnik != null) {
            dnevnik.stop();
        }
    }

    @Test
    void aCrashBetweenTheRemoteCallAndTheIdMapCreatesNothingTwice(@TempDir Path dir) throws Exception {
        int asursoPort = AbstractDemoSyncEndToEndTest.freePort();
        int dnevnikPort = AbstractDemoSyncEndToEndTest.freePort();
        Path schools = Files.createDirectories(dir.resolve("schools"));
        Files.copy(Path.of("../config/demo/schools/demo-107.yml"), schools.resolve("demo-107.yml"));
        MockEnvironment env = new MockEnvironment().withProperty("demo.asurso-port", Integer.toString(asursoPort))
                .withProperty("demo.dnevnik-port", Integer.toString(dnevnikPort));
        SchoolSettings settings = new SchoolConfigLoader(env).load(schools).get(0);
        GeneratedSchool school = GeneratedSchool.generate(42, LocalDate.parse(WEEK));
        asurso = AsursoSimulator.startWithHash(asursoPort, school, settings.asurso().login(),
                settings.asurso().passwordMd5());
        dnevnik = DnevnikSimulator.start(dnevnikPort);
        DemoWorld.seedDnevnik(dnevnik, settings, school, new HashSet<>());
        int expected = school.expectedMarks().size();
        assertThat(expected).isGreaterThan(1000);

        Process first = adapter(dir, 1, asursoPort, dnevnikPort,
                List.of("-D" + DnevnikDelivery.HALT_AFTER_CREATES + "=700"), List.of());
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).as("the first process halts").isTrue();
        assertThat(first.exitValue()).as(log(dir, 1)).isEqualTo(97);
        int before = dnevnik.marks().size();
        assertThat(before).as("it died half way").isBetween(700, expected - 1);

        // the first process's run never finished: the second may start a new one at once
        Process second = adapter(dir, 2, asursoPort, dnevnikPort, List.of(), List.of("--diary-bridge.stale-after=1s"));
        assertThat(second.waitFor(5, TimeUnit.MINUTES)).as("the second process finishes").isTrue();
        assertThat(second.exitValue()).as(log(dir, 2)).isZero();

        List<String> want = new ArrayList<>();
        for (GeneratedSchool.ExpectedMark m : school.expectedMarks()) {
            want.add(String.join("|", m.snils(), TextNormalizer.forMatching(m.className()), m.subjectName(),
                    m.date().toString(), Integer.toString(m.lessonNumber()), m.workType(), m.value()));
        }
        List<String> have = new ArrayList<>();
        for (SimMark m : dnevnik.marks()) {
            have.add(String.join("|", m.snils().replaceAll("\\D", ""), TextNormalizer.forMatching(m.eduGroupName()),
                    m.subjectName(), m.date().toString(), Integer.toString(m.lessonNumber()), m.workType(), m.value()));
        }
        assertThat(have).containsExactlyInAnyOrderElementsOf(want);
        assertThat(Files.readString(dir.resolve("adapter-2.log"), StandardCharsets.UTF_8))
                .doesNotContain("Оценка за эту работу уже выставлена")
                .contains("Синхронизация завершена");
    }

    private Process adapter(Path dir, int n, int asursoPort, int dnevnikPort, List<String> jvmArgs,
                            List<String> appArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Djava.library.path=" + Path.of("target/native").toAbsolutePath());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DiaryBridgeApplication.class.getName(),
                "--once",
                "--diary-bridge.schools-dir=" + dir.resolve("schools"),
                "--diary-bridge.fixed-date=" + WEEK,
                "--diary-bridge.redelivery-delay=200ms",
                "--diary-bridge.once-timeout=4m",
                "--diary-bridge.dnevnik-calls-per-second=0",
                "--demo.asurso-port=" + asursoPort,
                "--demo.dnevnik-port=" + dnevnikPort,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/diary-bridge") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.artemis.embedded.data-directory=" + dir.resolve("artemis"),
                "--server.port=0"));
        cmd.addAll(appArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("adapter-" + n + ".log").toFile()).directory(new File(".")).start();
    }

    private static String log(Path dir, int n) throws IOException {
        String text = Files.readString(dir.resolve("adapter-" + n + ".log"), StandardCharsets.UTF_8);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }
}
