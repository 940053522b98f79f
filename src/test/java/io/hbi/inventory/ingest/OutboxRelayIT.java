package io.hbi.inventory.ingest;

import io.hbi.inventory.events.OutboxRelay;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.OutboxEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.InventoryService;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.RawTopicReader;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import io.hbi.inventory.support.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transactional outbox (decision 8): events committed with their change are published after the commit, in
 * commit order per host, and survive a stop between the commit and the send.
 */
class OutboxRelayIT {

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of());

    private static final ObjectMapper JSON = RunningService.JSON;
    private static final String RELAY_ROUTE = "outbox-relay";

    private static TopicWriter producer;

    @BeforeAll
    static void openProducer() {
        producer = new TopicWriter(service.bootstrapServers());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void committedOutboxRowsArePublishedInIdOrderWithTheirTopicKeyAndHeadersAndThenRemoved() throws Exception {
        String eventTopic = service.env("KAFKA_EVENT_TOPIC");
        String egressTopic = service.env("KAFKA_HOST_EGRESS_TOPIC");
        String key = UUID.randomUUID().toString();
        long base = 1_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
        try (RawTopicReader events = new RawTopicReader(service.bootstrapServers(), eventTopic);
             RawTopicReader egress = new RawTopicReader(service.bootstrapServers(), egressTopic)) {
            service.service().camelContext().getRouteController().stopRoute(RELAY_ROUTE);
            try {
                // written newest id first: the relay must follow the ids, not the insertion order
                for (long id = base + 5; id > base; id--) {
                    assertThat(service.execute("INSERT INTO event_outbox (id, topics, message_key, headers, payload)"
                                    + " VALUES (?, ARRAY[?], ?, ?::jsonb, ?)", id, eventTopic, key,
                            "{\"event_type\": \"updated\"}", "{\"n\": " + id + "}")).isEqualTo(1);
                }
                assertThat(service.execute("INSERT INTO event_outbox (id, topics, message_key, headers, payload)"
                        + " VALUES (?, ARRAY[?], ?, ?::jsonb, ?)", base + 6, egressTopic, key,
                        "{\"event_type\": \"created\", \"x_other\": \"1\"}", "{\"n\": " + (base + 6) + "}")).isEqualTo(1);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                        .until(() -> events.seen(r -> key.equals(r.key())).isEmpty());
                assertThat(outboxRows(base)).isEqualTo(6);
            } finally {
                service.service().camelContext().getRouteController().startRoute(RELAY_ROUTE);
            }

            List<RawTopicReader.Record> published = events.await(r -> key.equals(r.key()), 5, Duration.ofSeconds(20));
            assertThat(published).extracting(r -> r.requireJson().get("n").asLong())
                    .as("id order").containsExactly(base + 1, base + 2, base + 3, base + 4, base + 5);
            assertThat(published).extracting(RawTopicReader.Record::partition).as("one partition per key")
                    .containsOnly(published.get(0).partition());
            assertThat(published).allSatisfy(r ->
                    assertThat(r.headers()).containsExactly(Map.entry("event_type", "updated")));

            RawTopicReader.Record other = egress.await(r -> key.equals(r.key()), 1).get(0);
            assertThat(other.requireJson().get("n").asLong()).isEqualTo(base + 6);
            assertThat(other.headers()).containsExactlyInAnyOrder(Map.entry("event_type", "created"),
                    Map.entry("x_other", "1"));

            await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(base) == 0);
            assertThat(events.seen(r -> key.equals(r.key()))).as("each row published once").hasSize(5);
        }
    }

    @Test
    void aBatchStopsAfterTheRowThatReachesItsCharactersAndSaysMoreIsWaiting() throws Exception {
        String eventTopic = service.env("KAFKA_EVENT_TOPIC");
        long base = 3_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
        String large = "{\"p\": \"" + "x".repeat(40_000) + "\"}";
        await().atMost(Duration.ofSeconds(10)).until(() -> service.queryLong("SELECT count(*) FROM event_outbox") == 0);
        service.service().camelContext().getRouteController().stopRoute(RELAY_ROUTE);
        try (java.sql.Connection connection = service.service().dataSource().getConnection()) {
            for (long id = base + 1; id <= base + 5; id++) {
                service.execute("INSERT INTO event_outbox (id, topics, message_key, headers, payload)"
                        + " VALUES (?, ARRAY[?], 'k', '{}'::jsonb, ?)", id, eventTopic, large);
            }
            connection.setAutoCommit(false);
            // 100,000 characters: the third row (120,000 with it) is the last one of the batch
            OutboxRelay relay = new OutboxRelay(new EventOutbox(JSON), null, 1_000, 100_000, null);
            OutboxRelay.Claim claim = relay.claim(connection);
            assertThat(claim.getEvents()).extracting(OutboxEvent::id)
                    .containsExactly(base + 1, base + 2, base + 3);
            assertThat(claim.isFull()).as("more is waiting").isTrue();
            connection.rollback();

            OutboxRelay.Claim first = new OutboxRelay(new EventOutbox(JSON), null, 1_000, 10, null)
                    .claim(connection);
            assertThat(first.getEvents()).as("a row larger than the batch goes alone")
                    .extracting(OutboxEvent::id).containsExactly(base + 1);
            connection.rollback();
        } finally {
            service.service().camelContext().getRouteController().startRoute(RELAY_ROUTE);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(base) == 0);
    }

    @Test
    void eventsOfOneHostArriveInCommitOrderOnOnePartition() {
        String ingress = service.env("KAFKA_HOST_INGRESS_TOPIC");
        try (RawTopicReader events = new RawTopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
             RawTopicReader egress = new RawTopicReader(service.bootstrapServers(), service.env("KAFKA_HOST_EGRESS_TOPIC"))) {
            String account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
            String insightsId = UUID.randomUUID().toString();
            List<String> names = new ArrayList<>();
            // two flushes: changes within one transaction and across transactions
            for (int flush = 0; flush < 2; flush++) {
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String name = "v" + names.size();
                    names.add(name);
                    messages.add(envelope(host(account, insightsId).put("display_name", name), UUID.randomUUID().toString()));
                }
                send(ingress, messages);
            }

            for (RawTopicReader reader : List.of(events, egress)) {
                List<RawTopicReader.Record> ofHost = reader.await(r -> account.equals(r.requireJson().at("/host/account").asText()),
                        names.size(), Duration.ofSeconds(30));
                assertThat(ofHost).extracting(r -> r.requireJson().at("/host/display_name").asText())
                        .as("commit order").containsExactlyElementsOf(names);
                assertThat(ofHost).extracting(r -> r.requireJson().get("type").asText())
                        .containsExactly("created", "updated", "updated", "updated", "updated", "updated",
                                "updated", "updated", "updated", "updated", "updated", "updated");
                assertThat(ofHost).extracting(RawTopicReader.Record::key).containsOnly(ofHost.get(0).key());
                assertThat(ofHost).extracting(RawTopicReader.Record::partition).containsOnly(ofHost.get(0).partition());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> service.queryLong("SELECT count(*) FROM event_outbox") == 0);
        }
    }

    @Test
    void eventsCommittedBeforeTheServiceStoppedArePublishedByTheNextStart() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        String ingress = settings.get("inventory.kafka.ingress-topic");
        String account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
        List<String> requestIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());

        InventoryService first = InventoryService.start(settings);
        try {
            first.camelContext().getRouteController().stopRoute(RELAY_ROUTE);
            List<byte[]> messages = new ArrayList<>();
            for (String requestId : requestIds) {
                messages.add(envelope(host(account, UUID.randomUUID().toString()), requestId));
            }
            send(ingress, messages);
            // committed: three hosts, and their events waiting in the outbox, one row each for both topics
            await().atMost(Duration.ofSeconds(30)).until(() -> count(settings, "SELECT count(*) FROM hosts WHERE account = ?",
                    account) == 3);
            assertThat(count(settings, "SELECT count(*) FROM event_outbox")).isEqualTo(3);
            assertThat(count(settings, "SELECT count(*) FROM event_outbox WHERE topics = ARRAY[?, ?]::text[]",
                    settings.get("inventory.kafka.egress-topic"), settings.get("inventory.kafka.event-topic")))
                    .isEqualTo(3);
        } finally {
            first.close();
        }
        assertThat(count(settings, "SELECT count(*) FROM event_outbox")).as("nothing sent before the stop").isEqualTo(3);

        try (RawTopicReader events = new RawTopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                settings.get("inventory.kafka.event-topic"));
             RawTopicReader egress = new RawTopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.egress-topic"))) {
            InventoryService second = InventoryService.start(settings);
            try {
                for (RawTopicReader reader : List.of(events, egress)) {
                    List<RawTopicReader.Record> published = reader.await(
                            r -> requestIds.contains(r.requireJson().at("/metadata/request_id").asText()), 3,
                            Duration.ofSeconds(30));
                    assertThat(published).extracting(r -> r.requireJson().at("/metadata/request_id").asText())
                            .containsExactlyInAnyOrderElementsOf(requestIds);
                    assertThat(published).extracting(r -> r.header("event_type")).containsOnly("created");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> count(settings, "SELECT count(*) FROM event_outbox") == 0);

                // the ingress offsets were committed with the first service's transaction: a message sent now is
                // the next one the second service handles, and the first three are not handled again
                String sentinel = UUID.randomUUID().toString();
                send(ingress, List.of(envelope(host(account, UUID.randomUUID().toString()), sentinel)));
                events.await(r -> sentinel.equals(r.requireJson().at("/metadata/request_id").asText()), 1);
                assertThat(events.seen()).extracting(r -> r.requireJson().get("type").asText())
                        .as("no message handled twice").containsOnly("created");
                assertThat(count(settings, "SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(4);
            } finally {
                second.close();
            }
        }
    }

    private static long outboxRows(long base) {
        return service.queryLong("SELECT count(*) FROM event_outbox WHERE id > ? AND id <= ?", base, base + 6);
    }

    /** A query on the database of {@code settings}, whether or not a service is running on it. */
    private static long count(Settings settings, String sql, Object... parameters) throws SQLException {
        String url = TestInfrastructure.get().jdbcUrl(settings.get("inventory.db.name"));
        try (Connection connection = DriverManager.getConnection(url, settings.get("inventory.db.user"),
                settings.get("inventory.db.pass"));
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static ObjectNode host(String account, String insightsId) {
        return JSON.createObjectNode()
                .put("account", account)
                .put("insights_id", insightsId)
                .put("stale_timestamp", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString())
                .put("reporter", "puptoo");
    }

    private static byte[] envelope(ObjectNode data, String requestId) {
        ObjectNode envelope = JSON.createObjectNode().put("operation", "add_host");
        envelope.putObject("platform_metadata").put("request_id", requestId);
        envelope.set("data", data);
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the values to partition 0 of {@code topic} in one flush, in this order. */
    private static void send(String topic, List<byte[]> values) {
        producer.sendTogether(topic, 0, values);
    }
}
