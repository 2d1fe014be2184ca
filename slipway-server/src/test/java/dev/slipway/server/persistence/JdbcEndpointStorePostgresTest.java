package dev.slipway.server.persistence;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same tests on PostgreSQL (where {@code POSTGRES_TEST_URL} names a server). */
@EnabledIfEnvironmentVariable(named = PostgresDatabases.URL_VARIABLE, matches = ".+")
class JdbcEndpointStorePostgresTest extends JdbcEndpointStoreTest {
    @Override
    void openDatabase() {
        PostgresDatabases.Fresh fresh = PostgresDatabases.create();
        database = fresh.database();
        closing = fresh;
    }
}
