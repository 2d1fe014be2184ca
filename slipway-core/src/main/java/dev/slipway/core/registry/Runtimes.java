package dev.slipway.core.registry;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.ModelRuntime;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The runtime plugins available, by the format they load. Immutable, hence thread-safe. */
public final class Runtimes {
    private final Map<String, ModelRuntime> byFormat;

    public Runtimes(Collection<ModelRuntime> runtimes) {
        Map<String, ModelRuntime> map = new TreeMap<>();
        for (ModelRuntime runtime : runtimes) {
            ModelRuntime previous = map.put(runtime.format().toLowerCase(Locale.ROOT), runtime);
            if (previous != null) {
                throw new IllegalStateException(
                        "two runtimes load format '"
                                + runtime.format()
                                + "': "
                                + previous.getClass().getName()
                                + " and "
                                + runtime.getClass().getName());
            }
        }
        this.byFormat = Map.copyOf(map);
    }

    /**
     * @throws SlipwayException UNKNOWN_FORMAT listing the formats available
     */
    public ModelRuntime require(String format) {
        ModelRuntime runtime =
                format == null ? null : byFormat.get(format.toLowerCase(Locale.ROOT));
        if (runtime == null) {
            throw new SlipwayException(
                    ErrorCode.UNKNOWN_FORMAT,
                    "unknown format '"
                            + format
                            + "' (available: "
                            + String.join(", ", formats())
                            + ")");
        }
        return runtime;
    }

    public java.util.List<String> formats() {
        return byFormat.keySet().stream().sorted().toList();
    }
}
