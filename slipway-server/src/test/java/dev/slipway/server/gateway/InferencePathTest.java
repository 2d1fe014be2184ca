package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InferencePathTest {
    @Test
    void recognisesTheThreeInferencePaths() {
        assertThat(InferencePath.parse("/v2/models/wine/infer"))
                .isEqualTo(new InferencePath(ErrorMapper.Surface.OIP, "wine", null));
        assertThat(InferencePath.parse("/v2/models/wine/versions/3/infer"))
                .isEqualTo(new InferencePath(ErrorMapper.Surface.OIP, "wine", "3"));
        assertThat(InferencePath.parse("/endpoints/breast-cancer/invocations"))
                .isEqualTo(new InferencePath(ErrorMapper.Surface.SAGEMAKER, "breast-cancer", null));
    }

    @Test
    void everyRouteTheGatewayDeclaresIsRecognised() {
        for (var route : Gateway.DISPATCHED_ROUTES) {
            String path = route.path().replace(":endpoint", "wine").replace(":version", "2");
            assertThat(InferencePath.parse(path)).as(route.path()).isNotNull();
        }
    }

    @Test
    void aTrailingSlashNamesTheSameCall() {
        assertThat(InferencePath.parse("/v2/models/wine/infer/"))
                .isEqualTo(InferencePath.parse("/v2/models/wine/infer"));
    }

    @Test
    void theVersionSegmentIsPassedOnAsWrittenForTheRouteToJudge() {
        assertThat(InferencePath.parse("/v2/models/wine/versions/latest/infer").version())
                .isEqualTo("latest");
    }

    @Test
    void decodesPercentEscapesAsTheRouterDid() {
        assertThat(InferencePath.parse("/v2/models/%77ine/infer").endpoint()).isEqualTo("wine");
        assertThat(InferencePath.parse("/endpoints/a+b/invocations").endpoint()).isEqualTo("a+b");
    }

    @Test
    void namesTheProtocolForMetrics() {
        assertThat(InferencePath.parse("/v2/models/wine/infer").protocol()).isEqualTo("oip");
        assertThat(InferencePath.parse("/endpoints/wine/invocations").protocol())
                .isEqualTo("sagemaker");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v2/models/wine",
                "/v2/models/wine/ready",
                "/v2/models/wine/versions/1",
                "/v2/models//infer",
                "/v2/models/wine/infer/extra",
                "/v2/models/wine/versions/1/ready",
                "/v2/models/%zz/infer",
                "/v2/models/%2E%2E/infer",
                "/v2/models/../infer",
                "/v2/models/./infer",
                "/v2/models/wine//infer",
                "/endpoints/wine/async-invocations",
                "/endpoints/wine",
                "/endpoints/wine/invocations/x",
                "/api/v1/endpoints/wine/invocations",
                "/v2/models/wine/infer//",
                "/v2/models/",
                "/v2/models//",
                "/endpoints/",
                "/v2/models/wine/versions/1/infer/extra",
                "/v2/models/a/b/c/d/e/f/infer",
                "/",
                ""
            })
    void leavesEverythingElseToTheRouter(String path) {
        assertThat(InferencePath.parse(path)).isNull();
    }
}
