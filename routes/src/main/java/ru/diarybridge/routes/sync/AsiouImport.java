package ru.diarybridge.routes.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.asiou.AsiouExportReader;
import ru.diarybridge.connector.asiou.ExportContent;
import ru.diarybridge.connector.asiou.FileError;
import ru.diarybridge.connector.asiou.QuarantineReport;
import ru.diarybridge.connector.asiou.ReadResult;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * The steps of the asiou-inbox route: read and check one export file as a whole; a bad file gets a report in the
 * quarantine folder and the route moves it there; a good file becomes a run whose classes are published exactly
 * like a polled source's, so the same file twice changes nothing.
 */
public class AsiouImport {

    private static final Logger LOG = LoggerFactory.getLogger(AsiouImport.class);

    /** The file is refused as a whole; the route's moveFailed puts it in quarantine. */
    public static class RejectedFileException extends RuntimeException {
        public RejectedFileException(String message) {
            super(message);
        }
    }

    private static final String WINDOW = "diaryBridgeFileWindow";
    /** A big file waits at most this long while smaller ones go first. */
    private static final Duration MAX_OVERTAKE = Duration.ofMinutes(10);
    private final SchoolDirectory schools;
    private final SyncRunRepository runs;
    private final TargetRecordRepository records;
    private final SourceSync sync;
    private final Duration staleAfter;
    private final AsiouExportReader reader = new AsiouExportReader();

    private final ImportSlots imports;
    private UnchangedExports unchanged;

    /** Recognise a file equal to the school's last one and do not read it again (none: every file is read). */
    public AsiouImport unchangedExports(UnchangedExports unchanged) {
        this.unchanged = unchanged;
        return this;
    }

    public AsiouImport(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                       SourceSync sync, Duration staleAfter) {
        this(schools, runs, records, sync, staleAfter, Integer.MAX_VALUE);
    }

    /**
     * @param parallelImports most files imported at once across all schools: an export is held in memory while it is
     *                        published, so this bounds the heap when many schools upload together; the others wait,
     *                        the smallest first ({@link ImportSlots}), so a day's changes pass the full re-syncs
     */
    public AsiouImport(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                       SourceSync sync, Duration staleAfter, int parallelImports) {
        this.imports = new ImportSlots(parallelImports, MAX_OVERTAKE);
        this.schools = schools;
        this.runs = runs;
        this.records = records;
        this.sync = sync;
        this.staleAfter = staleAfter;
    }

    /** Body in: the file. Body out: the class journals of a good file. */
    public void read(Exchange exchange) throws IOException {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        SchoolSettings school = schools.require(schoolId);
        Path file = exchange.getMessage().getBody(File.class).toPath();
        String name = file.getFileName().toString();
        LOG.info("Школа {}: принят файл выгрузки АСИОУ {}", schoolId, name);
        String digest = null;
        if (unchanged != null) {
            digest = UnchangedExports.digest(file, school.toString(), sync.today(school));
            var earlier = unchanged.sameAsLatest(DnevnikDelivery.TARGET, schoolId, digest);
            if (earlier.isPresent()) {
                skip(exchange, school, name, digest, earlier.get());
                return;
            }
        }
        try {
            imports.acquire(Files.size(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a free import slot", e);
        }
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                imports.release();
            }
        });
        ReadResult result = reader.read(file, schoolId);
        if (!result.valid()) {
            Path report = QuarantineReport.write(school.asiou().quarantine(), name, result.errors());
            List<FileError> errors = result.errors();
            errors.stream().limit(20).forEach(e -> LOG.warn("Школа {}: {}", schoolId, e));
            throw new RejectedFileException("файл " + name + " отклонён целиком: ошибок " + errors.size()
                    + ", первая: " + errors.get(0) + "; отчёт: " + report);
        }
        ExportContent content = result.content();
        String runId = runs.start(schoolId, "file", content.from(), content.to(), staleAfter, false).orElseThrow();
        if (digest != null) {
            unchanged.remember(runId, digest);
        }
        exchange.getMessage().setHeader(SyncHeaders.RUN_ID, runId);
        exchange.getMessage().setHeader(SyncHeaders.CORRELATION_ID, runId);
        org.slf4j.MDC.put(SyncHeaders.CORRELATION_ID, runId);
        exchange.setProperty(SourceSync.SCHOOL, school);
        exchange.setProperty(SourceSync.KNOWN, records.known(DnevnikDelivery.TARGET, schoolId));
        exchange.setProperty(SourceSync.REFUSED, sync.refused(schoolId));
        exchange.setProperty(SourceSync.CLASS_COUNT, content.journals().size());
        exchange.setProperty(SourceSync.CLASS_INDEX, new AtomicInteger());
        exchange.setProperty(WINDOW, sync.fileWindow(school, content.from(), content.to()));
        LOG.info("Школа {}: файл {} за {} — {}: классов {}", schoolId, name, content.from(), content.to(),
                content.journals().size());
        exchange.getMessage().setBody(content.journals());
    }

    /** A file equal to the school's last one: a run that says so, and no classes to publish (a split over nothing). */
    private void skip(Exchange exchange, SchoolSettings school, String name, String digest,
                      UnchangedExports.Earlier same) {
        SyncRun earlier = same.run();
        String runId = runs.start(school.schoolId(), "file", same.from(), same.to(), staleAfter, false).orElseThrow();
        unchanged.recordUnchanged(runId, earlier, digest);
        exchange.getMessage().setHeader(SyncHeaders.RUN_ID, runId);
        exchange.getMessage().setHeader(SyncHeaders.CORRELATION_ID, runId);
        org.slf4j.MDC.put(SyncHeaders.CORRELATION_ID, runId);
        LOG.info("Школа {}: файл {} совпадает с уже загруженным (запуск {}, записей {}) — не перечитывается, "
                + "изменений нет", school.schoolId(), name, earlier.id(), earlier.recordsRead());
        exchange.getMessage().setBody(List.of());
    }

    /** Body in: one class journal. Body out: its batch JSON, or null when nothing changed. */
    @SuppressWarnings("unchecked")
    public void publish(Exchange exchange) throws JsonProcessingException {
        ClassJournal journal = exchange.getMessage().getBody(ClassJournal.class);
        SchoolSettings school = exchange.getProperty(SourceSync.SCHOOL, SchoolSettings.class);
        Map<String, TargetRecordRepository.Known> known = exchange.getProperty(SourceSync.KNOWN, Map.class);
        int n = exchange.getProperty(SourceSync.CLASS_INDEX, AtomicInteger.class).incrementAndGet();
        int total = exchange.getProperty(SourceSync.CLASS_COUNT, Integer.class);
        String runId = exchange.getMessage().getHeader(SyncHeaders.RUN_ID, String.class);
        // never a null body here: a file exchange's message would load the whole file again in its place
        List<SourceSync.Outbound> batches = sync.publish(school, runId, journal, known,
                exchange.getProperty(SourceSync.REFUSED, Map.class),
                exchange.getProperty(WINDOW, SyncWindow.Window.class), n, total);
        exchange.getMessage().setHeader(SourceSync.HAS_CHANGES, !batches.isEmpty());
        exchange.getMessage().setBody(batches);
    }
}
