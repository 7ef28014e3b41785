package ru.diarybridge.app;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.app.config.ConfigSecrets;
import ru.diarybridge.connector.smev.sign.Pkcs12KeySource;
import ru.diarybridge.connector.smev.sign.SigningKey;
import ru.diarybridge.routes.ArchiveRoute;
import ru.diarybridge.routes.archive.ArchiveRepository;
import ru.diarybridge.routes.archive.ArchiveService;
import ru.diarybridge.routes.archive.ArchiveStorage;
import ru.diarybridge.routes.archive.FileSystemArchiveStorage;
import ru.diarybridge.routes.archive.ManifestSignature;
import ru.diarybridge.routes.archive.S3ArchiveStorage;
import ru.diarybridge.routes.documents.DocumentRenderer;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.smev.SmevSettings;
import ru.diarybridge.routes.store.JournalStore;

/**
 * The archive flow: built when a {@link JournalStore} bean exists (the synced journal it reads); without one the
 * archive is off and says so at start. The storage is the file system or an S3-compatible store
 * ({@code diary-bridge.archive.storage}); manifests are signed when {@code sign-manifests} is on.
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveConfiguration implements org.springframework.beans.factory.DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveConfiguration.class);

    /** The S3 clients made here, closed with the context. */
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void destroy() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Bean
    DocumentRenderer documentRenderer() {
        return new PdfXlsxRenderer();
    }

    @Bean
    ArchiveRepository archiveRepository(JdbcTemplate jdbc) {
        return new ArchiveRepository(jdbc);
    }

    @Bean
    ArchiveService archiveService(ObjectProvider<JournalStore> store, ArchiveRepository repo,
                                  DocumentRenderer renderer, SchoolDirectory schools, ArchiveProperties props,
                                  Environment env) {
        JournalStore journal = store.getIfAvailable();
        if (journal == null) {
            LOG.warn("Архив выключен: нет хранилища синхронизированного журнала (JournalStore)");
            return null;
        }
        ConfigSecrets secrets = ConfigSecrets.fromKey(env.getProperty(ConfigSecrets.KEY_VARIABLE));
        ArchiveStorage archive;
        ArchiveStorage export;
        if (props.onS3()) {
            ArchiveProperties.S3 s3 = props.s3();
            String secret = secrets.decryptIfEncrypted(s3.secretKey());
            archive = S3ArchiveStorage.create(new S3ArchiveStorage.Settings(s3.endpoint(), s3.region(), s3.bucket(),
                    s3.prefix(), s3.accessKey(), secret, s3.pathStyle()));
            export = S3ArchiveStorage.create(new S3ArchiveStorage.Settings(s3.endpoint(), s3.region(), s3.bucket(),
                    s3.exportPrefix(), s3.accessKey(), secret, s3.pathStyle()));
            closeables.add((S3ArchiveStorage) archive);
            closeables.add((S3ArchiveStorage) export);
        } else if ("filesystem".equals(props.storage())) {
            archive = new FileSystemArchiveStorage(props.root());
            export = new FileSystemArchiveStorage(props.exportDir());
        } else {
            throw new IllegalStateException("diary-bridge.archive.storage: «" + props.storage()
                    + "» — ожидается filesystem или s3");
        }
        LOG.info("Архив: {}, выгрузка: {}{}", archive.describe(), export.describe(),
                props.signManifests() ? ", манифесты подписываются" : "");
        ArchiveService service = new ArchiveService(journal, repo, archive, export, renderer,
                id -> schools.schools().stream().filter(s -> s.schoolId().equals(id)).map(SchoolSettings::name)
                        .findFirst().orElse(id),
                Clock.systemDefaultZone());
        if (props.signManifests()) {
            service.signManifests(ManifestSignature.signer(signingKeys(props.signing(), secrets, schools)));
        }
        return service;
    }

    /**
     * The archive's own keystore when one is set, else the school's SMEV keystore (targets.smev.*); each keystore is
     * re-read when its file changes. A school with neither fails its archive run, which says why.
     */
    static Function<String, SigningKey> signingKeys(ArchiveProperties.Signing signing, ConfigSecrets secrets,
                                                    SchoolDirectory schools) {
        if (signing.keystore() != null) {
            Pkcs12KeySource own = new Pkcs12KeySource(signing.keystore(),
                    secrets.decryptIfEncrypted(signing.keystorePassword()),
                    signing.alias() == null || signing.alias().isBlank() ? null : signing.alias());
            return school -> own.get();
        }
        Map<String, Pkcs12KeySource> bySchool = new ConcurrentHashMap<>();
        return school -> {
            SmevSettings smev = schools.school(school).map(SchoolSettings::smev).orElse(null);
            if (smev == null || smev.keystore() == null) {
                throw new IllegalStateException("подпись манифеста: у школы " + school + " нет ключа СМЭВ "
                        + "(targets.smev.keystore) и не задан diary-bridge.archive.signing.keystore");
            }
            // keyed by file and password, so that a school file changed to another keystore is picked up
            return bySchool.computeIfAbsent(school + "|" + smev.keystore() + "|" + smev.keystorePassword(),
                    k -> new Pkcs12KeySource(smev.keystore(), smev.keystorePassword(), null)).get();
        };
    }

    @Bean
    ArchiveRoute archiveRoute(ObjectProvider<ArchiveService> service, SchoolDirectory schools,
                              DiaryBridgeProperties props, ArchiveProperties archive) {
        ArchiveService s = service.getIfAvailable();
        if (s == null) {
            return null;
        }
        return new ArchiveRoute(props.scheduleEnabled() ? schools : List::of, s,
                props.scheduleEnabled() ? archive.verificationCron() : null);
    }
}
