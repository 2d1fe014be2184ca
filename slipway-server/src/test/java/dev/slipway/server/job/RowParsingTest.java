package dev.slipway.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.Row;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV and JSON Lines rows against a signature: columns, headers, ids and bad rows. */
class RowParsingTest {
    /** One input of three columns, as the tabular examples have. */
    static final Signature MATRIX =
            new Signature(
                    List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 3})),
                    List.of(new TensorSpec("score", DataType.FP32, new long[] {-1})));

    /** One input per column, named. */
    static final Signature COLUMNS =
            new Signature(
                    List.of(
                            new TensorSpec("age", DataType.FP32, new long[] {-1}),
                            new TensorSpec("bmi", DataType.FP64, new long[] {-1, 1})),
                    List.of(new TensorSpec("score", DataType.FP32, new long[] {-1})));

    @Test
    void aHeaderIsDetectedWhenTheFirstLineHasNoNumber() {
        assertThat(CsvRows.isHeader("id,a,b,c", null)).isTrue();
        assertThat(CsvRows.isHeader("x7,1,2,3", null)).isFalse();
        assertThat(CsvRows.isHeader("1,2,3", true)).isTrue();
        assertThat(CsvRows.isHeader("a,b,c", false)).isFalse();
    }

    @Test
    void withAHeaderAMatrixTakesTheColumnsBesidesTheIdInFileOrder() {
        CsvRows.Layout layout = CsvRows.layout("in.csv", "f1,id,f2,f3", null, "id", MATRIX);
        Row row = layout.rows().parse("1.5,\"a,7\",,3", 4, 9);

        assertThat(layout.header()).isTrue();
        assertThat(row).isInstanceOf(Row.Values.class);
        Row.Values values = (Row.Values) row;
        assertThat(values.key()).isEqualTo("a,7");
        assertThat(values.values()).containsExactly(1.5, Double.NaN, 3.0);
        assertThat(values.number()).isEqualTo(4);
        assertThat(values.line()).isEqualTo(9);
    }

    @Test
    void withAHeaderNamedInputsTakeTheirColumnsByNameAndOthersAreIgnored() {
        CsvRows rows = CsvRows.layout("in.csv", "label,bmi,key,age", null, "key", COLUMNS).rows();

        Row.Values values = (Row.Values) rows.parse("yes,22.5,k1,40", 1, 2);

        assertThat(values.key()).isEqualTo("k1");
        assertThat(values.values()).containsExactly(40.0, 22.5);
    }

    @Test
    void withoutAHeaderTheIdIsAColumnNumberAndTheRestFollowsTheSignature() {
        CsvRows.Layout layout = CsvRows.layout("in.csv", "1,2,3,x9", null, "4", MATRIX);

        Row.Values values = (Row.Values) layout.rows().parse("4,5,6,x10", 2, 2);
        Row unnumbered =
                CsvRows.layout("in.csv", "1,2,3", null, null, MATRIX).rows().parse("1,2,3", 8, 8);

        assertThat(layout.header()).isFalse();
        assertThat(values.key()).isEqualTo("x10");
        assertThat(values.values()).containsExactly(4.0, 5.0, 6.0);
        assertThat(unnumbered.key()).isEqualTo("8");
    }

    @Test
    void badRowsSayWhy() {
        CsvRows rows = CsvRows.layout("in.csv", "id,a,b,c", null, "id", MATRIX).rows();

        assertThat(rows.parse("r1,1,2", 1, 2))
                .isEqualTo(new Row.Malformed(1, 2, "r1", "has 3 values, expected 4"));
        assertThat(rows.parse("r2,1,two,3", 2, 3))
                .isEqualTo(new Row.Malformed(2, 3, "r2", "column 'b': 'two' is not a number"));
    }

    @Test
    void aHeaderThatDoesNotFitTheModelIsRefusedNamingTheFileAndColumns() {
        assertThatThrownBy(() -> CsvRows.layout("in.csv", "id,a,b", null, "id", MATRIX))
                .isInstanceOf(SlipwayException.class)
                .hasMessage(
                        "input in.csv has 2 columns besides the id column 'id', the model takes 3"
                                + " (input:FP32[-1, 3])");
        assertThatThrownBy(() -> CsvRows.layout("in.csv", "age,weight", null, null, COLUMNS))
                .hasMessageStartingWith("input in.csv has no column 'bmi'");
        assertThatThrownBy(() -> CsvRows.layout("in.csv", "a,b,c", null, "key", MATRIX))
                .hasMessageStartingWith("idColumn 'key' is not a column of in.csv");
        assertThatThrownBy(() -> CsvRows.layout("in.csv", "1,2,3", null, "key", MATRIX))
                .hasMessageStartingWith("idColumn 'key' must be a column number from 1 to 4");
    }

    @Test
    void jsonObjectsCarryTheirIdAsWrittenAndArraysTakeItByPosition() {
        JsonlRows objects = JsonlRows.of("id", MATRIX);
        JsonlRows named = JsonlRows.of(null, COLUMNS);
        JsonlRows arrays = JsonlRows.of("1", MATRIX);

        Row.Values text =
                (Row.Values) objects.parse("{\"id\":\"a-1\",\"input\":[1,2,null],\"x\":{}}", 1, 1);
        Row.Values number = (Row.Values) objects.parse("{\"input\":[1,2,3],\"id\":17}", 2, 2);
        Row.Values columns = (Row.Values) named.parse("{\"bmi\":20.5,\"age\":33}", 3, 3);
        Row.Values array = (Row.Values) arrays.parse("[\"k\",4,5,6]", 4, 4);

        assertThat(text.key()).isEqualTo("\"a-1\"");
        assertThat(text.values()).containsExactly(1.0, 2.0, Double.NaN);
        assertThat(number.key()).isEqualTo("17");
        assertThat(columns.key()).isEqualTo("3");
        assertThat(columns.values()).containsExactly(33.0, 20.5);
        assertThat(array.key()).isEqualTo("\"k\"");
        assertThat(array.values()).containsExactly(4.0, 5.0, 6.0);
    }

    @Test
    void badJsonRowsSayWhy() {
        JsonlRows rows = JsonlRows.of("id", MATRIX);

        assertThat(((Row.Malformed) rows.parse("{\"id\":1,\"input\":[1,2]}", 1, 1)).reason())
                .startsWith("'input' has 2 values, the model takes 3");
        assertThat(((Row.Malformed) rows.parse("{\"id\":1,\"input\":[1,\"x\",3]}", 2, 2)).reason())
                .isEqualTo("'input[1]' is not a number");
        assertThat(((Row.Malformed) rows.parse("{\"input\":[1,2,3]}", 3, 3)).reason())
                .isEqualTo("has no field 'id'");
        assertThat(((Row.Malformed) rows.parse("{\"id\":2}", 4, 4)).reason())
                .isEqualTo("has no field 'input'");
        assertThat(((Row.Malformed) rows.parse("{oops", 5, 5)).reason())
                .startsWith("is not valid JSON");
        assertThat(((Row.Malformed) rows.parse("42", 6, 6)).reason())
                .isEqualTo("is not a JSON object or array");
        assertThat(((Row.Malformed) JsonlRows.of(null, MATRIX).parse("[1,2]", 7, 7)).reason())
                .isEqualTo("has 2 values, expected 3");
    }

    @Test
    void csvCellsSplitOutsideQuotesAndQuoteWhenNeeded() {
        assertThat(CsvRows.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
        assertThat(CsvRows.quote("plain")).isEqualTo("plain");
        assertThat(CsvRows.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvRows.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }
}
