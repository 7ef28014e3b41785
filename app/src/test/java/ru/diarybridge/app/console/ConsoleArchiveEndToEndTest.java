package ru.diarybridge.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import ru.diarybridge.app.SyncLauncher;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.routes.archive.ArchiveRepository;
import ru.diarybridge.routes.archive.ArchiveService;
import ru.diarybridge.routes.archive.ManifestSignature;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * The archive inside the application (regulations flow 4, «a run can be started by hand»): a demo school synced,
 * then archived from the console's form through the archive route, with signed manifests; the run is recorded and
 * shown, its files are in the storage and the console's verification finds them intact.
 */
class ConsoleArchiveEndToEndTest extends ConsoleTestSupport {

    static final Path ARCHIVE = Path.of("target/archive-" + UUID.randomUUID()).toAbsolutePath();
    static final Path KEYSTORE = ARCHIVE.resolveSibling(ARCHIVE.getFileName() + ".p12");

    @DynamicPropertySource
    static void archive(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(ARCHIVE);
        GostKeyTool.writePkcs12(GostKeyTool.selfSigned("Архив demo"), KEYSTORE, "archive", "changeit");
        registry.add("diary-bridge.archive.root", () -> ARCHIVE.resolve("archive").toString());
        registry.add("diary-bridge.archive.export-dir", () -> ARCHIVE.resolve("export").toString());
        registry.add("diary-bridge.archive.sign-manifests", () -> "true");
        registry.add("diary-bridge.archive.signing.keystore", KEYSTORE::toString);
        registry.add("diary-bridge.archive.signing.keystore-password", () -> "changeit");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ConsoleUsers users;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyncLauncher launcher;
    @Autowired
    ArchiveService archive;

    @Test
    void runsStartedFromTheConsoleAreRecordedStoredSignedAndVerified() throws Exception {
        SyncRun sync = launcher.await(launcher.start(OWN, "test").orElseThrow(), Duration.ofMinutes(3));
        assertThat(sync.status()).as(sync.summary()).isEqualTo(SyncRunRepository.Status.COMPLETED);
        ConsoleUser it = users.loadUserByUsername("it-107");

        // the console's form, as the school's IT officer: quarter 1 of 2026/2027
        MvcResult started = mvc.perform(post("/console/schools/" + OWN + "/archive")
                .param("period", "q1").param("schoolYear", "2026").with(user(it)).with(csrf())).andReturn();
        assertThat(started.getResponse().getRedirectedUrl()).isEqualTo("/console/schools/" + OWN);
        assertThat(started.getFlashMap().get("messageOk")).isEqualTo(true);
        assertThat((String) started.getFlashMap().get("message")).startsWith("архивация запущена: 1 четверть");

        ArchiveRepository repo = archive.repository();
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> finished(repo) == 1);
        ArchiveRepository.Run q1 = repo.runs(OWN).get(0);
        // the demo source has the quarter marks of quarter 1 (it ended 25.10, the demo week is 16.11): complete
        assertThat(q1.status()).as(q1.error()).isEqualTo(ArchiveRepository.Status.COMPLETE);
        assertThat(q1.trigger()).isEqualTo("manual");
        assertThat(q1.classesDone()).isPositive();
        assertThat(q1.manifestPath()).startsWith(OWN + "/2026-2027/q1/manifest-");

        // in the storage: every recorded file with its hash, the manifest and its signature
        List<ArchiveRepository.FileRow> files = repo.filesOfRun(q1.id());
        assertThat(files).extracting(ArchiveRepository.FileRow::kind)
                .contains("JOURNAL", "SUMMARY_SHEET", "MANIFEST", "MANIFEST_SIGNATURE");
        for (ArchiveRepository.FileRow f : files) {
            Path file = ARCHIVE.resolve("archive").resolve(f.path());
            assertThat(file).as(f.path()).isRegularFile();
            assertThat(ru.diarybridge.model.ContentHash.sha256(Files.readAllBytes(file))).isEqualTo(f.sha256());
        }
        byte[] manifest = Files.readAllBytes(ARCHIVE.resolve("archive").resolve(q1.manifestPath()));
        assertThat(ManifestSignature.verify(manifest, Files.readAllBytes(ARCHIVE.resolve("archive")
                .resolve(q1.manifestPath() + ".sig")))).isEmpty();

        // quarter 2 through the JSON API: no quarter marks in the source yet, so the run archives what exists,
        // is recorded INCOMPLETE and says what is missing (003 §4.1)
        JsonNode q2Started = new ObjectMapper().readTree(mvc.perform(post("/api/console/schools/" + OWN + "/archive")
                .param("period", "q2").param("schoolYear", "2026").with(user(it)).with(csrf())).andReturn()
                .getResponse().getContentAsString());
        assertThat(q2Started.path("done").asBoolean()).as(q2Started.toString()).isTrue();
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> finished(repo) == 2);
        ArchiveRepository.Run q2 = repo.runs(OWN).get(1);
        assertThat(q2.status()).as(q2.error()).isEqualTo(ArchiveRepository.Status.INCOMPLETE);
        assertThat(q2.missingCount()).isPositive();
        assertThat(q2.missing()).contains("нет итоговых отметок");
        assertThat(q2.previousManifestSha256()).isEqualTo(q1.manifestSha256());
        JsonNode m = new ObjectMapper().readTree(ARCHIVE.resolve("archive").resolve(q2.manifestPath()).toFile());
        assertThat(m.path("status").asText()).isEqualTo("INCOMPLETE");
        assertThat(m.path("missing").size()).isPositive();

