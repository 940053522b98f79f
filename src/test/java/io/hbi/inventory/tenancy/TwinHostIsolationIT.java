package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import io.hbi.inventory.support.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twin-host isolation matrix (decisions.md 10, issue 13): every tenant holds one host identical to every other
 * tenant's (canonical facts, display name, tags, facts, system profile), and for each pair of tenants, org/org,
 * org/account (the org's hosts do not carry the account, even when its identity does) and account/account, in both
 * directions, every endpoint of the API sees, counts and changes only the caller's own twin. Another tenant's host
 * addressed by id is absent from a read's 200 page (decisions.md 11), a PATCH or DELETE of it is a 404, a facts edit a
 * 400, as in 2020. Groups (issue 15) belong to a tenant as hosts do: a caller never sees, changes or fills another
 * tenant's group, and never puts another tenant's host into its own.
 */
class TwinHostIsolationIT {

    /** A tenant as a caller: its identity, and the org and account its twin host carries. */
    record Caller(String name, String identity, String orgId, String account) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Caller ORG_1 = new Caller("org iso-1", TodaysIdentities.user("iso-1"), "iso-1", null);
    static final Caller ORG_2 = new Caller("org iso-2", TodaysIdentities.user("iso-2"), "iso-2", null);
    static final Caller ORG_3 = new Caller("org iso-3", TodaysIdentities.user("iso-3"), "iso-3", null);
    static final Caller ACCOUNT_3 = new Caller("account 0000703", Identities.of("0000703"), null, "0000703");
    // a today's identity that names an account: the account never widens what the org sees
    static final Caller ORG_4 = new Caller("org iso-4 (account_number 0000704)",
            TodaysIdentities.user("iso-4", "0000704"), "iso-4", null);
    static final Caller ACCOUNT_4 = new Caller("account 0000704", Identities.of("0000704"), null, "0000704");
    static final Caller ACCOUNT_5 = new Caller("account 0000705", Identities.of("0000705"), null, "0000705");
    static final Caller ACCOUNT_6 = new Caller("account 0000706", Identities.of("0000706"), null, "0000706");
    static final List<Caller> ALL = List.of(ORG_1, ORG_2, ORG_3, ACCOUNT_3, ORG_4, ACCOUNT_4, ACCOUNT_5, ACCOUNT_6);

    static final String INSIGHTS_ID = "3f9a7c2e-8d41-4b6a-9e0f-5c1d2b3a4e5f";
    static final String FQDN = "twin.example.com";

    @RegisterExtension
    static RunningService service = RunningService.start();

    /** The twin host of each tenant, placed anew before each test. */
    static final Map<Caller, UUID> TWINS = new HashMap<>();

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Caller[] pair : new Caller[][] {{ORG_1, ORG_2}, {ORG_3, ACCOUNT_3}, {ORG_4, ACCOUNT_4},
                {ACCOUNT_5, ACCOUNT_6}}) {
            pairs.add(Arguments.of(pair[0], pair[1]));
            pairs.add(Arguments.of(pair[1], pair[0]));
        }
        return pairs.stream();
    }

    @BeforeEach
    void twins() {
        service.execute("DELETE FROM hosts");
        service.execute("DELETE FROM groups");
        TWINS.clear();
        for (Caller tenant : ALL) {
            TWINS.put(tenant, insertTwin(tenant.orgId(), tenant.account()));
        }
    }

    /** A host like every other twin, of this org and account, through SQL (no dedup between tenants to rely on). */
    static UUID insertTwin(String orgId, String account) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        service.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, facts, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, ?, 'twin', ?,"
                        + " ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'puptoo')", id, orgId, account, now, now,
                "{\"ns\": {\"k\": \"v\"}}", "{\"ns\": {\"team\": [\"red\"]}}",
                "{\"insights_id\": \"" + INSIGHTS_ID + "\", \"fqdn\": \"" + FQDN + "\"}",
                "{\"arch\": \"x86_64\"}", now.plusDays(1));
        return id;
    }

    static HttpResponse<String> as(Caller caller, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + service.settings().apiPrefix() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return service.send(request, "x-rh-identity", caller.identity(), "Content-Type", "application/json");
    }

    static JsonNode read(Caller caller, String path) {
        HttpResponse<String> response = as(caller, "GET", path, null);
        assertThat(response.statusCode()).as(caller + " GET " + path + ": " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(host -> ids.add(host.get("id").asText()));
        return ids;
    }

    static long rows(String condition, Object... parameters) {
        return service.queryLong("SELECT count(*) FROM hosts WHERE " + condition, parameters);
    }

    @ParameterizedTest(name = "{0} sees {1}'s twin nowhere")
    @MethodSource("pairs")
    void listsShowOnlyTheCallersTwin(Caller me, Caller other) {
        UUID mine = TWINS.get(me);
        for (String query : List.of("", "?fqdn=" + FQDN, "?insights_id=" + INSIGHTS_ID,
                "?insights_id=" + INSIGHTS_ID.replace("-", "").toUpperCase(), "?display_name=twin",
                "?hostname_or_id=twin", "?hostname_or_id=" + mine, "?tags=ns/team=red",
                "?staleness=fresh,stale,stale_warning,unknown", "?staleness=fresh", "?registered_with=insights",
                "?order_by=display_name&order_how=DESC", "?per_page=1", "?tags=ns/team=red&staleness=fresh")) {
            JsonNode page = read(me, "/hosts" + query);
            assertThat(page.get("total").asInt()).as(me + " /hosts" + query).isEqualTo(1);
            assertThat(ids(page)).as(me + " /hosts" + query).containsExactly(mine.toString());
        }
        JsonNode byTheOthersId = read(me, "/hosts?hostname_or_id=" + TWINS.get(other));
        assertThat(byTheOthersId.get("total").asInt()).isZero();
        assertThat(byTheOthersId.get("results").size()).isZero();
    }

    @ParameterizedTest(name = "{0} reads {1}'s twin by id as absent")
    @MethodSource("pairs")
    void byIdReadsFindOnlyTheCallersTwin(Caller me, Caller other) {
        String mine = TWINS.get(me).toString();
        String theirs = TWINS.get(other).toString();
        for (String resource : List.of("", "/system_profile")) {
            JsonNode alone = read(me, "/hosts/" + theirs + resource);
            assertThat(alone.get("total").asInt()).as(resource).isZero();
            assertThat(alone.get("results").size()).as(resource).isZero();
            JsonNode both = read(me, "/hosts/" + theirs + "," + mine + resource);
            assertThat(both.get("total").asInt()).as(resource).isEqualTo(1);
            assertThat(ids(both)).as(resource).containsExactly(mine);
        }
        assertThat(read(me, "/hosts/" + theirs + "," + mine + "/system_profile").get("results").get(0)
                .get("system_profile").get("arch").asText()).isEqualTo("x86_64");
        for (String resource : List.of("/tags", "/tags/count")) {
            assertThat(read(me, "/hosts/" + theirs + resource).get("results").size()).as(resource).isZero();
            JsonNode both = read(me, "/hosts/" + theirs + "," + mine + resource);
            assertThat(both.get("total").asInt()).as(resource).isEqualTo(1);
            List<String> keys = new ArrayList<>();
            both.get("results").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(resource).containsExactly(mine);
        }
        assertThat(read(me, "/hosts/" + mine + "/tags/count").get("results").get(mine).asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}'s tags count its twin, not {1}'s")
    @MethodSource("pairs")
    void tagListingsCountOnlyTheCallersTwin(Caller me, Caller other) {
        // the default staleness is answered by the maintained counts, the others by counting the rows
        for (String query : List.of("", "?staleness=fresh", "?staleness=fresh,stale,stale_warning,unknown",
                "?tags=ns/team=red", "?search=red", "?order_by=count&order_how=DESC", "?registered_with=insights")) {
            JsonNode tags = read(me, "/tags" + query);
            assertThat(tags.get("total").asInt()).as(me + " /tags" + query).isEqualTo(1);
            assertThat(tags.get("results").size()).as(me + " /tags" + query).isEqualTo(1);
            assertThat(tags.get("results").get(0).get("tag").toString()).as(me + " /tags" + query)
                    .isEqualTo("{\"namespace\":\"ns\",\"key\":\"team\",\"value\":\"red\"}");
            assertThat(tags.get("results").get(0).get("count").asInt()).as(me + " /tags" + query).isEqualTo(1);
        }
        // a tag only the other tenant's twin carries is not the caller's
        service.execute("UPDATE hosts SET tags = '{\"ns\": {\"team\": [\"red\"]}, \"only\": {\"theirs\": []}}'"
                + " WHERE id = ?", TWINS.get(other));
        for (String query : List.of("", "?staleness=fresh", "?search=theirs")) {
            JsonNode tags = read(me, "/tags" + query);
            assertThat(tags.toString()).as(me + " /tags" + query).doesNotContain("theirs");
        }
        assertThat(read(other, "/tags?search=theirs").get("total").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} patches its twin only, never {1}'s")
    @MethodSource("pairs")
    void patchesReachOnlyTheCallersTwin(Caller me, Caller other) {
        UUID mine = TWINS.get(me);
        UUID theirs = TWINS.get(other);
        HttpResponse<String> alone = as(me, "PATCH", "/hosts/" + theirs, "{\"display_name\": \"stolen\"}");
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(404);
        HttpResponse<String> both = as(me, "PATCH", "/hosts/" + theirs + "," + mine,
                "{\"display_name\": \"twin-renamed\", \"ansible_host\": \"renamed\"}");
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(rows("id = ? AND display_name = 'twin-renamed' AND ansible_host = 'renamed'", mine)).isEqualTo(1);
        assertThat(rows("display_name <> 'twin' OR ansible_host IS NOT NULL")).as("only the caller's twin changed")
                .isEqualTo(1);
        assertThat(read(other, "/hosts/" + theirs).get("results").get(0).get("display_name").asText())
                .isEqualTo("twin");
    }

    @ParameterizedTest(name = "{0} edits the facts of its twin only, never {1}'s")
    @MethodSource("pairs")
    void factsEditsReachOnlyTheCallersTwin(Caller me, Caller other) {
        UUID mine = TWINS.get(me);
        UUID theirs = TWINS.get(other);
        for (String method : List.of("PATCH", "PUT")) {
            HttpResponse<String> alone = as(me, method, "/hosts/" + theirs + "/facts/ns", "{\"k\": \"stolen\"}");
            assertThat(alone.statusCode()).as(method + " " + alone.body()).isEqualTo(400);
            HttpResponse<String> both = as(me, method, "/hosts/" + theirs + "," + mine + "/facts/ns",
                    "{\"k\": \"stolen\"}");
            assertThat(both.statusCode()).as(method + " " + both.body()).isEqualTo(400);
        }
        assertThat(rows("facts <> '{\"ns\": {\"k\": \"v\"}}'::jsonb")).as("nothing changed").isZero();
        assertThat(as(me, "PATCH", "/hosts/" + mine + "/facts/ns", "{\"m\": 1}").statusCode()).isEqualTo(200);
        assertThat(as(me, "PUT", "/hosts/" + mine + "/facts/other", "{\"m\": 2}").statusCode())
                .as("no host of the caller has that namespace").isEqualTo(400);
        assertThat(rows("id = ? AND facts = '{\"ns\": {\"k\": \"v\", \"m\": 1}}'::jsonb", mine)).isEqualTo(1);
        assertThat(rows("facts <> '{\"ns\": {\"k\": \"v\"}}'::jsonb")).as("only the caller's twin changed")
                .isEqualTo(1);
        assertThat(read(other, "/hosts/" + theirs).get("results").get(0).get("facts").get(0).get("facts").toString())
                .isEqualTo("{\"k\":\"v\"}");
    }

    @ParameterizedTest(name = "{0} deletes its twin only, never {1}'s")
    @MethodSource("pairs")
    void deletesReachOnlyTheCallersTwin(Caller me, Caller other) {
        UUID mine = TWINS.get(me);
        UUID theirs = TWINS.get(other);
        HttpResponse<String> alone = as(me, "DELETE", "/hosts/" + theirs, null);
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(404);
        assertThat(rows("TRUE")).isEqualTo(ALL.size());
        HttpResponse<String> both = as(me, "DELETE", "/hosts/" + theirs + "," + mine, null);
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(rows("id = ?", mine)).isZero();
        assertThat(rows("TRUE")).as("only the caller's twin is gone").isEqualTo(ALL.size() - 1);
        assertThat(read(me, "/hosts").get("total").asInt()).isZero();
        assertThat(read(me, "/tags").get("total").asInt()).isZero();
        assertThat(ids(read(other, "/hosts"))).containsExactly(theirs.toString());
        assertThat(read(other, "/tags").get("results").get(0).get("count").asInt()).isEqualTo(1);
    }

    /** The caller's group "twins" holding its twin, made through the API; its id. */
    static String twinGroup(Caller caller) {
        HttpResponse<String> created = as(caller, "POST", "/groups",
                "{\"name\": \"twins\", \"host_ids\": [\"" + TWINS.get(caller) + "\"]}");
        assertThat(created.statusCode()).as(caller + " " + created.body()).isEqualTo(201);
        return RunningService.json(created).get("id").asText();
    }

    @ParameterizedTest(name = "{0} sees, changes and fills only its own groups, never {1}'s")
    @MethodSource("pairs")
    void groupsStayWithTheirTenant(Caller me, Caller other) {
        // the same name in every tenant: names are unique per tenant only
        String mine = twinGroup(me);
        String theirs = twinGroup(other);
        UUID myTwin = TWINS.get(me);
        UUID theirTwin = TWINS.get(other);

        JsonNode list = read(me, "/groups");
        assertThat(list.get("total").asInt()).as(me + " /groups").isEqualTo(1);
        assertThat(list.at("/results/0/id").asText()).isEqualTo(mine);
        assertThat(list.at("/results/0/host_count").asInt()).isEqualTo(1);
        assertThat(read(me, "/groups?name=twins").get("total").asInt()).isEqualTo(1);
        for (String path : List.of("/groups/" + theirs, "/groups/" + theirs + "," + mine, "/groups/" + theirs + "/hosts")) {
            assertThat(as(me, "GET", path, null).statusCode()).as(me + " GET " + path).isEqualTo(404);
        }
        assertThat(as(me, "PATCH", "/groups/" + theirs, "{\"name\": \"stolen\"}").statusCode()).isEqualTo(404);
        assertThat(as(me, "POST", "/groups/" + theirs + "/hosts", "[\"" + myTwin + "\"]").statusCode()).isEqualTo(404);
        assertThat(as(me, "DELETE", "/groups/" + theirs + "/hosts/" + theirTwin, null).statusCode()).isEqualTo(404);
        assertThat(as(me, "DELETE", "/groups/" + theirs, null).statusCode()).isEqualTo(404);
        HttpResponse<String> taking = as(me, "POST", "/groups/" + mine + "/hosts", "[\"" + theirTwin + "\"]");
        assertThat(taking.statusCode()).as(taking.body()).isEqualTo(400);
        assertThat(RunningService.json(taking).get("detail").asText()).contains(theirTwin.toString());
        assertThat(as(me, "POST", "/groups", "{\"name\": \"mixed\", \"host_ids\": [\"" + theirTwin + "\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(as(me, "DELETE", "/groups/hosts/" + theirTwin, null).statusCode()).isEqualTo(404);

        assertThat(ids(read(me, "/hosts?group_name=twins"))).containsExactly(myTwin.toString());
        assertThat(read(me, "/hosts?group_id=" + theirs).get("total").asInt()).isZero();
        assertThat(read(me, "/hosts?group_name=").get("total").asInt()).isZero();
        assertThat(read(me, "/hosts/" + myTwin).at("/results/0/groups/0/id").asText()).isEqualTo(mine);
        assertThat(read(me, "/tags?group_name=twins").get("total").asInt()).isEqualTo(1);

        // the other tenant's group and host are as they were
        JsonNode theirList = read(other, "/groups");
        assertThat(theirList.get("total").asInt()).isEqualTo(1);
        assertThat(theirList.at("/results/0/name").asText()).isEqualTo("twins");
        assertThat(theirList.at("/results/0/host_count").asInt()).isEqualTo(1);
        assertThat(read(other, "/hosts/" + theirTwin).at("/results/0/groups/0/id").asText()).isEqualTo(theirs);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE group_id IS NOT NULL")).isEqualTo(2);
    }

    @Test
    void aTodaysCallersDeleteIsTrackedWithTheAccountItNamesOrWithout() throws Exception {
        try (TopicReader tracker = new TopicReader(service.bootstrapServers(),
                service.env("PAYLOAD_TRACKER_KAFKA_TOPIC"))) {
            for (Caller caller : List.of(ORG_1, ORG_4)) {
                String requestId = "tracked-delete-" + caller.orgId();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + service.settings().apiPrefix() + "/hosts/" + TWINS.get(caller))).DELETE();
                HttpResponse<String> response = service.send(request, "x-rh-identity", caller.identity(),
                        "x-rh-insights-request-id", requestId);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                List<JsonNode> statuses = new ArrayList<>();
                for (TopicReader.Record record : tracker.await(r -> r.value().contains(requestId), 4)) {
                    statuses.add(RunningService.JSON.readTree(record.value()));
                }
                assertThat(statuses).extracting(status -> status.get("status").asText())
                        .containsExactly("received", "processing", "processing_success", "success");
                assertThat(statuses).allSatisfy(status -> assertThat(status.has("account") ? status.get("account").asText() : null)
                        .as(caller.name()).isEqualTo(caller == ORG_4 ? "0000704" : null));
            }
        }
    }
}
