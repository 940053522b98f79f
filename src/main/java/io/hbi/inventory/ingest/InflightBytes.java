package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * A bound on the hosts being ingested at once (parsed, validated, in their database transaction), in bytes of their
 * JSON, over both doors: a batch holds its hosts more than ten times over (parsed, copied, merged, serialized for the
 * row and for the event, and as the driver's parameters; about 500 KB for a host of 36 KiB), so two polls of a few
 * hundred fleet-sized hosts at once exhaust the 384 MiB heap the README runs the service with, and a poll waiting
 * for its turn must wait before it is parsed. Batches whose sizes fit together run together (polls of small hosts,
 * REST requests); a batch larger than the bound waits until it can run alone. First come, first served: a large
 * batch is not starved by small ones.
 */
public final class InflightBytes {

    private static final int KIB = 1024;

    private final Semaphore kibibytes;
    private final int capacity;

    /** {@code bytes}: the most JSON bytes of hosts being ingested at once (at least 1 KiB). */
    public InflightBytes(long bytes) {
        this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / KIB));
        this.kibibytes = new Semaphore(capacity, true);
    }

    /** A batch's share of the bound, held until it is closed. */
    public interface Share extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits until the hosts, of about {@code bytes} of JSON, may run; a batch over the bound takes all of it. */
    public Share acquire(long bytes) {
        int wanted = (int) Math.max(1, Math.min(capacity, (bytes + KIB - 1) / KIB));
        kibibytes.acquireUninterruptibly(wanted);
        return () -> kibibytes.release(wanted);
    }

    /** The bytes of this JSON (a host, an array of hosts), about: strings and names at their length, others at 8. */
    public static long sizeOf(JsonNode json) {
        long bytes = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(json);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node == null) {
                continue;
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    bytes += field.getKey().length() + 4;
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                bytes += 2;
                node.forEach(pending::push);
            } else if (node.isTextual()) {
                bytes += node.textValue().length() + 3;
            } else {
                bytes += 8;
            }
        }
        return bytes;
    }
}
