package dev.slipway.core.testing;

import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.registry.ModelVersionId;
import java.net.URI;
import java.time.Duration;

/** Endpoints with asynchronous settings as they sit in the store, and the webhooks they name. */
public final class AsyncSpecs {
    public static final ModelVersionId VERSION = new ModelVersionId("fraud", 1);
    public static final URI ON_SUCCESS = URI.create("https://hooks.example.com/succeeded");
    public static final URI ON_ERROR = URI.create("https://hooks.example.com/failed");
    public static final String SECRET = "0123456789abcdef";
    public static final AsyncSettings.Notifications BOTH_WEBHOOKS =
            new AsyncSettings.Notifications(ON_SUCCESS, ON_ERROR, SECRET);
    public static final AsyncSettings.Notifications SUCCESS_WEBHOOK_ONLY =
            new AsyncSettings.Notifications(ON_SUCCESS, null, SECRET);
    public static final AsyncSettings.Notifications ERROR_WEBHOOK_ONLY =
            new AsyncSettings.Notifications(null, ON_ERROR, SECRET);

    private AsyncSpecs() {}

    /** Generation 1 of an endpoint serving {@code fraud:1} with one copy and {@code async}. */
    public static Endpoint endpoint(String name, AsyncSettings async) {
        Endpoint plain = EndpointSpecs.endpoint(name, VERSION, 1);
        return new Endpoint(
                plain.name(),
                plain.ref(),
                plain.version(),
                plain.copies(),
                plain.resources(),
                plain.timeout(),
                plain.generation(),
                plain.createdAt(),
                plain.updatedAt(),
                Traffic.NONE,
                QueuePolicy.DEFAULT,
                async);
    }

    /** A time to live of an hour, a minute per attempt, and no webhooks. */
    public static AsyncSettings settings(int maxConcurrentPerCopy, int maxAttempts) {
        return new AsyncSettings(
                maxConcurrentPerCopy,
                maxAttempts,
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                null);
    }
}
