package io.hbi.inventory.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transactional outbox (decisions.md 8): events are written in the transaction of the change they describe, and
 * the relay publishes them once committed, oldest first, deleting them after the broker acknowledged them.
 */
public final class EventOutbox {

    private static final String APPEND = "INSERT INTO event_outbox (topics, message_key, headers, payload)"
            + " VALUES (?, ?, ?::jsonb, ?)";

    // One relay at a time across every instance, so events of one host leave in the order they were committed.
    private static final String LEAD = "SELECT pg_try_advisory_xact_lock(hashtextextended('event_outbox_relay', 0))";

    private static final String PENDING = "SELECT id, topics, message_key, headers, payload FROM event_outbox"
            + " ORDER BY id LIMIT ?";

    /** How many outbox rows the driver holds at a time while a batch is read. */
    static final int FETCH = 50;

    private static final String REMOVE = "DELETE FROM event_outbox WHERE id = ANY (?)";

    private static final String NEWEST = "SELECT coalesce(max(id), 0) FROM event_outbox";

    private static final String WAITING_UP_TO = "SELECT count(*) FROM event_outbox WHERE id <= ?";

    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public EventOutbox(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Adds events to the caller's transaction. Consecutive events that differ only in their topic (the same key,
     * headers and payload) are one row naming each topic.
     */
    public void append(Connection connection, List<OutboxEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
            int first = 0;
            while (first < events.size()) {
                OutboxEvent event = events.get(first);
                List<String> topics = new ArrayList<>(List.of(event.topic()));
                int next = first + 1;
                while (next < events.size() && sameButTopic(event, events.get(next))) {
                    topics.add(events.get(next++).topic());
                }
                statement.setArray(1, connection.createArrayOf("text", topics.toArray()));
                statement.setString(2, event.key());
                statement.setString(3, write(event.headers()));
                statement.setString(4, event.payload());
                statement.addBatch();
                first = next;
            }
            statement.executeBatch();
        }
    }

    private static boolean sameButTopic(OutboxEvent a, OutboxEvent b) {
        return java.util.Objects.equals(a.key(), b.key()) && a.headers().equals(b.headers())
                && a.payload().equals(b.payload());
    }

    /** The events of a batch; {@code full}: a bound cut it, so more may be waiting. */
    public record Pending(List<OutboxEvent> events, boolean full) {
    }

    /**
     * In the caller's transaction: when no other relay holds the lead, the events of the oldest committed rows, one
     * per topic of a row, in order (empty otherwise): at most {@code limit} rows, and no row after those whose
     * payloads reach {@code maxChars} characters (the first row always, however large), so that a batch of
     * fleet-sized events does not hold hundreds of MiB of heap. The rows arrive {@link #FETCH} at a time. The lead is
     * held until the transaction ends.
     */
    public Pending takeLeadAndReadPending(Connection connection, int limit, long maxChars) throws SQLException {
        try (PreparedStatement lead = connection.prepareStatement(LEAD); ResultSet won = lead.executeQuery()) {
            won.next();
            if (!won.getBoolean(1)) {
                return new Pending(List.of(), false);
            }
        }
        List<OutboxEvent> events = new ArrayList<>();
        int rowsRead = 0;
        long chars = 0;
        try (PreparedStatement statement = connection.prepareStatement(PENDING)) {
            statement.setInt(1, limit);
            statement.setFetchSize(FETCH);
            try (ResultSet rows = statement.executeQuery()) {
                while (chars < maxChars && rows.next()) {
                    long id = rows.getLong("id");
                    String key = rows.getString("message_key");
                    Map<String, String> headers = read(rows.getString("headers"));
                    String payload = rows.getString("payload");
                    chars += payload.length();
                    rowsRead++;
                    for (String topic : (String[]) rows.getArray("topics").getArray()) {
                        events.add(new OutboxEvent(id, topic, key, headers, payload));
                    }
                }
            }
        }
        return new Pending(events, rowsRead >= limit || chars >= maxChars);
    }

    public void remove(Connection connection, List<OutboxEvent> events) throws SQLException {
        Long[] ids = events.stream().map(OutboxEvent::id).distinct().toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(REMOVE)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids));
            statement.executeUpdate();
        }
    }

    /** The id of the newest event in the outbox (0 when empty): every event committed so far has an id up to it. */
    public long newestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NEWEST);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** How many events with an id up to {@code id} are still waiting to be published. */
    public long waitingUpTo(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WAITING_UP_TO)) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String headers) throws SQLException {
        try {
            return json.readValue(headers, HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable outbox headers", e);
        }
    }
}
