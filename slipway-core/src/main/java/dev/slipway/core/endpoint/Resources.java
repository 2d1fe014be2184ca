package dev.slipway.core.endpoint;

/**
 * What one copy reserves on its node.
 *
 * @param cores CPU cores; the copy gets {@link #threads()} inference threads
 * @param memoryBytes memory reserved for the loaded model
 */
public record Resources(double cores, long memoryBytes) {
    public static final Resources DEFAULT = new Resources(1, 512L << 20);

    public Resources {
        if (!(cores > 0) || cores > 256) {
            throw new IllegalArgumentException("resources.cores must be in (0, 256], got " + cores);
        }
        if (memoryBytes < (1L << 20)) {
            throw new IllegalArgumentException(
                    "resources.memory must be at least 1Mi, got " + memoryBytes + " bytes");
        }
    }

    /** Inference threads of one copy: its cores, rounded up. */
    public int threads() {
        return (int) Math.ceil(cores);
    }
}
