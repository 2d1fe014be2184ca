package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.ErrorCode.Category;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one mapping from failure to HTTP status. */
class ErrorMapperTest {
    private static final Map<Category, Integer> STATUS =
            Map.ofEntries(
                    Map.entry(Category.BAD_REQUEST, 400),
                    Map.entry(Category.UNAUTHENTICATED, 401),
                    Map.entry(Category.NOT_FOUND, 404),
                    Map.entry(Category.CONFLICT, 409),
                    Map.entry(Category.PAYLOAD_TOO_LARGE, 413),
                    Map.entry(Category.UNSUPPORTED_MEDIA_TYPE, 415),
                    Map.entry(Category.UNPROCESSABLE, 422),
                    Map.entry(Category.TOO_MANY_REQUESTS, 429),
                    Map.entry(Category.UNAVAILABLE, 503),
                    Map.entry(Category.TIMEOUT, 504),
                    Map.entry(Category.INTERNAL, 500));

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeGetsTheStatusOfItsCategory(ErrorCode code) {
        assertThat(ErrorMapper.status(code)).isEqualTo(STATUS.get(code.category()));
    }

    @ParameterizedTest
    @EnumSource(Category.class)
    void everyCategoryHasAStatusAndACodeThatUsesIt(Category category) {
        assertThat(STATUS).containsKey(category);
        assertThat(Arrays.stream(ErrorCode.values()).filter(code -> code.category() == category))
                .isNotEmpty();
    }

    @Test
    void theCodesCallersMeetMostMapAsDocumented() {
        assertThat(ErrorMapper.status(ErrorCode.INVALID_INPUT)).isEqualTo(400);
        assertThat(ErrorMapper.status(ErrorCode.MODEL_NOT_FOUND)).isEqualTo(404);
        assertThat(ErrorMapper.status(ErrorCode.ENDPOINT_EXISTS)).isEqualTo(409);
        assertThat(ErrorMapper.status(ErrorCode.CONCURRENT_UPDATE)).isEqualTo(409);
        assertThat(ErrorMapper.status(ErrorCode.VALIDATION_FAILED)).isEqualTo(422);
        assertThat(ErrorMapper.status(ErrorCode.QUEUE_FULL)).isEqualTo(429);
        assertThat(ErrorMapper.status(ErrorCode.ENDPOINT_NOT_READY)).isEqualTo(503);
        assertThat(ErrorMapper.status(ErrorCode.TIMEOUT)).isEqualTo(504);
        assertThat(ErrorMapper.status(ErrorCode.RUNTIME_FAILURE)).isEqualTo(500);
    }

    @Test
    void unwrapsCompletionAndExecutionExceptionsToTheCause() {
        IllegalStateException cause = new IllegalStateException("root");

        assertThat(ErrorMapper.unwrap(new CompletionException(new ExecutionException(cause))))
                .isSameAs(cause);
        assertThat(ErrorMapper.unwrap(cause)).isSameAs(cause);
        assertThat(ErrorMapper.unwrap(null)).isNull();
    }

    @Test
    void keepsAWrapperThatHasNoCause() {
        CompletionException bare = new CompletionException("no cause", null);

        assertThat(ErrorMapper.unwrap(bare)).isSameAs(bare);
    }
}
