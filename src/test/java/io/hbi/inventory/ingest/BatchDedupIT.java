package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.RunningService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deduplication inside one batch (one POST /hosts request is one transaction, as one Kafka poll is): hosts of the
 * same batch that are the same host, or that match the same stored host through different facts, end as one host
 * with every input applied in order.
 */
class BatchDedupIT {

    static final String ACCOUNT = "0000001";
    static final String FUTURE = "2099-01-01T00:00:00+00:00";

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of());

    static String host(String fields) {
        return "{\"account\": \"" + ACCOUNT + "\", \"stale_timestamp\": \"" + FUTURE + "\", \"reporter\": \"puptoo\", "
                + fields + "}";
    }

    static JsonNode post(String... hosts) {
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + String.join(",", hosts) + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode body = RunningService.json(response);
        assertThat(body.get("errors").asInt()).as(body.toString()).isZero();
        return body.get("data");
    }

    static List<Integer> statuses(JsonNode data) {
        List<Integer> statuses = new ArrayList<>();
        data.forEach(result -> statuses.add(result.get("status").asInt()));
        return statuses;
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void twoInputsWithOneInsightsIdAreOneHostTheLaterWins() {
        String insightsId = uuid();
        JsonNode data = post(host("\"insights_id\": \"" + insightsId + "\", \"display_name\": \"first\""),
                host("\"insights_id\": \"" + insightsId + "\", \"display_name\": \"second\""));
        assertThat(statuses(data)).containsExactly(201, 200);
        assertThat(data.get(1).get("host").get("id")).isEqualTo(data.get(0).get("host").get("id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'insights_id' = '"
                + insightsId + "' AND display_name = 'second'")).isEqualTo(1);
    }

    @Test
    void aSubsetOfAHostCreatedEarlierInTheBatchUpdatesIt() {
        String fqdn = uuid() + ".example.com";
        JsonNode data = post(host("\"fqdn\": \"" + fqdn + "\", \"ip_addresses\": [\"10.1.2.3\", \"10.1.2.4\"]"),
                host("\"fqdn\": \"" + fqdn + "\", \"display_name\": \"subset\""),
                host("\"fqdn\": \"" + fqdn + "\", \"ip_addresses\": [\"10.1.2.4\", \"10.1.2.3\"], \"mac_addresses\":"
                        + " [\"52:54:00:00:00:01\"], \"display_name\": \"superset\""));
        assertThat(statuses(data)).containsExactly(201, 200, 200);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' = '" + fqdn + "'"
                + " AND display_name = 'superset' AND canonical_facts -> 'mac_addresses' IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void inputsMatchingOneStoredHostThroughDifferentFactsApplyInOrder() {
        String fqdn = uuid() + ".example.com";
        String insightsId = uuid();
        JsonNode created = post(host("\"fqdn\": \"" + fqdn + "\", \"insights_id\": \"" + insightsId + "\""));
        String id = created.get(0).get("host").get("id").asText();

        // no fact in common between the two inputs: only the stored host links them
        JsonNode data = post(
                host("\"fqdn\": \"" + fqdn + "\", \"display_name\": \"by-fqdn\", \"facts\": [{\"namespace\": \"a\","
                        + " \"facts\": {\"k\": \"1\"}}]"),
                host("\"insights_id\": \"" + insightsId + "\", \"display_name\": \"by-insights-id\", \"facts\":"
                        + " [{\"namespace\": \"b\", \"facts\": {\"k\": \"2\"}}]"));
        assertThat(statuses(data)).containsExactly(200, 200);
        assertThat(data.get(0).get("host").get("id").asText()).isEqualTo(id);
        assertThat(data.get(1).get("host").get("id").asText()).isEqualTo(id);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = '" + id + "' AND display_name ="
                + " 'by-insights-id' AND facts -> 'a' IS NOT NULL AND facts -> 'b' IS NOT NULL")).isEqualTo(1);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' = '" + fqdn + "'"))
                .isEqualTo(1);
    }

    @Test
    void anInputMatchingTwoHostsPicksTheOneAnEarlierInputOfTheBatchJustUpdated() {
        String fqdn = uuid() + ".example.com";
        String older = post(host("\"fqdn\": \"" + fqdn + "\", \"mac_addresses\": [\"52:54:00:00:00:0a\"]"))
                .get(0).get("host").get("id").asText();
        String newer = post(host("\"fqdn\": \"" + fqdn + "\", \"mac_addresses\": [\"52:54:00:00:00:0b\"]"))
                .get(0).get("host").get("id").asText();
        assertThat(newer).isNotEqualTo(older);

        // the first input makes the older host the newest; the second matches both and must pick it, as it would
        // one request after the other
        JsonNode data = post(host("\"mac_addresses\": [\"52:54:00:00:00:0a\"], \"display_name\": \"first\""),
                host("\"fqdn\": \"" + fqdn + "\", \"display_name\": \"second\""));
        assertThat(data.get(0).get("host").get("id").asText()).isEqualTo(older);
        assertThat(data.get(1).get("host").get("id").asText()).isEqualTo(older);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = '" + older + "' AND display_name = 'second'"))
                .isEqualTo(1);
    }

    @Test
    void aBatchOfUnrelatedHostsAndRepeatsCreatesEachHostOnce() {
        String prefix = uuid();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            hosts.add(host("\"fqdn\": \"" + prefix + "-" + (i % 40) + ".example.com\", \"display_name\": \"v" + i + "\""));
        }
        JsonNode data = post(hosts.toArray(String[]::new));
        List<Integer> statuses = statuses(data);
        assertThat(statuses.subList(0, 40)).containsOnly(201);
        assertThat(statuses.subList(40, 60)).containsOnly(200);
        for (int i = 40; i < 60; i++) {
            assertThat(data.get(i).get("host").get("id")).isEqualTo(data.get(i - 40).get("host").get("id"));
        }
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' LIKE '" + prefix + "-%'"))
                .isEqualTo(40);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' LIKE '" + prefix + "-%'"
                + " AND display_name ~ '^v(4[0-9]|5[0-9]|2[0-9]|3[0-9])$'")).isEqualTo(40);
    }
}
