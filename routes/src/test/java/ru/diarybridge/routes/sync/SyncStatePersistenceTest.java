package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The same Flyway migrations and the same repositories on H2 (the embedded default) and on PostgreSQL 15 at
 * 127.0.0.1:5432, each in a fresh schema.
 */
class SyncStatePersistenceTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PG_SCHEMA = "persist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static final java.util.concurrent.atomic.AtomicInteger SCHEMAS = new java.util.concurrent.atomic.AtomicInteger();

    static JdbcTemplate database(String vendor) {
        DataSource ds;
        String[] schemas = {};
        if (vendor.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            String schema = PG_SCHEMA + "_" + SCHEMAS.incrementAndGet();
            ds = new DriverManagerDataSource(PG + "?currentSchema=" + schema, "postgres", "");
            schemas = new String[] {schema};
        }
        Flyway.configure().dataSource(ds).schemas(schemas)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .load().migrate();
        return new JdbcTemplate(ds);
    }

    @AfterAll
    static void dropSchemas() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
             Statement s = c.createStatement()) {
            var rs = c.createStatement().executeQuery(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + PG_SCHEMA + "%'");
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            for (String n : names) {
                s.execute("DROP SCHEMA " + n + " CASCADE");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migrationsCreateTheQuartzTablesToo(String vendor) {
        JdbcTemplate jdbc = database(vendor);
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM qrtz_locks", Integer.class);
        assertThat(n).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void upsertKeepsOneRowPerRecordWithTheLatestHash(String vendor) {
        TargetRecordRepository repo = new TargetRecordRepository(database(vendor));
        repo.saveDelivered("dnevnik", "s1", "r1", List.of(
                new TargetRecordRepository.Delivered("asurso:s1:mark-1-1", "MARK", 11L, "h1"),
                new TargetRecordRepository.Delivered("asurso:s1:cm-1", "LESSON", 21L, "h2")));
        repo.saveDelivered("dnevnik", "s1", "r2", List.of(
                new TargetRecordRepository.Delivered("asurso:s1:mark-1-1", "MARK", 11L, "h1b", "asurso:s1:class-1",
                        LocalDate.of(2026, 11, 16), null)));
        repo.saveDelivered("dnevnik", "s2", "r3", List.of(
                new TargetRecordRepository.Delivered("asurso:s2:mark-1-1", "MARK", 12L, "x")));

        var known = repo.known("dnevnik", "s1");
        assertThat(known).hasSize(2);
        assertThat(known.get("asurso:s1:mark-1-1")).isEqualTo(new TargetRecordRepository.Known(11L, "h1b", "MARK",
                "asurso:s1:class-1", LocalDate.of(2026, 11, 16), null));
        assertThat(repo.count("dnevnik", "s2")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTombstoneForgetsTheRecordAndLeavesAnEvent(String vendor) {
        TargetRecordRepository repo = new TargetRecordRepository(database(vendor));
        repo.saveDelivered("dnevnik", "s1", "r1", List.of(new TargetRecordRepository.Delivered("asurso:s1:att-1-2",
                "ATTENDANCE", 5L, "h", "asurso:s1:class-1", LocalDate.of(2026, 11, 17), "5:77")));
        assertThat(repo.known("dnevnik", "s1").get("asurso:s1:att-1-2").remoteRef()).isEqualTo("5:77");
        repo.saveEvents("dnevnik", "s1", "r2", List.of(new TargetRecordRepository.Event("asurso:s1:att-1-2",
                "ATTENDANCE", "TOMBSTONE", "удалено в источнике")), List.of("asurso:s1:att-1-2"));
        assertThat(repo.known("dnevnik", "s1")).isEmpty();
        assertThat(repo.eventsOfRun("r2")).extracting(TargetRecordRepository.Event::kind).containsExactly("TOMBSTONE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void rejectsKeepTheirReason(String vendor) {
        TargetRecordRepository repo = new TargetRecordRepository(database(vendor));
        repo.saveRejected("dnevnik", "s1", "run-1", List.of(new TargetRecordRepository.Rejected(
                "asurso:s1:student-5", "PERSON", "PERSON_NOT_FOUND", "ученик не найден в Дневник.ру по СНИЛС")));
        assertThat(repo.rejectedOfRun("run-1")).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("ученик не найден в Дневник.ру по СНИЛС"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunCompletesExactlyOnceWhenReadingAndAllBatchesAreDone(String vendor) {
        SyncRunRepository runs = new SyncRunRepository(database(vendor));
        LocalDate monday = LocalDate.of(2026, 11, 16);
        String id = runs.start("s1", "test", monday, monday.plusDays(6), Duration.ofHours(2)).orElseThrow();
        assertThat(runs.start("s1", "test", monday, monday.plusDays(6), Duration.ofHours(2)))
                .as("one run per school at a time").isEmpty();
        assertThat(runs.start("s2", "test", monday, monday.plusDays(6), Duration.ofHours(2))).isPresent();

        runs.classRead(id, 25, 30, 100, 300, 120, 2, 0, true);
        runs.classRead(id, 25, 30, 100, 300, 0, 0, 0, false);
        runs.classRead(id, 25, 30, 100, 300, 80, 0, 1, true);
        assertThat(runs.batchDone(id, 120, 0, 0)).as("reading still going").isFalse();
        assertThat(runs.readingFinished(id)).as("one batch still out").isFalse();
        assertThat(runs.batchDone(id, 79, 1, 0)).as("the last batch completes the run").isTrue();
        assertThat(runs.batchDone(id, 0, 0, 0)).as("never twice").isFalse();

        SyncRun run = runs.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(SyncRunRepository.Status.COMPLETED);
        assertThat(run.classesRead()).isEqualTo(3);
        assertThat(run.recordsChanged()).isEqualTo(200);
        assertThat(run.delivered()).isEqualTo(199);
        assertThat(run.rejected()).isEqualTo(2);
        assertThat(run.withheld()).isEqualTo(2);
        assertThat(run.summary()).contains("доставлено 199", "отклонено 2", "завершено");
        assertThat(runs.start("s1", "test", monday, monday.plusDays(6), Duration.ofHours(2))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStaleRunDoesNotBlockTheSchoolForever(String vendor) {
        SyncRunRepository runs = new SyncRunRepository(database(vendor));
        LocalDate monday = LocalDate.of(2026, 11, 16);
        String stale = runs.start("s1", "test", monday, monday, Duration.ofHours(2)).orElseThrow();
        Optional<String> next = runs.start("s1", "test", monday, monday, Duration.ZERO.minusSeconds(1));
        assertThat(next).isPresent();
        assertThat(runs.find(stale).orElseThrow().status()).isEqualTo(SyncRunRepository.Status.FAILED);
    }

    /**
     * Two instances asked to sync the same schools at the same instant (the console's «sync now» on both, each
     * thread here standing for one instance with its own connection): exactly one run per school starts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoStartsOfOneSchoolAtOnceStartOneRun(String vendor) throws Exception {
        JdbcTemplate jdbc = database(vendor);
        SyncRunRepository first = new SyncRunRepository(jdbc);
        SyncRunRepository second = new SyncRunRepository(jdbc);
        LocalDate monday = LocalDate.of(2026, 11, 16);
        int schools = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < schools; i++) {
                String school = "school-" + i;
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Callable<Optional<String>> a = () -> {
                    together.await();
                    return first.start(school, "manual", monday, monday, Duration.ofHours(2));
                };
                java.util.concurrent.Callable<Optional<String>> b = () -> {
                    together.await();
                    return second.start(school, "manual", monday, monday, Duration.ofHours(2));
                };
                List<java.util.concurrent.Future<Optional<String>>> both = pool.invokeAll(List.of(a, b));
                long started = 0;
                for (var f : both) {
                    started += f.get().isPresent() ? 1 : 0;
                }
                assertThat(started).as(school).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_run", Integer.class)).isEqualTo(schools);
    }
}
