package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.EventHeaders;
import io.hbi.inventory.support.RawTopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The events of add_host messages (contract §6.4, decisions 1, 8 and 14): a created then an updated event on both the
 * egress and the events topics, with their key, headers, fields, platform metadata and request id; facts, an empty
 * platform metadata and the headers of an unknown request id and insights_id; the host timestamps as stored.
 */
class KafkaIngestEventsIT extends KafkaIngestTestSupport {

    /**
     * The host keys of a created/updated event: contract §6.4, plus {@code facts} (decision 1), org_id and
     * last_check_in (14) and later HBI's provider_id and provider_type.
     */
    private static final Set<String> EVENT_HOST_KEYS = Set.of("id", "account", "org_id", "display_name", "ansible_host",
            "insights_id", "rhel_machine_id", "subscription_manager_id", "satellite_id", "bios_uuid", "ip_addresses",
            "fqdn", "mac_addresses", "external_id", "provider_id", "provider_type", "created", "updated",
            "last_check_in", "stale_timestamp", "stale_warning_timestamp", "culled_timestamp", "reporter", "tags",
            "system_profile", "facts", "per_reporter_staleness", "groups");

    @Test
    void addHostCreatesTheHostAndACreatedEventOnTheEgressAndEventsTopics() {
        String account = newAccount();
        String insightsId = uuid();
        double createdBefore = service.metric("inventory_create_host_count_total");
        double updatedBefore = service.metric("inventory_update_host_count_total");

        ObjectNode data = host(account).put("insights_id", insightsId).put("fqdn", "first.example.com");
        String requestId = uuid();
        ObjectNode platformMetadata = JSON.createObjectNode().put("request_id", requestId)
                .put("archive_url", "http://archive.example.com/" + requestId);
        platformMetadata.putObject("b64_identity_hint").put("nested", true);
        send(envelope(data, platformMetadata));

        RawTopicReader.Record onEvents = eventOf(events, requestId);
        RawTopicReader.Record onEgress = eventOf(egress, requestId);
        for (RawTopicReader.Record record : List.of(onEvents, onEgress)) {
            JsonNode event = record.requireJson();
            String id = event.path("host").path("id").asText();
            assertThat(record.key()).as("key = host id").isEqualTo(id);
            assertThat(record.headers()).as("2020's event_type and later HBI's headers (decision 14), each once")
                    .containsExactlyInAnyOrderElementsOf(headers("created", requestId, insightsId));
            assertThat(fieldNames(event)).containsExactlyInAnyOrder("type", "timestamp", "platform_metadata",
                    "metadata", "host");
            assertThat(event.get("type").asText()).isEqualTo("created");
            assertThat(event.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
            assertThat(event.get("platform_metadata")).as("platform_metadata passed through").isEqualTo(platformMetadata);
            assertThat(event.get("metadata")).isEqualTo(JSON.createObjectNode().put("request_id", requestId));
            assertThat(fieldNames(event.get("host"))).containsExactlyInAnyOrderElementsOf(EVENT_HOST_KEYS);
            assertThat(event.get("host").get("account").asText()).isEqualTo(account);
            assertThat(event.get("host").get("org_id").isNull()).as("a 2020 host has no org").isTrue();
            assertThat(event.get("host").get("insights_id").asText()).isEqualTo(insightsId);
            assertThat(event.get("host").get("fqdn").asText()).isEqualTo("first.example.com");
            assertThat(event.get("host").get("facts")).isEqualTo(JSON.createArrayNode());
        }
        assertThat(onEgress.requireJson()).as("the same event on both topics").isEqualTo(onEvents.requireJson());
        String id = onEvents.key();
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND account = ?"
                + " AND canonical_facts ->> 'insights_id' = ?", id, account, insightsId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(service.metric("inventory_create_host_count_total")).isEqualTo(createdBefore + 1));

        // the same insights_id again: the same host, updated
        String second = send(host(account).put("insights_id", insightsId).put("fqdn", "second.example.com"));
        RawTopicReader.Record updatedOnEvents = eventOf(events, second);
        RawTopicReader.Record updatedOnEgress = eventOf(egress, second);
        for (RawTopicReader.Record record : List.of(updatedOnEvents, updatedOnEgress)) {
            JsonNode event = record.requireJson();
            assertThat(record.key()).isEqualTo(id);
            assertThat(record.headers()).containsExactlyInAnyOrderElementsOf(headers("updated", second, insightsId));
            assertThat(event.get("type").asText()).isEqualTo("updated");
            assertThat(fieldNames(event)).containsExactlyInAnyOrder("type", "timestamp", "platform_metadata",
                    "metadata", "host");
            assertThat(fieldNames(event.get("host"))).containsExactlyInAnyOrderElementsOf(EVENT_HOST_KEYS);
            assertThat(event.at("/host/id").asText()).isEqualTo(id);
            assertThat(event.at("/host/fqdn").asText()).isEqualTo("second.example.com");
            assertThat(event.at("/metadata/request_id").asText()).isEqualTo(second);
        }
        JsonNode createdHost = onEvents.requireJson().get("host");
        JsonNode updatedHost = updatedOnEvents.requireJson().get("host");
        assertThat(Duration.between(OffsetDateTime.parse(createdHost.get("created").asText()),
                OffsetDateTime.parse(updatedHost.get("created").asText())).abs()).as("created kept")
                .isLessThanOrEqualTo(Duration.ofNanos(1000));
        assertThat(OffsetDateTime.parse(updatedHost.get("updated").asText()))
                .as("modified_on bumped").isAfter(OffsetDateTime.parse(createdHost.get("updated").asText()));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.metric("inventory_update_host_count_total")).isEqualTo(updatedBefore + 1);
            assertThat(service.metric("inventory_create_host_count_total")).isEqualTo(createdBefore + 1);
        });
    }

    /** The headers of the event of a conventional host (decision 14; hbi-later §7.3). */
    private static List<Map.Entry<String, String>> headers(String type, String requestId, String insightsId) {
        return List.of(Map.entry("event_type", type), Map.entry("request_id", requestId),
                Map.entry("producer", PRODUCER), Map.entry("insights_id", insightsId),
                Map.entry("reporter", "puptoo"), Map.entry("host_type", ""), Map.entry("os_name", ""),
                Map.entry("is_bootc", "False"));
    }

    @Test
    void createdEventCarriesFactsAndAnEmptyPlatformMetadataWhenTheMessageHasNone() {
        ObjectNode data = host(newAccount()).put("fqdn", "nometa.example.com");
        data.putArray("facts").addObject().put("namespace", "ns1").putObject("facts").put("a", 1);
        String marker = uuid();
        data.put("display_name", marker);
        ObjectNode envelope = JSON.createObjectNode().put("operation", "add_host");
        envelope.set("data", data);
        sendRaw(bytes(envelope));

        RawTopicReader.Record record = events.await(r -> marker.equals(r.requireJson().at("/host/display_name").asText()), 1).get(0);
        JsonNode event = record.requireJson();
        assertThat(event.get("platform_metadata")).isEqualTo(JSON.createObjectNode());
        assertThat(event.at("/metadata/request_id").asText()).isEqualTo("-1");
        assertThat(event.at("/host/facts")).isEqualTo(json("[{\"namespace\": \"ns1\", \"facts\": {\"a\": 1}}]"));
        // no request id and no insights_id: the empty header and the zero UUID (decision 14), on both topics
        RawTopicReader.Record onEgress =
                egress.await(r -> marker.equals(r.requireJson().at("/host/display_name").asText()), 1).get(0);
        for (RawTopicReader.Record copy : List.of(record, onEgress)) {
            assertThat(copy.headers()).containsExactlyInAnyOrderElementsOf(
                    headers("created", "", EventHeaders.NO_INSIGHTS_ID));
        }
    }

    @Test
    void eventTimestampsAreTheStoredTimestamps() {
        // one host per poll: each poll takes its own "now", so a sub-microsecond rounding difference shows up
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(ingestAll(host(newAccount()).put("insights_id", uuid())).get(0));
        }
        for (JsonNode event : created) {
            JsonNode host = event.get("host");
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND created_on = ?::timestamptz"
                            + " AND modified_on = ?::timestamptz", host.get("id").asText(), host.get("created").asText(),
                    host.get("updated").asText()))
                    .as("decision 1: the event carries the host as stored; event created=%s updated=%s, stored %s",
                            host.get("created").asText(), host.get("updated").asText(),
                            storedTimestamps(host.get("id").asText()))
                    .isEqualTo(1);
        }
    }
}
