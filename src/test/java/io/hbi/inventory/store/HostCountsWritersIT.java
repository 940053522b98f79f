package io.hbi.inventory.store;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.selection.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every writer of {@code hosts} keeps the maintained counts exact, because each writes through the table the triggers
 * watch: both ingestion doors (with tags, through Kafka), PATCH, the facts edits, DELETE /hosts and the reaper. After
 * each, GET /hosts and GET /tags answer what the row-counting queries answer, before and after the scheduled
 * compaction ({@code host-count-compaction} route) has folded the changes in.
 */
class HostCountsWritersIT {

    static final String A = "0000031";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_HOST_COUNTS_COMPACTION_INTERVAL_MS", "200"));

    @Test
    void everyWriterKeepsTheCountsExact() {
        // REST door: no tags
        HttpResponse<String> posted = service.postHosts(A, "[" + host("rest-1", "2099-01-01T00:00:00+00:00") + ", "
                + host("rest-2", "2099-01-01T00:00:00+00:00") + "]");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(207);
        // Kafka door: tags, and an update of a host that changes its tags
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers())) {
            String topic = service.env("KAFKA_HOST_INGRESS_TOPIC");
            writer.send(topic, message("mq-1", "2099-01-01T00:00:00+00:00",
                    "[{\"namespace\": \"insights-client\", \"key\": \"env\", \"value\": \"prod\"},"
                            + " {\"namespace\": null, \"key\": \"role\", \"value\": null}]"));
            writer.send(topic, message("mq-2", NOW.minusDays(10).toString(),
                    "[{\"namespace\": \"insights-client\", \"key\": \"env\", \"value\": \"prod\"}]"));
            writer.send(topic, message("mq-3", NOW.minusDays(20).toString(),
                    "[{\"namespace\": \"insights-client\", \"key\": \"env\", \"value\": \"dev\"}]"));
            await().atMost(Duration.ofSeconds(30)).until(() -> service.queryLong(
                    "SELECT count(*) FROM hosts WHERE account = ?", A) == 5);
            writer.send(topic, message("mq-1", "2099-01-01T00:00:00+00:00",
                    "{\"insights-client\": {\"env\": [\"stage\"]}}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> service.queryLong("SELECT count(*) FROM hosts"
                    + " WHERE account = ? AND tags @> '{\"insights-client\": {\"env\": [\"stage\"]}}'", A) == 1);
        }
        assertExactBeforeAndAfterCompaction(5, 3);

        String rest1 = id("rest-1");
        HttpResponse<String> patched = edit("PATCH", "/hosts/" + rest1, "{\"display_name\": \"renamed\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        service.execute("UPDATE hosts SET facts = '{\"ns\": {\"a\": 1}}' WHERE id = ?::uuid", rest1);
        assertThat(edit("PATCH", "/hosts/" + rest1 + "/facts/ns", "{\"b\": 2}").statusCode()).isEqualTo(200);
        assertThat(edit("PUT", "/hosts/" + rest1 + "/facts/ns", "{\"c\": 3}").statusCode()).isEqualTo(200);
        assertExactBeforeAndAfterCompaction(5, 3);

        HttpResponse<String> deleted = edit("DELETE", "/hosts/" + id("rest-2"), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertExactBeforeAndAfterCompaction(4, 2);

        // mq-3 is culled
        assertThat(service.service().hostReaper().reapCulled().deleted()).isEqualTo(1);
        assertExactBeforeAndAfterCompaction(3, 2);
    }

    /**
     * GET /hosts and GET /tags (default staleness: mq-2, stale_warning, and mq-3, culled, are left out) equal what
     * counting the rows gives, with changes pending and once the route compacted them.
     */
    private static void assertExactBeforeAndAfterCompaction(int hostRows, int listed) {
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", A)).isEqualTo(hostRows);
        assertSameAsCountingRows(listed);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.queryLong(
                "SELECT count(*) FROM host_count_deltas") == 0 && service.queryLong(
                "SELECT count(*) FROM host_tag_count_deltas") == 0);
        assertSameAsCountingRows(listed);
        assertThat(service.queryLong("SELECT count FROM host_counts WHERE tenant_kind = 'a' AND tenant = ?", A)).isEqualTo(hostRows);
    }

    /** The API's answers (from the counts) equal what the row-counting queries answer. */
    private static void assertSameAsCountingRows(int listed) {
        HostQueries recounted = new HostQueries(service.service().dataSource(), new HostRepository(RunningService.JSON),
                StalenessWindow.DEFAULT, false);
        Map<String, Set<State>> stalenessSets = Map.of(
                "", HostFilter.DEFAULT_STALENESS,
                "&staleness=fresh,unknown", EnumSet.of(State.FRESH, State.UNKNOWN),
                "&staleness=fresh,stale,stale_warning,unknown",
                EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING, State.UNKNOWN));
        for (Map.Entry<String, Set<State>> staleness : stalenessSets.entrySet()) {
            HostFilter filter = new HostFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), staleness.getValue(), false);
            Instant now = Instant.now();
            JsonNode hosts = get("/hosts?per_page=1" + staleness.getKey());
            assertThat(hosts.get("total").asLong()).as(staleness.getKey())
                    .isEqualTo(recounted.list(Tenant.ofAccount(A), filter, Ordering.DEFAULT, new PageRequest(1, 1), now).total());
            JsonNode tags = get("/tags?order_by=count" + staleness.getKey());
            List<String> answered = new ArrayList<>();
            tags.get("results").forEach(item -> answered.add(item.get("tag").toString() + "=" + item.get("count")));
            Page<TagCount> expected = recounted.tags(Tenant.ofAccount(A), filter, null, true, false, new PageRequest(1, 50), now);
            assertThat(answered).as(staleness.getKey()).isEqualTo(expected.items().stream().map(tag ->
                    "{\"namespace\":" + quoted(tag.namespace()) + ",\"key\":" + quoted(tag.key()) + ",\"value\":"
                            + quoted(tag.value()) + "}=" + tag.count()).toList());
            assertThat(tags.get("total").asLong()).isEqualTo(expected.total());
            if (staleness.getKey().isEmpty()) {
                assertThat(hosts.get("total").asLong()).isEqualTo(listed);
                assertThat(expected.items()).isNotEmpty();
            }
        }
    }

    static String quoted(String text) {
        return text == null ? "null" : RunningService.JSON.getNodeFactory().textNode(text).toString();
    }

    static String host(String name, String staleTimestamp) {
        return "{\"account\": \"" + A + "\", \"fqdn\": \"" + name + ".example.com\", \"stale_timestamp\": \""
                + staleTimestamp + "\", \"reporter\": \"puptoo\"}";
    }

    static String message(String name, String staleTimestamp, String tags) {
        return "{\"operation\": \"add_host\", \"data\": {\"account\": \"" + A + "\", \"fqdn\": \"" + name
                + ".example.com\", \"stale_timestamp\": \"" + staleTimestamp + "\", \"reporter\": \"puptoo\","
                + " \"tags\": " + tags + "}}";
    }

    static String id(String name) {
        JsonNode page = get("/hosts?fqdn=" + name + ".example.com");
        return page.get("results").get(0).get("id").asText();
    }

    static JsonNode get(String path) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + path,
                "x-rh-identity", Identities.of(A));
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static HttpResponse<String> edit(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix()
                + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return service.send(request, "Content-Type", "application/json", "x-rh-identity", Identities.of(A));
    }
}
