package ru.diarybridge.app;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.routes.ArchiveRoute;
import ru.diarybridge.routes.archive.ArchiveRepository;
import ru.diarybridge.routes.archive.ArchiveService;
import ru.diarybridge.routes.archive.FileSystemArchiveStorage;
import ru.diarybridge.routes.documents.DocumentRenderer;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.store.JournalStore;

/**
 * The archive flow: built when a {@link JournalStore} bean exists (the synced journal it reads); without one the
 * archive is off and says so at start.
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveConfiguration.class);

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
                                  DocumentRenderer renderer, SchoolDirectory schools, ArchiveProperties props) {
        JournalStore journal = store.getIfAvailable();
        if (journal == null) {
            LOG.warn("Архив выключен: нет хранилища синхронизированного журнала (JournalStore)");
            return null;
        }
        return new ArchiveService(journal, repo, new FileSystemArchiveStorage(props.root()),
                new FileSystemArchiveStorage(props.exportDir()), renderer,
                id -> schools.schools().stream().filter(s -> s.schoolId().equals(id)).map(SchoolSettings::name)
                        .findFirst().orElse(id),
                Clock.systemDefaultZone());
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
