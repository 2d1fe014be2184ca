package dev.slipway.server.isolation;

import dev.slipway.core.golden.WarmUp;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.SignatureJson;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The child process of {@link ChildProcessProbe}: loads one artifact with its runtime and runs one
 * prediction. Arguments: format, artifact path, sha256; the declared signature (JSON) or nothing on
 * stdin. Exit 0 when it worked, {@link #REFUSED} with the reason on stdout when the runtime refused
 * the artifact; any other exit (a signal) means the runtime crashed.
 */
public final class ProbeMain {
    static final int REFUSED = 3;

    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        String format = args[0];
        Path artifact = Path.of(args[1]);
        String signatureJson = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
        Optional<Signature> declared =
                signatureJson.isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                SignatureJson.fromJson(
                                        Json.MAPPER.readTree(signatureJson), "signature"));
        List<ModelRuntime> runtimes =
                ServiceLoader.load(ModelRuntime.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(runtime -> runtime.format().equalsIgnoreCase(format))
                        .toList();
        if (runtimes.isEmpty()) {
            refuse("no runtime for format " + format);
        }
        try (Predictor predictor =
                runtimes.getFirst()
                        .load(
                                new ModelArtifact(artifact, format, args[2]),
                                new LoadOptions(1, declared, Map.of()))) {
            WarmUp.run(predictor, List.of());
        } catch (ModelLoadException | RuntimeException e) {
            refuse(e.getMessage());
        }
        System.out.flush();
        // halt: a native runtime's non-daemon threads must not keep the probe alive.
        Runtime.getRuntime().halt(0);
    }

    private static void refuse(String message) {
        System.out.println(message);
        System.out.flush();
        Runtime.getRuntime().halt(REFUSED);
    }
}
