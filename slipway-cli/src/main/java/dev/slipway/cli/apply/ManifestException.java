package dev.slipway.cli.apply;

import java.util.List;

/**
 * Manifests that cannot be applied. Every problem found is listed, each naming the file, the
 * document and the field, and nothing was changed on the server.
 */
public final class ManifestException extends RuntimeException {

    private final List<String> problems;

    public ManifestException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
