package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expedited and gradual rollouts end to end: traffic, guardrails, gates, abort, conflicts. */
class RolloutIT {
    static final String BODY =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}";

    @TempDir Path dataDir;

    private static TestServer serving(Path dataDir, int copies) {
        TestServer server = TestServer.start(dataDir);
        int v1 = server.registerEcho("echo", 1.0, -1, 0);
        server.post(
                "/api/v1/endpoints",
                "{\"name\":\"echo\",\"model\":\"echo:" + v1 + "\",\"copies\":" + copies + "}");
        server.awaitServing("echo", v1);
        return server;
    }

    private static long start(TestServer server, String spec) {
        TestServer.Response started = server.post("/api/v1/endpoints/echo/rollouts", spec);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    private static List<String> eventTypes(JsonNode rollout) {
        return rollout.get("events").findValuesAsText("type");
    }

    @Test
    void expeditedRolloutUnderLoadFailsNoRequest() throws Exception {
        try (TestServer server = serving(dataDir, 2);
                SteadyLoad load = new SteadyLoad(server, "echo", BODY, 4)) {
            server.registerEcho("echo", 2.0, -1, 0);
            await().until(() -> load.succeeded() > 50);

            JsonNode rollout =
                    server.awaitRolloutEnd(
                            start(server, "{\"model\":\"echo:2\",\"strategy\":\"expedited\"}"));
            long atEnd = load.succeeded();
            await().until(() -> load.succeeded() > atEnd + 50);
            load.close();

            assertThat(rollout.get("phase").asText()).as(rollout.toString()).isEqualTo("completed");
            assertThat(eventTypes(rollout))
                    .containsSubsequence(
                            "rollout.started",
                            "rollout.provisioned",
                            "rollout.validated",
                            "rollout.promoting",
                            "rollout.promoted",
                            "rollout.completed");
            assertThat(load.failures()).isEmpty();
            assertThat(load.versions()).containsKeys("1", "2");
            JsonNode endpoint = server.get("/api/v1/endpoints/echo").json();
            assertThat(endpoint.at("/model/version").asInt()).isEqualTo(2);
            assertThat(endpoint.at("/traffic/candidate").isNull()).isTrue();
            assertThat(server.get("/api/v1/models/echo/versions/2").json().get("status").asText())
                    .isEqualTo("serving");
            assertThat(server.get("/api/v1/models/echo/versions/1").json().get("status").asText())
                    .isEqualTo("previous");
        }
    }

    @Test
    void gradualRolloutShiftsInStepsUnderLoadAndCompletes() throws Exception {
        try (TestServer server = serving(dataDir, 1);
                SteadyLoad load = new SteadyLoad(server, "echo", BODY, 4)) {
            server.registerEcho("echo", 2.0, -1, 0);
            await().until(() -> load.succeeded() > 50);

            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[25,50,100],\"bake\":\"1s\","
                                    + "\"guardrails\":{\"maxErrorRate\":0.01,\"minRequests\":10}}");
            JsonNode atHalf = server.awaitRolloutPhase(id, "baking");
            JsonNode rollout = server.awaitRolloutEnd(id);
            load.close();

            assertThat(atHalf.at("/traffic/candidate").asText()).isEqualTo("echo:2");
            assertThat(rollout.get("phase").asText()).as(rollout.toString()).isEqualTo("completed");
            assertThat(
                            rollout.get("events").findValuesAsText("message").stream()
                                    .filter(m -> m.contains("% of traffic to echo:2")))
                    .containsExactly(
                            "25% of traffic to echo:2",
                            "50% of traffic to echo:2", "100% of traffic to echo:2");
            assertThat(eventTypes(rollout).stream().filter("rollout.step-passed"::equals))
                    .hasSize(3);
            assertThat(load.failures()).isEmpty();
            assertThat(load.versions()).containsKeys("1", "2");
            assertThat(server.get("/api/v1/endpoints/echo").json().at("/model/version").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void aFailingCandidateBreachesTheGuardrailAndAllTrafficReturnsToThePrimary() throws Exception {
        try (TestServer server = serving(dataDir, 1);
                SteadyLoad load = new SteadyLoad(server, "echo", BODY, 2)) {
            server.registerEcho(
                    "echo", 1.0, 5, 0); // passes warm-up and validation, then fails every call

            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"30s\","
                                    + "\"guardrails\":{\"maxErrorRate\":0.05,\"minRequests\":10}}");
            JsonNode rollout = server.awaitRolloutEnd(id);
            long failuresAtRollback = load.failures().size();
            long afterRollback = load.succeeded();
            await().until(() -> load.succeeded() > afterRollback + 50);
            load.close();

            assertThat(rollout.get("phase").asText()).isEqualTo("rolled_back");
            assertThat(rollout.get("reason").asText())
                    .startsWith("guardrail breached at 50%: error rate")
                    .contains("> 0.050 over");
            JsonNode endpoint = server.get("/api/v1/endpoints/echo").json();
            assertThat(endpoint.at("/model/version").asInt()).isEqualTo(1);
            assertThat(endpoint.at("/traffic/candidate").isNull()).isTrue();
            assertThat(load.failures())
                    .hasSize((int) failuresAtRollback); // no failure once rolled back
        }
    }

    @Test
    void aSlowCandidateBreachesTheLatencyRatioGuardrail() throws Exception {
        try (TestServer server = serving(dataDir, 1);
                SteadyLoad load = new SteadyLoad(server, "echo", BODY, 2)) {
            server.registerEcho("echo", 1.0, -1, 40);

            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"30s\","
                                    + "\"guardrails\":{\"latencyP99Ratio\":3,\"minRequests\":10}}");
            JsonNode rollout = server.awaitRolloutEnd(id);
            load.close();

            assertThat(rollout.get("phase").asText()).isEqualTo("rolled_back");
            assertThat(rollout.get("reason").asText())
                    .contains("the primary's")
                    .contains("(limit 3.00x)");
            assertThat(load.failures()).isEmpty();
        }
    }

    @Test
    void aRoutingKeyStaysOnOneSideOfTheSplit() {
        try (TestServer server = serving(dataDir, 1)) {
            server.registerEcho("echo", 2.0, -1, 0);
            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"10m\"}");
            server.awaitRolloutPhase(id, "baking");
            await().until(
                            () ->
                                    server.get("/api/v1/endpoints/echo")
                                                    .json()
                                                    .at("/status/candidateVersion")
                                                    .asInt()
                                            == 2);

            Set<String> versionsSeen = new HashSet<>();
            for (int user = 0; user < 40; user++) {
                Set<String> forThisUser = new HashSet<>();
                for (int call = 0; call < 5; call++) {
                    TestServer.Response response =
                            server.send(
                                    server.request("/v2/models/echo/infer")
                                            .header("x-slipway-routing-key", "user-" + user)
                                            .POST(
                                                    java.net.http.HttpRequest.BodyPublishers
                                                            .ofString(BODY))
                                            .build());
                    forThisUser.add(response.json().get("model_version").asText());
                }
                assertThat(forThisUser).as("user-" + user).hasSize(1);
                versionsSeen.addAll(forThisUser);
            }
            assertThat(versionsSeen).containsExactlyInAnyOrder("1", "2");
            server.post("/api/v1/rollouts/" + id + "/abort", "");
            server.awaitRolloutEnd(id);
        }
    }

    @Test
    void anApprovalGateWaitsForAPerson() throws Exception {
        try (TestServer server = serving(dataDir, 1);
                SteadyLoad load = new SteadyLoad(server, "echo", BODY, 2)) {
            server.registerEcho("echo", 2.0, -1, 0);
            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"0s\","
                                    + "\"approvalBefore\":[100],\"guardrails\":{\"minRequests\":5}}");

            JsonNode waiting = server.awaitRolloutPhase(id, "awaiting_approval");
            assertThat(waiting.at("/step/percent").asInt()).isEqualTo(100);
            assertThat(waiting.at("/traffic/candidatePercent").asInt()).isEqualTo(50);
            TestServer.Response approved = server.post("/api/v1/rollouts/" + id + "/approve", "");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            JsonNode rollout = server.awaitRolloutEnd(id);
            load.close();

            assertThat(rollout.get("phase").asText()).isEqualTo("completed");
            assertThat(eventTypes(rollout))
                    .contains(
                            "rollout.awaiting-approval",
                            "rollout.approve-requested",
                            "rollout.approved");
            assertThat(load.failures()).isEmpty();
        }
    }

    @Test
    void abortReturnsTheEndpointToExactlyItsPreviousState() {
        try (TestServer server = TestServer.start(dataDir)) {
            int v1 = server.registerEcho("echo", 1.0, -1, 0);
            server.put("/api/v1/models/echo/aliases/champion", "{\"version\":" + v1 + "}");
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"echo\",\"model\":\"echo@champion\",\"copies\":1}");
            server.awaitServing("echo", v1);
            JsonNode before = server.get("/api/v1/endpoints/echo").json();
            server.registerEcho("echo", 2.0, -1, 0);
            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"expedited\",\"keepPreviousFor\":\"10m\"}");
            server.awaitRolloutPhase(id, "keeping_previous");
            assertThat(
                            server.get("/api/v1/models/echo/aliases/champion")
                                    .json()
                                    .get("version")
                                    .asInt())
                    .isEqualTo(2);

            assertThat(server.post("/api/v1/rollouts/" + id + "/abort", "").status())
                    .isEqualTo(200);
            JsonNode rollout = server.awaitRolloutEnd(id);
            server.awaitServing("echo", v1);

            JsonNode after = server.get("/api/v1/endpoints/echo").json();
            assertThat(rollout.get("phase").asText()).isEqualTo("aborted");
            assertThat(after.get("model")).isEqualTo(before.get("model"));
            assertThat(after.get("traffic")).isEqualTo(before.get("traffic"));
            assertThat(
                            server.get("/api/v1/models/echo/aliases/champion")
                                    .json()
                                    .get("version")
                                    .asInt())
                    .isEqualTo(v1);
            assertThat(
                            server.post("/v2/models/echo/infer", BODY)
                                    .json()
                                    .get("model_version")
                                    .asText())
                    .isEqualTo("1");
            assertThat(server.post("/api/v1/rollouts/" + id + "/approve", "").status())
                    .isEqualTo(409);
        }
    }

    @Test
    void oneActiveRolloutPerEndpointAndClearErrors() {
        try (TestServer server = serving(dataDir, 1)) {
            server.registerEcho("echo", 2.0, -1, 0);
            long id =
                    start(
                            server,
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"bake\":\"10m\"}");

            TestServer.Response second =
                    server.post(
                            "/api/v1/endpoints/echo/rollouts",
                            "{\"model\":\"echo:2\",\"strategy\":\"expedited\"}");
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("error").asText())
                    .contains("already has an active rollout (" + id + ")");
            TestServer.Response patch =
                    server.patch("/api/v1/endpoints/echo", "{\"model\":\"echo:2\",\"copies\":3}");
            assertThat(patch.status()).isEqualTo(409);
            assertThat(server.get("/api/v1/endpoints/echo").json().get("copies").asInt())
                    .isEqualTo(1);
            assertError(
                    server.post(
                            "/api/v1/endpoints/echo/rollouts",
                            "{\"model\":\"echo:2\",\"strategy\":\"canary\"}"),
                    400,
                    "rollout.strategy 'canary' must be expedited, gradual or shadow");
            assertError(
                    server.post(
                            "/api/v1/endpoints/echo/rollouts",
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,90]}"),
                    400,
                    "gradual.steps must end at 100");
            assertError(
                    server.post(
                            "/api/v1/endpoints/echo/rollouts",
                            "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"bakeTime\":\"1s\"}"),
                    400,
                    "rollout.bakeTime is not a field of a gradual rollout");
            assertError(
                    server.post(
                            "/api/v1/endpoints/nope/rollouts",
                            "{\"model\":\"echo:2\",\"strategy\":\"expedited\"}"),
                    404,
                    "endpoint 'nope' does not exist");
            assertError(
                    server.post("/api/v1/rollouts/" + id + "/approve", ""),
                    400,
                    "nothing waits for approval");
            assertError(server.get("/api/v1/rollouts/999"), 404, "rollout 999 does not exist");
            server.post("/api/v1/rollouts/" + id + "/abort", "");
            server.awaitRolloutEnd(id);
        }
    }

    @Test
    void anEndpointsDefaultSpecStearsItsModelChanges() {
        try (TestServer server = TestServer.start(dataDir)) {
            int v1 = server.registerEcho("echo", 1.0, -1, 0);
            TestServer.Response created =
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"echo\",\"model\":\"echo:"
                                    + v1
                                    + "\",\"rolloutDefaults\":{\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"10m\"}}");
            assertThat(created.json().at("/rolloutDefaults/strategy").asText())
                    .isEqualTo("gradual");
            server.awaitServing("echo", v1);
            server.registerEcho("echo", 2.0, -1, 0);

            TestServer.Response patched =
                    server.patch("/api/v1/endpoints/echo", "{\"model\":\"echo:2\"}");

            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().at("/rollout/strategy").asText()).isEqualTo("gradual");
            long id = patched.json().at("/rollout/id").asLong();
            assertThat(server.awaitRolloutPhase(id, "baking").at("/step/percent").asInt())
                    .isEqualTo(50);
            server.post("/api/v1/rollouts/" + id + "/abort", "");
            server.awaitRolloutEnd(id);
            assertThat(server.delete("/api/v1/endpoints/echo").status()).isEqualTo(204);
        }
    }

    static void assertError(TestServer.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).contains(message);
    }
}
