package dev.slipway.server;

import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.async.AsyncService;
import dev.slipway.core.async.AsyncWorker;
import dev.slipway.core.async.Notifier;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.endpoint.NodeCapacity;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.job.JobScheduler;
import dev.slipway.core.job.JobService;
import dev.slipway.core.job.LocalJobPredictors;
import dev.slipway.core.node.EndpointStatus;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.node.NodeCandidateView;
import dev.slipway.core.node.NodeReconciler;
import dev.slipway.core.registry.ArtifactProbe;
import dev.slipway.core.registry.ModelLoader;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.Runtimes;
import dev.slipway.core.rollout.RolloutReconciler;
import dev.slipway.core.rollout.RolloutService;
import dev.slipway.server.api.AsyncRoutes;
import dev.slipway.server.api.ControlApiRoutes;
import dev.slipway.server.api.EndpointRoutes;
import dev.slipway.server.api.JobRoutes;
import dev.slipway.server.api.RolloutRoutes;
import dev.slipway.server.artifact.LocalArtifactStore;
import dev.slipway.server.async.FileAsyncPayloads;
import dev.slipway.server.async.HttpWebhookSender;
import dev.slipway.server.async.JdbcAsyncStore;
import dev.slipway.server.async.NodeAsyncInvoker;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.server.gateway.AsyncInvocationRoutes;
import dev.slipway.server.gateway.Gateway;
import dev.slipway.server.gateway.QueueMetrics;
import dev.slipway.server.isolation.ChildProcessProbe;
import dev.slipway.server.job.JdbcJobStore;
import dev.slipway.server.job.LocalJobFiles;
import dev.slipway.server.persistence.Database;
import dev.slipway.server.persistence.JdbcEndpointStore;
import dev.slipway.server.persistence.JdbcEventLog;
import dev.slipway.server.persistence.JdbcRegistryStore;
import dev.slipway.server.rollout.CaptureFiles;
import dev.slipway.server.rollout.JdbcRolloutStore;
import dev.slipway.server.rollout.TrafficStatistics;
import dev.slipway.spi.ModelRuntime;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Slipway process: control plane, gateway and the local node, wired by hand here and nowhere
 * else. {@link #start} returns once the HTTP port is open; endpoints load in the background.
 */
public final class SlipwayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlipwayServer.class);

    /** How often active rollouts are advanced (a pass reads the active rollouts only). */
    private static final Duration ROLLOUT_INTERVAL = Duration.ofMillis(250);

    /** How often the async queue is polled besides the trigger of each accepted invocation. */
    private static final Duration ASYNC_INTERVAL = Duration.ofMillis(200);

    private static final Duration WEBHOOK_INTERVAL = Duration.ofMillis(500);

    /** How long a copy brought up from zero by async work stays after the backlog is done. */
    private static final Duration SCALE_TO_ZERO_AFTER = Duration.ofSeconds(60);

    /** How often unfinished batch jobs are looked at (creating or cancelling one triggers too). */
    private static final Duration JOB_INTERVAL = Duration.ofMillis(500);

    /** Batch jobs running at once; more wait, queued, in the order they were created. */
    private static final int MAX_RUNNING_JOBS = 2;

    private final ServerConfig config;
    private final Database database;
    private final NodeReconciler reconciler;
    private final LocalNode node;
    private final EndpointService endpoints;
    private final Vertx vertx;
    private final HttpServer http;
    private final String adminToken;
    private final WorkerPool workers;
    private final List<RouteSpec> routes;

    /** Loops and writers stopped before the node, in this order. */
    private final List<AutoCloseable> background;

    private SlipwayServer(
            ServerConfig config,
            Database database,
            NodeReconciler reconciler,
            LocalNode node,
            EndpointService endpoints,
            Vertx vertx,
            HttpServer http,
            String adminToken,
            WorkerPool workers,
            List<RouteSpec> routes,
            List<AutoCloseable> background) {
        this.background = background;
        this.workers = workers;
        this.routes = routes;
        this.config = config;
        this.database = database;
        this.reconciler = reconciler;
        this.node = node;
        this.endpoints = endpoints;
        this.vertx = vertx;
        this.http = http;
        this.adminToken = adminToken;
    }

    public static SlipwayServer start(ServerConfig config) throws Exception {
        Path dataDir = Files.createDirectories(config.dataDir());
        String token = AdminToken.resolve(config.adminToken(), dataDir);
        Clock clock = Clock.systemUTC();
        String url =
                config.databaseUrl() != null
                        ? config.databaseUrl()
                        : Database.h2FileUrl(dataDir.resolve("db"));
        Database database = new Database(url, config.databaseUser(), config.databasePassword());
        try {
            return wire(config, dataDir, token, clock, database);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    private static SlipwayServer wire(
            ServerConfig config, Path dataDir, String token, Clock clock, Database database)
            throws Exception {
        EventLog events = new JdbcEventLog(database.jdbi(), clock);
        JdbcEndpointStore endpointStore = new JdbcEndpointStore(database.jdbi());
        ArtifactStore artifacts = new LocalArtifactStore(dataDir.resolve("artifacts"));
        Runtimes runtimes =
                new Runtimes(
                        ServiceLoader.load(ModelRuntime.class).stream()
                                .map(ServiceLoader.Provider::get)
                                .toList());
        ModelLoader loader = new ModelLoader(runtimes, artifacts);
        ModelRegistry registry =
                new ModelRegistry(
                        new JdbcRegistryStore(database.jdbi(), clock),
                        artifacts,
                        loader,
                        events,
                        config.isolateArtifactChecks()
                                ? new ChildProcessProbe(artifacts, Duration.ofMinutes(2))
                                : ArtifactProbe.NONE);
        TrafficStatistics traffic = new TrafficStatistics(clock);
        CaptureFiles captures =
                new CaptureFiles(dataDir.resolve("artifacts").resolve("captures"), clock);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueueMetrics queueMetrics = new QueueMetrics(meters);
        LocalNode node = new LocalNode(config.maxQueuePerCopy(), traffic, captures, queueMetrics);
        queueMetrics.readDepthFrom(node::queueDepth);
        NodeReconciler reconciler =
                new NodeReconciler(endpointStore, registry, loader, node, events, clock);
        JdbcAsyncStore asyncStore = new JdbcAsyncStore(database.jdbi());
        FileAsyncPayloads asyncPayloads =
                new FileAsyncPayloads(dataDir.resolve("artifacts").resolve("async"), artifacts);
        AsyncWorker asyncWorker =
                new AsyncWorker(
                        asyncStore,
                        endpointStore,
                        name -> node.serving(name).map(set -> set.copies().size()).orElse(0),
                        new NodeAsyncInvoker(node),
                        asyncPayloads,
                        clock,
                        reconciler::trigger,
                        SCALE_TO_ZERO_AFTER);
        reconciler.useWaitingWork(asyncWorker);
        AsyncService asyncService =
                new AsyncService(
                        asyncStore,
                        asyncPayloads,
                        endpointStore,
                        artifacts,
                        clock,
                        asyncWorker::trigger);
        Notifier notifier =
                new Notifier(
                        asyncStore,
                        endpointStore,
                        new HttpWebhookSender(asyncPayloads, clock),
                        clock);
        NodeCapacity capacity = new NodeCapacity(config.nodeCores(), config.nodeMemoryBytes());
        EndpointService endpoints =
                new EndpointService(
                        endpointStore, registry, capacity, events, clock, reconciler::trigger);
        JdbcRolloutStore rolloutStore = new JdbcRolloutStore(database.jdbi());
        RolloutReconciler rolloutReconciler =
                new RolloutReconciler(
                        rolloutStore,
                        endpointStore,
                        new NodeCandidateView(node, reconciler),
                        traffic,
                        captures,
                        registry,
                        events,
                        clock,
                        reconciler::trigger);
        RolloutService rollouts =
                new RolloutService(
                        rolloutStore,
                        endpointStore,
                        registry,
                        events,
                        clock,
                        rolloutReconciler::trigger);

        JdbcJobStore jobStore = new JdbcJobStore(database.jdbi());
        LocalJobFiles jobFiles =
                new LocalJobFiles(config.effectiveJobsRoot(), dataDir.resolve("jobs"), artifacts);
        LocalJobPredictors jobPredictors =
                new LocalJobPredictors(registry, loader, endpoints, node);
        JobScheduler jobScheduler =
                new JobScheduler(
                        jobStore, jobFiles, jobPredictors, events, clock, MAX_RUNNING_JOBS);
        JobService jobs =
                new JobService(jobStore, jobFiles, jobPredictors, jobScheduler, events, clock);

        Vertx vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(
                                        Math.max(2, Runtime.getRuntime().availableProcessors())));
        WorkerPool blocking = new WorkerPool("slipway-control", 8);
        String version = serverVersion();
        Router router = Router.router(vertx);
        Gateway gateway =
                new Gateway(
                        node,
                        endpoints,
                        registry,
                        blocking,
                        () -> reconciler.firstPassDone() && allReady(node),
                        version,
                        config.maxRequestBytes(),
                        meters,
                        new AsyncInvocationRoutes(asyncService, blocking));
        gateway.mount(router);

        HttpFront.guardControlPlane(
                router,
                token,
                "the admin token is in "
                        + dataDir.resolve(AdminToken.FILE)
                        + " (or set SLIPWAY_TOKEN)");
        new EndpointRoutes(endpoints, rollouts, registry, node, blocking).mount(router);
        new RolloutRoutes(rollouts, traffic, blocking).mount(router);
        new AsyncRoutes(asyncService, asyncPayloads, blocking).mount(router);
        new JobRoutes(jobs, blocking).mount(router);
        new ControlApiRoutes(
                        registry,
                        endpoints,
                        rollouts,
                        node,
                        events,
                        artifacts,
                        capacity,
                        runtimes.formats(),
                        version,
                        blocking,
                        config.maxArtifactBytes())
                .mount(router);
        HttpFront.answerUnmatched(router, config.maxRequestBytes());

        HttpServer http =
                vertx.createHttpServer(HttpFront.options(config))
                        .requestHandler(gateway.requestHandler(router));
        try {
            http =
                    http.listen()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        reconciler.start(config.reconcileInterval());
        rolloutReconciler.start(ROLLOUT_INTERVAL);
        asyncWorker.start(ASYNC_INTERVAL);
        notifier.start(WEBHOOK_INTERVAL);
        jobScheduler.start(JOB_INTERVAL);
        log.info(
                "Slipway {} listening on http://{}:{} (runtimes: {}; data: {})",
                version,
                config.host(),
                http.actualPort(),
                runtimes.formats(),
                dataDir);
        return new SlipwayServer(
                config,
                database,
                reconciler,
                node,
                endpoints,
                vertx,
                http,
                token,
                blocking,
                Stream.concat(
                                Gateway.DISPATCHED_ROUTES.stream(),
                                RouteSpec.mountedOn(router).stream())
                        .toList(),
                List.of(jobScheduler, rolloutReconciler, asyncWorker, notifier, captures));
    }

    private static boolean allReady(LocalNode node) {
        for (String endpoint : node.endpoints()) {
            EndpointStatus.State state = node.status(endpoint).state();
            if (state != EndpointStatus.State.READY && state != EndpointStatus.State.STOPPED) {
                return false;
            }
        }
        return true;
    }

    static String serverVersion() {
        String version = SlipwayServer.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-dev" : version;
    }

    public int port() {
        return http.actualPort();
    }

    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public String adminToken() {
        return adminToken;
    }

    public ServerConfig config() {
        return config;
    }

    /** Every (method, path) the router answers; the OpenAPI document must list exactly these. */
    public List<RouteSpec> routes() {
        return routes;
    }

    /** Whether every endpoint in the database is served as specified (or stopped). */
    public boolean ready() {
        return reconciler.firstPassDone() && allReady(node);
    }

    public List<Endpoint> endpoints() {
        return endpoints.list();
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the HTTP server: {}", e.toString());
        }
        for (AutoCloseable loop : background) {
            try {
                loop.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", loop.getClass().getSimpleName(), e.toString());
            }
        }
        reconciler.close();
        workers.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing Vert.x: {}", e.toString());
        }
        database.close();
    }
}
