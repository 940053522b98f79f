package io.hbi.inventory.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP/1.1 request on a connection of its own ({@code Connection: close}), sent exactly as given (repeated
 * headers, any bytes in the body). The request is written on one thread while the answer is read on another, so the
 * server's answer is known even when the server closes the connection before the request was written whole, as it
 * may after refusing a request early (413, 414, 431). No connection is ever reused, so a connection one request
 * lost cannot fail another.
 */
public final class RawHttp {

    /**
     * What happened to one request.
     *
     * @param status        status code of the server's first answer, -1 when no status line arrived
     * @param headers       its headers, names in lower case
     * @param body          its body as UTF-8 (what arrived of it when the answer is not complete)
     * @param complete      the whole answer arrived (head and body as its framing says)
     * @param writeFailure  why the request could not be written whole, or null
     * @param readFailure   why the answer could not be read whole, or null
     */
    public record Exchange(int status, Map<String, List<String>> headers, String body, boolean complete,
                           IOException writeFailure, IOException readFailure) {

        /** The connection ended before the request was written or the answer read: it dropped. */
        public boolean dropped() {
            return !complete || writeFailure != null;
        }

        public String describeDrop() {
            return (status < 0 ? "no answer" : "first answer " + status + (complete ? "" : " (incomplete)"))
                    + (writeFailure == null ? "" : "; writing failed: " + writeFailure)
                    + (readFailure == null ? "" : "; reading failed: " + readFailure);
        }
    }

    private RawHttp() {
    }

    /**
     * @param target  request target: path and query, as they go on the request line
     * @param headers name/value pairs (a name may repeat); Host, Content-Length and Connection are added
     * @param body    the body, or null for none
     */
    public static Exchange send(String host, int port, String method, String target, List<String> headers, byte[] body,
                                Duration timeout) throws InterruptedException {
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Answer answer;
        Thread writer = null;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] head = head(method, target, host + ":" + port, headers, body);
            OutputStream out = socket.getOutputStream();
            writer = new Thread(() -> {
                try {
                    out.write(head);
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            answer = read(socket.getInputStream());
            if (answer.complete) {
                // a whole answer: the request has normally been written by now; one still being written when the
                // socket closes below was answered before the server read it, and its write fails
                writer.join(2_000);
            }
        } catch (IOException e) {
            answer = new Answer();
            answer.readFailure = e;
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            if (writer != null) {
                writer.join(timeout.toMillis());
            }
        }
        return new Exchange(answer.status, answer.headers, answer.body.toString(StandardCharsets.UTF_8),
                answer.complete, writeFailure.get(), answer.readFailure);
    }

    private static byte[] head(String method, String target, String authority, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(authority).append("\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        if (body != null || List.of("POST", "PUT", "PATCH").contains(method)) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What has been read of an answer. */
    private static final class Answer {
        int status = -1;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        IOException readFailure;
    }

    /** Reads the answer (after any 1xx interim answer) until its framing says it is over, or the stream ends. */
    private static Answer read(InputStream in) {
        Reader reader = new Reader(in);
        Answer answer = new Answer();
        try {
            for (String statusLine = reader.line(); statusLine != null; statusLine = reader.line()) {
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP status line: " + statusLine);
                }
                answer.status = Integer.parseInt(parts[1]);
                answer.headers.clear();
                String line = reader.line();
                for (; line != null && !line.isEmpty(); line = reader.line()) {
                    int colon = line.indexOf(':');
                    answer.headers.computeIfAbsent(line.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
                }
                if (line == null) {
                    break; // the connection ended inside the head
                }
                if (answer.status >= 200) {
                    answer.complete = readBody(reader, answer.headers, answer.body);
                    break;
                }
            }
        } catch (IOException e) {
            answer.readFailure = e;
        } catch (NumberFormatException e) {
            answer.readFailure = new IOException("not an HTTP answer", e);
        }
        return answer;
    }

    /** True when the body arrived whole (chunked, by Content-Length, or up to the end of the connection). */
    private static boolean readBody(Reader reader, Map<String, List<String>> headers, ByteArrayOutputStream body)
            throws IOException {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
            while (true) {
                String size = reader.line();
                if (size == null) {
                    return false;
                }
                int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (length == 0) {
                    for (String trailer = reader.line(); trailer != null && !trailer.isEmpty(); trailer = reader.line()) {
                        // trailers are not used
                    }
                    return true;
                }
                if (!reader.bytes(length, body) || reader.line() == null) {
                    return false;
                }
            }
        }
        List<String> contentLength = headers.get("content-length");
        if (contentLength != null) {
            return reader.bytes(Long.parseLong(contentLength.get(0)), body);
        }
        reader.rest(body);
        return true;
    }

    /** Lines and bytes of an input stream, without buffering past what is asked. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (position < limit) {
                return true;
            }
            limit = in.read(buffer);
            position = 0;
            return limit > 0;
        }

        /** A line without its CRLF; null at the end of the stream before any byte of it. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (fill()) {
                byte b = buffer[position++];
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return null;
        }

        boolean bytes(long count, ByteArrayOutputStream out) throws IOException {
            long left = count;
            while (left > 0 && fill()) {
                int n = (int) Math.min(left, limit - position);
                out.write(buffer, position, n);
                position += n;
                left -= n;
            }
            return left == 0;
        }

        void rest(ByteArrayOutputStream out) throws IOException {
            while (fill()) {
                out.write(buffer, position, limit - position);
                position = limit;
            }
        }
    }
}
