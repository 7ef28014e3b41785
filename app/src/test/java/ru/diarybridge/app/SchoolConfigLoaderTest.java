package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.ConfigException;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.school.SchoolSettings;

/** A bad school file stops the start with messages naming the file, the key and why. */
class SchoolConfigLoaderTest {

    @TempDir
    Path dir;

    private final MockEnvironment env = new MockEnvironment().withProperty("ASURSO_PASSWORD_107", "секрет");

    private static final String GOOD = """
            school:
              id: samara-107
              name: "МБОУ Школа № 3"
              schedule: "0 0/15 7-21 ? * MON-SAT"
            source:
              system: asurso
              base-url: https://asurso.ru
              scid: 107
              login: integration
              password: ${ASURSO_PASSWORD_107}
            targets:
              dnevnik:
                base-url: https://api.dnevnik.ru/v2/
                school-id: 1000002283077
                client-id: a
                client-secret: b
                username: c
                password: d
            """;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theShippedDemoSchoolIsValid() {
        List<SchoolSettings> schools = new SchoolConfigLoader(new MockEnvironment())
                .load(Path.of("../config/demo/schools"));
        assertThat(schools).extracting(SchoolSettings::schoolId)
                .containsExactly("demo-107", "demo-asiou-31", "demo-eljur-76");
        assertThat(schools.get(0).fullPullWindow()).isNotNull();
        assertThat(schools.get(0).asurso().baseUrl().toString()).isEqualTo("http://localhost:18081");
    }

    @Test
    void aGoodFileLoadsWithPlaceholdersResolved() throws IOException {
        write("samara-107.yml", GOOD);
        SchoolSettings s = new SchoolConfigLoader(env).load(dir).get(0);
        assertThat(s.sourceSystem()).isEqualTo(SourceSystem.ASURSO);
        assertThat(s.asurso().passwordLength()).isEqualTo("секрет".length());
        assertThat(s.asurso().toString()).doesNotContain("секрет");
        assertThat(s.dnevnikSchoolId()).isEqualTo(1000002283077L);
        assertThat(s.deliversToDnevnik()).isTrue();
    }

    @Test
    void everyProblemNamesFileKeyAndReason() throws IOException {
        Path file = write("samara-107.yml", GOOD
                .replace("https://asurso.ru", "asurso.ru")
                .replace("scid: 107", "scid: сто семь")
                .replace("0 0/15 7-21 ? * MON-SAT", "каждые 15 минут")
                .replace("login: integration", "login: integration\n  logn: typo"));
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": ключ source.base-url: «asurso.ru» не адрес http(s)",
                        file + ": ключ source.scid: «сто семь» не целое число",
                        file + ": ключ school.schedule: «каждые 15 минут» не выражение Quartz cron "
                                + "(пример: 0 0/15 7-21 ? * MON-SAT)",
                        file + ": ключ source.logn: неизвестный ключ; допустимы: archive, base-url, devkey, "
                                + "full-pull-window, inbox, keep-alive-seconds, login, lookback-days, "
                                + "max-requests-per-second, password, quarantine, role, scid, system, "
                                + "timeout-seconds, vendor"));
    }

    @Test
    void aMissingSecretIsNamed() throws IOException {
        Path file = write("samara-107.yml", GOOD);
        assertThatThrownBy(() -> new SchoolConfigLoader(new MockEnvironment()).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith(file + ": ключ source.password: не задана переменная")
                        .contains("ASURSO_PASSWORD_107"));
    }

    @Test
    void idMustMatchTheFileNameAndBeUnique() throws IOException {
        Path file = write("samara-108.yml", GOOD);
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ": ключ school.id: «samara-107» не совпадает с именем файла «samara-108»"));
    }

    @Test
    void brokenYamlAndMissingSectionsAreReported() throws IOException {
        Path broken = write("a.yml", "school: [unclosed");
        Path empty = write("b.yml", "school:\n  id: b\n  name: B\n");
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anyMatch(p -> p.startsWith(broken + ": не разобрать YAML"));
                    assertThat(e.problems()).contains(empty + ": ключ source: раздел обязателен");
                    assertThat(e.getMessage()).startsWith("Ошибки в конфигурации школ:");
                });
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir.resolve("nope")))
                .hasMessageContaining("nope: папка с настройками школ не найдена (свойство diary-bridge.schools-dir)");
    }

    @Test
    void smevTargetIsLoadedAndValidated() throws IOException {
        Path keystore = Files.writeString(dir.resolve("school.p12"), "not checked here");
        Path smevCert = Files.writeString(dir.resolve("smev.cer"), "not checked here");
        String smev = GOOD + """
                  smev:
                    enabled: true
                    endpoint: http://smev3-n0.test.gosuslugi.ru:7500/smev/v1.3/ws
                    mnemonic: SCHOOL107
                    keystore: %s
                    keystore-password: ${SMEV_KEYSTORE_PASSWORD}
                    smev-certificate: %s
                    poll-interval-seconds: 10
                    test-message: true
                    content-namespace: urn://region-63.example/diary/1.0
                """.formatted(keystore, smevCert);
        write("samara-107.yml", smev);
        SchoolSettings school = new SchoolConfigLoader(env.withProperty("SMEV_KEYSTORE_PASSWORD", "pw")).load(dir).get(0);
        assertThat(school.providesOverSmev()).isTrue();
        assertThat(school.smev().mnemonic()).isEqualTo("SCHOOL107");
        assertThat(school.smev().keystorePassword()).isEqualTo("pw");
        assertThat(school.smev().pollInterval()).hasSeconds(10);
        assertThat(school.smev().testMessage()).isTrue();
        assertThat(school.smev().contentNamespace()).isEqualTo("urn://region-63.example/diary/1.0");

        Path file = write("samara-107.yml", smev.replace(keystore.toString(), "/nowhere/school.p12")
                .replace("test-message: true", "test-message: может быть")
                .replace("urn://region-63.example/diary/1.0", "diary"));
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": ключ targets.smev.keystore: «/nowhere/school.p12»: файл не найден или не читается",
                        file + ": ключ targets.smev.test-message: «может быть»: ожидается true или false",
                        file + ": ключ targets.smev.content-namespace: «diary» не URI пространства имён "
                                + "(urn:… или http(s)://…)"));
    }
}
