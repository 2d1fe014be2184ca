package dev.slipway.server.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The SageMaker runtime API's {@code InvokeEndpoint}: {@code POST /endpoints/{name}/invocations}
 * with {@code text/csv} rows, {@code {"instances": [...]}} rows or an OIP v2 request, so that
 * clients built on the AWS SDK work by changing only the endpoint URL.
 */
public final class SageMakerRoutes {
    private final InferenceCall call;

    SageMakerRoutes(InferenceCall call) {
        this.call = call;
    }

    void mount(Router router) {
        router.post("/endpoints/:endpoint/invocations")
                .handler(routing -> InferenceCall.begin(routing, "sagemaker"))
                .handler(this::invoke);
    }

    private void invoke(RoutingContext routing) {
        String endpoint = routing.pathParam("endpoint");
        byte[] body =
                routing.body().buffer() == null ? new byte[0] : routing.body().buffer().getBytes();
        SageMakerPayload payload =
                SageMakerPayload.decode(
                        call.node(),
                        endpoint,
                        body,
                        routing.request().getHeader("content-type"),
                        routing.request().getHeader("accept"));
        call.run(
                routing,
                "sagemaker",
                endpoint,
                null,
                payload.request(),
                payload.outputContentType(),
                payload.encoder());
    }
}
