package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the parts of an XGBoost JSON model that {@link TreeEnsemble} needs into a {@link
 * TreeModelDocument}, with Jackson's streaming parser: node arrays go straight into primitive
 * arrays, and everything else (statistics, attributes, parameters) is skipped.
 *
 * <p>Floats are read from their text with {@link Float#parseFloat}, which rounds the decimal once
 * to the nearest float as XGBoost's reader does, rather than through a double, which could round
 * twice.
 *
 * <p>Not thread-safe: one instance reads one document, inside {@link #read}.
 */
final class TreeModelReader {
    /** XGBoost writes NaN and Infinity unquoted (src/common/json.cc). */
    private static final JsonFactory FACTORY =
            new JsonFactoryBuilder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final JsonParser json;

    private String booster;
    private boolean weightDrop;
    private String objective;
    private String baseScore;
    private String numClass;
    private String numFeature;
    private String numTarget;
    private final List<String> featureTypes = new ArrayList<>();
    private boolean categoryEncoding;
    private int[] treeInfo = new int[0];
    private final List<TreeModelDocument.Tree> trees = new ArrayList<>();

    private TreeModelReader(JsonParser json) {
        this.json = json;
    }

    /**
     * @throws IOException if the bytes are not JSON, or a field has the wrong type
     */
    static TreeModelDocument read(byte[] model) throws IOException {
        try (JsonParser json = FACTORY.createParser(model)) {
            TreeModelReader reader = new TreeModelReader(json);
            reader.expect(json.nextToken(), JsonToken.START_OBJECT);
            reader.fields(
                    name -> {
                        if (name.equals("learner")) {
                            reader.learner();
                        } else {
                            json.skipChildren();
                        }
                    });
            return reader.document();
        }
    }

    private TreeModelDocument document() {
        return new TreeModelDocument(
                booster,
                weightDrop,
                objective,
                baseScore,
                numClass,
                numFeature,
                numTarget,
                List.copyOf(featureTypes),
                categoryEncoding,
                treeInfo,
                List.copyOf(trees));
    }

    private void learner() throws IOException {
        fields(
                name -> {
                    switch (name) {
                        case "gradient_booster" -> gradientBooster();
                        case "learner_model_param" -> learnerModelParam();
                        case "objective" -> objective();
                        case "feature_types" -> featureTypes();
                        default -> json.skipChildren();
                    }
                });
    }

    /** 3.x: {"model": {...}, "name": ...}; dart in 1.x: {"gbtree": {"model": ...}, ...}. */
    private void gradientBooster() throws IOException {
        fields(
                name -> {
                    switch (name) {
                        case "name" -> booster = text();
                        case "model" -> model();
                        case "gbtree" -> dartTrees();
                        case "weight_drop" -> {
                            weightDrop = true;
                            json.skipChildren();
                        }
                        default -> json.skipChildren();
                    }
                });
    }

    /** The gbtree inside a 1.x dart booster; its own "name" is gbtree, not the booster's. */
    private void dartTrees() throws IOException {
        fields(
                name -> {
                    if (name.equals("model")) {
                        model();
                    } else {
                        json.skipChildren();
                    }
                });
    }

    private void model() throws IOException {
        fields(
                name -> {
                    switch (name) {
                        case "cats" -> categoryEncoding |= anyNonEmptyArray("enc");
                        case "tree_info" -> treeInfo = ints();
                        case "trees" -> {
                            expect(json.currentToken(), JsonToken.START_ARRAY);
                            while (json.nextToken() != JsonToken.END_ARRAY) {
                                trees.add(tree());
                            }
                        }
                        case "weight_drop" -> {
                            weightDrop = true;
                            json.skipChildren();
                        }
                        default -> json.skipChildren();
                    }
                });
    }

    private TreeModelDocument.Tree tree() throws IOException {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        TreeFields tree = new TreeFields();
        fields(
                name -> {
                    switch (name) {
                        case "left_children" -> tree.leftChildren = ints();
                        case "right_children" -> tree.rightChildren = ints();
                        case "split_indices" -> tree.splitIndices = ints();
                        case "split_conditions" -> tree.splitConditions = floats();
                        case "default_left" -> tree.defaultLeft = ints();
                        case "split_type" -> tree.splitType = ints();
                        case "categories" -> tree.categories = ints().length > 0;
                        case "tree_param" ->
                                fields(
                                        field -> {
                                            switch (field) {
                                                case "num_nodes" -> tree.numNodes = text();
                                                case "size_leaf_vector" ->
                                                        tree.sizeLeafVector = text();
                                                default -> json.skipChildren();
                                            }
                                        });
                        default -> json.skipChildren();
                    }
                });
        return new TreeModelDocument.Tree(
                tree.numNodes,
                tree.sizeLeafVector,
                tree.leftChildren,
                tree.rightChildren,
                tree.splitIndices,
                tree.splitConditions,
                tree.defaultLeft,
                tree.splitType,
                tree.categories);
    }

    private void learnerModelParam() throws IOException {
        fields(
                name -> {
                    switch (name) {
                        case "base_score" -> baseScore = text();
                        case "num_class" -> numClass = text();
                        case "num_feature" -> numFeature = text();
                        case "num_target" -> numTarget = text();
                        default -> json.skipChildren();
                    }
                });
    }

    private void objective() throws IOException {
        fields(
                name -> {
                    if (name.equals("name")) {
                        objective = text();
                    } else {
                        json.skipChildren();
                    }
                });
    }

    private void featureTypes() throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY);
        while (json.nextToken() != JsonToken.END_ARRAY) {
            featureTypes.add(text());
        }
    }

    /** Whether the object at the cursor has a field {@code name} holding a non-empty array. */
    private boolean anyNonEmptyArray(String name) throws IOException {
        boolean[] found = new boolean[1];
        fields(
                field -> {
                    if (field.equals(name) && json.currentToken() == JsonToken.START_ARRAY) {
                        found[0] = json.nextToken() != JsonToken.END_ARRAY;
                    }
                    json.skipChildren();
                });
        return found[0];
    }

    /** An array of integers; true and false (older documents' default_left) read as 1 and 0. */
    private int[] ints() throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY);
        int[] values = new int[16];
        int count = 0;
        for (JsonToken token = json.nextToken();
                token != JsonToken.END_ARRAY;
                token = json.nextToken()) {
            int value =
                    switch (token) {
                        case VALUE_NUMBER_INT -> json.getIntValue();
                        case VALUE_TRUE -> 1;
                        case VALUE_FALSE -> 0;
                        default -> throw unexpected(token, "an integer");
                    };
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = value;
        }
        return Arrays.copyOf(values, count);
    }

    private float[] floats() throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY);
        float[] values = new float[16];
        int count = 0;
        for (JsonToken token = json.nextToken();
                token != JsonToken.END_ARRAY;
                token = json.nextToken()) {
            if (!token.isNumeric()) {
                throw unexpected(token, "a number");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = Float.parseFloat(json.getText());
        }
        return Arrays.copyOf(values, count);
    }

    private String text() throws IOException {
        JsonToken token = json.currentToken();
        if (token != JsonToken.VALUE_STRING) {
            throw unexpected(token, "a string");
        }
        return json.getText();
    }

    /** Calls {@code field} with the cursor on each field's value, for the object at the cursor. */
    private void fields(FieldHandler field) throws IOException {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            field.read(name);
        }
        expect(json.currentToken(), JsonToken.END_OBJECT);
    }

    private void expect(JsonToken token, JsonToken wanted) throws IOException {
        if (token != wanted) {
            throw unexpected(token, wanted.asString());
        }
    }

    private IOException unexpected(JsonToken token, String wanted) {
        return new IOException(
                "expected "
                        + wanted
                        + " at "
                        + json.getParsingContext().pathAsPointer()
                        + ", found "
                        + token);
    }

    /** One tree's fields as they are read; absent arrays stay empty. */
    private static final class TreeFields {
        String numNodes;
        String sizeLeafVector;
        int[] leftChildren = new int[0];
        int[] rightChildren = new int[0];
        int[] splitIndices = new int[0];
        float[] splitConditions = new float[0];
        int[] defaultLeft = new int[0];
        int[] splitType = new int[0];
        boolean categories;
    }

    @FunctionalInterface
    private interface FieldHandler {
        void read(String name) throws IOException;
    }
}
