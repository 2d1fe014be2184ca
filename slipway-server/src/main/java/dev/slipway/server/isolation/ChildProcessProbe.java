package dev.slipway.server.isolation;

import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.NativeThreads;
import dev.slipway.core.registry.ArtifactProbe;
import dev.slipway.server.protocol.SignatureJson;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Probes a new artifact in a short-lived child JVM ({@link ProbeMain}) on the server's own class
 * path, so that a runtime crash on crafted bytes kills the child, not the server. Costs one JVM
 * start per registration (measured in docs/benchmarks.md). Thread-safe: each probe is its own
 * process.
 */
public final class ChildProcessProbe implements ArtifactProbe {
    private static final int MAX_MESSAGE = 2000;

    private final ArtifactStore artifacts;
    private final Duration timeout;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");

    public ChildProcessProbe(ArtifactStore artifacts, Duration timeout) {
        this.artifacts = artifacts;
        this.timeout = timeout;
    }

    @Override
    public void probe(String format, String sha256, Optional<Signature> declared) {
        Path output = null;
        try {
            Path artifact = artifacts.materialize(sha256);
            output = Files.createTempFile("slipway-probe-", ".out");
            Process process =
                    new ProcessBuilder(
                                    List.of(
                                            java,
                                            "--enable-native-access=ALL-UNNAMED",
                                            "-Xss" + (NativeThreads.STACK_BYTES >> 20) + "m",
                                            "-Xmx512m",
                                            "-XX:+UseSerialGC",
                                            // A crash report goes next to the output, not into the
                                            // server's working directory.
                                            "-XX:ErrorFile=" + output + ".hs_err",
                                            "-XX:-CreateCoredumpOnCrash",
                                            "-XX:TieredStopAtLevel=1",
                                            "-Xshare:auto",
                                            "-cp",
                                            classPath,
                                            ProbeMain.class.getName(),
                                            format,
                                            artifact.toString(),
                                            sha256))
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            process.getOutputStream()
                    .write(
                            declared.map(signature -> SignatureJson.toJson(signature).toString())
                                    .orElse("")
                                    .getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw invalid(
                        "loading the artifact as "
                                + format
                                + " did not finish within "
                                + timeout.toSeconds()
                                + "s in an isolated check");
            }
            int exit = process.exitValue();
            if (exit == 0) {
                return;
            }
            String message = lastLine(Files.readString(output, StandardCharsets.UTF_8));
            if (exit == ProbeMain.REFUSED) {
                throw invalid(
                        "artifact "
                                + sha256.substring(0, 12)
                                + " does not load as "
                                + format
                                + ": "
                                + message);
            }
            throw invalid(
                    "artifact "
                            + sha256.substring(0, 12)
                            + " crashed the "
                            + format
                            + " runtime in an isolated check (exit code "
                            + exit
                            + "); it was not registered");
        } catch (IOException e) {
            throw new UncheckedIOException("probing artifact " + sha256, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing artifact " + sha256, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                    Files.deleteIfExists(Path.of(output + ".hs_err"));
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans up
                }
            }
        }
    }

    private static String lastLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.lastIndexOf('\n');
        String line = newline < 0 ? trimmed : trimmed.substring(newline + 1);
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) : line;
    }

    private static SlipwayException invalid(String message) {
        return new SlipwayException(ErrorCode.INVALID_ARTIFACT, message);
    }
}
