package io.hbi.inventory.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a {@code tags} filter is decoded, over HTTP (contract §1.2, §1.4): the query string decodes each value once,
 * the tag is split on {@code /} and {@code =}, then each part is percent-decoded again with {@code +} kept as a plus.
 * The hosts are created over Kafka, the only door that takes tags.
 */
class TagQueryDecodingIT {

    static final String ACCOUNT = "0000071";
    static final String WHITESPACE = " \t\n\r\f\u000b";
    static final String WHITESPACE_ENCODED = "%20%09%0A%0D%0C%0B";

    @RegisterExtension
    static RunningService service = RunningService.start();

    /** fqdn → host id. */
    static final Map<String, String> IDS = new HashMap<>();

    @BeforeAll
    static void taggedHosts() {
        List<String> messages = new ArrayList<>();
        messages.add(addHost("special.example.com", ";?:@&+$", "-_.!~*'()'", "#"));
        messages.add(addHost("whitespace.example.com", WHITESPACE, WHITESPACE, WHITESPACE));
        messages.add(addHost("separators.example.com", ";,/?:@&=+$", "-_.!~*'()", "#"));
        messages.add(addHost("plus.example.com", "a+b", "k", "v"));
        messages.add(addHost("space.example.com", "a b", "k", "v"));
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers())) {
            for (String message : messages) {
                writer.send(service.env("KAFKA_HOST_INGRESS_TOPIC"), message);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", ACCOUNT) == messages.size());
        for (JsonNode host : ok("/hosts").get("results")) {
            IDS.put(host.get("fqdn").asText(), host.get("id").asText());
        }
        assertThat(IDS).hasSize(messages.size());
    }

    static String addHost(String fqdn, String namespace, String key, String value) {
        ObjectNode message = RunningService.JSON.createObjectNode().put("operation", "add_host");
        ObjectNode data = message.putObject("data").put("account", ACCOUNT).put("fqdn", fqdn)
                .put("stale_timestamp", "2099-01-01T00:00:00+00:00").put("reporter", "puptoo");
        data.putArray("tags").addObject().put("namespace", namespace).put("key", key).put("value", value);
        return message.toString();
    }

    static JsonNode ok(String pathAndQuery) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + pathAndQuery, "x-rh-identity",
                Identities.of(ACCOUNT));
        assertThat(response.statusCode()).as(pathAndQuery + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    /** The fqdns of the hosts GET /hosts finds with this raw tags value. */
    static List<String> hostsTagged(String rawTags) {
        List<String> fqdns = new ArrayList<>();
        ok("/hosts?tags=" + rawTags).get("results").forEach(host -> fqdns.add(host.get("fqdn").asText()));
        return fqdns;
    }

    /** The tags GET /tags counts among the hosts with this raw tags value: "namespace/key=value count". */
    static List<String> accountTagsOfHostsTagged(String rawTags) {
        List<String> tags = new ArrayList<>();
        ok("/tags?tags=" + rawTags).get("results").forEach(item -> tags.add(item.at("/tag/namespace").asText() + "/"
                + item.at("/tag/key").asText() + "=" + item.at("/tag/value").asText() + " " + item.get("count").asInt()));
        return tags;
    }

    @Test
    void aTagOfSpecialCharactersIsFoundWithEachPartPercentEncodedOnce() {
        String separatorsKept = "%3B%3F%3A%40%26%2B%24/-_.%21~%2A%27%28%29%27=%23";
        assertThat(hostsTagged(separatorsKept)).containsExactly("special.example.com");
        assertThat(accountTagsOfHostsTagged(separatorsKept)).containsExactly(";?:@&+$/-_.!~*'()'=# 1");
        // Python's quote() of the whole tag: the '=' separator encoded as well, which the query string decodes first
        assertThat(hostsTagged("%3B%3F%3A%40%26%2B%24/-_.%21~%2A%27%28%29%27%3D%23")).containsExactly("special.example.com");
        // only what the query string itself needs encoded: '&', '+' (a space otherwise) and '#'
        assertThat(hostsTagged(";?:@%26%2B$/-_.!~*'()'=%23")).containsExactly("special.example.com");
    }

    @Test
    void aTagWhosePartsAreWhitespaceOnlyIsFound() {
        String tag = WHITESPACE_ENCODED + "/" + WHITESPACE_ENCODED + "=" + WHITESPACE_ENCODED;
        assertThat(hostsTagged(tag)).containsExactly("whitespace.example.com");
        assertThat(accountTagsOfHostsTagged(tag)).containsExactly(WHITESPACE + "/" + WHITESPACE + "=" + WHITESPACE + " 1");
    }

    @Test
    void aPlusInAPartIsAPlusNotASpace() {
        assertThat(hostsTagged("a%2Bb/k=v")).containsExactly("plus.example.com");
        assertThat(hostsTagged("a%20b/k=v")).containsExactly("space.example.com");
        assertThat(hostsTagged("a%252Bb/k=v")).as("encoded twice").containsExactly("plus.example.com");
    }

    @Test
    void slashEqualsAndCommaInsideAPartAreEncodedTwice() {
        // quote(quote(namespace, safe="") + "/" + quote(key, safe="") + "=" + quote(value, safe=""))
        String tag = "%253B%252C%252F%253F%253A%2540%2526%253D%252B%2524/-_.%2521~%252A%2527%2528%2529%3D%2523";
        assertThat(hostsTagged(tag)).containsExactly("separators.example.com");
        assertThat(accountTagsOfHostsTagged(tag)).containsExactly(";,/?:@&=+$/-_.!~*'()=# 1");
    }
}
