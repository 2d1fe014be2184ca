package dev.slipway.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The database: a connection pool, the schema migrated by Flyway at start, and Jdbi for the SQL. H2
 * (file) is the embedded default, PostgreSQL the production engine; the SQL is written for both.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    public Database(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("slipway-db");
        this.dataSource = new HikariDataSource(config);
        boolean postgres = url.startsWith("jdbc:postgresql:");
        Flyway.configure()
                .dataSource(dataSource)
                .placeholders(Map.of("text", postgres ? "TEXT" : "CLOB"))
                .load()
                .migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The embedded default: an H2 file database that survives kill -9 (no write delay). */
    public static String h2FileUrl(java.nio.file.Path directory) {
        return "jdbc:h2:file:"
                + directory.resolve("slipway").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
