package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} catch what they must, and say where. */
class ModuleRuleTest {

    @Test
    void theLongestMatchingPrefixDecides() {
        assertThat(ArchitectureTest.CORE.permits("java.util.List")).isTrue();
        assertThat(ArchitectureTest.CORE.permits("java.sql.Connection")).isFalse();
        assertThat(ArchitectureTest.CORE.permits("java.net.http.HttpClient")).isFalse();
        assertThat(ArchitectureTest.CORE.permits("java.net.URI")).isTrue();
        assertThat(ArchitectureTest.SERVER.permits("dev.slipway.core.node.LocalNode")).isTrue();
        assertThat(ArchitectureTest.SERVER.permits("dev.slipway.cli.SlipwayCommand")).isFalse();
    }

    /** ADR 6: a pure math library is allowed by name, not the family it comes from. */
    @Test
    void coreMayUseTheNamedMathLibraryOnly() {
        assertThat(
                        ArchitectureTest.CORE.permits(
                                "org.apache.commons.statistics.inference.KolmogorovSmirnovTest"))
                .isTrue();
        assertThat(ArchitectureTest.CORE.permits("org.apache.commons.rng.UniformRandomProvider"))
                .isFalse();
        assertThat(ArchitectureTest.CORE.permits("org.apache.commons.io.FileUtils")).isFalse();
    }

    @Test
    void prefixesMatchWholeSegmentsOnly() {
        assertThat(ModuleRule.isUnder("dev.slipway.spi.Tensor", "dev.slipway.spi")).isTrue();
        assertThat(ModuleRule.isUnder("dev.slipway.spiral.Tensor", "dev.slipway.spi")).isFalse();
    }

    @Test
    void aViolationNamesTheFileTheLineAndTheImport() {
        JavaSourceFile file =
                JavaSourceFile.parse(
                        "slipway-core/src/main/java/dev/slipway/core/node/Copy.java",
                        """
                        package dev.slipway.core.node;

                        import com.fasterxml.jackson.databind.ObjectMapper;
                        import java.util.List;
                        """);

        assertThat(ArchitectureTest.CORE.violations(file))
                .singleElement()
                .asString()
                .startsWith(
                        "slipway-core/src/main/java/dev/slipway/core/node/Copy.java:3 imports"
                                + " com.fasterxml.jackson.databind.ObjectMapper, which"
                                + " slipway-core must not use (only ");
    }

    @Test
    void catchesEachForbiddenArrow() {
        assertThat(violations(ArchitectureTest.SPI, "dev.slipway.spi", "org.slf4j.Logger"))
                .hasSize(1);
        assertThat(violations(ArchitectureTest.CORE, "dev.slipway.core", "io.vertx.core.Vertx"))
                .hasSize(1);
        assertThat(violations(ArchitectureTest.CORE, "dev.slipway.core", "org.jdbi.v3.core.Jdbi"))
                .hasSize(1);
        assertThat(
                        violations(
                                ArchitectureTest.runtime("slipway-runtime-onnx"),
                                "dev.slipway.runtime.onnx",
                                "dev.slipway.core.node.Copy"))
                .hasSize(1);
        assertThat(
                        violations(
                                ArchitectureTest.runtime("slipway-runtime-onnx"),
                                "dev.slipway.runtime.onnx",
                                "ai.onnxruntime.OrtSession"))
                .isEmpty();
        assertThat(violations(ArchitectureTest.CLI, "dev.slipway.cli", "dev.slipway.spi.Tensor"))
                .hasSize(1);
        assertThat(
                        violations(
                                ArchitectureTest.SERVER,
                                "dev.slipway.server",
                                "dev.slipway.runtime.onnx.OnnxRuntime"))
                .hasSize(1);
    }

    @Test
    void aFileInAnotherModulesPackageIsAViolation() {
        assertThat(violations(ArchitectureTest.SERVER, "dev.slipway.core.sneaky", "java.util.List"))
                .singleElement()
                .asString()
                .contains("declares package 'dev.slipway.core.sneaky'");
    }

    private static List<String> violations(ModuleRule rule, String packageName, String imported) {
        return rule.violations(
                JavaSourceFile.parse(
                        "Example.java",
                        "package " + packageName + ";\nimport " + imported + ";\n"));
    }
}
