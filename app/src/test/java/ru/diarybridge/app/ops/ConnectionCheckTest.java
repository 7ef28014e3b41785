package ru.diarybridge.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.eljur.EljurSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** «Проверить подключение» against the simulators and their fault injection: every verdict in Russian. */
class ConnectionCheckTest {

    static AsursoSimulator asurso;
    static EljurSimulator eljur;
    static DnevnikSimulator dnevnik;
    static final long DNEVNIK_SCHOOL = 1000002283077L;

    @TempDir
    Path dir;

    @BeforeAll
    static void world() {
        GeneratedSchool school = GeneratedSchool.generate(7, LocalDate.of(2026, 11, 16));
        asurso = AsursoSimulator.start(0, school, "integration", "Пароль-1");
        eljur = EljurSimulator.start(0, school, "school76", "dev-key", "integration", "Пароль-76");
        dnevnik = DnevnikSimulator.start(0);
        dnevnik.addClient("client", "secret", "writer", "pw");
        dnevnik.addSchool(DNEVNIK_SCHOOL, "Школа");
    }

    @AfterAll
    static void stop() {
        asurso.stop();
        eljur.close();
        dnevnik.stop();
    }

    private ConnectionCheck.Report check(String file) throws IOException {
        Files.writeString(dir.resolve("s-1.yml"), file);
        SchoolConfigLoader.Result r = new SchoolConfigLoader(new MockEnvironment()).loadEach(dir);
        assertThat(r.problems()).isEmpty();
        return new ConnectionCheck(new SchoolRegistry(r.schools()), new JournalSources()).check("s-1").orElseThrow();
    }

    private static String asursoSchool(int port, String password, int timeout, String dnevnikSecret) {
        return """
                school: { id: s-1, name: Школа }
                source:
                  system: asurso
                  base-url: http://localhost:%d
                  scid: 107
                  login: integration
                  password: "%s"
                  timeout-seconds: %d
                targets:
                  dnevnik:
                    base-url: http://localhost:%d/v2/
                    school-id: %d
                    client-id: client
                    client-secret: %s
                    username: writer
                    password: pw
                    timeout-seconds: 2
                """.formatted(port, password, timeout, dnevnik.port(), DNEVNIK_SCHOOL, dnevnikSecret);
    }

    private static ConnectionCheck.Endpoint endpoint(ConnectionCheck.Report r, String name) {
        return r.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aGoodSchoolPassesEveryEndpoint() throws IOException {
        ConnectionCheck.Report r = check(asursoSchool(asurso.port(), "Пароль-1", 5, "secret"));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(endpoint(r, "source").message()).startsWith("Вход выполнен").contains("классов");
        assertThat(endpoint(r, "dnevnik").message()).contains("школа " + DNEVNIK_SCHOOL + " найдена");
    }

    @Test
    void wrongPasswordsAreNamedForEachSystem() throws IOException {
        ConnectionCheck.Report r = check(asursoSchool(asurso.port(), "не тот", 5, "wrong"));
        assertThat(r.ok()).isFalse();
        assertThat(endpoint(r, "source").message()).startsWith("Неверный логин или пароль АСУ РСО");
        assertThat(endpoint(r, "dnevnik").message()).startsWith("Дневник.ру не принял учётные данные");
    }

    @Test
    void aSlowServerIsReportedWithTheTimeout() throws IOException {
        asurso.delayNext(5, Duration.ofSeconds(3));
        try {
            ConnectionCheck.Report r = check(asursoSchool(asurso.port(), "Пароль-1", 1, "secret"));
            assertThat(endpoint(r, "source").ok()).isFalse();
            assertThat(endpoint(r, "source").message()).contains("не отвечает за 1 с");
        } finally {
            asurso.delayNext(0, Duration.ZERO);
        }
    }

    @Test
    void aServerErrorAndADeadServerAreTold() throws IOException {
        asurso.failNext(20, 503);
        try {
            ConnectionCheck.Report r = check(asursoSchool(asurso.port(), "Пароль-1", 5, "secret"));
            assertThat(endpoint(r, "source").message()).contains("отвечает ошибкой 503");
        } finally {
            asurso.failNext(0, 503);
        }
        ConnectionCheck.Report dead = check(asursoSchool(deadPort(), "Пароль-1", 2, "secret"));
        assertThat(endpoint(dead, "source").message()).contains("никто не принимает соединения");
        assertThat(endpoint(dead, "dnevnik").ok()).isTrue();
    }

    @Test
    void eljurDevkeyAndAccountErrorsAreTold() throws IOException {
        String file = """
                school: { id: s-1, name: Школа }
                source:
                  system: eljur
                  base-url: http://localhost:%d/apiv3
                  vendor: school76
                  devkey: %s
                  login: integration
                  password: "%s"
                """;
        assertThat(check(file.formatted(eljur.port(), "dev-key", "Пароль-76")).ok()).isTrue();
        assertThat(endpoint(check(file.formatted(eljur.port(), "чужой", "Пароль-76")), "source").message())
                .startsWith("ЭлЖур не принял ключ разработчика");
        assertThat(endpoint(check(file.formatted(eljur.port(), "dev-key", "не тот")), "source").message())
                .startsWith("Неверный логин или пароль ЭлЖур");
    }

    @Test
    void asiouFoldersMustExistAndBeWritable() throws IOException {
        Path base = Files.createTempDirectory("asiou-check");
        String file = """
                school: { id: s-1, name: Школа }
                source:
                  system: asiou
                  inbox: %s/in
                  archive: %s/arc
                  quarantine: %s/q
                """.formatted(base, base, base);
        Files.writeString(dir.resolve("s-1.yml"), file);
        SchoolConfigLoader.Result r = new SchoolConfigLoader(new MockEnvironment()).loadEach(dir);
        ConnectionCheck check = new ConnectionCheck(new SchoolRegistry(r.schools()), new JournalSources());
        assertThat(check.check("s-1").orElseThrow().ok()).isTrue();
        Files.delete(base.resolve("arc"));
        Files.setPosixFilePermissions(base.resolve("q"), PosixFilePermissions.fromString("r-xr-xr-x"));
        ConnectionCheck.Report bad = check.check("s-1").orElseThrow();
        assertThat(endpoint(bad, "archive").message()).isEqualTo("Папка не существует");
        if (!"root".equals(System.getProperty("user.name"))) { // root writes anywhere
            assertThat(endpoint(bad, "quarantine").message()).startsWith("В папку нельзя записать");
        }
        assertThat(endpoint(bad, "inbox").ok()).isTrue();
        assertThat(bad.ok()).isFalse();
    }

    @Test
    void aMisconfiguredSchoolShowsItsFileProblemsAndAnUnknownOneIsEmpty() {
        SchoolRegistry registry = new SchoolRegistry(List.of());
        registry.misconfigured(new SchoolRegistry.Misconfigured("s-9", Path.of("s-9.yml"),
                List.of("s-9.yml: ключ source.system: неизвестная система"), java.time.Instant.now()));
        ConnectionCheck check = new ConnectionCheck(registry, new JournalSources());
        ConnectionCheck.Report r = check.check("s-9").orElseThrow();
        assertThat(r.ok()).isFalse();
        assertThat(endpoint(r, "config").message()).contains("ключ source.system");
        assertThat(check.check("nobody")).isEmpty();
    }

    static int deadPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
