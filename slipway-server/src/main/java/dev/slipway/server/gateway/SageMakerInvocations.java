package dev.slipway.server.gateway;

import io.vertx.core.http.HttpHeaders;

/**
 * The SageMaker runtime API's {@code InvokeEndpoint}: {@code POST /endpoints/{name}/invocations}
 * with {@code text/csv} rows, {@code {"instances": [...]}} rows or an OIP v2 request, so that
 * clients built on the AWS SDK work by changing only the endpoint URL. Answered before the router:
 * see {@link InferenceDispatcher}.
 */
final class SageMakerInvocations {
    private final InferenceCall call;

    SageMakerInvocations(InferenceCall call) {
        this.call = call;
    }

    void invoke(InferenceCall.Exchange exchange, byte[] body) {
        SageMakerPayload payload =
                SageMakerPayload.decode(
                        call.node(),
                        exchange.path().endpoint(),
                        body,
                        exchange.request().getHeader(HttpHeaders.CONTENT_TYPE),
                        exchange.request().getHeader(HttpHeaders.ACCEPT));
        call.run(exchange, null, payload.request(), payload.outputContentType(), payload.encoder());
    }
}
