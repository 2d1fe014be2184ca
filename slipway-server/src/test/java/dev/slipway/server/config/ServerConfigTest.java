package dev.slipway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's configuration: defaults, every SLIPWAY_* variable, validation and masking. */
class ServerConfigTest {
    private static final Map<String, String> EVERY_KEY =
            Map.ofEntries(
                    Map.entry("SLIPWAY_HOST", "0.0.0.0"),
                    Map.entry("SLIPWAY_PORT", " 9090 "),
                    Map.entry("SLIPWAY_DATA_DIR", "/var/lib/slipway"),
                    Map.entry("SLIPWAY_MAX_REQUEST_SIZE", "12Mi"),
                    Map.entry("SLIPWAY_MAX_ARTIFACT_SIZE", "1Gi"),
                    Map.entry("SLIPWAY_DATABASE_URL", "jdbc:postgresql://db:5432/slipway"),
                    Map.entry("SLIPWAY_DATABASE_USER", "slipway"),
                    Map.entry("SLIPWAY_DATABASE_PASSWORD", "db-secret-value"),
                    Map.entry("SLIPWAY_TOKEN", "token-secret-0123456789"),
                    Map.entry("SLIPWAY_NODE_CORES", "6.5"),
                    Map.entry("SLIPWAY_NODE_MEMORY", "24Gi"),
                    Map.entry("SLIPWAY_MAX_QUEUE", "32"),
                    Map.entry("SLIPWAY_RECONCILE_INTERVAL", "500ms"),
                    Map.entry("SLIPWAY_ISOLATE_ARTIFACT_CHECKS", "false"),
                    Map.entry("SLIPWAY_JOBS_ROOT", "/srv/batch"),
                    Map.entry("SLIPWAY_IDLE_TIMEOUT", "30s"),
                    Map.entry("SLIPWAY_SCHED_BATCH", "false"));

