package io.hbi.inventory.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.events.EventHeaders;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PATCH /hosts/{ids} and the facts merge/replace (contract §1.7, decisions.md 1 and 6). */
class HostEditsIT {

    static final String A = "0000021";
    static final String B = "0000022";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("HOSTNAME", "inventory-api-5c8b-it"));

    static TopicReader events;

    @BeforeAll
    static void reader() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static UUID insert(String account, String facts, OffsetDateTime staleTimestamp) {
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, account, display_name, ansible_host, created_on, modified_on, facts,"
                + " canonical_facts, stale_timestamp, reporter) VALUES (?, ?, 'before', 'ansible-before', ?, ?, ?::jsonb,"
                + " ?::jsonb, ?, 'puptoo')", id, account, NOW.minusDays(1), NOW.minusDays(1), facts,
                "{\"fqdn\": \"shared.example.com\"}", staleTimestamp);
        return id;
    }

    static UUID insert(String account) {
        return insert(account, "{\"ns\": {\"a\": 1, \"b\": 2}, \"other\": {\"x\": true}}", NOW.plusDays(1));
    }

    static HttpResponse<String> send(String method, String account, String path, String body) {
        return send(method, account, path, body, "edit-request");
    }

    static HttpResponse<String> send(String method, String account, String path, String body, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return account == null ? service.send(request, "Content-Type", "application/json")
                : service.send(request, "Content-Type", "application/json", "x-rh-identity", Identities.of(account),
                "x-rh-insights-request-id", requestId);
    }

    static JsonNode row(UUID id) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + "/hosts/" + id,
                "x-rh-identity", Identities.of(A));
        return RunningService.json(response).get("results").get(0);
    }

    static String detail(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return RunningService.json(response).get("detail").asText();
    }

    static JsonNode json(String text) {
        try {
            return RunningService.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void patchSetsDisplayNameAndAnsibleHostAndEmitsTheHostAfterTheChange() {
        UUID id = insert(A);
        HttpResponse<String> response = send("PATCH", A, "/hosts/" + id, "{\"display_name\": \"after\", \"ansible_host\": \"\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("200");
        JsonNode host = row(id);
        assertThat(host.get("display_name").asText()).isEqualTo("after");
        assertThat(host.get("ansible_host").asText()).isEmpty();
        TopicReader.Record event = events.await(record -> record.key().equals(id.toString()), 1).get(0);
        assertThat(event.header("event_type")).isEqualTo("updated");
        assertThat(event.header("request_id")).isEqualTo("edit-request");
        assertThat(event.header("reporter")).isEqualTo("puptoo");
        JsonNode value = json(event.value());
        assertThat(value.get("host").get("display_name").asText()).isEqualTo("after");
        assertThat(value.get("host").get("org_id").isNull()).isTrue();
        assertThat(value.get("host").get("updated").asText()).isEqualTo(host.get("updated").asText());
        assertThat(value.get("platform_metadata").isNull()).isTrue();
        assertThat(value.get("metadata").get("request_id").asText()).isEqualTo("edit-request");
    }

    @Test
    void aHostAnOrgAdoptedShowsItsOrgAndItsEventCarriesItWithTheHeadersOfItsProfile() {
        // account A's host adopted by an org (decisions.md 10), on an edge bootc RHEL: what a 2020 caller of A sees
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, account, org_id, display_name, created_on, modified_on, canonical_facts,"
                + " system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, '0000021-org', 'before', ?, ?,"
                + " ?::jsonb, '{\"host_type\": \"edge\", \"operating_system\": {\"name\": \"RHEL\", \"major\": 9,"
                + " \"minor\": 4}, \"bootc_status\": {\"booted\": {\"image_digest\": \"sha256:abc\"}}}', ?, 'rhsm-conduit')",
                id, A, NOW.minusDays(1), NOW.minusDays(1), "{\"insights_id\": \"" + id + "\"}", NOW.plusDays(1));
        JsonNode before = row(id);
        assertThat(before.get("account").asText()).isEqualTo(A);
        assertThat(before.get("org_id").asText()).isEqualTo("0000021-org");

        assertThat(send("PATCH", A, "/hosts/" + id, "{\"display_name\": \"adopted\"}").statusCode()).isEqualTo(200);

        TopicReader.Record event = events.await(record -> record.key().equals(id.toString()), 1).get(0);
        JsonNode host = json(event.value()).get("host");
        assertThat(host.get("display_name").asText()).isEqualTo("adopted");
        assertThat(host.get("account").asText()).isEqualTo(A);
        assertThat(host.get("org_id").asText()).isEqualTo("0000021-org");
        assertThat(event.headers()).isEqualTo(Map.of("event_type", "updated", "request_id", "edit-request",
                "producer", "inventory-api-5c8b-it", "insights_id", id.toString(),
                "reporter", "rhsm-conduit", "host_type", "edge", "os_name", "RHEL", "is_bootc", "True"));
    }

    @Test
    void patchOfSomeUnknownIdsPatchesTheOthersAndOfNoneIs404() {
        UUID id = insert(A);
        assertThat(send("PATCH", A, "/hosts/" + id + "," + UUID.randomUUID(), "{\"display_name\": \"some\"}").statusCode())
                .isEqualTo(200);
        assertThat(row(id).get("display_name").asText()).isEqualTo("some");
        assertThat(detail(send("PATCH", A, "/hosts/" + UUID.randomUUID(), "{\"display_name\": \"x\"}"), 404)).isNotBlank();
    }

    @Test
    void patchValidation() {
        UUID id = insert(A);
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{}"), 400)).isEqualTo(HostEdits.EMPTY_PATCH);
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"unknown\": 1}"), 400)).isEqualTo(HostEdits.EMPTY_PATCH);
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"display_name\": \"\"}"), 400)).contains("display_name");
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"display_name\": \"" + "d".repeat(201) + "\"}"), 400))
                .contains("display_name");
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"ansible_host\": \"" + "a".repeat(256) + "\"}"), 400))
                .contains("ansible_host");
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"display_name\": null}"), 400)).contains("display_name");
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "null"), 400)).isEqualTo("Request body is not valid JSON");
        assertThat(detail(send("PATCH", A, "/hosts/" + id + "?bogus=1", "{\"display_name\": \"x\"}"), 400)).contains("bogus");
        assertThat(detail(send("PATCH", A, "/hosts/nope", "{\"display_name\": \"x\"}"), 400)).contains("host_id_list");
        assertThat(send("PATCH", A, "/hosts/" + id + "?branch_id=3", "{\"display_name\": \"x\"}").statusCode()).isEqualTo(200);
        assertThat(row(id).get("display_name").asText()).isEqualTo("x");
    }

    @Test
    void aCulledHostCannotBePatched() {
        UUID id = insert(A, "{}", NOW.minusDays(30));
        assertThat(detail(send("PATCH", A, "/hosts/" + id, "{\"display_name\": \"x\"}"), 404)).isNotBlank();
    }

    @Test
    void factsMergeKeepsOtherKeysAndReplaceSetsTheNamespaceExactly() {
        UUID id = insert(A);
        HttpResponse<String> merged = send("PATCH", A, "/hosts/" + id + "/facts/ns", "{\"b\": 3, \"c\": 4}");
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(merged.body()).isEqualTo("200");
        assertThat(row(id).get("facts").toString()).isEqualTo(
                "[{\"namespace\":\"ns\",\"facts\":{\"a\":1,\"b\":3,\"c\":4}},{\"namespace\":\"other\",\"facts\":{\"x\":true}}]");
        assertThat(send("PUT", A, "/hosts/" + id + "/facts/ns", "{\"only\": \"this\"}").statusCode()).isEqualTo(200);
        assertThat(row(id).get("facts").get(0).get("facts").toString()).isEqualTo("{\"only\":\"this\"}");
        assertThat(send("PUT", A, "/hosts/" + id + "/facts/ns", "{}").statusCode()).isEqualTo(200);
        assertThat(row(id).get("facts").get(0).get("facts").toString()).isEqualTo("{}");
        List<TopicReader.Record> updates = events.await(record -> record.key().equals(id.toString()), 3);
        assertThat(updates).allMatch(record -> "updated".equals(record.header("event_type")));
        assertThat(json(updates.get(2).value()).get("host").get("facts").get(0).get("facts").toString()).isEqualTo("{}");
    }

    @Test
    void factsRequireEveryHostToExistWithTheNamespace() {
        UUID one = insert(A);
        UUID two = insert(A);
        UUID without = insert(A, "{\"other\": {}}", NOW.plusDays(1));
        UUID theirs = insert(B);
        assertThat(detail(send("PATCH", A, "/hosts/" + one + "/facts/ns", "{}"), 400)).isEqualTo(HostEdits.EMPTY_MERGE);
        for (String ids : List.of(one + "," + UUID.randomUUID(), one + "," + without, one + "," + theirs, one + "," + one)) {
            assertThat(detail(send("PATCH", A, "/hosts/" + ids + "/facts/ns", "{\"z\": 1}"), 400))
                    .as(ids).isEqualTo(HostEdits.HOSTS_MISMATCH);
            assertThat(detail(send("PUT", A, "/hosts/" + ids + "/facts/ns", "{\"z\": 1}"), 400))
                    .as(ids).isEqualTo(HostEdits.HOSTS_MISMATCH);
        }
        assertThat(row(one).get("facts").get(0).get("facts").has("z")).isFalse();
        assertThat(send("PATCH", A, "/hosts/" + one + "," + two + "/facts/ns", "{\"z\": 1}").statusCode()).isEqualTo(200);
        assertThat(row(two).get("facts").get(0).get("facts").get("z").asInt()).isEqualTo(1);
        assertThat(detail(send("PATCH", A, "/hosts/" + one + "/facts/ns", "[1]"), 400)).isNotBlank();
    }

    @Test
    void deleteRemovesTheHostsWithOneDeleteEventEachAndReportsToThePayloadTracker() {
        UUID one = insert(A);
        UUID two = insert(A);
        UUID culledHost = insert(A, "{}", NOW.minusDays(30));
        try (TopicReader tracker = new TopicReader(service.bootstrapServers(), service.env("PAYLOAD_TRACKER_KAFKA_TOPIC"))) {
            HttpResponse<String> response = send("DELETE", A, "/hosts/" + one + "," + two + "," + culledHost, null,
                    "delete-request");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ANY (?)",
                    (Object) new UUID[] {one, two, culledHost})).isEqualTo(1);
            for (UUID id : List.of(one, two)) {
                TopicReader.Record event = events.await(record -> record.key().equals(id.toString())
                        && "delete".equals(record.header("event_type")), 1).get(0);
                JsonNode value = json(event.value());
                assertThat(value.get("type").asText()).isEqualTo("delete");
                assertThat(value.get("id").asText()).isEqualTo(id.toString());
                assertThat(value.get("account").asText()).isEqualTo(A);
                assertThat(value.get("org_id").isNull()).isTrue();
                assertThat(value.get("request_id").asText()).isEqualTo("delete-request");
                assertThat(event.header("request_id")).isEqualTo("delete-request");
                assertThat(event.header("insights_id")).as("no insights_id").isEqualTo(EventHeaders.NO_INSIGHTS_ID);
                assertThat(event.header("is_bootc")).isEqualTo("False");
            }
            List<TopicReader.Record> statuses = tracker.await(record -> record.value().contains("delete-request"), 6);
            assertThat(statuses).extracting(record -> json(record.value()).get("status").asText())
                    .containsExactly("received", "processing", "processing_success", "processing", "processing_success",
                            "success");
            assertThat(json(statuses.get(0).value()).get("status_msg").asText()).isEqualTo("delete operation");
        }
        HttpResponse<String> again = send("DELETE", A, "/hosts/" + one, null);
        assertThat(detail(again, 404)).isNotBlank();
        assertThat(detail(send("DELETE", A, "/hosts/" + one + ",", null), 400)).contains("host_id_list");
        assertThat(detail(send("DELETE", A, "/hosts/" + culledHost, null), 404)).isNotBlank();
    }

    @Test
    void editsNeedAnIdentityAndNeverReachAnotherAccount() {
        UUID mine = insert(A);
        assertThat(detail(send("PATCH", null, "/hosts/" + mine, "{\"display_name\": \"x\"}"), 401)).isNotBlank();
        assertThat(detail(send("PATCH", null, "/hosts/" + mine + "/facts/ns", "{\"z\": 1}"), 401)).isNotBlank();
        assertThat(detail(send("PUT", null, "/hosts/" + mine + "/facts/ns", "{\"z\": 1}"), 401)).isNotBlank();
        assertThat(detail(send("DELETE", null, "/hosts/" + mine, null), 401)).isNotBlank();
        assertThat(detail(send("DELETE", B, "/hosts/" + mine, null), 404)).isNotBlank();
        assertThat(detail(send("PATCH", B, "/hosts/" + mine, "{\"display_name\": \"stolen\"}"), 404)).isNotBlank();
        assertThat(detail(send("PATCH", B, "/hosts/" + mine + "/facts/ns", "{\"z\": 1}"), 400)).isNotBlank();
        assertThat(detail(send("PUT", B, "/hosts/" + mine + "/facts/ns", "{\"z\": 1}"), 400)).isNotBlank();
        assertThat(row(mine).get("display_name").asText()).isEqualTo("before");
        assertThat(row(mine).get("facts").get(0).get("facts").has("z")).isFalse();
    }
}
