package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deduplication over Kafka (contract §4, decision 2): which stored host an add_host message updates, by its canonical
 * facts, within its account, never a culled one, whatever the case and format of its insights_id.
 */
class KafkaIngestDedupIT extends KafkaIngestTestSupport {

    @Test
    void aSecondHostWithTheSameInsightsIdIsTheSameHostWhateverItsOtherFacts() {
        String account = newAccount();
        String insightsId = uuid();
        List<JsonNode> sent = ingestAll(
                host(account).put("insights_id", insightsId).put("fqdn", "a.example.com").put("bios_uuid", uuid()),
                host(account).put("insights_id", insightsId).put("fqdn", "b.example.com").put("bios_uuid", uuid()));
        JsonNode first = sent.get(0);
        JsonNode second = sent.get(1);

        assertThat(second.get("type").asText()).isEqualTo("updated");
        assertThat(second.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
    }

    @Test
    void aSecondHostWithTheSameSubscriptionManagerIdIsTheSameHost() {
        String account = newAccount();
        String subscriptionManagerId = uuid();
        List<JsonNode> sent = ingestAll(
                host(account).put("subscription_manager_id", subscriptionManagerId).put("fqdn", "a.example.com"),
                host(account).put("subscription_manager_id", subscriptionManagerId).put("fqdn", "b.example.com"));
        JsonNode first = sent.get(0);
        JsonNode second = sent.get(1);

        assertThat(first.get("type").asText()).isEqualTo("created");
        assertThat(second.get("type").asText()).isEqualTo("updated");
        assertThat(second.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(second.at("/host/fqdn").asText()).isEqualTo("b.example.com");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
    }

    @Test
    void theInsightsIdWinsOverTheSubscriptionManagerIdWhenTheyPointAtDifferentHosts() {
        String account = newAccount();
        String insightsId = uuid();
        String subscriptionManagerId = uuid();
        List<JsonNode> sent = ingestAll(
                host(account).put("insights_id", insightsId),
                host(account).put("subscription_manager_id", subscriptionManagerId),
                host(account).put("insights_id", insightsId).put("subscription_manager_id", subscriptionManagerId));
        JsonNode byInsightsId = sent.get(0);
        JsonNode bySubscriptionManagerId = sent.get(1);
        JsonNode both = sent.get(2);
        assertThat(bySubscriptionManagerId.get("type").asText()).isEqualTo("created");
        assertThat(byInsightsId.at("/host/id")).isNotEqualTo(bySubscriptionManagerId.at("/host/id"));

        assertThat(both.get("type").asText()).isEqualTo("updated");
        assertThat(both.at("/host/id")).as("resolved to the insights_id host").isEqualTo(byInsightsId.at("/host/id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(2);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND canonical_facts = ?::jsonb",
                bySubscriptionManagerId.at("/host/id").asText(),
                "{\"subscription_manager_id\": \"" + subscriptionManagerId + "\"}"))
                .as("the other host is untouched").isEqualTo(1);
    }

    @Test
    void canonicalFactsThatAreASubsetOfAStoredHostsMatchIt_arraysComparedAsSets() {
        String account = newAccount();
        List<JsonNode> sent = ingestAll(
                host(account).put("fqdn", "subset.example.com")
                        .set("ip_addresses", json("[\"10.0.0.1\", \"10.0.0.2\"]")),
                host(account).set("ip_addresses", json("[\"10.0.0.2\"]")),
                host(account).put("fqdn", "subset.example.com")
                        .set("ip_addresses", json("[\"10.0.0.2\", \"10.0.0.1\"]")));
        JsonNode stored = sent.get(0);
        JsonNode subset = sent.get(1);
        assertThat(subset.get("type").asText()).isEqualTo("updated");
        assertThat(subset.at("/host/id")).isEqualTo(stored.at("/host/id"));
        assertThat(subset.at("/host/fqdn").asText()).as("canonical facts absent from the input are kept")
                .isEqualTo("subset.example.com");
        assertThat(subset.at("/host/ip_addresses")).as("input canonical facts overwrite").isEqualTo(json("[\"10.0.0.2\"]"));

        JsonNode reordered = sent.get(2);
        assertThat(reordered.get("type").asText()).isEqualTo("updated");
        assertThat(reordered.at("/host/id")).isEqualTo(stored.at("/host/id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
    }

    @Test
    void canonicalFactsThatAreASupersetOfAStoredHostsMatchIt() {
        String account = newAccount();
        List<JsonNode> sent = ingestAll(
                host(account).put("fqdn", "superset.example.com"),
                host(account).put("fqdn", "superset.example.com").put("bios_uuid", uuid())
                        .set("mac_addresses", json("[\"aa:bb:cc:dd:ee:ff\"]")));
        JsonNode stored = sent.get(0);
        JsonNode superset = sent.get(1);

        assertThat(superset.get("type").asText()).isEqualTo("updated");
        assertThat(superset.at("/host/id")).isEqualTo(stored.at("/host/id"));
        assertThat(superset.at("/host/mac_addresses")).isEqualTo(json("[\"aa:bb:cc:dd:ee:ff\"]"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
    }

    @Test
    void canonicalFactsThatOnlyOverlapAStoredHostsMakeANewHost() {
        String account = newAccount();
        List<JsonNode> sent = ingestAll(
                host(account).put("fqdn", "overlap.example.com")
                        .set("ip_addresses", json("[\"10.0.0.1\", \"10.0.0.2\"]")),
                host(account).put("fqdn", "overlap.example.com").set("ip_addresses", json("[\"10.0.0.3\"]")));
        JsonNode stored = sent.get(0);
        JsonNode overlapping = sent.get(1);

        assertThat(overlapping.get("type").asText()).isEqualTo("created");
        assertThat(overlapping.at("/host/id")).isNotEqualTo(stored.at("/host/id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(2);
    }

    @Test
    void hostsOfAnotherAccountAreNeverMatched() {
        String insightsId = uuid();
        List<JsonNode> sent = ingestAll(
                host(newAccount()).put("insights_id", insightsId).put("fqdn", "shared.example.com"),
                host(newAccount()).put("insights_id", insightsId).put("fqdn", "shared.example.com"));
        JsonNode one = sent.get(0);
        JsonNode other = sent.get(1);

        assertThat(other.get("type").asText()).isEqualTo("created");
        assertThat(other.at("/host/id")).isNotEqualTo(one.at("/host/id"));
    }

    @Test
    void aCulledHostIsNotMatchedButAStaleWarningHostIs() {
        String account = newAccount();
        String culledInsightsId = uuid();
        String warningInsightsId = uuid();
        List<JsonNode> first = ingestAll(host(account).put("insights_id", culledInsightsId),
                host(account).put("insights_id", warningInsightsId));
        String culled = first.get(0).at("/host/id").asText();
        String warning = first.get(1).at("/host/id").asText();
        assertThat(service.execute("UPDATE hosts SET stale_timestamp = now() - interval '14 days 1 hour'"
                + " WHERE id = ?::uuid", culled)).isEqualTo(1);
        assertThat(service.execute("UPDATE hosts SET stale_timestamp = now() - interval '13 days'"
                + " WHERE id = ?::uuid", warning)).isEqualTo(1);

        List<JsonNode> second = ingestAll(host(account).put("insights_id", culledInsightsId),
                host(account).put("insights_id", warningInsightsId));
        JsonNode again = second.get(0);
        assertThat(again.get("type").asText()).isEqualTo("created");
        assertThat(again.at("/host/id").asText()).isNotEqualTo(culled);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND canonical_facts ->> 'insights_id' = ?",
                account, culledInsightsId)).as("the culled row stays until the reaper deletes it").isEqualTo(2);

        JsonNode warningAgain = second.get(1);
        assertThat(warningAgain.get("type").asText()).isEqualTo("updated");
        assertThat(warningAgain.at("/host/id").asText()).isEqualTo(warning);
    }

    @Test
    void upperCaseAndHyphenlessInsightsIdsDedupToOneHostStoredLowercaseHyphenated() {
        String account = newAccount();
        String canonical = uuid();
        String hyphenlessUpper = canonical.replace("-", "").toUpperCase();

        List<JsonNode> sent = ingestAll(host(account).put("insights_id", hyphenlessUpper),
                host(account).put("insights_id", "{" + canonical.toUpperCase() + "}"),
                host(account).put("insights_id", canonical));
        JsonNode first = sent.get(0);
        JsonNode second = sent.get(1);
        JsonNode third = sent.get(2);
        assertThat(first.get("type").asText()).isEqualTo("created");
        assertThat(first.at("/host/insights_id").asText()).isEqualTo(canonical);
        assertThat(second.get("type").asText()).isEqualTo("updated");
        assertThat(third.get("type").asText()).isEqualTo("updated");
        assertThat(second.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(third.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND canonical_facts ->> 'insights_id' = ?",
                account, canonical)).isEqualTo(1);
    }
}
