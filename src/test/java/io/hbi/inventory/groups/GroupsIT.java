package io.hbi.inventory.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.store.HostCounts;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.store.WriteFailures;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import io.hbi.inventory.support.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Groups (issue 15; decisions.md 12, hbi-later.md §L4) against the real database and broker: every endpoint's statuses
 * and error texts, the one-group rule (a host added to another group moves, also when two requests move it at the same
 * moment), the updated event of every host whose group changes or is renamed (renames a batch per transaction: the
 * service runs with batches of 3), the group filters and ordering of the host list, GET /tags and the facets, and
 * host_count (culled members left out, exact under concurrent changes). Each test uses an org of its own.
 */
class GroupsIT {

    static final int BATCH = 3;
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_GROUP_BATCH_SIZE", String.valueOf(BATCH)));

    static TopicReader events;

    @BeforeAll
    static void reader() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** A host of the org (or, with a null org, of the account), inserted as the service stores it. */
    static UUID host(String org, String account, String displayName, OffsetDateTime staleTimestamp) {
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, ?, ?, ?, ?,"
                        + " '{\"ns\": {\"team\": [\"red\"]}}', ?::jsonb,"
                        + " '{\"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4}}', ?, 'puptoo')",
                id, org, account, displayName, NOW.minusDays(1), NOW.minusDays(1),
                "{\"fqdn\": \"" + displayName + ".example.com\"}", staleTimestamp);
        return id;
    }

    static UUID host(String org, String displayName) {
        return host(org, null, displayName, NOW.plusDays(1));
    }

    static List<UUID> hosts(String org, int count) {
        return IntStream.range(0, count).mapToObj(i -> host(org, "h" + i)).toList();
    }

    static String org(String name) {
        return TodaysIdentities.user(name);
    }

    static HttpResponse<String> call(String identity, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + service.settings().apiPrefix() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return service.send(request, "x-rh-identity", identity, "Content-Type", "application/json",
                "x-rh-insights-request-id", "groups-it");
    }

    static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : RunningService.json(response);
    }

    static JsonNode get(String identity, String path) {
        return ok(call(identity, "GET", path, null), 200);
    }

    static String problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = RunningService.json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body.get("detail").asText();
    }

    static String ids(List<UUID> ids) {
        return "[" + String.join(", ", ids.stream().map(id -> "\"" + id + "\"").toList()) + "]";
    }

    static JsonNode create(String identity, String name, List<UUID> hosts) {
        return ok(call(identity, "POST", "/groups", "{\"name\": \"" + name + "\", \"host_ids\": " + ids(hosts) + "}"),
                201);
    }

    static List<String> hostIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(host -> ids.add(host.get("id").asText()));
        return ids;
    }

    static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("results").forEach(group -> names.add(group.get("name").asText()));
        return names;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The updated events of a host seen so far, oldest first. */
    static List<JsonNode> eventsOf(UUID host) {
        return events.seen().stream().filter(record -> record.key().equals(host.toString()))
                .map(record -> json(record.value())).toList();
    }

    /** Waits for the host's events until one shows these groups ({@code []} or {@code [name]}); returns it. */
    static JsonNode awaitEvent(UUID host, List<String> groupNames) {
        List<TopicReader.Record> found = events.await(record -> record.key().equals(host.toString())
                && groupNames(json(record.value()).get("host")).equals(groupNames), 1);
        return json(found.get(found.size() - 1).value());
    }

    static List<String> groupNames(JsonNode host) {
        List<String> names = new ArrayList<>();
        host.get("groups").forEach(group -> names.add(group.get("name").asText()));
        return names;
    }

    static JsonNode json(String text) {
        try {
            return RunningService.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static long members(String group) {
        return service.queryLong("SELECT count(*) FROM hosts WHERE group_id = ?", UUID.fromString(group));
    }

    // ---------------------------------------------------------------------------------------------- black box

    @Test
    void aGroupWithTwoHostsIsFoundByNameAndTheRestByAnEmptyName() {
        String me = org("g-box");
        List<UUID> grouped = hosts("g-box", 2);
        UUID other = host("g-box", "other");

        JsonNode group = create(me, "Web Servers", grouped);
        assertThat(group.get("name").asText()).isEqualTo("Web Servers");
        assertThat(group.get("org_id").asText()).isEqualTo("g-box");
        assertThat(group.get("account").isNull()).isTrue();
        assertThat(group.get("ungrouped").asBoolean()).isFalse();
        assertThat(group.get("host_count").asInt()).isEqualTo(2);
        assertThat(group.get("created").asText()).isEqualTo(group.get("updated").asText()).endsWith("+00:00");

        for (UUID id : grouped) {
            JsonNode event = awaitEvent(id, List.of("Web Servers"));
            assertThat(event.get("type").asText()).isEqualTo("updated");
            assertThat(event.at("/host/groups/0")).isEqualTo(json("{\"id\": \"" + group.get("id").asText()
                    + "\", \"name\": \"Web Servers\", \"ungrouped\": false}"));
            assertThat(event.at("/metadata/request_id").asText()).isEqualTo("groups-it");
            assertThat(eventsOf(id)).as("one event per host").hasSize(1);
        }
        assertThat(eventsOf(other)).isEmpty();

        for (String name : List.of("Web Servers", "web servers", "WEB SERVERS")) {
            JsonNode page = get(me, "/hosts?group_name=" + encode(name));
            assertThat(hostIds(page)).as(name).containsExactlyInAnyOrderElementsOf(
                    grouped.stream().map(UUID::toString).toList());
            assertThat(page.get("total").asInt()).isEqualTo(2);
        }
        assertThat(get(me, "/hosts?group_name=Web").get("total").asInt()).as("exact, not a substring").isZero();
        assertThat(hostIds(get(me, "/hosts?group_name="))).containsExactly(other.toString());
        assertThat(get(me, "/hosts?group_name=&group_name=" + encode("Web Servers")).get("total").asInt()).isEqualTo(3);
        assertThat(get(me, "/hosts?group_name=," + encode("web servers")).get("total").asInt()).isEqualTo(3);
        assertThat(hostIds(get(me, "/hosts?group_id=" + group.get("id").asText())))
                .containsExactlyInAnyOrderElementsOf(grouped.stream().map(UUID::toString).toList());
        assertThat(get(me, "/hosts?group_id=" + group.get("id").asText() + "&group_name=").get("total").asInt())
                .as("both filters must hold").isZero();
        assertThat(problem(call(me, "GET", "/hosts?group_id=nope", null), 400)).contains("group_id");

        // every REST host shows its group; an ungrouped host []
        JsonNode byId = get(me, "/hosts/" + grouped.get(0) + "," + other);
        for (JsonNode host : byId.get("results")) {
            if (host.get("id").asText().equals(other.toString())) {
                assertThat(host.get("groups").size()).isZero();
            } else {
                JsonNode shown = host.get("groups").get(0);
                assertThat(host.get("groups").size()).isEqualTo(1);
                assertThat(shown.get("id").asText()).isEqualTo(group.get("id").asText());
                assertThat(shown.get("name").asText()).isEqualTo("Web Servers");
                assertThat(shown.get("org_id").asText()).isEqualTo("g-box");
                assertThat(shown.get("ungrouped").asBoolean()).isFalse();
                assertThat(shown.get("updated").asText()).isEqualTo(group.get("updated").asText());
                assertThat(shown.has("host_count")).isFalse();
            }
        }
        JsonNode groupHosts = get(me, "/groups/" + group.get("id").asText() + "/hosts?order_by=display_name");
        assertThat(groupHosts.get("total").asInt()).isEqualTo(2);
        assertThat(groupHosts.at("/results/0/display_name").asText()).isEqualTo("h0");
        assertThat(get(me, "/groups/" + group.get("id").asText() + "/hosts?display_name=h1").get("total").asInt())
                .isEqualTo(1);
        assertThat(get(me, "/groups/" + group.get("id").asText() + "/hosts?"
                + encode("fields[system_profile]") + "=operating_system").at("/results/0/system_profile/operating_system/major")
                .asInt()).isEqualTo(9);
    }

    @Test
    void aHostAddedToAnotherGroupMovesWithOneEventAndBothCountsFollow() {
        String me = org("g-move");
        List<UUID> hosts = hosts("g-move", 2);
        JsonNode g = create(me, "g", hosts);
        JsonNode h = create(me, "h", List.of());
        assertThat(h.get("host_count").asInt()).isZero();
        awaitEvent(hosts.get(0), List.of("g"));

        JsonNode moved = ok(call(me, "POST", "/groups/" + h.get("id").asText() + "/hosts", ids(List.of(hosts.get(0)))),
                200);
        assertThat(moved.get("id").asText()).isEqualTo(h.get("id").asText());
        assertThat(moved.get("host_count").asInt()).isEqualTo(1);
        assertThat(OffsetDateTime.parse(moved.get("updated").asText()))
                .isAfter(OffsetDateTime.parse(h.get("updated").asText()));
        JsonNode event = awaitEvent(hosts.get(0), List.of("h"));
        assertThat(event.at("/host/groups/0/id").asText()).isEqualTo(h.get("id").asText());
        assertThat(eventsOf(hosts.get(0))).as("created into g, moved to h").hasSize(2);
        assertThat(members(g.get("id").asText())).isEqualTo(1);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ? AND group_id IS NOT NULL", hosts.get(0))).isEqualTo(1);

        JsonNode list = get(me, "/groups?order_by=name");
        assertThat(names(list)).containsExactly("g", "h");
        list.get("results").forEach(group -> assertThat(group.get("host_count").asInt()).isEqualTo(1));
        JsonNode gNow = get(me, "/groups/" + g.get("id").asText()).get("results").get(0);
        assertThat(OffsetDateTime.parse(gNow.get("updated").asText()))
                .as("a group a host left is changed too").isAfter(OffsetDateTime.parse(g.get("updated").asText()));

        // adding a host to the group it is in changes nothing, and announces nothing
        long before = eventsOf(hosts.get(0)).size();
        JsonNode again = ok(call(me, "POST", "/groups/" + h.get("id").asText() + "/hosts",
                ids(List.of(hosts.get(0)))), 200);
        assertThat(again.get("updated").asText()).isEqualTo(moved.get("updated").asText());
        assertThat(again.get("host_count").asInt()).isEqualTo(1);
        UUID marker = host("g-move", "marker");
        ok(call(me, "POST", "/groups/" + h.get("id").asText() + "/hosts", ids(List.of(marker))), 200);
        awaitEvent(marker, List.of("h"));
        assertThat(eventsOf(hosts.get(0))).hasSize((int) before);
    }

    @Test
    void patchRenamesAndReplacesTheHostsAndAnEmptyListEmptiesTheGroup() {
        String me = org("g-patch");
        List<UUID> hosts = hosts("g-patch", 3);
        JsonNode g = create(me, "before", hosts.subList(0, 2));
        String id = g.get("id").asText();
        awaitEvent(hosts.get(1), List.of("before"));

        JsonNode replaced = ok(call(me, "PATCH", "/groups/" + id,
                "{\"host_ids\": " + ids(hosts.subList(1, 3)) + "}"), 200);
        assertThat(replaced.get("host_count").asInt()).isEqualTo(2);
        assertThat(replaced.get("name").asText()).isEqualTo("before");
        awaitEvent(hosts.get(0), List.of());
        awaitEvent(hosts.get(2), List.of("before"));
        assertThat(eventsOf(hosts.get(1))).as("host 1 stayed: no new event").hasSize(1);

        JsonNode renamed = ok(call(me, "PATCH", "/groups/" + id, "{\"name\": \"  after  \"}"), 200);
        assertThat(renamed.get("name").asText()).isEqualTo("after");
        assertThat(renamed.get("host_count").asInt()).isEqualTo(2);
        awaitEvent(hosts.get(1), List.of("after"));
        awaitEvent(hosts.get(2), List.of("after"));
        assertThat(get(me, "/hosts?group_name=after").get("total").asInt()).isEqualTo(2);
        assertThat(get(me, "/hosts?group_name=before").get("total").asInt()).isZero();

        JsonNode emptied = ok(call(me, "PATCH", "/groups/" + id, "{\"host_ids\": []}"), 200);
        assertThat(emptied.get("host_count").asInt()).isZero();
        awaitEvent(hosts.get(1), List.of());
        awaitEvent(hosts.get(2), List.of());
        assertThat(members(id)).isZero();
        assertThat(get(me, "/hosts?group_name=").get("total").asInt()).isEqualTo(3);
    }

    @Test
    void deletingAGroupUngroupsItsHostsABatchAtATimeEachWithItsEvent() {
        String me = org("g-delete");
        List<UUID> hosts = hosts("g-delete", 2 * BATCH + 1);
        JsonNode g = create(me, "doomed", hosts);
        JsonNode kept = create(me, "kept", List.of(host("g-delete", "keeper")));
        hosts.forEach(host -> awaitEvent(host, List.of("doomed")));

        assertThat(ok(call(me, "DELETE", "/groups/" + g.get("id").asText(), null), 204)).isNull();

        for (UUID host : hosts) {
            awaitEvent(host, List.of());
            assertThat(eventsOf(host)).hasSize(2);
        }
        assertThat(service.queryLong("SELECT count(*) FROM groups WHERE id = ?", UUID.fromString(g.get("id").asText())))
                .isZero();
        assertThat(problem(call(me, "GET", "/groups/" + g.get("id").asText(), null), 404))
                .isEqualTo("One or more groups not found.");
        assertThat(get(me, "/hosts?group_name=").get("total").asInt()).isEqualTo(hosts.size());
        assertThat(names(get(me, "/groups"))).containsExactly("kept");
        assertThat(get(me, "/groups").at("/results/0/host_count").asInt()).isEqualTo(1);
        assertThat(kept.get("host_count").asInt()).isEqualTo(1);
    }

    @Test
    void aRenameAnnouncesEveryMemberWithTheNewNameInBatchesAfterItCommitted() throws Exception {
        String me = org("g-rename");
        List<UUID> hosts = hosts("g-rename", 2 * BATCH + 1);
        JsonNode g = create(me, "old-name", hosts);
        hosts.forEach(host -> awaitEvent(host, List.of("old-name")));
        UUID group = UUID.fromString(g.get("id").asText());

        // a member locked by another transaction does not hold the rename back: its events come after it commits
        try (Connection holder = service.service().dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT id FROM hosts WHERE id = '" + hosts.get(BATCH) + "' FOR UPDATE");
            }
            HttpResponse<String> response = CompletableFuture.supplyAsync(() ->
                    call(me, "PATCH", "/groups/" + group, "{\"name\": \"new-name\"}")).get(20, TimeUnit.SECONDS);
            assertThat(ok(response, 200).get("name").asText()).isEqualTo("new-name");
            assertThat(service.queryLong("SELECT count(*) FROM groups WHERE id = ? AND name = 'new-name'", group))
                    .isEqualTo(1);
            // the first batch (the hosts before the locked one in id order) may be written; the walk waits there
            assertThat(service.queryLong("SELECT count(*) FROM group_event_fanouts WHERE group_id = ?", group))
                    .isEqualTo(1);
            holder.rollback();
        }
        for (UUID host : hosts) {
            JsonNode event = awaitEvent(host, List.of("new-name"));
            assertThat(event.at("/host/groups/0/id").asText()).isEqualTo(group.toString());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                service.queryLong("SELECT count(*) FROM group_event_fanouts WHERE group_id = ?", group) == 0);
        hosts.forEach(host -> assertThat(eventsOf(host)).as("one event for the rename").hasSize(2));
        // renaming to the same name changes nothing, announces nothing
        ok(call(me, "PATCH", "/groups/" + group, "{\"name\": \"new-name\"}"), 200);
        assertThat(service.queryLong("SELECT count(*) FROM group_event_fanouts WHERE group_id = ?", group)).isZero();
    }

    @Test
    void aWalkStoppedByACrashIsResumedByTheTimer() {
        String me = org("g-resume");
        List<UUID> hosts = hosts("g-resume", BATCH + 1);
        JsonNode g = create(me, "before-crash", hosts);
        hosts.forEach(host -> awaitEvent(host, List.of("before-crash")));
        UUID group = UUID.fromString(g.get("id").asText());
        // what a rename leaves when the process dies right after its commit: the new name and the walk's row
        service.execute("UPDATE groups SET name = 'after-crash' WHERE id = ?", group);
        service.execute("INSERT INTO group_event_fanouts (group_id, generation, after_host, request_id, touched_at)"
                + " VALUES (?, 1, NULL, 'crashed', now() - interval '1 minute')", group);
        for (UUID host : hosts) {
            List<TopicReader.Record> found = events.await(record -> record.key().equals(host.toString())
                    && record.value().contains("after-crash"), 1, Duration.ofSeconds(45));
            assertThat(json(found.get(0).value()).at("/metadata/request_id").asText()).isEqualTo("crashed");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                service.queryLong("SELECT count(*) FROM group_event_fanouts WHERE group_id = ?", group) == 0);
    }

    @Test
    void removingHostsFromTheirGroups() {
        String me = org("g-remove");
        List<UUID> hosts = hosts("g-remove", 4);
        JsonNode g = create(me, "g", hosts.subList(0, 2));
        JsonNode h = create(me, "h", hosts.subList(2, 3));
        String gid = g.get("id").asText();

        assertThat(ok(call(me, "DELETE", "/groups/" + gid + "/hosts/" + hosts.get(0) + "," + hosts.get(2), null), 204))
                .isNull();
        awaitEvent(hosts.get(0), List.of());
        assertThat(members(gid)).isEqualTo(1);
        assertThat(members(h.get("id").asText())).as("a host of another group stays there").isEqualTo(1);
        assertThat(problem(call(me, "DELETE", "/groups/" + gid + "/hosts/" + hosts.get(0), null), 404))
                .isEqualTo("None of the hosts is in the group.");
        assertThat(problem(call(me, "DELETE", "/groups/" + UUID.randomUUID() + "/hosts/" + hosts.get(1), null), 404))
                .contains("not found");

        assertThat(problem(call(me, "DELETE", "/groups/hosts/" + hosts.get(1) + "," + UUID.randomUUID(), null), 404))
                .isEqualTo("One or more hosts not found.");
        assertThat(members(gid)).as("nothing removed").isEqualTo(1);
        assertThat(ok(call(me, "DELETE", "/groups/hosts/" + hosts.get(1) + "," + hosts.get(2) + "," + hosts.get(3),
                null), 204)).isNull();
        awaitEvent(hosts.get(1), List.of());
        awaitEvent(hosts.get(2), List.of());
        assertThat(eventsOf(hosts.get(3))).as("in no group: unchanged").isEmpty();
        assertThat(get(me, "/groups").get("results").findValuesAsText("host_count")).containsOnly("0");
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Test
    void createRefusesBadBodiesWithLaterHbisWords() {
        String me = org("g-errors");
        UUID mine = host("g-errors", "mine");
        UUID theirs = host("g-errors-other", "theirs");
        UUID culled = host("g-errors", null, "culled", NOW.minusDays(30));
        create(me, "Taken", List.of());

        assertThat(problem(call(me, "POST", "/groups", "{}"), 400)).isEqualTo("{'name': ['Missing data for required field.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": 7}"), 400)).isEqualTo("{'name': ['Not a valid string.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"   \"}"), 400))
                .isEqualTo("{'name': ['Length must be between 1 and 255.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"" + "n".repeat(256) + "\"}"), 400))
                .isEqualTo("{'name': ['Length must be between 1 and 255.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"a/b\"}"), 400))
                .isEqualTo("{'name': ['String does not match expected pattern.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"x\", \"colour\": \"red\"}"), 400))
                .isEqualTo("{'colour': ['Unknown field.']}");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"taken\"}"), 400))
                .isEqualTo("A group with name taken already exists.");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"x\", \"host_ids\": " + ids(List.of(mine, mine)) + "}"),
                400)).isEqualTo("Host IDs must be unique.");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"x\", \"host_ids\": [\"nope\"]}"), 400))
                .contains("UUID");
        assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"x\", \"host_ids\": \"" + mine + "\"}"), 400))
                .isEqualTo("{'host_ids': ['Not a valid list.']}");
        for (UUID missing : List.of(theirs, culled)) {
            assertThat(problem(call(me, "POST", "/groups", "{\"name\": \"x\", \"host_ids\": " + ids(List.of(mine, missing))
                    + "}"), 400)).isEqualTo("Could not find existing host(s) with ID {'" + missing + "'}.");
        }
        assertThat(problem(call(me, "POST", "/groups", "[]"), 400)).isEqualTo("Request body must be a JSON object");
        assertThat(problem(call(me, "POST", "/groups", "not json"), 400)).isEqualTo("Request body is not valid JSON");
        assertThat(problem(call(me, "POST", "/groups?colour=red", "{\"name\": \"x\"}"), 400)).contains("colour");
        assertThat(names(get(me, "/groups"))).containsExactly("Taken");
        assertThat(eventsOf(mine)).as("no event for a refused request").isEmpty();
        // a name differing in case only is taken; the same name in another org is not
        assertThat(create(org("g-errors-other"), "TAKEN", List.of(theirs)).get("host_count").asInt()).isEqualTo(1);
    }

    @Test
    void theOtherOperationsRefuseWhatTheyCannotDo() {
        String me = org("g-errors-2");
        UUID mine = host("g-errors-2", "mine");
        UUID theirs = host("g-errors-2-other", "theirs");
        JsonNode g = create(me, "g", List.of());
        String gid = g.get("id").asText();
        create(me, "h", List.of());
        String nowhere = UUID.randomUUID().toString();

        assertThat(problem(call(me, "GET", "/groups/" + gid + "," + nowhere, null), 404))
                .isEqualTo("One or more groups not found.");
        assertThat(problem(call(me, "GET", "/groups/nope", null), 400)).contains("group_id_list");
        assertThat(get(me, "/groups/" + gid + "," + gid.replace("-", "").toUpperCase()).get("total").asInt()).isEqualTo(1);
        assertThat(problem(call(me, "GET", "/groups/" + nowhere + "/hosts", null), 404)).contains(nowhere);
        assertThat(problem(call(me, "GET", "/groups/" + gid + "/hosts?group_name=g", null), 400)).contains("group_name");

        assertThat(problem(call(me, "PATCH", "/groups/" + gid, "{}"), 400)).isEqualTo("Patch json document cannot be empty.");
        assertThat(problem(call(me, "PATCH", "/groups/" + gid, "{\"name\": \"H\"}"), 400))
                .isEqualTo("A group with name H already exists.");
        assertThat(problem(call(me, "PATCH", "/groups/" + nowhere, "{\"name\": \"z\"}"), 404)).contains(nowhere);
        assertThat(problem(call(me, "PATCH", "/groups/" + gid, "{\"host_ids\": " + ids(List.of(theirs)) + "}"), 400))
                .isEqualTo("Could not find existing host(s) with ID {'" + theirs + "'}.");
        assertThat(problem(call(me, "PATCH", "/groups/" + gid + "," + gid, "{\"name\": \"z\"}"), 400))
                .contains("group_id_list");

        String hostsPath = "/groups/" + gid + "/hosts";
        assertThat(problem(call(me, "POST", hostsPath, "[]"), 400))
                .isEqualTo("Body content must be an array with system UUIDs, not an empty array");
        assertThat(problem(call(me, "POST", hostsPath, "{\"host_ids\": []}"), 400))
                .isEqualTo("Body content must be an array with system UUIDs");
        assertThat(problem(call(me, "POST", hostsPath, ids(List.of(mine, mine))), 400)).isEqualTo("Host IDs must be unique.");
        assertThat(problem(call(me, "POST", hostsPath, "[\"nope\"]"), 400)).contains("UUID");
        assertThat(problem(call(me, "POST", hostsPath, ids(List.of(mine, theirs))), 400))
                .isEqualTo("Could not find existing host(s) with ID {'" + theirs + "'}.");
        assertThat(problem(call(me, "POST", "/groups/" + nowhere + "/hosts", ids(List.of(mine))), 404)).contains(nowhere);

        assertThat(problem(call(me, "DELETE", "/groups/" + gid + "," + nowhere, null), 404))
                .isEqualTo("One or more groups not found.");
        assertThat(get(me, "/groups/" + gid).get("total").asInt()).as("nothing deleted").isEqualTo(1);
        assertThat(problem(call(me, "DELETE", "/groups/" + gid + "?force=1", null), 400)).contains("force");
        assertThat(members(gid)).isZero();
        assertThat(eventsOf(mine)).as("no event for a refused request").isEmpty();
    }

    @Test
    void theGroupListFiltersOrdersAndPages() {
        String me = org("g-list");
        List<UUID> hosts = hosts("g-list", 6);
        create(me, "alpha", hosts.subList(0, 1));
        create(me, "Beta_1", hosts.subList(1, 4));
        create(me, "gamma", hosts.subList(4, 6));
        create(me, "betamax", List.of());

        assertThat(names(get(me, "/groups"))).containsExactly("alpha", "Beta_1", "betamax", "gamma");
        assertThat(names(get(me, "/groups?order_how=desc"))).containsExactly("gamma", "betamax", "Beta_1", "alpha");
        assertThat(names(get(me, "/groups?order_by=host_count"))).containsExactly("Beta_1", "gamma", "alpha", "betamax");
        assertThat(names(get(me, "/groups?order_by=host_count&order_how=ASC")))
                .containsExactly("betamax", "alpha", "gamma", "Beta_1");
        assertThat(names(get(me, "/groups?order_by=updated"))).first().isEqualTo("betamax");
        assertThat(names(get(me, "/groups?name=BETA"))).containsExactly("Beta_1", "betamax");
        assertThat(names(get(me, "/groups?name=a_"))).as("_ literal").containsExactly("Beta_1");
        assertThat(get(me, "/groups?name=%25").get("total").asInt()).as("% literal").isZero();
        assertThat(names(get(me, "/groups?group_type=all"))).hasSize(4);
        assertThat(get(me, "/groups?group_type=ungrouped-hosts").get("total").asInt()).isZero();
        JsonNode second = get(me, "/groups?per_page=3&page=2");
        assertThat(second.get("total").asInt()).isEqualTo(4);
        assertThat(second.get("count").asInt()).isEqualTo(1);
        assertThat(names(second)).containsExactly("gamma");
        assertThat(problem(call(me, "GET", "/groups?page=3&per_page=3", null), 404)).isNotBlank();
        assertThat(problem(call(me, "GET", "/groups?order_by=size", null), 400)).contains("order_by");
        assertThat(problem(call(me, "GET", "/groups?order_how=up", null), 400)).contains("order_how");
        assertThat(problem(call(me, "GET", "/groups?group_type=mine", null), 400)).contains("group_type");
        assertThat(problem(call(me, "GET", "/groups?display_name=x", null), 400)).contains("display_name");
    }

    @Test
    void aSystemIdentityMayNotUseGroupsButFiltersItsHostsByGroup() {
        String user = org("g-system");
        UUID owned = host("g-system", "owned");
        service.execute("UPDATE hosts SET system_profile_facts = '{\"owner_id\": \"6c2b2a3e-5d1f-4c55-9d8f-0d9fa1c2b3e4\"}'"
                + " WHERE id = ?", owned);
        JsonNode g = create(user, "servers", List.of(owned, host("g-system", "not-owned")));
        String system = TodaysIdentities.system("g-system", "6c2b2a3e-5d1f-4c55-9d8f-0d9fa1c2b3e4");
        for (String[] request : new String[][] {{"GET", "/groups", null}, {"POST", "/groups", "{\"name\": \"mine\"}"},
                {"GET", "/groups/" + g.get("id").asText(), null}, {"GET", "/groups/" + g.get("id").asText() + "/hosts", null},
                {"DELETE", "/groups/" + g.get("id").asText(), null}, {"DELETE", "/groups/hosts/" + owned, null}}) {
            assertThat(problem(call(system, request[0], request[1], request[2]), 403)).as(request[0] + " " + request[1])
                    .contains("System");
        }
        assertThat(hostIds(get(system, "/hosts?group_name=servers"))).containsExactly(owned.toString());
        assertThat(members(g.get("id").asText())).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------- counts

    @Test
    void hostCountLeavesCulledMembersOutAndFollowsDeletedHosts() {
        String me = org("g-count");
        UUID fresh = host("g-count", "fresh");
        UUID warning = host("g-count", null, "warning", NOW.minusDays(10));
        UUID soonCulled = host("g-count", "soon-culled");
        UUID deleted = host("g-count", "deleted");
        UUID reaped = host("g-count", "reaped");
        JsonNode g = create(me, "counted", List.of(fresh, warning, soonCulled, deleted, reaped));
        String gid = g.get("id").asText();
        assertThat(g.get("host_count").asInt()).isEqualTo(5);

        service.execute("UPDATE hosts SET stale_timestamp = ? WHERE id = ?", NOW.minusDays(30), soonCulled);
        assertThat(get(me, "/groups/" + gid).at("/results/0/host_count").asInt()).as("culled: not counted").isEqualTo(4);
        assertThat(get(me, "/groups/" + gid + "/hosts").get("total").asInt()).as("stale_warning left out").isEqualTo(3);
        assertThat(get(me, "/groups/" + gid + "/hosts?staleness=fresh,stale,stale_warning").get("total").asInt())
                .isEqualTo(4);

        assertThat(call(me, "DELETE", "/hosts/" + deleted, null).statusCode()).isEqualTo(200);
        service.execute("DELETE FROM hosts WHERE id = ?", reaped);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE group_id = ?", UUID.fromString(gid)))
                .as("a deleted host leaves its group").isEqualTo(3);
        assertThat(get(me, "/groups/" + gid).at("/results/0/host_count").asInt()).isEqualTo(2);
        new HostCounts(new Transactions(service.service().dataSource(), new WriteFailures(Clock.systemUTC()))).compact();
        assertThat(service.queryLong("SELECT count FROM group_host_counts WHERE group_id = ?", UUID.fromString(gid)))
                .as("compacted: the members, culled ones too").isEqualTo(3);
        assertThat(get(me, "/groups/" + gid).at("/results/0/host_count").asInt()).isEqualTo(2);
        assertThat(get(me, "/groups?order_by=host_count").at("/results/0/host_count").asInt()).isEqualTo(2);
    }

    @Test
    void twoRequestsMovingTheSameHostsAtOnceLeaveEachInExactlyOneGroupWithExactCounts() throws Exception {
        String me = org("g-race");
        List<UUID> hosts = hosts("g-race", 12);
        List<String> groups = new ArrayList<>();
        for (String name : List.of("red", "green", "blue")) {
            groups.add(create(me, name, List.of()).get("id").asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> moves = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int g = 0; g < groups.size(); g++) {
                    String group = groups.get(g);
                    // each request moves every host, the groups' requests in different orders of the same ids
                    List<UUID> order = new ArrayList<>(hosts);
                    java.util.Collections.rotate(order, g * 4 + round);
                    moves.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return call(me, "POST", "/groups/" + group + "/hosts", ids(order)).statusCode();
                    }, pool));
                }
            }
            start.countDown();
            for (CompletableFuture<Integer> move : moves) {
                assertThat(move.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        for (UUID host : hosts) {
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ? AND group_id IS NOT NULL", host)).isEqualTo(1);
        }
        long counted = 0;
        for (JsonNode group : get(me, "/groups").get("results")) {
            assertThat(group.get("host_count").asLong()).as(group.get("name").asText())
                    .isEqualTo(members(group.get("id").asText()));
            counted += group.get("host_count").asLong();
        }
        assertThat(counted).isEqualTo(hosts.size());
        // each host's last event names the group it is in
        for (UUID host : hosts) {
            String group = get(me, "/hosts/" + host).at("/results/0/groups/0/name").asText();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<JsonNode> seen = eventsOf(host);
                return !seen.isEmpty() && groupNames(seen.get(seen.size() - 1).get("host")).equals(List.of(group));
            });
        }
    }

    // ---------------------------------------------------------------------------------------------- filters

    @Test
    void groupFiltersAndOrderingReachTagsFacetsAndTheHostOrder() {
        String me = org("g-filters");
        UUID a = host("g-filters", "a");
        UUID b = host("g-filters", "b");
        UUID ungrouped = host("g-filters", "c");
        service.execute("UPDATE hosts SET tags = '{\"ns\": {\"team\": [\"blue\"]}}' WHERE id = ?", ungrouped);
        create(me, "zeta", List.of(a));
        create(me, "Alpha", List.of(b));

        JsonNode tags = get(me, "/tags?group_name=zeta");
        assertThat(tags.get("total").asInt()).isEqualTo(1);
        assertThat(tags.at("/results/0/tag/value").asText()).isEqualTo("red");
        assertThat(get(me, "/tags?group_name=").at("/results/0/tag/value").asText()).isEqualTo("blue");
        JsonNode os = get(me, "/system_profile/operating_system?group_name=zeta,alpha");
        assertThat(os.at("/results/0/count").asInt()).isEqualTo(2);
        assertThat(get(me, "/system_profile/operating_system?group_name=").at("/results/0/count").asInt()).isEqualTo(1);

        assertThat(hostIds(get(me, "/hosts?order_by=group_name")))
                .containsExactly(ungrouped.toString(), b.toString(), a.toString());
        assertThat(hostIds(get(me, "/hosts?order_by=group_name&order_how=DESC")))
                .containsExactly(a.toString(), b.toString(), ungrouped.toString());
    }

    @Test
    void ingestAndEditsKeepTheGroupAndShowItInTheirEvents() {
        String me = org("g-keep");
        UUID id = host("g-keep", "kept");
        service.execute("UPDATE hosts SET canonical_facts = ?::jsonb WHERE id = ?",
                "{\"insights_id\": \"" + id + "\", \"fqdn\": \"kept.example.com\"}", id);
        create(me, "stays", List.of(id));
        awaitEvent(id, List.of("stays"));

        assertThat(call(me, "PATCH", "/hosts/" + id, "{\"display_name\": \"renamed-host\"}").statusCode()).isEqualTo(200);
        events.await(record -> record.key().equals(id.toString()) && record.value().contains("renamed-host")
                && record.value().contains("\"stays\""), 1);

        HttpResponse<String> posted = call(me, "POST", "/hosts", "[{\"org_id\": \"g-keep\", \"insights_id\": \"" + id
                + "\", \"fqdn\": \"kept.example.com\", \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\","
                + " \"reporter\": \"puptoo\", \"display_name\": \"ingested\"}]");
        JsonNode result = ok(posted, 207).at("/data/0");
        assertThat(result.get("status").asInt()).as(posted.body()).isEqualTo(200);
        assertThat(result.at("/host/id").asText()).isEqualTo(id.toString());
        assertThat(result.at("/host/groups/0/name").asText()).isEqualTo("stays");
        events.await(record -> record.key().equals(id.toString()) && record.value().contains("ingested")
                && record.value().contains("\"stays\""), 1);
        assertThat(get(me, "/hosts/" + id).at("/results/0/groups/0/name").asText()).isEqualTo("stays");
    }

    @Test
    void aTwentyTwentyCallersGroupsAreItsAccountsAndAnOrgsAreNotItsAccounts() {
        String account = Identities.of("0000151");
        UUID mine = host(null, "0000151", "acct-host", NOW.plusDays(1));
        JsonNode g = create(account, "accounts", List.of(mine));
        assertThat(g.get("account").asText()).isEqualTo("0000151");
        assertThat(g.get("org_id").isNull()).isTrue();
        assertThat(hostIds(get(account, "/hosts?group_name=accounts"))).containsExactly(mine.toString());
        // an org's identity naming the account neither sees nor takes the account's groups or names
        String todays = TodaysIdentities.user("g-acct-org", "0000151");
        assertThat(get(todays, "/groups").get("total").asInt()).isZero();
        assertThat(create(todays, "accounts", List.of()).get("org_id").asText()).isEqualTo("g-acct-org");
        assertThat(get(account, "/groups").get("total").asInt()).isEqualTo(1);
    }
}