        // reported: the console's page and API show the run as incomplete with what is missing
        String page = mvc.perform(get("/console/schools/" + OWN).with(user(it))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("INCOMPLETE", "нет итоговых отметок", q2.manifestSha256(), "Архивировать сейчас");
        String api = mvc.perform(get("/api/console/schools/" + OWN + "/archive-runs").with(user(it))).andReturn()
                .getResponse().getContentAsString();
        assertThat(new ObjectMapper().readTree(api).findValuesAsText("status"))
                .containsExactly("COMPLETE", "INCOMPLETE");
        int current = repo.files(OWN).size();

        // the console's verification: intact
        String verified = mvc.perform(post("/api/console/schools/" + OWN + "/archive/verify").with(user(it))
                .with(csrf())).andReturn().getResponse().getContentAsString();
        JsonNode v = new ObjectMapper().readTree(verified);
        assertThat(v.path("done").asBoolean()).as(verified).isTrue();
        assertThat(v.path("message").asText()).isEqualTo("проверка архива: файлов " + current + ", нарушений нет");
        assertThat(repo.verifications(OWN)).last().extracting(ArchiveRepository.Verification::status)
                .isEqualTo("OK");

        // one byte of the journal changed: the same action names that file
        ArchiveRepository.FileRow journal = files.stream().filter(f -> f.kind().equals("JOURNAL")).findFirst()
                .orElseThrow();
        Path jf = ARCHIVE.resolve("archive").resolve(journal.path());
        byte[] bytes = Files.readAllBytes(jf);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(jf, bytes);
        JsonNode bad = new ObjectMapper().readTree(mvc.perform(post("/api/console/schools/" + OWN
                + "/archive/verify").with(user(it)).with(csrf())).andReturn().getResponse().getContentAsString());
        assertThat(bad.path("done").asBoolean()).isFalse();
        assertThat(bad.path("message").asText()).contains("нарушений 1", "изменён", journal.path());

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE username = 'it-107' "
                + "AND action = 'ARCHIVE_NOW' AND school_id = ? AND outcome = 'OK'", Integer.class, OWN)).isEqualTo(2);
    }

    private static long finished(ArchiveRepository repo) {
        return repo.runs(OWN).stream().filter(r -> r.status() != ArchiveRepository.Status.RUNNING).count();
    }
}
