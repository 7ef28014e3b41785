package ru.diarybridge.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.diarybridge.routes.SourceSyncRoute;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/** Starts syncs outside the schedule (at start, {@code --once}) and waits for their deliveries to finish. */
@Component
public class SyncLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(SyncLauncher.class);

    private final ProducerTemplate camel;
    private final SchoolDirectory schools;
    private final SyncRunRepository runs;

    public SyncLauncher(ProducerTemplate camel, SchoolDirectory schools, SyncRunRepository runs) {
        this.camel = camel;
        this.schools = schools;
        this.runs = runs;
    }

    /** Reads the school now (in this thread) and returns its run id, or empty when a run is already going. */
    public Optional<String> start(String schoolId, String trigger) {
        Exchange done = camel.send(SourceSyncRoute.ENDPOINT, e -> {
            e.getMessage().setHeader(SyncHeaders.SCHOOL_ID, schoolId);
            e.getMessage().setHeader(SyncHeaders.TRIGGER, trigger);
        });
        return Optional.ofNullable(done.getMessage().getHeader(SyncHeaders.RUN_ID, String.class));
    }

    /** Waits until the run is completed or failed, or {@code timeout} passes. */
    public SyncRun await(String runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SyncRun run = runs.find(runId).orElseThrow();
        while (!run.finished() && Instant.now().isBefore(deadline)) {
            sleep();
            run = runs.find(runId).orElseThrow();
        }
        return run;
    }

    /** Syncs every polled school and waits until each run is completed or failed, or {@code timeout} passes. */
    public List<SyncRun> syncAll(String trigger, Duration timeout) {
        List<String> ids = new ArrayList<>();
        for (SchoolSettings school : schools.schools()) {
            if (!school.polled()) {
                continue; // АСИОУ exports arrive as files in the school's inbox
            }
            start(school.schoolId(), trigger).ifPresentOrElse(ids::add,
                    () -> LOG.warn("Школа {}: синхронизация уже идёт, пропущена", school.schoolId()));
        }
        Instant deadline = Instant.now().plus(timeout);
        List<SyncRun> result = new ArrayList<>();
        for (String id : ids) {
            SyncRun run = runs.find(id).orElseThrow();
            while (!run.finished() && Instant.now().isBefore(deadline)) {
                sleep();
                run = runs.find(id).orElseThrow();
            }
            result.add(run);
        }
        return result;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
