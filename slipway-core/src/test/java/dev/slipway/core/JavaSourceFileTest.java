package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.JavaSourceFile.Reference;
import org.junit.jupiter.api.Test;

class JavaSourceFileTest {

    @Test
    void readsPackageImportsAndStaticImportsWithTheirLines() {
        JavaSourceFile file =
                JavaSourceFile.parse(
                        "Example.java",
                        """
                        package dev.slipway.core.node;

                        import static dev.slipway.cli.api.ApiClient.segment;
                        import io.vertx.core.Vertx;
                        import java.util.*;
                        """);

        assertThat(file.packageName()).isEqualTo("dev.slipway.core.node");
        assertThat(file.imports())
                .containsExactly(
                        new Reference("dev.slipway.cli.api.ApiClient.segment", 3),
                        new Reference("io.vertx.core.Vertx", 4),
                        new Reference("java.util.*", 5));
    }

    @Test
    void findsFullyQualifiedNamesInCodeButNotChainsOfFieldsOrMethods() {
        JavaSourceFile file =
                JavaSourceFile.parse(
                        "Example.java",
                        """
                        package dev.slipway.core;
                        class Example {
                            java.sql.Connection connection;
                            void run(Request request) {
                                var size = request.body.Size;
                                io.vertx.core.Vertx.vertx().close();
                                int count = dev.slipway.spi.Shapes.elementCount(new long[0]);
                            }
                        }
                        """);

        assertThat(file.qualifiedNames())
                .containsExactly(
                        new Reference("java.sql.Connection", 3),
                        new Reference("io.vertx.core.Vertx", 6),
                        new Reference("dev.slipway.spi.Shapes", 7));
    }

    @Test
    void ignoresCommentsAndKeepsStringsApart() {
        JavaSourceFile file =
                JavaSourceFile.parse(
                        "Example.java",
                        """
                        package dev.slipway.core;
                        // import io.vertx.core.Vertx;
                        /** See {@link java.sql.Connection} and io.vertx.core.Vertx. */
                        class Example {
                            char quote = '"';
                            String name = "dev.slipway.runtime.onnx.OnnxRuntime";
                            String escaped = "a \\" org.jdbi.v3.core.Jdbi \\" b";
                            String block = \"""
                                java.sql.Connection
                                \""";
                        }
                        """);

        assertThat(file.imports()).isEmpty();
        assertThat(file.qualifiedNames()).isEmpty();
        assertThat(file.strings())
                .extracting(Reference::name)
                .containsExactly(
                        "dev.slipway.runtime.onnx.OnnxRuntime",
                        "a \\\" org.jdbi.v3.core.Jdbi \\\" b",
                        "\n        java.sql.Connection\n        ");
        assertThat(file.strings()).extracting(Reference::line).containsExactly(6, 7, 8);
    }
}
