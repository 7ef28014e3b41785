package ru.diarybridge.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The thin flow on the production database, PostgreSQL at 127.0.0.1:5432 (database {@code test}), through the
 * application's own {@code postgres} profile; each run gets its own schema and drops it at the end.
 */
@ActiveProfiles({"demo", "postgres"})
class DemoSyncPostgresTest extends AbstractDemoSyncEndToEndTest {

    static final String SCHEMA = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> SERVER + "?currentSchema=" + SCHEMA + "&reWriteBatchedInserts=true");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
