package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationValueTest {

    @ParameterizedTest
    @CsvSource({
        "5s, 5000",
        "250ms, 250",
        "2m, 120000",
        "1h, 3600000",
        "1m30s, 90000",
        "1.5s, 1500",
        "PT5S, 5000",
        "PT0.25S, 250",
        "0s, 0"
    })
    void parsesOperatorDurations(String text, long millis) {
        assertThat(DurationValue.parse(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void equalLengthsAreEqualWhateverTheSpelling() {
        assertThat(DurationValue.parse("60s")).isEqualTo(DurationValue.parse("1m"));
        assertThat(DurationValue.parse("5000ms")).isEqualTo(DurationValue.parse("PT5S"));
    }

    @ParameterizedTest
    @CsvSource({
        "5s, 5s",
        "250ms, 250ms",
        "90s, 90s",
        "1m30s, 90s",
        "120s, 2m",
        "3600s, 1h",
        "1500ms, 1500ms",
        "PT2M, 2m"
    })
    void printsTheLargestWholeUnitTheServerReads(String text, String printed) {
        assertThat(DurationValue.parse(text)).hasToString(printed);
    }

    @Test
    void printedFormParsesBack() {
        DurationValue value = DurationValue.of(Duration.ofMillis(3_723_004));
        assertThat(value).hasToString("3723004ms");
        assertThat(DurationValue.parse(value.toString())).isEqualTo(value);
    }

    @Test
    void rejectsPrecisionFinerThanAMillisecond() {
        assertThatThrownBy(() -> DurationValue.parse("1.5ms"))
                .hasMessageContaining("finer than a millisecond");
        assertThatThrownBy(() -> DurationValue.of(Duration.ofNanos(5)))
                .hasMessageContaining("finer than a millisecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 s", "five seconds", "-5s", "5d", "s"})
    void rejectsTextWithoutAUnitNamingTheSyntax(String text) {
        assertThatThrownBy(() -> DurationValue.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("ms, s, m or h");
    }

    @Test
    void rejectsBlankAndNegative() {
        assertThatThrownBy(() -> DurationValue.parse("")).hasMessageContaining("required");
        assertThatThrownBy(() -> DurationValue.of(Duration.ofSeconds(-1)))
                .hasMessageContaining("negative");
    }
}
