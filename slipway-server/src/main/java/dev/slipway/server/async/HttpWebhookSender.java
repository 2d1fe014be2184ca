package dev.slipway.server.async;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncPayloads;
import dev.slipway.core.async.WebhookSender;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a JSON summary of a finished invocation, signed like common webhook providers do: {@code
 * X-Slipway-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">} with the timestamp in
 * {@code X-Slipway-Timestamp}, so a receiver can check both origin and freshness. Redirects are not
 * followed. Thread-safe.
 */
public final class HttpWebhookSender implements WebhookSender {
    public static final String SIGNATURE = "X-Slipway-Signature";
    public static final String TIMESTAMP = "X-Slipway-Timestamp";
    public static final String DELIVERY = "X-Slipway-Delivery";

    private final HttpClient client =
            HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final AsyncPayloads payloads;
    private final Clock clock;

    public HttpWebhookSender(AsyncPayloads payloads, Clock clock) {
        this.payloads = payloads;
        this.clock = clock;
    }

    @Override
    public String send(
            URI url, AsyncInvocation invocation, AsyncSettings.Notifications notifications) {
        byte[] body = body(invocation);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json")
                        .header(TIMESTAMP, timestamp)
                        .header(DELIVERY, invocation.id())
                        .header(
                                SIGNATURE,
                                "sha256=" + sign(notifications.secret(), timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        try {
            HttpResponse<Void> response =
                    client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2
                    ? null
                    : "the webhook answered HTTP " + response.statusCode();
        } catch (IOException e) {
            return "the webhook could not be reached: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private byte[] body(AsyncInvocation invocation) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("inferenceId", invocation.id());
        body.put("endpoint", invocation.endpoint());
        body.put("status", invocation.status().wireName());
        if (invocation.inferenceId() != null) {
            body.put("callerInferenceId", invocation.inferenceId());
        }
        body.put("outputLocation", payloads.outputLocation(invocation.id()));
        body.put("failureLocation", payloads.failureLocation(invocation.id()));
        if (invocation.error() != null) {
            body.put("error", invocation.error());
        }
        body.put("completedAt", String.valueOf(invocation.completedAt()));
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
