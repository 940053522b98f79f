package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RawTopicReader;
import io.hbi.inventory.support.RunningService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * provider_id and provider_type through both doors (later HBI's rules, decisions.md 11), and last_check_in
 * (decisions.md 13, 14): stored, shown on the host and its events, refused per host when broken, never part of the
 * dedup; last_check_in moves on every ingest (create and update, REST and Kafka) and not on a PATCH.
 */
class ProviderAndCheckInIT extends KafkaIngestTestSupport {

    /** POST /hosts of these hosts with the account's identity: the 207's items. */
    JsonNode post(String account, ObjectNode... hosts) {
        HttpResponse<String> response = service.postHosts(account, JSON.createArrayNode().addAll(List.of(hosts)).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        return RunningService.json(response).get("data");
    }

    JsonNode hostById(String account, String id) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + "/hosts/" + id,
                "x-rh-identity", Identities.of(account));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningService.json(response).at("/results/0");
    }

    /** The events-topic event of a REST change of this host, the {@code nth} (0-based) of them. */
    JsonNode restEvent(String id, int nth) {
        List<RawTopicReader.Record> records = events.await(r -> id.equals(r.requireJson().at("/host/id").asText()),
                nth + 1);
        return records.get(nth).requireJson();
    }

    static OffsetDateTime time(JsonNode value) {
        return OffsetDateTime.parse(value.asText());
    }

    @Test
    void overRestTheProviderIsStoredLowerCaseTypeShownAndOnTheEventAndCheckInIsTheCreation() {
        String account = newAccount();
        JsonNode result = post(account, host(account).put("fqdn", "rest-provider.example.com")
                .put("provider_id", "i-05d2313e6b9a42b16").put("provider_type", "AWS")).get(0);
        assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(201);
        JsonNode host = result.get("host");
        assertThat(host.get("provider_id").asText()).isEqualTo("i-05d2313e6b9a42b16");
        assertThat(host.get("provider_type").asText()).isEqualTo("aws");
        assertThat(host.get("last_check_in").asText()).isEqualTo(host.get("created").asText())
                .isEqualTo(host.get("updated").asText());
        assertThat(hostById(account, host.get("id").asText())).isEqualTo(host);

        JsonNode event = restEvent(host.get("id").asText(), 0);
        assertThat(event.get("type").asText()).isEqualTo("created");
        assertThat(event.at("/host/provider_id").asText()).isEqualTo("i-05d2313e6b9a42b16");
        assertThat(event.at("/host/provider_type").asText()).isEqualTo("aws");
        assertThat(event.at("/host/last_check_in").asText()).isEqualTo(host.get("last_check_in").asText());
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND canonical_facts ->> 'provider_id' IS NOT NULL",
                account)).as("not a canonical fact").isZero();
    }

    @Test
    void overRestABrokenPairIsThatHostsErrorAndNullIsNone() {
        String account = newAccount();
        JsonNode data = post(account,
                host(account).put("fqdn", "pair-1.example.com").put("provider_id", "i-1"),
                host(account).put("fqdn", "pair-2.example.com").put("provider_type", "gcp"),
                host(account).put("fqdn", "pair-3.example.com").put("provider_id", "i-3").put("provider_type", "oracle"),
                host(account).put("fqdn", "pair-4.example.com").put("provider_id", "  ").put("provider_type", "ibm"),
                host(account).put("fqdn", "pair-5.example.com").putNull("provider_id").putNull("provider_type"));
        for (int i = 0; i < 4; i++) {
            assertThat(data.get(i).get("status").asInt()).as(data.get(i).toString()).isEqualTo(400);
            assertThat(data.get(i).get("title").asText()).isEqualTo("Bad Request");
        }
        assertThat(data.get(0).get("detail").asText())
                .isEqualTo("{'_schema': ['provider_type and provider_id are both required.']}");
        assertThat(data.get(1).get("detail").asText())
                .isEqualTo("{'_schema': ['provider_type and provider_id are both required.']}");
        assertThat(data.get(2).get("detail").asText()).isEqualTo("{'_schema': ['Unknown Provider Type: \"oracle\"."
                + "  Valid provider types are: alibaba, aws, azure, discovery, gcp, ibm.']}");
        assertThat(data.get(3).get("detail").asText())
                .isEqualTo("{'_schema': ['Provider id can not be just blank, whitespaces or tabs']}");
        assertThat(data.get(4).get("status").asInt()).isEqualTo(201);
        assertThat(data.get(4).at("/host/provider_id").isNull()).isTrue();
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);

        HttpResponse<String> wrongType = service.postHosts(account, "[" + host(account).put("fqdn", "pair-6.example.com")
                .put("provider_id", 5).put("provider_type", "aws") + "]");
        assertThat(wrongType.statusCode()).as("the JSON types are the request schema's").isEqualTo(400);
        assertThat(RunningService.json(wrongType).get("detail").asText())
                .isEqualTo("5 is not of type 'string', 'null' - '0.provider_id'");
    }

    @Test
    void aProviderIdDoesNotChangeTheDedup() {
        String account = newAccount();
        JsonNode first = post(account, host(account).put("fqdn", "dedup-a.example.com")
                .put("provider_id", "i-same").put("provider_type", "aws")).get(0);
        JsonNode sameFactsOtherProvider = post(account, host(account).put("fqdn", "dedup-a.example.com")
                .put("provider_id", "vm-other").put("provider_type", "azure")).get(0);
        JsonNode otherFactsSameProvider = post(account, host(account).put("fqdn", "dedup-b.example.com")
                .put("provider_id", "i-same").put("provider_type", "aws")).get(0);

        assertThat(sameFactsOtherProvider.get("status").asInt()).as("the same canonical facts: the same host")
                .isEqualTo(200);
        assertThat(sameFactsOtherProvider.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(sameFactsOtherProvider.at("/host/provider_id").asText()).as("the pair replaced").isEqualTo("vm-other");
        assertThat(sameFactsOtherProvider.at("/host/provider_type").asText()).isEqualTo("azure");
        assertThat(otherFactsSameProvider.get("status").asInt()).as("other canonical facts: another host")
                .isEqualTo(201);
        assertThat(otherFactsSameProvider.at("/host/id")).isNotEqualTo(first.at("/host/id"));

        JsonNode withoutProvider = post(account, host(account).put("fqdn", "dedup-a.example.com")).get(0);
        assertThat(withoutProvider.at("/host/id")).isEqualTo(first.at("/host/id"));
        assertThat(withoutProvider.at("/host/provider_id").asText()).as("kept when not given").isEqualTo("vm-other");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(2);
    }

    @Test
    void lastCheckInMovesOnEveryIngestAndNotOnAPatch() {
        String account = newAccount();
        JsonNode created = post(account, host(account).put("fqdn", "checkin.example.com")).get(0).get("host");
        String id = created.get("id").asText();
        JsonNode reported = post(account, host(account).put("fqdn", "checkin.example.com")).get(0).get("host");
        assertThat(time(reported.get("last_check_in"))).isAfter(time(created.get("last_check_in")));
        assertThat(reported.get("last_check_in").asText()).isEqualTo(reported.get("updated").asText());

        HttpResponse<String> patched = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + service.settings().apiPrefix() + "/hosts/" + id))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"display_name\": \"renamed\"}")),
                "Content-Type", "application/json", "x-rh-identity", Identities.of(account));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode afterPatch = hostById(account, id);
        assertThat(afterPatch.get("display_name").asText()).isEqualTo("renamed");
        assertThat(time(afterPatch.get("updated"))).isAfter(time(reported.get("updated")));
        assertThat(afterPatch.get("last_check_in").asText()).as("a PATCH is not a check-in")
                .isEqualTo(reported.get("last_check_in").asText());
        JsonNode patchEvent = restEvent(id, 2);
        assertThat(patchEvent.at("/host/display_name").asText()).isEqualTo("renamed");
        assertThat(patchEvent.at("/host/last_check_in").asText()).isEqualTo(reported.get("last_check_in").asText());

        List<JsonNode> overKafka = ingestAll(host(account).put("fqdn", "checkin.example.com"));
        JsonNode kafkaHost = overKafka.get(0).get("host");
        assertThat(kafkaHost.get("id").asText()).isEqualTo(id);
        assertThat(time(kafkaHost.get("last_check_in"))).isAfter(time(afterPatch.get("last_check_in")));
        assertThat(kafkaHost.get("last_check_in").asText()).isEqualTo(kafkaHost.get("updated").asText());
        assertThat(hostById(account, id).get("last_check_in").asText()).isEqualTo(kafkaHost.get("last_check_in").asText());
    }

    @Test
    void overKafkaTheProviderIsStoredAndOnTheEventsAndABrokenPairIsAProcessingError() {
        String account = newAccount();
        List<JsonNode> sent = ingestAll(
                host(account).put("fqdn", "mq-provider.example.com").put("provider_id", "ocid1.instance.x")
                        .put("provider_type", "Alibaba"),
                host(account).put("fqdn", "mq-provider.example.com"));
        JsonNode created = sent.get(0);
        assertThat(created.get("type").asText()).isEqualTo("created");
        assertThat(created.at("/host/provider_id").asText()).isEqualTo("ocid1.instance.x");
        assertThat(created.at("/host/provider_type").asText()).isEqualTo("alibaba");
        assertThat(created.at("/host/last_check_in").asText()).isEqualTo(created.at("/host/created").asText());
        JsonNode updated = sent.get(1);
        assertThat(updated.get("type").asText()).isEqualTo("updated");
        assertThat(updated.at("/host/provider_type").asText()).isEqualTo("alibaba");
        assertThat(time(updated.at("/host/last_check_in"))).isAfterOrEqualTo(time(created.at("/host/last_check_in")))
                .isEqualTo(time(updated.at("/host/updated")));

        String broken = send(host(account).put("fqdn", "mq-broken.example.com").put("provider_type", "aws"));
        List<JsonNode> messages = trackerMessages(broken, 4);
        assertThat(messages).extracting(m -> m.get("status").asText())
                .containsExactly("received", "processing", "processing_error", "error");
        assertThat(messages.get(2).get("status_msg").asText()).contains("provider_type and provider_id are both required.");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(1);
    }
}
