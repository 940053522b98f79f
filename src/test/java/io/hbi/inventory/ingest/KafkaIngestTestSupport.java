package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.RawTopicReader;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the {@code KafkaIngest*IT} classes share: the Kafka door end to end (contract §3–§4, §6–§7, §9.1; decisions 1,
 * 2, 5, 8): add_host messages written to the real ingress topic of a running service, observed through its database,
 * its egress, events, payload-tracker and dead-letter topics, and its /metrics. Each class starts one service of its
 * own (with a database and topics of its own) before its first test and stops it after its last.
 *
 * <p>Every message goes to partition 0 of the ingress topic, so the service handles them in the order they are
 * written; messages written together in one producer flush reach the service in one poll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaIngestTestSupport {

    static final ObjectMapper JSON = RunningService.JSON;

    /** The service's {@code HOSTNAME}: the {@code producer} header of its events (decision 14). */
    static final String PRODUCER = "inventory-mq-7d9f-it";

    RunningService service;
    RawTopicReader egress;
    RawTopicReader events;
    RawTopicReader tracker;
    RawTopicReader deadLetters;
    TopicWriter producer;

    @BeforeAll
    void startServiceAndOpenTopics() {
        service = RunningService.start(Map.of("HOSTNAME", PRODUCER));
        egress = new RawTopicReader(service.bootstrapServers(), service.env("KAFKA_HOST_EGRESS_TOPIC"));
        events = new RawTopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
        tracker = new RawTopicReader(service.bootstrapServers(), service.env("PAYLOAD_TRACKER_KAFKA_TOPIC"));
        deadLetters = new RawTopicReader(service.bootstrapServers(), service.env("KAFKA_HOST_INGRESS_DLQ_TOPIC"));
        producer = new TopicWriter(service.bootstrapServers());
    }

    @AfterAll
    void closeTopicsAndStopService() {
        for (AutoCloseable closeable : new AutoCloseable[] {egress, events, tracker, deadLetters, producer}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (service != null) {
            service.afterAll(null);
        }
    }

    /** Writes the values to partition 0 of the service's ingress topic in one flush, in this order. */
    void sendRaw(byte[]... values) {
        send(producer, service.env("KAFKA_HOST_INGRESS_TOPIC"), List.of(values));
    }

    static void send(TopicWriter producer, String topic, List<byte[]> values) {
        producer.sendTogether(topic, 0, values);
    }

    void send(byte[] envelope) {
        sendRaw(envelope);
    }

    /** Sends {@code data} as an add_host message with a new request id; returns the request id. */
    String send(ObjectNode data) {
        String requestId = uuid();
        sendRaw(envelope(data, requestId));
        return requestId;
    }

    /**
     * Sends every host as an add_host message of its own, all in one flush (so, in practice, one poll and one
     * transaction, handled in this order), and returns the value of each one's event on the events topic.
     */
    List<JsonNode> ingestAll(ObjectNode... data) {
        List<String> requestIds = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (ObjectNode host : data) {
            String requestId = uuid();
            requestIds.add(requestId);
            values.add(envelope(host, requestId));
        }
        sendRaw(values.toArray(byte[][]::new));
        return requestIds.stream().map(requestId -> eventOf(events, requestId).requireJson()).toList();
    }

    static RawTopicReader.Record eventOf(RawTopicReader reader, String requestId) {
        return reader.await(r -> requestId.equals(r.requireJson().at("/metadata/request_id").asText()), 1).get(0);
    }

    /** The payload-tracker messages of a request, in the order read, once there are {@code count} of them. */
    List<JsonNode> trackerMessages(String requestId, int count) {
        List<JsonNode> messages = tracker.await(r -> requestId.equals(r.requireJson().path("request_id").asText()), count)
                .stream().map(RawTopicReader.Record::requireJson).toList();
        assertThat(messages).as("payload-tracker messages of %s", requestId).hasSize(count);
        for (JsonNode message : messages) {
            assertThat(fieldNames(message)).as("keys sorted").isSorted();
        }
        return messages;
    }

    static List<String> requestIdsOf(List<RawTopicReader.Record> records) {
        return records.stream().map(r -> r.requireJson().at("/metadata/request_id").asText()).toList();
    }

    static String reasonOf(List<RawTopicReader.Record> letters, byte[] original) {
        return letters.stream().filter(r -> Arrays.equals(original, r.rawValue())).findFirst().orElseThrow()
                .header("dlq_reason");
    }

    static ObjectNode host(String account) {
        return JSON.createObjectNode()
                .put("account", account)
                .put("stale_timestamp", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString())
                .put("reporter", "puptoo");
    }

    static byte[] envelope(ObjectNode data, String requestId) {
        return envelope(data, JSON.createObjectNode().put("request_id", requestId)
                .put("archive_url", "http://archive.example.com/" + requestId));
    }

    static byte[] envelope(ObjectNode data, ObjectNode platformMetadata) {
        ObjectNode envelope = JSON.createObjectNode().put("operation", "add_host");
        envelope.set("platform_metadata", platformMetadata);
        envelope.set("data", data);
        return bytes(envelope);
    }

    static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** {@code [{namespace, facts}]} as {@code {namespace: facts}}. */
    static JsonNode factsByNamespace(JsonNode facts) {
        ObjectNode byNamespace = JSON.createObjectNode();
        for (JsonNode item : facts) {
            byNamespace.set(item.get("namespace").asText(), item.get("facts"));
        }
        return byNamespace;
    }

    /** The event's tags as "namespace/key/value" strings (JSON null rendered as "null"). */
    static List<String> renderedTags(JsonNode event) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : (ArrayNode) event.at("/host/tags")) {
            assertThat(fieldNames(tag)).containsExactlyInAnyOrder("namespace", "key", "value");
            tags.add(text(tag.get("namespace")) + "/" + text(tag.get("key")) + "/" + text(tag.get("value")));
        }
        return tags;
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.asText();
    }

    JsonNode storedTags(String id) {
        try (var connection = service.service().dataSource().getConnection();
             var statement = connection.prepareStatement("SELECT tags::text FROM hosts WHERE id = ?::uuid")) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return json(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String storedTimestamps(String id) {
        try (var connection = service.service().dataSource().getConnection();
             var statement = connection.prepareStatement("SELECT created_on::text || ' / ' || modified_on::text"
                     + " FROM hosts WHERE id = ?::uuid")) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "no row";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }
}
