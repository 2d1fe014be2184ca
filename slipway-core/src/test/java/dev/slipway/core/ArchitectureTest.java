package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a module arrow points the wrong way (STYLE.md, "Modules: dependencies point
 * inward"; docs/architecture.md draws the arrows). It reads the main sources of every sibling
 * module as text, so building slipway-core alone checks the whole tree, with no extra dependency. A
 * rule is never loosened to make this pass: a violation is fixed in the code that breaks it.
 */
class ArchitectureTest {

    /** The runtime SPI is what a plugin author reads: the JDK and nothing else. */
    static final ModuleRule SPI =
            ModuleRule.denyByDefault("slipway-spi", "dev.slipway.spi").allow("java");

    /**
     * The domain reaches storage, HTTP and JSON only through ports it defines itself. Pure
     * computational libraries (no I/O) are allowed one by one, by name: docs/adr/0006.
     */
    static final ModuleRule CORE =
            ModuleRule.denyByDefault("slipway-core", "dev.slipway.core")
                    .allow("java", "dev.slipway.spi", "org.slf4j")
                    .allow("org.apache.commons.statistics")
                    .deny("java.sql", "java.net.http");

    /** The server wires core to HTTP and SQL; it finds runtimes only through ServiceLoader. */
    static final ModuleRule SERVER =
            ModuleRule.allowByDefault("slipway-server", "dev.slipway.server")
                    .deny("dev.slipway")
                    .allow("dev.slipway.core", "dev.slipway.spi", "dev.slipway.api");

    /** The CLI talks to a server over HTTP; shared wire records may only come from slipway-api. */
    static final ModuleRule CLI =
            ModuleRule.allowByDefault("slipway-cli", "dev.slipway.cli")
                    .deny("dev.slipway")
                    .allow("dev.slipway.api");

    /** The distribution assembles server and CLI; runtime plugins are only on its class path. */
    static final ModuleRule DIST =
            ModuleRule.allowByDefault("slipway-dist", "dev.slipway.dist")
                    .deny("dev.slipway.runtime");

    private static final String RUNTIME_PREFIX = "slipway-runtime-";

    private static Path root;

    @BeforeAll
    static void findProjectRoot() {
        root = projectRoot();
    }

    @Test
    void spiNeedsOnlyTheJdk() {
        assertKept(SPI);
    }

    @Test
    void coreUsesNoHttpSqlOrJsonLibrary() {
        assertKept(CORE);
    }

    @Test
    void serverKnowsNeitherTheCliNorAnyRuntimePlugin() {
        assertKept(SERVER);
    }

    @Test
    void cliTalksToTheServerOnlyOverHttp() {
        assertKept(CLI);
    }

    @Test
    void distributionLeavesRuntimePluginsToServiceLoader() {
        assertKept(DIST);
    }

    @Test
    void runtimePluginsSeeOnlyTheSpi() {
        List<String> runtimes =
                modules().stream().filter(module -> module.startsWith(RUNTIME_PREFIX)).toList();
        assertThat(runtimes).as("runtime plugin modules (%s*)", RUNTIME_PREFIX).isNotEmpty();
        runtimes.forEach(module -> assertKept(runtime(module)));
    }

    /** A class name in a string (for Class.forName) would bypass the import rules above. */
    @Test
    void onlyAPluginSpellsAPluginClassName() {
        List<String> violations = new ArrayList<>();
        for (String module : modules()) {
            if (module.startsWith(RUNTIME_PREFIX)) {
                continue;
            }
            for (JavaSourceFile file : sources(module)) {
                for (JavaSourceFile.Reference string : file.strings()) {
                    if (string.name().contains("dev.slipway.runtime.")) {
                        violations.add(
                                file.path()
                                        + ":"
                                        + string.line()
                                        + " names a runtime plugin class in \""
                                        + string.name()
                                        + "\"; find plugins with ServiceLoader instead");
                    }
                }
            }
        }
        assertThat(violations).withFailMessage(() -> report("plugin names", violations)).isEmpty();
    }

    /** A new module must be given its arrows here, or nothing would check them. */
    @Test
    void everyModuleHasARule() {
        Map<String, ModuleRule> fixed =
                Stream.of(SPI, CORE, SERVER, CLI, DIST)
                        .collect(Collectors.toMap(ModuleRule::module, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (String module : modules()) {
            if (!fixed.containsKey(module) && !module.startsWith(RUNTIME_PREFIX)) {
                problems.add(
                        module
                                + " has main sources but no rule: add one to ArchitectureTest and"
                                + " an arrow to docs/architecture.md");
            }
        }
        for (String module : fixed.keySet()) {
            if (!modules().contains(module)) {
                problems.add(
                        module
                                + " has a rule but no src/main/java here: renamed? update"
                                + " ArchitectureTest");
            }
        }
        assertThat(problems).withFailMessage(() -> report("module list", problems)).isEmpty();
    }

    static ModuleRule runtime(String module) {
        String plugin = module.substring(RUNTIME_PREFIX.length()).replace("-", "");
        return ModuleRule.allowByDefault(module, "dev.slipway.runtime." + plugin)
                .deny("dev.slipway")
                .allow("dev.slipway.spi");
    }

    private static void assertKept(ModuleRule rule) {
        List<String> violations = new ArrayList<>();
        for (JavaSourceFile file : sources(rule.module())) {
            violations.addAll(rule.violations(file));
        }
        assertThat(violations)
                .withFailMessage(() -> report(rule.module() + "'s arrows", violations))
                .isEmpty();
    }

    private static String report(String what, List<String> violations) {
        return violations.size()
                + " violation(s) of "
                + what
                + ":\n  "
                + String.join("\n  ", violations);
    }

    /** Directories {@code slipway-*} of the project that hold main Java sources, sorted. */
    private static List<String> modules() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> dir.getFileName().toString().startsWith("slipway-"))
                    .filter(dir -> Files.isDirectory(dir.resolve("src/main/java")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JavaSourceFile> sources(String module) {
        Path sources = root.resolve(module).resolve("src/main/java");
        assertThat(sources).as("main sources of %s", module).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<JavaSourceFile> parsed =
                    files.filter(file -> file.toString().endsWith(".java"))
                            .sorted()
                            .map(file -> JavaSourceFile.read(root, file))
                            .toList();
            assertThat(parsed).as("Java files under %s", sources).isNotEmpty();
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory holding all modules. Surefire runs in the module's directory ({@code basedir});
     * an IDE may run from the project root, so look upward from either.
     */
    private static Path projectRoot() {
        Path start =
                Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                        .toAbsolutePath()
                        .normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("slipway-spi/src/main/java"))
                    && Files.isDirectory(dir.resolve("slipway-core/src/main/java"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no Slipway project (slipway-spi and slipway-core side by side) at or above "
                        + start);
    }
}
