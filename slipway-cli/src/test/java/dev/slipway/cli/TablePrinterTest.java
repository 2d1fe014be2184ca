package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.slipway.cli.api.ValidationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    private final StringWriter written = new StringWriter();
    private final TablePrinter printer = new TablePrinter(new PrintWriter(written));

    @Test
    void alignsColumnsWithoutTrailingSpaces() {
        printer.table(
                List.of("NAME", "COPIES", "STATE"),
                List.of(List.of("breast-cancer", "1", "ready"), List.of("wine", "12", "loading")));

        assertThat(written.toString().lines())
                .containsExactly(
                        "NAME           COPIES  STATE",
                        "breast-cancer  1       ready",
                        "wine           12      loading");
    }

    @Test
    void alignsFieldsAndShowsMissingValuesAsADash() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", "wine");
        fields.put("Ready copies", "1/1");
        fields.put("Owner", null);
        fields.put("Tags", Map.of());
        fields.put("Cores", 2.0);

        printer.fields(fields);

        assertThat(written.toString().lines())
                .containsExactly(
                        "Name:          wine",
                        "Ready copies:  1/1",
                        "Owner:         -",
                        "Tags:          -",
                        "Cores:         2");
    }

    @Test
    void describesAMismatchOnOneLine() {
        var json = JsonNodeFactory.instance;
        var mismatch =
                new ValidationReport.Mismatch(
                        "first-rows",
                        "probability",
                        4,
                        json.numberNode(0.91),
                        json.numberNode(0.42),
                        "outside tolerance");
        assertThat(TablePrinter.mismatch(mismatch))
                .as("the message repeats the values")
                .isEqualTo(
                        "example first-rows, output probability, index 4: expected 0.91, actual 0.42");
        assertThat(
                        TablePrinter.mismatch(
                                new ValidationReport.Mismatch(
                                        "x", "label", -1, null, null, "output missing")))
                .isEqualTo("example x, output label (output missing)");
    }

    @Test
    void printsStructuredOutput() {
        printer.structured(OutputOptions.Format.YAML, Map.of("name", "wine"));
        printer.structured(OutputOptions.Format.JSON, Map.of("copies", 2));

        assertThat(written.toString()).contains("name: wine").contains("\"copies\" : 2");
    }

    @Test
    void prettyPrintsJsonBodiesAndLeavesOthersAlone() {
        printer.body("{\"outputs\":[{\"name\":\"y\"}]}");
        printer.body("1,2,3\n");

        assertThat(written.toString())
                .contains("\"outputs\" : [ {")
                .endsWith("1,2,3" + System.lineSeparator());
    }
}
