package dev.slipway.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-place decimal parser gives exactly what Double.parseDouble gives. */
class DecimalsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0.0",
                "1",
                "1.",
                ".5",
                "+2.25",
                "13.82",
                "0.006995",
                "1509.0",
                "1e5",
                "2.5E-3",
                "-7e+2",
                "123456789012345678",
                "1234567890123456789012",
                "0.1234567890123456789",
                "9007199254740993",
                "1e23",
                "4.9e-324",
                "1e400",
                "NaN",
                "-Infinity",
                "0x1p3",
                "1f",
                "  42  ",
                "00012.50"
            })
    void agreesWithParseDouble(String text) {
        // Boxed: Double.equals tells -0.0 from 0.0 and finds NaN equal to itself.
        assertThat(Double.valueOf(Decimals.parse(text, 0, text.length())))
                .isEqualTo(Double.valueOf(Double.parseDouble(text)));
    }

    @Test
    void agreesWithParseDoubleOnRandomFloatsAndDoubles() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 12));
            String text = i % 2 == 0 ? Double.toString(value) : Float.toString((float) value);
            assertThat(Double.valueOf(Decimals.parse(text, 0, text.length())))
                    .as(text)
                    .isEqualTo(Double.valueOf(Double.parseDouble(text)));
        }
    }

    @Test
    void readsARangeOfALine() {
        assertThat(Decimals.parse("a,12.5,b", 2, 6)).isEqualTo(12.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "1e", "1.2.3", "--1", "1e5x", "12,5"})
    void refusesWhatIsNotANumber(String text) {
        assertThatThrownBy(() -> Decimals.parse(text, 0, text.length()))
                .isInstanceOf(NumberFormatException.class);
    }
}
