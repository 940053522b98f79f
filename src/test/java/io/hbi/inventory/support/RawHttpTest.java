package io.hbi.inventory.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The raw client HostileInputIT relies on tells a whole answer from a dropped connection, against scripted servers. */
class RawHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @FunctionalInterface
    private interface Script {
        void play(InputStream in, OutputStream out) throws IOException;
    }

    /** Sends one request to a server that plays {@code script} on the connection and then closes it. */
    private static RawHttp.Exchange exchange(byte[] body, Script script) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    script.play(socket.getInputStream(), socket.getOutputStream());
                } catch (IOException e) {
                    // the client went away: part of some scripts
                }
            });
            RawHttp.Exchange exchange = RawHttp.send("localhost", server.getLocalPort(), "POST", "/hosts?a=1",
                    List.of("Content-Type", "application/json", "X-Twice", "1", "X-Twice", "2"), body, TIMEOUT);
            served.get(10, TimeUnit.SECONDS);
            return exchange;
        }
    }

    /** The request head, read up to its empty line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void aWholeAnswerToAWholeRequestIsNotADrop() throws Exception {
        String[] seen = new String[1];
        RawHttp.Exchange exchange = exchange("[]".getBytes(StandardCharsets.UTF_8), (in, out) -> {
            seen[0] = head(in) + new String(in.readNBytes(2), StandardCharsets.UTF_8);
            write(out, "HTTP/1.1 207 Multi-Status\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        });
        assertThat(seen[0]).startsWith("POST /hosts?a=1 HTTP/1.1\r\n").contains("X-Twice: 1\r\nX-Twice: 2\r\n")
                .contains("Content-Length: 2\r\n").contains("Connection: close\r\n").endsWith("\r\n\r\n[]");
        assertThat(exchange.status()).isEqualTo(207);
        assertThat(exchange.body()).isEqualTo("{}");
        assertThat(exchange.headers().get("content-type")).containsExactly("application/json");
        assertThat(exchange.dropped()).isFalse();
    }

    @Test
    void aChunkedAnswerIsReadWhole() throws Exception {
        RawHttp.Exchange exchange = exchange(null, (in, out) -> {
            head(in);
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        });
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.body()).isEqualTo("abcde");
        assertThat(exchange.dropped()).isFalse();
    }

    @Test
    void anEarlyRefusalThenAClosedConnectionIsADropThatKeepsTheFirstAnswer() throws Exception {
        byte[] big = new byte[20 * 1024 * 1024];
        RawHttp.Exchange exchange = exchange(big, (in, out) -> {
            head(in);
            write(out, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.complete()).isTrue();
        assertThat(exchange.writeFailure()).as("the body could not be written whole").isNotNull();
        assertThat(exchange.dropped()).isTrue();
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsADropWithoutAStatus() throws Exception {
        RawHttp.Exchange exchange = exchange("[]".getBytes(StandardCharsets.UTF_8), (in, out) -> head(in));
        assertThat(exchange.status()).isEqualTo(-1);
        assertThat(exchange.dropped()).isTrue();
        assertThat(exchange.describeDrop()).startsWith("no answer");
    }

    @Test
    void anAnswerCutShortIsADrop() throws Exception {
        RawHttp.Exchange exchange = exchange(null, (in, out) -> {
            head(in);
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcde");
        });
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.complete()).isFalse();
        assertThat(exchange.dropped()).isTrue();
    }
}
