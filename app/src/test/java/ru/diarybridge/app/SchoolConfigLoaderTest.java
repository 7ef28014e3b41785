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
import java.time.LocalDate;
import ru.diarybridge.app.config.ConfigException;
import ru.diarybridge.app.config.ConfigSecrets;
import ru.diarybridge.app.config.SchoolConfigLoader;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.control.ReportKind;
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
        assertThat(schools.get(0).reports().recipients()).containsExactly("uvr@demo-107.example");
        assertThat(schools.get(0).reports().enabled()).hasSize(ReportKind.values().length);
        assertThat(schools.get(0).reports().cronOf(ReportKind.WEEKLY)).isEqualTo("0 0 7 ? * MON");
        assertThat(schools.get(0).reports().cronOf(ReportKind.MONTHLY)).isEqualTo(ReportKind.MONTHLY.defaultCron());
        assertThat(schools.get(1).reports().enabled()).isEmpty();
    }

    @Test
    void theReportsSectionIsValidated() throws IOException {
        Path file = write("samara-107.yml", GOOD + """
                reports:
                  recipients: "uvr@school.ru, не-адрес"
                  enabled: [weekly, quarterly]
                  cron:
                    monthly: "в начале месяца"
                    daily: "0 0 6 * * ?"
                """);
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": ключ reports.recipients: «не-адрес» не адрес электронной почты",
                        file + ": ключ reports.enabled: «quarterly»: неизвестный отчёт; допустимы: weekly, ten-day, "
                                + "monthly, period, parents, year, preliminary",
                        file + ": ключ reports.cron.monthly: «в начале месяца» не выражение Quartz cron "
                                + "(пример: 0 0 6 ? * MON)",
                        file + ": ключ reports.cron.daily: неизвестный отчёт; допустимы: weekly, ten-day, monthly, "
                                + "period, parents, year, preliminary"));
        write("samara-107.yml", GOOD + """
                reports:
                  enabled: [monthly]
                """);
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ": ключ reports.recipients: не указан ни один адрес, а отчёты включены "
                                + "(reports.enabled)"));
        write("samara-107.yml", GOOD + """
                reports:
                  recipients: [uvr@school.ru, director@school.ru]
                  enabled: [monthly, preliminary]
                  cron: {monthly: "0 0 5 2 * ?"}
                """);
        SchoolSettings s = new SchoolConfigLoader(env).load(dir).get(0);
        assertThat(s.reports().recipients()).containsExactly("uvr@school.ru", "director@school.ru");
        assertThat(s.reports().enabled()).containsExactlyInAnyOrder(ReportKind.MONTHLY, ReportKind.PRELIMINARY);
        assertThat(s.reports().cronOf(ReportKind.MONTHLY)).isEqualTo("0 0 5 2 * ?");
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
    void aBadFileStopsOnlyItsOwnSchool() throws IOException {
        write("samara-107.yml", GOOD);
        Path bad = write("samara-108.yml", GOOD.replace("samara-107", "samara-108").replace("system: asurso",
                "system: netschool"));
        SchoolConfigLoader.Result r = new SchoolConfigLoader(env).loadEach(dir);
        assertThat(r.schools()).extracting(SchoolSettings::schoolId).containsExactly("samara-107");
        assertThat(r.problems()).containsOnlyKeys(bad);
        assertThat(r.problems().get(bad)).singleElement().asString()
                .startsWith(bad + ": ключ source.system: «netschool»");
        assertThat(SchoolConfigLoader.schoolIdOf(bad)).isEqualTo("samara-108");
    }

    @Test
    void contactsBlackoutDatesAndASwitchedOffTarget() throws IOException {
        write("samara-107.yml", GOOD.replace("  schedule:", "  blackout-dates:\n    - 2026-12-31\n    - \"2027-01-02..2027-01-04\"\n"
                + "  schedule:").replace("  dnevnik:\n", "  dnevnik:\n    enabled: false\n") + """
                contacts:
                  emails: [it@school3.ru, director@school3.ru]
                """);
        SchoolSettings s = new SchoolConfigLoader(env).load(dir).get(0);
        assertThat(s.blackoutDates()).containsExactlyInAnyOrder(LocalDate.of(2026, 12, 31),
                LocalDate.of(2027, 1, 2), LocalDate.of(2027, 1, 3), LocalDate.of(2027, 1, 4));
        assertThat(s.blackout(LocalDate.of(2027, 1, 3))).isTrue();
        assertThat(s.blackout(LocalDate.of(2027, 1, 5))).isFalse();
        assertThat(s.contactEmails()).containsExactly("it@school3.ru", "director@school3.ru");
        assertThat(s.deliversToDnevnik()).as("targets.dnevnik.enabled: false").isFalse();
        assertThat(s.sourceFile()).isEqualTo(dir.resolve("samara-107.yml"));
    }

    @Test
    void badContactsAndBlackoutDatesAreNamed() throws IOException {
        Path file = write("samara-107.yml", GOOD.replace("  schedule:", "  blackout-dates: [\"31.12.2026\", \"2027-01-04..2027-01-02\"]\n"
                + "  schedule:").replace("  dnevnik:\n", "  dnevnik:\n    enabled: maybe\n") + """
                contacts:
                  emails: [it-school3.ru]
                  phones: [1]
                """);
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": ключ school.blackout-dates: «31.12.2026»: ожидается дата ГГГГ-ММ-ДД или период "
                                + "ГГГГ-ММ-ДД..ГГГГ-ММ-ДД (не длиннее года)",
                        file + ": ключ school.blackout-dates: «2027-01-04..2027-01-02»: ожидается дата ГГГГ-ММ-ДД "
                                + "или период ГГГГ-ММ-ДД..ГГГГ-ММ-ДД (не длиннее года)",
                        file + ": ключ targets.dnevnik.enabled: «maybe»: ожидается true или false",
                        file + ": ключ contacts.emails: «it-school3.ru» не адрес электронной почты",
                        file + ": ключ contacts.phones: неизвестный ключ; допустимы: emails"));
    }

    @Test
    void encryptedSecretsAreDecryptedWithTheKeyFromTheEnvironment() throws IOException {
        String key = ConfigSecrets.generateKey();
        String enc = ConfigSecrets.fromKey(key).encrypt("секрет");
        assertThat(enc).startsWith("ENC(").doesNotContain("секрет");
        write("samara-107.yml", GOOD.replace("${ASURSO_PASSWORD_107}", enc));
        SchoolSettings s = new SchoolConfigLoader(new MockEnvironment()
                .withProperty(ConfigSecrets.KEY_VARIABLE, key)).load(dir).get(0);
        assertThat(s.asurso().passwordLength()).isEqualTo("секрет".length());

        assertThatThrownBy(() -> new SchoolConfigLoader(new MockEnvironment()).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith(dir.resolve("samara-107.yml") + ": ключ source.password: значение "
                                + "зашифровано (ENC(...)), но переменная окружения DIARY_BRIDGE_CONFIG_KEY"));
        String other = ConfigSecrets.generateKey();
        assertThatThrownBy(() -> new SchoolConfigLoader(new MockEnvironment()
                .withProperty(ConfigSecrets.KEY_VARIABLE, other)).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("ключ source.password: не расшифровать: значение зашифровано другим "
                                + "ключом или изменено").doesNotContain("секрет"));
    }

    @Test
    void aTamperedValueFailsAndSecretsAreMasked() {
        ConfigSecrets secrets = ConfigSecrets.fromKey(ConfigSecrets.generateKey());
        String enc = secrets.encrypt("Пароль-очень-длинный");
        assertThat(secrets.decryptIfEncrypted(enc)).isEqualTo("Пароль-очень-длинный");
        assertThat(secrets.encrypt("x")).as("random IV").isNotEqualTo(secrets.encrypt("x"));
        char[] c = enc.toCharArray();
        c[8] = c[8] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> secrets.decryptIfEncrypted(new String(c)))
                .isInstanceOf(ConfigSecrets.SecretException.class);
        assertThat(secrets.decryptIfEncrypted("plain")).isEqualTo("plain");
        assertThat(ConfigSecrets.masked("Пароль-очень-длинный")).isEqualTo("Па••••••");
        assertThat(ConfigSecrets.masked("short")).isEqualTo("••••••");
        assertThat(ConfigSecrets.masked(enc)).isEqualTo("ENC(…)");
        assertThat(ConfigSecrets.fromKey("not base64!").decryptIfEncrypted("x")).isEqualTo("x");
        assertThatThrownBy(() -> ConfigSecrets.fromKey("c2hvcnQ=").encrypt("x"))
                .hasMessageContaining("не base64 от 16, 24 или 32 байт");
    }

    @Test
    void theCliEncryptsWithTheKeyFromTheEnvironment() {
        String key = ConfigSecrets.generateKey();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertThat(DiaryBridgeApplication.secretsCli(new String[] {"--encrypt", "секрет"}, key,
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true))).isZero();
        String enc = out.toString().trim();
        assertThat(ConfigSecrets.fromKey(key).decryptIfEncrypted(enc)).isEqualTo("секрет");
        assertThat(DiaryBridgeApplication.secretsCli(new String[] {"--encrypt", "x"}, null,
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("DIARY_BRIDGE_CONFIG_KEY");
        assertThat(DiaryBridgeApplication.secretsCli(new String[] {"--demo"}, key, System.out, System.err)).isNull();
    }

    @Test
    void whenEveryFileIsBadTheApplicationDoesNotStart() throws IOException {
        write("a-1.yml", "school: [unclosed");
        DiaryBridgeProperties props = new DiaryBridgeProperties(dir, null, true, false, null, null, 0, null, null, 0, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> new DiaryBridgeConfiguration().schoolDirectory(props, new MockEnvironment()))
                .isInstanceOf(ConfigException.class);
        write("samara-107.yml", GOOD);
        var registry = new DiaryBridgeConfiguration().schoolDirectory(props, new org.springframework.mock.env
                .MockEnvironment().withProperty("ASURSO_PASSWORD_107", "x"));
        assertThat(registry.schools()).extracting(SchoolSettings::schoolId).containsExactly("samara-107");
        assertThat(registry.misconfigured()).extracting(m -> m.schoolId()).containsExactly("a-1");
    }

    @Test
    void theArchiveSectionIsOptionalAndChecked() throws IOException {
        write("samara-107.yml", GOOD);
        assertThat(new SchoolConfigLoader(env).load(dir).get(0).archive())
                .isEqualTo(ru.diarybridge.routes.school.ArchiveSettings.DEFAULT);

        write("samara-107.yml", GOOD + "archive:\n  enabled: false\n  schedule: \"0 0 4 * * ?\"\n");
        SchoolSettings s = new SchoolConfigLoader(env).load(dir).get(0);
        assertThat(s.archive().enabled()).isFalse();
        assertThat(s.archive().effectiveCron()).isEqualTo("0 0 4 * * ?");

        Path file = write("samara-107.yml", GOOD + "archive:\n  enabled: да\n  schedule: ночью\n  keep: 5\n");
        assertThatThrownBy(() -> new SchoolConfigLoader(env).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": ключ archive.enabled: «да»: ожидается true или false",
                        file + ": ключ archive.schedule: «ночью» не выражение Quartz cron (пример: 0 30 3 * * ?)",
                        file + ": ключ archive.keep: неизвестный ключ; допустимы: enabled, schedule"));
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
