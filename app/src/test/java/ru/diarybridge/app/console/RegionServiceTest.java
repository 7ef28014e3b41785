package ru.diarybridge.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * The region view over 1,000 schools with ten runs each, on H2 and on PostgreSQL: states, lag, filter, sort and
 * paging come out right from the one aggregate query.
 */
class RegionServiceTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "console_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");

    static JdbcTemplate database(String vendor) {
        DataSource ds;
        String[] schemas = {};
        if (vendor.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            ds = new DriverManagerDataSource(PG + "?currentSchema=" + SCHEMA, "postgres", "");
            schemas = new String[] {SCHEMA};
        }
        Flyway.configure().dataSource(ds).schemas(schemas)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor).load().migrate();
        return new JdbcTemplate(ds);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aThousandSchoolsAreStatedFilteredSortedAndPaged(String vendor) {
        JdbcTemplate jdbc = database(vendor);
        List<SchoolSettings> schools = new ArrayList<>();
        List<Object[]> runs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = String.format("school-%04d", i);
            schools.add(new SchoolSettings(id, "Школа № " + i, ZoneOffset.UTC, null, SourceSystem.ASURSO, null, null,
                    null, null, null, 14, null));
            if (i == 999) {
                continue; // never synced
            }
            for (int r = 0; r < 10; r++) {
                // runs every 15 minutes; school i's last run finished i minutes before NOW
                Instant start = NOW.minus(Duration.ofMinutes(i + 15L * (9 - r) + 5));
                String status = i % 100 == 7 && r == 9 ? "FAILED" : "COMPLETED";
                runs.add(new Object[] {UUID.randomUUID().toString(), id, status, Timestamp.from(start),
                        Timestamp.from(start.plus(Duration.ofMinutes(5))), 100 + r, 10 + i % 50, 10, i % 3});
            }
        }
        jdbc.batchUpdate("INSERT INTO sync_run (id, school_id, trigger_kind, status, started_at, finished_at, "
                + "records_read, records_changed, delivered, rejected) VALUES (?, ?, 'schedule', ?, ?, ?, ?, ?, ?, ?)", runs);
        jdbc.update("INSERT INTO school_pause (school_id, paused_until, paused_by, created_at) VALUES (?, ?, 'op', ?)",
                "school-0003", Timestamp.from(NOW.plus(Duration.ofDays(3))), Timestamp.from(NOW));
        jdbc.update("INSERT INTO school_hold (school_id, run_id, changes, known_records, created_at) "
                + "VALUES ('school-0004', 'r', 500, 1000, ?)", Timestamp.from(NOW));

        RegionService region = new RegionService(jdbc, () -> schools, new SyncRunFamilyLag(jdbc), Duration.ofHours(2),
                Clock.fixed(NOW, ZoneOffset.UTC));
        RegionService.RegionPage all = region.page(null, null, null, "id", "asc", 1, 50);
        assertThat(all.total()).isEqualTo(1000);
        assertThat(all.pages()).isEqualTo(20);
        assertThat(all.rows()).hasSize(50);
        assertThat(all.rows().get(0).schoolId()).isEqualTo("school-0000");

        Map<String, RegionService.SchoolRow> byId = new java.util.HashMap<>();
        region.rows(null, NOW).forEach(r -> byId.put(r.schoolId(), r));
        assertThat(byId.get("school-0001").state()).isEqualTo(SchoolState.OK);
        assertThat(byId.get("school-0001").lagSeconds()).isEqualTo(60);
        assertThat(byId.get("school-0001").read()).isEqualTo(109);
        assertThat(byId.get("school-0001").changed()).isEqualTo(11);
        assertThat(byId.get("school-0003").state()).isEqualTo(SchoolState.PAUSED);
        assertThat(byId.get("school-0004").state()).isEqualTo(SchoolState.ON_HOLD);
        assertThat(byId.get("school-0007").state()).isEqualTo(SchoolState.FAILING);
        assertThat(byId.get("school-0007").errorRate()).isEqualTo(0.1);
        assertThat(byId.get("school-0500").state()).isEqualTo(SchoolState.LAGGING); // last success 8 h 20 min ago
        assertThat(byId.get("school-0999").state()).isEqualTo(SchoolState.LAGGING);
        assertThat(byId.get("school-0999").lastSuccess()).isNull();
        // family-visible lag from the start of the last completed run
        assertThat(byId.get("school-0001").familyLagSeconds()).isEqualTo(Duration.ofMinutes(6).toSeconds());

        RegionService.RegionPage failing = region.page(null, null, SchoolState.FAILING, "id", "asc", 1, 50);
        assertThat(failing.rows()).extracting(RegionService.SchoolRow::schoolId).hasSize(10)
                .startsWith("school-0007", "school-0107");
        RegionService.RegionPage lagDesc = region.page(null, null, null, "lag", "desc", 1, 3);
        assertThat(lagDesc.rows()).extracting(RegionService.SchoolRow::schoolId)
                .containsExactly("school-0998", "school-0997", "school-0996");
        RegionService.RegionPage search = region.page(null, "№ 12", null, "name", "asc", 2, 5);
        assertThat(search.total()).isEqualTo(11); // 12 and 120..129
        assertThat(search.rows()).hasSize(5);
        RegionService.RegionPage last = region.page(null, null, null, "id", "asc", 99, 300);
        assertThat(last.page()).isEqualTo(4);
        assertThat(last.rows()).hasSize(100);
        RegionService.RegionPage own = region.page(Set.of("school-0042"), null, null, "id", "asc", 1, 50);
        assertThat(own.rows()).extracting(RegionService.SchoolRow::schoolId).containsExactly("school-0042");
    }
}
