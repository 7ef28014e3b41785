package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import ru.diarybridge.app.config.ConfigSecrets;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.connector.smev.sign.SigningKey;
import ru.diarybridge.routes.archive.ArchiveRepository;
import ru.diarybridge.routes.archive.ArchiveService;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.smev.SmevSettings;
import ru.diarybridge.routes.store.JournalStore;

/** Which storage and which signing key the configuration picks (no context, nothing is connected to). */
class ArchiveConfigurationTest {

    @TempDir
    Path tmp;

    private static final JournalStore STORE = (JournalStore) Proxy.newProxyInstance(
            JournalStore.class.getClassLoader(), new Class<?>[] {JournalStore.class}, (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
            });

    private ArchiveService service(ArchiveProperties props, MockEnvironment env, ArchiveConfiguration config) {
        return config.archiveService(new StaticListableBeanFactory(Map.of("store", STORE))
                        .getBeanProvider(JournalStore.class), new ArchiveRepository(new JdbcTemplate()),
                new PdfXlsxRenderer(), List::of, props, env);
    }

    @Test
    void s3StorageTakesTheBucketPrefixesAndAnEncryptedSecret() throws Exception {
        String key = ConfigSecrets.generateKey();
        MockEnvironment env = new MockEnvironment().withProperty(ConfigSecrets.KEY_VARIABLE, key);
        ArchiveProperties props = new ArchiveProperties(null, null, null, "S3",
                new ArchiveProperties.S3(URI.create("http://127.0.0.1:9"), "ru-central1", "school-archive", "a/",
                        "e/", "id", ConfigSecrets.fromKey(key).encrypt("secret"), null),
                false, null);
        ArchiveConfiguration config = new ArchiveConfiguration();
        ArchiveService service = service(props, env, config);
        assertThat(service.storage().describe()).isEqualTo("s3://school-archive/a/ (http://127.0.0.1:9)");
        assertThat(service.exportStorage().describe()).isEqualTo("s3://school-archive/e/ (http://127.0.0.1:9)");
        config.destroy();
    }

    @Test
    void theDefaultIsTheFileSystemAndAnUnknownStorageIsRefused() {
        ArchiveProperties fs = new ArchiveProperties(tmp.resolve("a"), tmp.resolve("e"), null, null, null, false,
                null);
        assertThat(fs.storage()).isEqualTo("filesystem");
        assertThat(fs.s3().prefix()).isEqualTo("archive/");
        assertThat(fs.s3().pathStyle()).isTrue();
        ArchiveService service = service(fs, new MockEnvironment(), new ArchiveConfiguration());
        assertThat(service.storage().describe()).isEqualTo(tmp.resolve("a").toString());
        assertThat(service.exportStorage().describe()).isEqualTo(tmp.resolve("e").toString());

        ArchiveProperties bad = new ArchiveProperties(null, null, null, "ftp", null, false, null);
        assertThatThrownBy(() -> service(bad, new MockEnvironment(), new ArchiveConfiguration()))
                .hasMessageContaining("ftp").hasMessageContaining("filesystem или s3");
    }

    @Test
    void withoutItsOwnKeystoreEachSchoolSignsWithItsSmevKey() {
        SigningKey k107 = GostKeyTool.selfSigned("Школа 107");
        Path p12 = tmp.resolve("smev-107.p12");
        GostKeyTool.writePkcs12(k107, p12, "smev", "pw-107");
        SchoolDirectory schools = () -> List.of(school("s-107", new SmevSettings(true, "http://smev", "MNEMONIC",
                p12, "pw-107", null, java.time.Duration.ofSeconds(5), false, null)), school("s-no-smev", null));
        Function<String, SigningKey> keys = ArchiveConfiguration.signingKeys(
                new ArchiveProperties.Signing(null, null, null), ConfigSecrets.fromKey(null), schools);
        assertThat(keys.apply("s-107").certificate()).isEqualTo(k107.certificate());
        assertThatThrownBy(() -> keys.apply("s-no-smev")).hasMessageContaining("s-no-smev")
                .hasMessageContaining("targets.smev.keystore");

        // the archive's own keystore, its password encrypted, signs for every school
        SigningKey own = GostKeyTool.selfSigned("Архив региона");
        Path ownFile = tmp.resolve("archive.p12");
        GostKeyTool.writePkcs12(own, ownFile, "archive", "pw-own");
        String configKey = ConfigSecrets.generateKey();
        Function<String, SigningKey> regional = ArchiveConfiguration.signingKeys(new ArchiveProperties.Signing(
                ownFile, ConfigSecrets.fromKey(configKey).encrypt("pw-own"), "archive"),
                ConfigSecrets.fromKey(configKey), schools);
        assertThat(regional.apply("s-no-smev").certificate()).isEqualTo(own.certificate());
        assertThat(regional.apply("s-107").certificate()).isEqualTo(own.certificate());
    }

    private static SchoolSettings school(String id, SmevSettings smev) {
        return new SchoolSettings(id, "Школа " + id, ZoneId.of("Europe/Samara"), "0 0 * * * ?", ru.diarybridge.model.SourceSystem.ASURSO, null, null,
                null, null, null, 7, null, Set.of(), List.of(), null, null, null, smev);
    }
}
