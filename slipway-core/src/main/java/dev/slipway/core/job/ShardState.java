package dev.slipway.core.job;

import java.util.Locale;

/** Where one shard is. A RUNNING shard whose runner died goes back to PENDING on restart. */
public enum ShardState {
    PENDING,
    RUNNING,
    DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
