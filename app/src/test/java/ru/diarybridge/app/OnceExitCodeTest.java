package ru.diarybridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository.Status;

/** {@code --once} exits non-zero when any record failed or a run did not complete. */
class OnceExitCodeTest {

    private static SyncRun run(Status status, int rejected) {
        return new SyncRun("r", "s", "once", status, Instant.now(), Instant.now(), 1, 1, 1, 1, 1, 1, 1 - rejected,
                rejected, 0, 0, 0, 1, 1, null);
    }

    @Test
    void zeroOnlyWhenEverythingWasDelivered() {
        assertThat(StartupRunner.exitCode(List.of(run(Status.COMPLETED, 0), run(Status.COMPLETED, 0)))).isZero();
        assertThat(StartupRunner.exitCode(List.of(run(Status.COMPLETED, 0), run(Status.COMPLETED, 1)))).isEqualTo(1);
        assertThat(StartupRunner.exitCode(List.of(run(Status.FAILED, 0)))).isEqualTo(1);
        assertThat(StartupRunner.exitCode(List.of(run(Status.DELIVERING, 0)))).as("timed out").isEqualTo(1);
    }
}
