package dev.slipway.core.async;

import dev.slipway.core.endpoint.AsyncSettings;
import java.net.URI;

/** Delivers one webhook call about a finished invocation. */
public interface WebhookSender {

    /**
     * POSTs the invocation's outcome to {@code url}, signed with the endpoint's secret.
     *
     * @return null when the receiver accepted it (2xx), else why not
     */
    String send(URI url, AsyncInvocation invocation, AsyncSettings.Notifications notifications);
}
