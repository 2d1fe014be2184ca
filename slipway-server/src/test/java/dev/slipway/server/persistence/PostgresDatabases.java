package dev.slipway.server.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh PostgreSQL databases for the store tests, on the server named by {@value #URL_VARIABLE} (a
 * JDBC URL with user and password, e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres?user=slipway&password=slipway}; {@code .ci/run} starts
 * one). Tests that need it are skipped where the variable is not set.
 */
public final class PostgresDatabases {
    public static final String URL_VARIABLE = "POSTGRES_TEST_URL";

    private PostgresDatabases() {}

    /** A database and what closing it takes. */
    public record Fresh(Database database, String name, String adminUrl) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            execute(adminUrl, "DROP DATABASE IF EXISTS " + name);
        }
    }

    /** An empty database of its own, migrated by {@link Database}; dropped when closed. */
    public static Fresh create() {
        String admin = System.getenv(URL_VARIABLE);
        if (admin == null || admin.isBlank()) {
            throw new IllegalStateException(URL_VARIABLE + " is not set");
        }
        String name = "slipway_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(admin, "CREATE DATABASE " + name);
        int query = admin.indexOf('?');
        String base = query < 0 ? admin : admin.substring(0, query);
        String parameters = query < 0 ? "" : admin.substring(query);
        String url = base.substring(0, base.lastIndexOf('/') + 1) + name + parameters;
        return new Fresh(
                new Database(url, parameter(parameters, "user"), parameter(parameters, "password")),
                name,
                admin);
    }

    private static String parameter(String query, String name) {
        for (String pair : query.replaceFirst("^\\?", "").split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url, e);
        }
    }
}
