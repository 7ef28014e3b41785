package ru.diarybridge.routes.sync;

import org.springframework.jdbc.core.JdbcTemplate;

/** Lets tests of other packages use the fresh-schema databases of {@link SyncStatePersistenceTest}. */
public final class SyncStatePersistenceTestAccess {

    private SyncStatePersistenceTestAccess() {
    }

    public static JdbcTemplate database(String vendor) {
        return SyncStatePersistenceTest.database(vendor);
    }

    public static void dropSchemas() throws java.sql.SQLException {
        SyncStatePersistenceTest.dropSchemas();
    }
}