    @Test
    void defaultsServeLoopbackOnPort8080WithEmbeddedH2() {
        ServerConfig config = ServerConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".slipway", "data"));
        assertThat(config.maxRequestBytes()).isEqualTo(6L << 20);
        assertThat(config.maxArtifactBytes()).isEqualTo(4L << 30);
        assertThat(config.databaseUrl()).isNull();
        assertThat(config.databaseUser()).isEmpty();
        assertThat(config.databasePassword()).isEmpty();
        assertThat(config.adminToken()).isNull();
        assertThat(config.nodeCores()).isEqualTo(Runtime.getRuntime().availableProcessors() * 8.0);
        assertThat(config.nodeMemoryBytes()).isEqualTo(16L << 30);
        assertThat(config.maxQueuePerCopy()).isEqualTo(256);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.isolateArtifactChecks()).isTrue();
        assertThat(config.jobsRoot()).isNull();
        assertThat(config.effectiveJobsRoot()).isEqualTo(config.dataDir().resolve("files"));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        assertThat(ServerConfig.fromEnvironment(Map.of("HOME", "/x", "SLIPWAY_UNKNOWN", "1")))
                .isEqualTo(ServerConfig.defaults());
    }

    @Test
    void readsEveryKey() {
        ServerConfig config = ServerConfig.fromEnvironment(EVERY_KEY);

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/slipway"));
        assertThat(config.maxRequestBytes()).isEqualTo(12L << 20);
        assertThat(config.maxArtifactBytes()).isEqualTo(1L << 30);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/slipway");
        assertThat(config.databaseUser()).isEqualTo("slipway");
        assertThat(config.databasePassword()).isEqualTo("db-secret-value");
        assertThat(config.adminToken()).isEqualTo("token-secret-0123456789");
        assertThat(config.nodeCores()).isEqualTo(6.5);
        assertThat(config.nodeMemoryBytes()).isEqualTo(24L << 30);
        assertThat(ServerConfig.batchScheduling(EVERY_KEY)).isFalse();
        assertThat(config.maxQueuePerCopy()).isEqualTo(32);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.isolateArtifactChecks()).isFalse();
        assertThat(config.effectiveJobsRoot()).isEqualTo(Path.of("/srv/batch"));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKeyTheSourceReadsIsCoveredHere() throws IOException {
        String source =
                Files.readString(
                        Path.of("src/main/java/dev/slipway/server/config/ServerConfig.java"));
        Set<String> read = new TreeSet<>();
        Matcher keys = Pattern.compile("\"(SLIPWAY_[A-Z_]+)\"").matcher(source);
        while (keys.find()) {
            read.add(keys.group(1));
        }

        assertThat(read).isEqualTo(new TreeSet<>(EVERY_KEY.keySet()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SLIPWAY_PORT               | http      | SLIPWAY_PORT must be an integer, got 'http'",
                "SLIPWAY_MAX_QUEUE          | 1.5       | SLIPWAY_MAX_QUEUE must be an integer, got '1.5'",
                "SLIPWAY_NODE_CORES         | many      | SLIPWAY_NODE_CORES must be a number, got 'many'",
                "SLIPWAY_NODE_CORES         | Infinity  | SLIPWAY_NODE_CORES must be a number, got 'Infinity'",
                "SLIPWAY_MAX_REQUEST_SIZE   | big       | SLIPWAY_MAX_REQUEST_SIZE 'big' is not a quantity",
                "SLIPWAY_MAX_ARTIFACT_SIZE  | 1GB       | SLIPWAY_MAX_ARTIFACT_SIZE '1GB' is not a quantity",
                "SLIPWAY_NODE_MEMORY        | -1Gi      | SLIPWAY_NODE_MEMORY '-1Gi' is not a quantity",
                "SLIPWAY_RECONCILE_INTERVAL | soon      | SLIPWAY_RECONCILE_INTERVAL 'soon' is not a duration",
                "SLIPWAY_IDLE_TIMEOUT       | 2 mins    | SLIPWAY_IDLE_TIMEOUT '2 mins' is not a duration",
                "SLIPWAY_ISOLATE_ARTIFACT_CHECKS | maybe | SLIPWAY_ISOLATE_ARTIFACT_CHECKS must be true or false, got 'maybe'",
            })
    void refusesAValueThatDoesNotParseNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(key, value)))
                .isInstanceOf(RuntimeException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void batchSchedulingIsOnUnlessTheEnvironmentTurnsItOff() {
        assertThat(ServerConfig.batchScheduling(Map.of())).isTrue();
        assertThat(ServerConfig.batchScheduling(Map.of("SLIPWAY_SCHED_BATCH", "false"))).isFalse();
        assertThat(ServerConfig.batchScheduling(Map.of("SLIPWAY_SCHED_BATCH", "0"))).isFalse();
        assertThatThrownBy(
                        () -> ServerConfig.batchScheduling(Map.of("SLIPWAY_SCHED_BATCH", "maybe")))
                .hasMessage("SLIPWAY_SCHED_BATCH must be true or false, got 'maybe'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SLIPWAY_PORT              | 65536 | port must be in [0, 65535], got 65536",
                "SLIPWAY_PORT              | -1    | port must be in [0, 65535], got -1",
                "SLIPWAY_MAX_REQUEST_SIZE  | 1000  | max request size must be at least 1Ki, got 1000",
                "SLIPWAY_MAX_ARTIFACT_SIZE | 10    | max artifact size must be at least 1Ki, got 10",
                "SLIPWAY_NODE_CORES        | 0     | node capacity must be positive",
                "SLIPWAY_NODE_CORES        | NaN   | SLIPWAY_NODE_CORES must be a number, got 'NaN'",
                "SLIPWAY_NODE_MEMORY       | 0     | node capacity must be positive",
                "SLIPWAY_MAX_QUEUE         | 0     | max queue per copy must be >= 1, got 0",
                "SLIPWAY_TOKEN             | short | the admin token must have at least 16 characters",
                "SLIPWAY_IDLE_TIMEOUT      | 500ms | the idle timeout must be at least 1s, got PT0.5S",
            })
    void refusesAValueOutOfRangeNamingTheSetting(String key, String value, String message) {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void toStringMasksTheDatabasePasswordAndTheToken() {
        String text = ServerConfig.fromEnvironment(EVERY_KEY).toString();

        assertThat(text)
                .doesNotContain("db-secret-value")
                .doesNotContain("token-secret-0123456789")
                .contains("databasePassword=****")
                .contains("adminToken=****")
                .contains("database=jdbc:postgresql://db:5432/slipway")
                .contains("maxRequest=12Mi")
                .contains("reconcileInterval=PT0.5S")
                .contains("jobsRoot=/srv/batch")
                .contains("idleTimeout=PT30S");
    }

    @Test
    void toStringSaysWhenThereIsNoPasswordAndTheTokenIsGenerated() {
        String text = ServerConfig.defaults().toString();

        assertThat(text)
                .contains("database=embedded H2")
                .contains("databasePassword=,")
                .contains("adminToken=generated");
    }

    @Test
    void withersChangeOnlyTheirOwnSetting() {
        ServerConfig base = ServerConfig.fromEnvironment(EVERY_KEY);
        Map<String, ServerConfig> changed = new HashMap<>();
        changed.put("port", base.withPort(1));
        changed.put("host", base.withHost("::1"));
        changed.put("dataDir", base.withDataDir(Path.of("/tmp/other")));
        changed.put("maxRequestBytes", base.withMaxRequestBytes(2048));
        changed.put("adminToken", base.withAdminToken("another-token-0123456"));
        changed.put("nodeCapacity", base.withNodeCapacity(2, 1L << 30));
        changed.put("maxQueuePerCopy", base.withMaxQueuePerCopy(7));
        changed.put("database", base.withDatabase("jdbc:h2:mem:x", "sa", "pw"));
        changed.put("isolateArtifactChecks", base.withIsolatedArtifactChecks(true));
        changed.put("jobsRoot", base.withJobsRoot(Path.of("/elsewhere")));
        changed.put("idleTimeout", base.withIdleTimeout(Duration.ofMinutes(5)));

        assertThat(changed.get("port").withPort(base.port())).isEqualTo(base);
        assertThat(changed.get("host").withHost(base.host())).isEqualTo(base);
        assertThat(changed.get("dataDir").withDataDir(base.dataDir())).isEqualTo(base);
        assertThat(changed.get("maxRequestBytes").withMaxRequestBytes(base.maxRequestBytes()))
                .isEqualTo(base);
        assertThat(changed.get("adminToken").withAdminToken(base.adminToken())).isEqualTo(base);
        assertThat(
                        changed.get("nodeCapacity")
                                .withNodeCapacity(base.nodeCores(), base.nodeMemoryBytes()))
                .isEqualTo(base);
        assertThat(changed.get("maxQueuePerCopy").withMaxQueuePerCopy(base.maxQueuePerCopy()))
                .isEqualTo(base);
        assertThat(
                        changed.get("database")
                                .withDatabase(
                                        base.databaseUrl(),
                                        base.databaseUser(),
                                        base.databasePassword()))
                .isEqualTo(base);
        assertThat(changed.get("isolateArtifactChecks").withIsolatedArtifactChecks(false))
                .isEqualTo(base);
        assertThat(changed.get("jobsRoot").withJobsRoot(base.jobsRoot())).isEqualTo(base);
        assertThat(changed.get("idleTimeout").withIdleTimeout(base.idleTimeout())).isEqualTo(base);
        changed.forEach((setting, config) -> assertThat(config).as(setting).isNotEqualTo(base));
    }
}
