package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle timeout ({@code SLIPWAY_IDLE_TIMEOUT}) over a raw socket: a connection that sends
 * nothing is closed once it passes, and one that keeps sending requests stays open however long it
 * lives.
 */
class IdleConnectionIT {
    private static final Duration IDLE = Duration.ofSeconds(1);

    @TempDir Path dataDir;

    @Test
    void aConnectionThatSendsNothingIsClosedOnceTheIdleTimeoutPasses() throws IOException {
        try (TestServer server = start();
                Socket socket = connect(server)) {
            long opened = System.nanoTime();

            int read = socket.getInputStream().read();

            assertThat(read).as("the server closed the connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - opened))
                    .isGreaterThanOrEqualTo(IDLE.minusMillis(100));
        }
    }

    @Test
    void aConnectionInUseStaysOpenPastTheIdleTimeout() throws Exception {
        try (TestServer server = start();
                Socket socket = connect(server)) {
            long until = System.nanoTime() + 3 * IDLE.toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                socket.getOutputStream()
                        .write(
                                "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
                answered++;
                Thread.sleep(IDLE.toMillis() / 4);
            }

            assertThat(answered).isGreaterThan(4);
        }
    }

    private TestServer start() {
        return TestServer.start(TestServer.config(dataDir).withIdleTimeout(IDLE));
    }

    private static Socket connect(TestServer server) throws IOException {
        URI url = URI.create(server.url());
        Socket socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** One HTTP/1.1 response with a Content-Length body, as text. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
