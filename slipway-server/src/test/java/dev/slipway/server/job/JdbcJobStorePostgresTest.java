package dev.slipway.server.job;

import dev.slipway.server.persistence.PostgresDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same tests on PostgreSQL (where {@code POSTGRES_TEST_URL} names a server). */
@EnabledIfEnvironmentVariable(named = PostgresDatabases.URL_VARIABLE, matches = ".+")
class JdbcJobStorePostgresTest extends JdbcJobStoreTest {
    @Override
    void openDatabase() {
        PostgresDatabases.Fresh fresh = PostgresDatabases.create();
        database = fresh.database();
        closing = fresh;
    }
}
