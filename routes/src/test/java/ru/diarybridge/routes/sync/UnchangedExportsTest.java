package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When an export file may be skipped as unchanged, on H2 and PostgreSQL: only when it is the school's latest run's
 * file, that run completed, and nothing of the school is owed or on hold — otherwise reading it again could change
 * something, and it is read.
 */
class UnchangedExportsTest {

    private static final LocalDate MON = LocalDate.of(2026, 11, 16);
    private static final String TARGET = "dnevnik";

    private static String completedFileRun(SyncRunRepository runs, UnchangedExports unchanged, String school,
                                           String digest) {
        String id = runs.start(school, "file", MON, MON.plusDays(6), Duration.ofHours(1), false).orElseThrow();
        unchanged.remember(id, digest);
        runs.classRead(id, 30, 40, 120, 250, 250, 2, 0, 1);
        runs.readingFinished(id);
        runs.batchDone(id, 250, 0, 0);
        return id;
    }

    private static void outboxRow(JdbcTemplate jdbc, String school, String key, String state) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO outbox (target, school_id, source_key, entity_type, version, op, priority, state, "
                + "detected_at, updated_at) VALUES (?, ?, ?, 'MARK', 'h', 'UPSERT', 'LIVE', ?, ?, ?)", TARGET, school,
                key, state, now, now);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theSameFileAfterTheSchoolsCompletedRunIsRecognisedAndRecordedAsAnUnchangedRun(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        SyncRunRepository runs = new SyncRunRepository(jdbc);
        UnchangedExports unchanged = new UnchangedExports(jdbc, runs);
        String first = completedFileRun(runs, unchanged, "s1", "A");

        UnchangedExports.Earlier same = unchanged.sameAsLatest(TARGET, "s1", "A").orElseThrow();
        assertThat(same.run().id()).isEqualTo(first);
        assertThat(same.from()).isEqualTo(MON);
        assertThat(same.to()).isEqualTo(MON.plusDays(6));
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "B")).as("another file").isEmpty();
        assertThat(unchanged.sameAsLatest(TARGET, "s2", "A")).as("another school").isEmpty();

        String again = runs.start("s1", "file", same.from(), same.to(), Duration.ofHours(1), false).orElseThrow();
        unchanged.recordUnchanged(again, same.run(), "A");
        assertThat(runs.readingFinished(again)).as("nothing to deliver: complete at once").isTrue();
        SyncRun run = runs.find(again).orElseThrow();
        assertThat(run.status()).isEqualTo(SyncRunRepository.Status.COMPLETED);
        assertThat(run.unchanged()).isTrue();
        assertThat(run.recordsRead()).isEqualTo(250);
        assertThat(run.classesRead()).isEqualTo(1);
        assertThat(run.pupilsRead()).isEqualTo(30);
        assertThat(run.marksRead()).isEqualTo(120);
        assertThat(run.recordsChanged()).isZero();
        assertThat(run.delivered()).isZero();
        assertThat(run.summary()).contains("не перечитывался");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A").orElseThrow().run().id())
                .as("the unchanged run is now the latest, and it read the same file").isEqualTo(again);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunOfTheSchoolInBetweenMeansTheFileIsReadAgain(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        SyncRunRepository runs = new SyncRunRepository(jdbc);
        UnchangedExports unchanged = new UnchangedExports(jdbc, runs);
        completedFileRun(runs, unchanged, "s1", "A");

        // file B is being read: A after it could undo what B changed
        String b = runs.start("s1", "file", MON, MON, Duration.ofHours(1), false).orElseThrow();
        unchanged.remember(b, "B");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).isEmpty();
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "B")).as("B not completed yet").isEmpty();
        runs.classRead(b, 1, 1, 1, 10, 1, 0, 0, 0);
        runs.readingFinished(b);
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).isEmpty();
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "B")).isPresent();

        // a polled sync (no digest) in between, too
        String polled = runs.start("s1", "schedule", MON, MON, Duration.ofHours(1), true).orElseThrow();
        runs.readingFinished(polled);
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "B")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whatIsStillOwedOrHeldMeansTheFileIsReadAgain(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        SyncRunRepository runs = new SyncRunRepository(jdbc);
        UnchangedExports unchanged = new UnchangedExports(jdbc, runs);
        completedFileRun(runs, unchanged, "s1", "A");
        Outbox outbox = new Outbox(jdbc);

        outboxRow(jdbc, "s1", "m1", "PENDING");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).as("a record still owed: re-reading offers it again")
                .isEmpty();
        outbox.close(TARGET, "s1", List.of(new Outbox.Closed("m1", Outbox.State.REJECTED, null, "UNMATCHED_PUPIL")));
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).as("rejected here (e.g. pupil not found in the diary): "
                + "the next read tries it again").isEmpty();
        outbox.close(TARGET, "s1", List.of(new Outbox.Closed("m1", Outbox.State.DONE, 7L, null)));
        outboxRow(jdbc, "s1", "m2", "DEAD");
        outboxRow(jdbc, "s1", "m3", "REPORTED");
        outboxRow(jdbc, "s2", "m4", "PENDING");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).as("delivered, refused by the target and reported rows "
                + "are not offered by a re-read, and another school's rows are its own").isPresent();

        jdbc.update("INSERT INTO school_hold (school_id, run_id, changes, known_records, created_at) "
                + "VALUES ('s1', 'r', 90, 100, ?)", Timestamp.from(Instant.now()));
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).as("on hold").isEmpty();
        new HoldPolicy(jdbc, 0.3, 1).approve("s1", "operator");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).as("approved: the next run must be read to go through")
                .isEmpty();
        jdbc.update("UPDATE school_hold SET used_by_run = 'r2' WHERE school_id = 's1'");
        assertThat(unchanged.sameAsLatest(TARGET, "s1", "A")).isPresent();
    }

    @Test
    void theDigestCoversTheBytesTheSchoolsSettingsAndTheSchoolsDate(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.xml"), "<export>один</export>", StandardCharsets.UTF_8);
        Path copy = Files.writeString(dir.resolve("b.xml"), "<export>один</export>", StandardCharsets.UTF_8);
        Path other = Files.writeString(dir.resolve("c.xml"), "<export>одиН</export>", StandardCharsets.UTF_8);
        String d = UnchangedExports.digest(a, "settings", MON);

        assertThat(d).hasSize(64).isEqualTo(UnchangedExports.digest(copy, "settings", MON));
        assertThat(UnchangedExports.digest(other, "settings", MON)).isNotEqualTo(d);
        assertThat(UnchangedExports.digest(a, "settings changed", MON)).isNotEqualTo(d);
        assertThat(UnchangedExports.digest(a, "settings", MON.plusDays(1))).as("time-dependent checks judge a day")
                .isNotEqualTo(d);
    }

    @AfterAll
    static void dropSchemas() throws SQLException {
        SyncStatePersistenceTest.dropSchemas();
    }
}
