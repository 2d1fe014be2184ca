package dev.slipway.server.protocol;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Where a body's JSON ends: the Inference-Header-Content-Length header or SageMaker's variant. */
class BinaryTensorDataTest {
    @Test
    void takesTheJsonLengthFromTheHeader() {
        assertThat(BinaryTensorData.jsonLength("12", "application/octet-stream", 20))
                .isEqualTo(OptionalInt.of(12));
        assertThat(BinaryTensorData.jsonLength(" 20 ", null, 20)).isEqualTo(OptionalInt.of(20));
        assertThat(BinaryTensorData.jsonLength(null, "application/json", 20)).isEmpty();
        assertThat(BinaryTensorData.jsonLength(null, null, 20)).isEmpty();
    }

    @Test
    void refusesAHeaderThatIsNotANonNegativeIntegerOrIsLongerThanTheBody() {
        for (String header : List.of("abc", "-1", "", "1.5", "99999999999999999999")) {
            assertFailsWith(
                            ErrorCode.INVALID_INPUT,
                            () -> BinaryTensorData.jsonLength(header, null, 20))
                    .hasMessage(
                            "Inference-Header-Content-Length must be a non-negative integer, got '"
                                    + header
                                    + "'");
        }
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> BinaryTensorData.jsonLength("21", null, 20))
                .hasMessage(
                        "Inference-Header-Content-Length is 21, but the body has only 20 bytes");
    }

    @Test
    void takesTheJsonLengthFromSageMakersContentTypeWhenTheHeaderIsAbsent() {
        String contentType = "application/vnd.sagemaker-triton.binary+json;json-header-size=12";

        assertThat(BinaryTensorData.jsonLength(null, contentType, 20))
                .isEqualTo(OptionalInt.of(12));
        assertThat(BinaryTensorData.jsonLength("5", contentType, 20)).isEqualTo(OptionalInt.of(5));
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                BinaryTensorData.jsonLength(
                                        null,
                                        "application/vnd.sagemaker-triton.binary+json; charset=x",
                                        20))
                .hasMessageContaining("needs a json-header-size parameter");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> BinaryTensorData.jsonLength(null, contentType + "x", 20))
                .hasMessage(
                        "content type parameter json-header-size must be a non-negative integer,"
                                + " got '12x'");
    }
}
