package dev.slipway.core.endpoint;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void parsesBinaryDecimalAndPlainMemoryQuantities() {
        assertThat(Quantities.parseMemory("memory", "512Mi")).isEqualTo(512L << 20);
        assertThat(Quantities.parseMemory("memory", "2Gi")).isEqualTo(2L << 30);
        assertThat(Quantities.parseMemory("memory", "1.5Gi")).isEqualTo(3L << 29);
        assertThat(Quantities.parseMemory("memory", "500M")).isEqualTo(500_000_000L);
        assertThat(Quantities.parseMemory("memory", "64k")).isEqualTo(64_000L);
        assertThat(Quantities.parseMemory("memory", "4096")).isEqualTo(4096L);
        assertThat(Quantities.parseMemory("memory", " 1 Ki ")).isEqualTo(1024L);
    }

    @Test
    void formatsMemoryInTheLargestBinaryUnitThatDividesIt() {
        assertThat(Quantities.formatMemory(512L << 20)).isEqualTo("512Mi");
        assertThat(Quantities.formatMemory(2L << 40)).isEqualTo("2Ti");
        assertThat(Quantities.formatMemory(1536L << 20)).isEqualTo("1536Mi");
        assertThat(Quantities.formatMemory(1000)).isEqualTo("1000");
        assertThat(Quantities.formatMemory(0)).isEqualTo("0");
    }

    @Test
    void formattedMemoryParsesBackToTheSameBytes() {
        for (long bytes : new long[] {0, 1, 1023, 1024, 512L << 20, 1536L << 20, 3L << 40}) {
            assertThat(Quantities.parseMemory("memory", Quantities.formatMemory(bytes)))
                    .isEqualTo(bytes);
        }
    }

    @Test
    void rejectsAMemoryQuantityNamingTheField() {
        for (String text : new String[] {"lots", "-1Gi", "1Gb", "", "Mi"}) {
            assertInvalid(
                    () -> Quantities.parseMemory("resources.memory", text),
                    "resources.memory '" + text + "' is not a quantity like 512Mi, 2Gi or 500M");
        }
        assertInvalid(
                () -> Quantities.parseMemory("resources.memory", null),
                "resources.memory 'null' is not a quantity like 512Mi, 2Gi or 500M");
    }

    @Test
    void rejectsAMemoryQuantityTooLargeForALong() {
        assertInvalid(
                () -> Quantities.parseMemory("resources.memory", "99999999Ti"),
                "resources.memory '99999999Ti' is too large");
    }

    @Test
    void parsesDurationsInEveryUnit() {
        assertThat(Quantities.parseDuration("timeout", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.parseDuration("timeout", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Quantities.parseDuration("timeout", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Quantities.parseDuration("timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Quantities.parseDuration("timeout", "1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void formatsDurationsInTheLargestUnitThatDividesThem() {
        assertThat(Quantities.formatDuration(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Quantities.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Quantities.formatDuration(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Quantities.formatDuration(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Quantities.formatDuration(Duration.ZERO)).isEqualTo("0ms");
    }

    @Test
    void formattedDurationsParseBackToTheSameDuration() {
        for (long millis : new long[] {1, 999, 1000, 1500, 60_000, 90_000, 3_600_000, 5_400_000}) {
            Duration duration = Duration.ofMillis(millis);
            assertThat(Quantities.parseDuration("timeout", Quantities.formatDuration(duration)))
                    .isEqualTo(duration);
        }
    }

    @Test
    void rejectsADurationNamingTheField() {
        for (String text : new String[] {"5", "soon", "-1s", "5 days", ""}) {
            assertInvalid(
                    () -> Quantities.parseDuration("timeout", text),
                    "timeout '" + text + "' is not a duration like 250ms, 5s or 2m");
        }
    }

    private static void assertInvalid(Runnable parse, String message) {
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, parse::run).hasMessage(message);
    }
}
