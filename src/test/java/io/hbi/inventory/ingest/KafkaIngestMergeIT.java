package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge rules of an update over Kafka (contract §3.5–§3.8, §4 step 4): display name and its reporters, ansible
 * host, facts namespaces, tags in both input forms, the system profile's shallow merge, stale timestamp and reporter.
 */
class KafkaIngestMergeIT extends KafkaIngestTestSupport {

    @Test
    void displayNameDefaultsToTheFqdnElseTheId() {
        List<JsonNode> sent = ingestAll(host(newAccount()).put("fqdn", "named.example.com"),
                host(newAccount()).put("insights_id", uuid()));
        JsonNode withFqdn = sent.get(0);
        assertThat(withFqdn.at("/host/display_name").asText()).isEqualTo("named.example.com");

        JsonNode withoutFqdn = sent.get(1);
        assertThat(withoutFqdn.at("/host/display_name").asText()).isEqualTo(withoutFqdn.at("/host/id").asText());
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND display_name = ?",
                withoutFqdn.at("/host/id").asText(), withoutFqdn.at("/host/id").asText())).isEqualTo(1);
    }

    @Test
    void yupanaAndRhsmConduitUpdatesNeverChangeTheDisplayNameButOtherReportersDo() {
        String account = newAccount();
        String insightsId = uuid();
        List<JsonNode> sent = ingestAll(
                host(account).put("insights_id", insightsId).put("display_name", "original"),
                host(account).put("insights_id", insightsId).put("display_name", "from-yupana")
                        .put("reporter", "yupana").put("ansible_host", "ansible-yupana"),
                host(account).put("insights_id", insightsId).put("display_name", "from-conduit")
                        .put("reporter", "rhsm-conduit"),
                host(account).put("insights_id", insightsId).put("display_name", "from-puptoo"));
        JsonNode yupana = sent.get(1);
        assertThat(yupana.at("/host/display_name").asText()).isEqualTo("original");
        assertThat(yupana.at("/host/reporter").asText()).isEqualTo("yupana");
        assertThat(yupana.at("/host/ansible_host").asText()).as("other fields still updated").isEqualTo("ansible-yupana");

        JsonNode conduit = sent.get(2);
        assertThat(conduit.at("/host/display_name").asText()).isEqualTo("original");
        assertThat(conduit.at("/host/reporter").asText()).isEqualTo("rhsm-conduit");

        JsonNode puptoo = sent.get(3);
        assertThat(puptoo.at("/host/display_name").asText()).isEqualTo("from-puptoo");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND display_name = 'from-puptoo'",
                account)).isEqualTo(1);
    }

    @Test
    void anUpdateWithoutDisplayNameKeepsIt() {
        String account = newAccount();
        String insightsId = uuid();
        JsonNode updated = ingestAll(
                host(account).put("insights_id", insightsId).put("display_name", "kept").put("fqdn", "x.example.com"),
                host(account).put("insights_id", insightsId).put("fqdn", "y.example.com")).get(1);
        assertThat(updated.get("type").asText()).isEqualTo("updated");
        assertThat(updated.at("/host/display_name").asText()).isEqualTo("kept");
    }

    @Test
    void anEmptyAnsibleHostClearsItAndAMissingOneKeepsIt() {
        String account = newAccount();
        String insightsId = uuid();
        List<JsonNode> sent = ingestAll(
                host(account).put("insights_id", insightsId).put("ansible_host", "ansible.example.com"),
                host(account).put("insights_id", insightsId),
                host(account).put("insights_id", insightsId).put("ansible_host", ""));
        JsonNode created = sent.get(0);
        assertThat(created.at("/host/ansible_host").asText()).isEqualTo("ansible.example.com");

        JsonNode kept = sent.get(1);
        assertThat(kept.at("/host/ansible_host").asText()).isEqualTo("ansible.example.com");

        JsonNode cleared = sent.get(2);
        assertThat(cleared.at("/host/ansible_host").isTextual()).isTrue();
        assertThat(cleared.at("/host/ansible_host").asText()).isEmpty();
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND ansible_host = ''", account))
                .isEqualTo(1);
    }

    @Test
    void factsNamespacesGivenReplaceTheStoredOnesAndOthersAreKept() {
        String account = newAccount();
        String insightsId = uuid();
        ObjectNode first = host(account).put("insights_id", insightsId);
        first.set("facts", json("[{\"namespace\": \"ns1\", \"facts\": {\"a\": 1, \"b\": {\"deep\": [1, 2]}}},"
                + " {\"namespace\": \"ns2\", \"facts\": {\"c\": \"3\"}}]"));
        ObjectNode second = host(account).put("insights_id", insightsId);
        second.set("facts", json("[{\"namespace\": \"ns1\", \"facts\": {\"z\": true}}]"));
        List<JsonNode> sent = ingestAll(first, second, host(account).put("insights_id", insightsId));
        String id = sent.get(0).at("/host/id").asText();
        JsonNode updated = sent.get(1);

        assertThat(factsByNamespace(updated.at("/host/facts"))).isEqualTo(
                json("{\"ns1\": {\"z\": true}, \"ns2\": {\"c\": \"3\"}}"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND facts = ?::jsonb", id,
                "{\"ns1\": {\"z\": true}, \"ns2\": {\"c\": \"3\"}}")).isEqualTo(1);

        JsonNode noFacts = sent.get(2);
        assertThat(factsByNamespace(noFacts.at("/host/facts"))).as("no facts input: no change").isEqualTo(
                json("{\"ns1\": {\"z\": true}, \"ns2\": {\"c\": \"3\"}}"));
    }

    @Test
    void tagsAreAcceptedAsAStructuredList() {
        ObjectNode data = host(newAccount()).put("insights_id", uuid());
        data.set("tags", json("[{\"namespace\": \"insights-client\", \"key\": \"env\", \"value\": \"prod\"},"
                + " {\"namespace\": \"insights-client\", \"key\": \"env\", \"value\": \"prod\"},"
                + " {\"namespace\": null, \"key\": \"bare\"},"
                + " {\"namespace\": \"\", \"key\": \"k2\", \"value\": \"v2\"},"
                + " {\"namespace\": \"null\", \"key\": \"k3\", \"value\": null}]"));
        JsonNode created = ingestAll(data).get(0);

        assertThat(renderedTags(created)).containsExactlyInAnyOrder("insights-client/env/prod", "null/bare/null",
                "null/k2/v2", "null/k3/null");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND tags = ?::jsonb",
                created.at("/host/id").asText(),
                "{\"insights-client\": {\"env\": [\"prod\"]}, \"null\": {\"bare\": [], \"k2\": [\"v2\"], \"k3\": []}}"))
                .isEqualTo(1);
    }

    @Test
    void tagsAreAcceptedAsANestedObjectAndEmptyNamespacesAreDroppedOnCreate() {
        ObjectNode data = host(newAccount()).put("insights_id", uuid());
        data.set("tags", json("{\"NS1\": {\"k\": [\"v1\", \"v2\", \"v1\", \"\", null], \"k2\": []},"
                + " \"NS2\": null, \"NS3\": {}}"));
        JsonNode created = ingestAll(data).get(0);

        assertThat(renderedTags(created)).containsExactlyInAnyOrder("NS1/k/v1", "NS1/k/v2", "NS1/k2/null");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND tags = ?::jsonb",
                created.at("/host/id").asText(), "{\"NS1\": {\"k\": [\"v1\", \"v2\"], \"k2\": []}}")).isEqualTo(1);
    }

    @Test
    void tagUpdatesReplaceGivenNamespacesDeleteEmptyOnesAndKeepTheRest() {
        String account = newAccount();
        String insightsId = uuid();
        ObjectNode first = host(account).put("insights_id", insightsId);
        first.set("tags", json("{\"A\": {\"a\": [\"1\"]}, \"B\": {\"b\": [\"2\"]}, \"C\": {\"c\": [\"3\"]},"
                + " \"D\": {\"d\": [\"4\"]}}"));
        ObjectNode second = host(account).put("insights_id", insightsId);
        second.set("tags", json("{\"A\": {\"a2\": [\"x\"]}, \"B\": {}, \"C\": null}"));
        List<ObjectNode> updates = new ArrayList<>(List.of(first, second, host(account).put("insights_id", insightsId)));
        List<String> nothings = List.of("null", "[]", "{}");
        for (String nothing : nothings) {
            ObjectNode empty = host(account).put("insights_id", insightsId);
            empty.set("tags", json(nothing));
            updates.add(empty);
        }
        ObjectNode list = host(account).put("insights_id", insightsId);
        list.set("tags", json("[{\"namespace\": \"D\", \"key\": \"d2\", \"value\": \"5\"}]"));
        updates.add(list);
        List<JsonNode> sent = ingestAll(updates.toArray(ObjectNode[]::new));
        String id = sent.get(0).at("/host/id").asText();
        assertThat(renderedTags(sent.get(0))).containsExactlyInAnyOrder("A/a/1", "B/b/2", "C/c/3", "D/d/4");

        JsonNode updated = sent.get(1);
        assertThat(renderedTags(updated)).containsExactlyInAnyOrder("A/a2/x", "D/d/4");

        JsonNode noTagsKey = sent.get(2);
        assertThat(renderedTags(noTagsKey)).as("no tags key: no change").containsExactlyInAnyOrder("A/a2/x", "D/d/4");

        for (int i = 0; i < nothings.size(); i++) {
            assertThat(renderedTags(sent.get(3 + i))).as("tags: %s changes nothing", nothings.get(i))
                    .containsExactlyInAnyOrder("A/a2/x", "D/d/4");
        }

        JsonNode listUpdate = sent.get(6);
        assertThat(renderedTags(listUpdate)).containsExactlyInAnyOrder("A/a2/x", "D/d2/5");
        assertThat(storedTags(id)).isEqualTo(json("{\"A\": {\"a2\": [\"x\"]}, \"D\": {\"d2\": [\"5\"]}}"));
    }

    @Test
    void theSystemProfileIsShallowMergedOnUpdate() {
        String account = newAccount();
        String insightsId = uuid();
        ObjectNode first = host(account).put("insights_id", insightsId);
        first.set("system_profile", json("{\"arch\": \"x86_64\", \"number_of_cpus\": 2, \"os_release\": \"8.1\","
                + " \"network_interfaces\": [{\"name\": \"eth0\", \"mtu\": 1500}, {\"name\": \"eth1\"}]}"));
        ObjectNode second = host(account).put("insights_id", insightsId);
        second.set("system_profile", json("{\"number_of_cpus\": 4, \"cpu_flags\": [\"sse\"],"
                + " \"network_interfaces\": [{\"name\": \"eth9\"}]}"));
        // the first stored before the updates: they merge into the host as the database holds it, read without the
        // fields the update replaces
        String id = ingestAll(first).get(0).at("/host/id").asText();
        List<JsonNode> sent = ingestAll(second, host(account).put("insights_id", insightsId));
        JsonNode updated = sent.get(0);

        JsonNode expected = json("{\"arch\": \"x86_64\", \"number_of_cpus\": 4, \"os_release\": \"8.1\","
                + " \"cpu_flags\": [\"sse\"], \"network_interfaces\": [{\"name\": \"eth9\"}]}");
        assertThat(updated.at("/host/system_profile")).isEqualTo(expected);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND system_profile_facts = ?::jsonb",
                id, expected.toString())).isEqualTo(1);

        JsonNode without = sent.get(1);
        assertThat(without.at("/host/system_profile")).as("no profile input: no change").isEqualTo(expected);
    }

    @Test
    void rhsmAndWorkloadsAreMergedKeyByKeyOnUpdateAndOtherObjectsReplaced() {
        String account = newAccount();
        String insightsId = uuid();
        ObjectNode first = host(account).put("insights_id", insightsId);
        first.set("system_profile", json("{\"arch\": \"x86_64\","
                + " \"rhsm\": {\"version\": \"8.1\", \"environment_ids\": [\"e1\"]},"
                + " \"workloads\": {\"sap\": {\"sap_system\": true, \"sids\": [\"ABC\"]},"
                + " \"ansible\": {\"hub_version\": \"1.2\"}},"
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 4},"
                + " \"system_purpose\": {\"role\": \"Server\", \"sla\": \"Premium\"}}"));
        ObjectNode second = host(account).put("insights_id", insightsId);
        second.set("system_profile", json("{\"rhsm\": {\"version\": \"9.2\"},"
                + " \"workloads\": {\"sap\": {\"sap_system\": false}, \"mssql\": {\"version\": \"15.2.0\"}},"
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 2},"
                + " \"system_purpose\": {\"usage\": \"Production\"}}"));
        String id = ingestAll(first).get(0).at("/host/id").asText();
        JsonNode update = ingestAll(second).get(0);
        assertThat(update.at("/host/id").asText()).isEqualTo(id);

        JsonNode expected = json("{\"arch\": \"x86_64\","
                + " \"rhsm\": {\"version\": \"9.2\", \"environment_ids\": [\"e1\"]},"
                + " \"workloads\": {\"sap\": {\"sap_system\": false}, \"ansible\": {\"hub_version\": \"1.2\"},"
                + " \"mssql\": {\"version\": \"15.2.0\"}},"
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 2},"
                + " \"system_purpose\": {\"usage\": \"Production\"}}");
        assertThat(update.at("/host/system_profile")).isEqualTo(expected);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND system_profile_facts = ?::jsonb",
                id, expected.toString())).as("the stored row").isEqualTo(1);
    }

    @Test
    void staleTimestampAndReporterAreAlwaysOverwritten() {
        String account = newAccount();
        String insightsId = uuid();
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).withNano(0);
        OffsetDateTime earlier = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).withNano(0);
        List<JsonNode> sent = ingestAll(
                host(account).put("insights_id", insightsId).put("stale_timestamp", later.toString())
                        .put("reporter", "puptoo"),
                host(account).put("insights_id", insightsId).put("stale_timestamp", earlier.toString())
                        .put("reporter", "cloud-connector"));
        String id = sent.get(0).at("/host/id").asText();
        JsonNode updated = sent.get(1);
        assertThat(updated.get("type").asText()).isEqualTo("updated");

        assertThat(OffsetDateTime.parse(updated.at("/host/stale_timestamp").asText()).toInstant())
                .isEqualTo(earlier.toInstant());
        assertThat(updated.at("/host/reporter").asText()).isEqualTo("cloud-connector");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid AND stale_timestamp = ?::timestamptz"
                + " AND reporter = 'cloud-connector'", id, earlier.toString())).isEqualTo(1);
    }
}
