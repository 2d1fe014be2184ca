package dev.slipway.server.config;

import dev.slipway.core.endpoint.Quantities;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server is configured with, read once at start: defaults, then environment
 * variables ({@code SLIPWAY_*}), then command-line flags. Nothing reads the environment later.
 *
 * @param databaseUrl JDBC URL; null means the embedded H2 file database under {@code dataDir}
 * @param adminToken the control plane's bearer token; null means generate one and keep it in {@code
 *     dataDir/admin-token}
 * @param isolateArtifactChecks load every newly registered artifact first in a child process, so
 *     that a crafted file crashing a native runtime cannot take the server down
 * @param jobsRoot the only directory batch jobs read inputs from and write outputs to; null means
 *     {@code dataDir/files}
 * @param idleTimeout a connection that sends nothing for this long is closed
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        long maxRequestBytes,
        long maxArtifactBytes,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String adminToken,
        double nodeCores,
        long nodeMemoryBytes,
        int maxQueuePerCopy,
        Duration reconcileInterval,
        boolean isolateArtifactChecks,
        Path jobsRoot,
        Duration idleTimeout) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 6L * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException(
                    "max request size must be at least 1Ki, got " + maxRequestBytes);
        }
        if (maxArtifactBytes < 1024) {
            throw new IllegalArgumentException(
                    "max artifact size must be at least 1Ki, got " + maxArtifactBytes);
        }
        if (!(nodeCores > 0) || nodeMemoryBytes <= 0) {
            throw new IllegalArgumentException("node capacity must be positive");
        }
        if (maxQueuePerCopy < 1) {
            throw new IllegalArgumentException(
                    "max queue per copy must be >= 1, got " + maxQueuePerCopy);
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "the idle timeout must be at least 1s, got " + idleTimeout);
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
    }

    /** Loopback, port 8080, data in {@code ~/.slipway/data}, H2, 6 MB request limit. */
    public static ServerConfig defaults() {
        int processors = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(
                "127.0.0.1",
                8080,
                Path.of(System.getProperty("user.home"), ".slipway", "data"),
                DEFAULT_MAX_REQUEST_BYTES,
                4L << 30,
                null,
                "",
                "",
                null,
                // Most models are idle most of the time: let reservations overcommit the CPU.
                processors * 8.0,
                16L << 30,
                256,
                Duration.ofSeconds(2),
                true,
                null,
                Duration.ofSeconds(120));
    }

    /** Defaults overridden by the {@code SLIPWAY_*} variables present in {@code env}. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        ServerConfig d = defaults();
        return new ServerConfig(
                env.getOrDefault("SLIPWAY_HOST", d.host()),
                env.containsKey("SLIPWAY_PORT")
                        ? parseInt("SLIPWAY_PORT", env.get("SLIPWAY_PORT"))
                        : d.port(),
                env.containsKey("SLIPWAY_DATA_DIR")
                        ? Path.of(env.get("SLIPWAY_DATA_DIR"))
                        : d.dataDir(),
                memory(env, "SLIPWAY_MAX_REQUEST_SIZE", d.maxRequestBytes()),
                memory(env, "SLIPWAY_MAX_ARTIFACT_SIZE", d.maxArtifactBytes()),
                env.getOrDefault("SLIPWAY_DATABASE_URL", d.databaseUrl()),
                env.getOrDefault("SLIPWAY_DATABASE_USER", d.databaseUser()),
                env.getOrDefault("SLIPWAY_DATABASE_PASSWORD", d.databasePassword()),
                env.getOrDefault("SLIPWAY_TOKEN", d.adminToken()),
                env.containsKey("SLIPWAY_NODE_CORES")
                        ? parseCores("SLIPWAY_NODE_CORES", env.get("SLIPWAY_NODE_CORES"))
                        : d.nodeCores(),
                memory(env, "SLIPWAY_NODE_MEMORY", d.nodeMemoryBytes()),
                env.containsKey("SLIPWAY_MAX_QUEUE")
                        ? parseInt("SLIPWAY_MAX_QUEUE", env.get("SLIPWAY_MAX_QUEUE"))
                        : d.maxQueuePerCopy(),
                env.containsKey("SLIPWAY_RECONCILE_INTERVAL")
                        ? Quantities.parseDuration(
                                "SLIPWAY_RECONCILE_INTERVAL", env.get("SLIPWAY_RECONCILE_INTERVAL"))
                        : d.reconcileInterval(),
                env.containsKey("SLIPWAY_ISOLATE_ARTIFACT_CHECKS")
                        ? parseBoolean(
                                "SLIPWAY_ISOLATE_ARTIFACT_CHECKS",
                                env.get("SLIPWAY_ISOLATE_ARTIFACT_CHECKS"))
                        : d.isolateArtifactChecks(),
                env.containsKey("SLIPWAY_JOBS_ROOT")
                        ? Path.of(env.get("SLIPWAY_JOBS_ROOT"))
                        : d.jobsRoot(),
                env.containsKey("SLIPWAY_IDLE_TIMEOUT")
                        ? Quantities.parseDuration(
                                "SLIPWAY_IDLE_TIMEOUT", env.get("SLIPWAY_IDLE_TIMEOUT"))
                        : d.idleTimeout());
    }

    /** Where batch jobs read and write: {@code jobsRoot}, or {@code dataDir/files}. */
    public Path effectiveJobsRoot() {
        return jobsRoot != null ? jobsRoot : dataDir.resolve("files");
    }

    /**
     * Whether the server process puts its threads in SCHED_BATCH ({@code SLIPWAY_SCHED_BATCH},
     * default true). Read apart from the config record: it applies to the process, before a server
     * starts, and not to the servers tests start in their own JVM.
     */
    public static boolean batchScheduling(Map<String, String> env) {
        return !env.containsKey("SLIPWAY_SCHED_BATCH")
                || parseBoolean("SLIPWAY_SCHED_BATCH", env.get("SLIPWAY_SCHED_BATCH"));
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default ->
                    throw new IllegalArgumentException(
                            key + " must be true or false, got '" + value + "'");
        };
    }

    private static long memory(Map<String, String> env, String key, long fallback) {
        return env.containsKey(key) ? Quantities.parseMemory(key, env.get(key)) : fallback;
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
        }
    }

    private static double parseCores(String key, String value) {
        try {
            double cores = Double.parseDouble(value.trim());
            if (Double.isFinite(cores)) {
                return cores;
            }
        } catch (NumberFormatException e) {
            // fall through to the message naming the key
        }
        throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
    }

    public ServerConfig withPort(int newPort) {
        return edit(settings -> settings.port = newPort);
    }

    public ServerConfig withHost(String newHost) {
        return edit(settings -> settings.host = newHost);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return edit(settings -> settings.dataDir = newDataDir);
    }

    public ServerConfig withMaxRequestBytes(long bytes) {
        return edit(settings -> settings.maxRequestBytes = bytes);
    }

    public ServerConfig withAdminToken(String token) {
        return edit(settings -> settings.adminToken = token);
    }

    public ServerConfig withNodeCapacity(double cores, long memoryBytes) {
        return edit(
                settings -> {
                    settings.nodeCores = cores;
                    settings.nodeMemoryBytes = memoryBytes;
                });
    }

    public ServerConfig withMaxQueuePerCopy(int size) {
        return edit(settings -> settings.maxQueuePerCopy = size);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return edit(
                settings -> {
                    settings.databaseUrl = url;
                    settings.databaseUser = user;
                    settings.databasePassword = password;
                });
    }

    public ServerConfig withIsolatedArtifactChecks(boolean isolate) {
        return edit(settings -> settings.isolateArtifactChecks = isolate);
    }

    public ServerConfig withJobsRoot(Path root) {
        return edit(settings -> settings.jobsRoot = root);
    }

    public ServerConfig withIdleTimeout(Duration timeout) {
        return edit(settings -> settings.idleTimeout = timeout);
    }

    /** A copy with some settings changed; the compact constructor validates the result. */
    private ServerConfig edit(java.util.function.Consumer<Settings> change) {
        Settings settings = new Settings(this);
        change.accept(settings);
        return settings.build();
    }

    /** The record's components as mutable fields, so that each wither names only its own. */
    private static final class Settings {
        String host;
        int port;
        Path dataDir;
        long maxRequestBytes;
        long maxArtifactBytes;
        String databaseUrl;
        String databaseUser;
        String databasePassword;
        String adminToken;
        double nodeCores;
        long nodeMemoryBytes;
        int maxQueuePerCopy;
        Duration reconcileInterval;
        boolean isolateArtifactChecks;
        Path jobsRoot;
        Duration idleTimeout;

        Settings(ServerConfig config) {
            host = config.host;
            port = config.port;
            dataDir = config.dataDir;
            maxRequestBytes = config.maxRequestBytes;
            maxArtifactBytes = config.maxArtifactBytes;
            databaseUrl = config.databaseUrl;
            databaseUser = config.databaseUser;
            databasePassword = config.databasePassword;
            adminToken = config.adminToken;
            nodeCores = config.nodeCores;
            nodeMemoryBytes = config.nodeMemoryBytes;
            maxQueuePerCopy = config.maxQueuePerCopy;
            reconcileInterval = config.reconcileInterval;
            isolateArtifactChecks = config.isolateArtifactChecks;
            jobsRoot = config.jobsRoot;
            idleTimeout = config.idleTimeout;
        }

        ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    maxRequestBytes,
                    maxArtifactBytes,
                    databaseUrl,
                    databaseUser,
                    databasePassword,
                    adminToken,
                    nodeCores,
                    nodeMemoryBytes,
                    maxQueuePerCopy,
                    reconcileInterval,
                    isolateArtifactChecks,
                    jobsRoot,
                    idleTimeout);
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[host="
                + host
                + ", port="
                + port
                + ", dataDir="
                + dataDir
                + ", maxRequest="
                + Quantities.formatMemory(maxRequestBytes)
                + ", maxArtifact="
                + Quantities.formatMemory(maxArtifactBytes)
                + ", database="
                + (databaseUrl == null ? "embedded H2" : databaseUrl)
                + ", databasePassword="
                + (databasePassword == null || databasePassword.isEmpty() ? "" : "****")
                + ", adminToken="
                + (adminToken == null ? "generated" : "****")
                + ", node="
                + nodeCores
                + " cores/"
                + Quantities.formatMemory(nodeMemoryBytes)
                + ", maxQueuePerCopy="
                + maxQueuePerCopy
                + ", reconcileInterval="
                + reconcileInterval
                + ", isolateArtifactChecks="
                + isolateArtifactChecks
                + ", jobsRoot="
                + effectiveJobsRoot()
                + ", idleTimeout="
                + idleTimeout
                + "]";
    }
}
