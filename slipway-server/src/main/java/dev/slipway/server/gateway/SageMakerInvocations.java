package dev.slipway.server.gateway;

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
                        exchange.request().getHeader("content-type"),
                        exchange.request().getHeader("accept"));
        call.run(exchange, null, payload.request(), payload.outputContentType(), payload.encoder());
    }
}
