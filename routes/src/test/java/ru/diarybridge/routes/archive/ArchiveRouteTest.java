package ru.diarybridge.routes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.routes.ArchiveRoute;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.sync.SyncStatePersistenceTestAccess;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** A run by hand through {@code direct:archive}, as the console starts it. */
class ArchiveRouteTest {

    @TempDir
    Path tmp;

    @AfterAll
    static void dropSchemas() throws Exception {
        SyncStatePersistenceTestAccess.dropSchemas();
    }

    @Test
    void aRunByHandArchivesTheNamedPeriod() throws Exception {
        GeneratedJournalStore store = new GeneratedJournalStore("demo-107", GeneratedSchool.SCHOOL_ID,
                LocalDate.of(2026, 10, 19), LocalDate.of(2027, 1, 20));
        store.classFilter = c -> c.name().equals("7а");
        ZoneId zone = ZoneId.of("Europe/Samara");
        ArchiveService service = new ArchiveService(store,
                new ArchiveRepository(SyncStatePersistenceTestAccess.database("h2")),
                new FileSystemArchiveStorage(tmp), null, new PdfXlsxRenderer(), id -> "Школа",
                Clock.fixed(LocalDate.of(2026, 11, 10).atStartOfDay(zone).toInstant(), zone));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new ArchiveRoute(List::of, service, null));
            camel.start();
            assertThat(camel.getRoute("archive-run")).isNotNull();
            assertThat(camel.getRoute("archive-scheduled")).isNotNull();
            Exchange done = camel.createProducerTemplate().request(ArchiveRoute.ENDPOINT, e -> e.getMessage()
                    .setHeaders(Map.of(SyncHeaders.SCHOOL_ID, "demo-107", ArchiveRoute.SCHOOL_YEAR, 2026,
                            ArchiveRoute.PERIOD, "q1")));
            assertThat(done.getException()).isNull();
            ArchiveService.RunResult run = done.getMessage().getBody(ArchiveService.RunResult.class);
            assertThat(run.status()).isEqualTo(ArchiveRepository.Status.COMPLETE);
            assertThat(run.period().folder()).isEqualTo("q1");
            assertThat(tmp.resolve("demo-107/2026-2027/q1/journal-7а.pdf")).exists();
            assertThat(service.repository().runs("demo-107")).singleElement()
                    .satisfies(r -> assertThat(r.trigger()).isEqualTo("manual"));

            // without a period: the latest that has ended (quarter 1 on 10.11.2026)
            Exchange latest = camel.createProducerTemplate().request(ArchiveRoute.ENDPOINT,
                    e -> e.getMessage().setHeader(SyncHeaders.SCHOOL_ID, "demo-107"));
            assertThat(latest.getMessage().getBody(ArchiveService.RunResult.class).period().folder())
                    .isEqualTo("q1");

            // an unknown period is refused with a message naming it
            Exchange unknown = camel.createProducerTemplate().request(ArchiveRoute.ENDPOINT, e -> e.getMessage()
                    .setHeaders(Map.of(SyncHeaders.SCHOOL_ID, "demo-107", ArchiveRoute.PERIOD, "q9")));
            assertThat(unknown.getException()).hasMessageContaining("нет периода q9");
        }
    }
}
