package io.hbi.inventory.query;

import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.store.HostQueries;
import io.hbi.inventory.store.ListStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.QueryPlans;
import io.hbi.inventory.support.RunningService;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read API (contract §1.4–§1.7, §8) over hosts placed in every staleness state. */
class HostQueryApiIT {

    static final String A = "0000011";
    static final String EMPTY = "0000099";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    @RegisterExtension
    static RunningService service = RunningService.start();

    static UUID fresh;
    static UUID stale;
    static UUID staleWarning;
    static UUID culled;
    static UUID unknown;
    static UUID tagged;
    static String taggedInsightsId = UUID.randomUUID().toString();

    @BeforeAll
    static void hosts() {
        fresh = insert(A, "alpha_web", "alpha.example.com", null, "{}", NOW.plusDays(1), NOW.minusMinutes(50));
        stale = insert(A, "Bravo%db", "bravo.example.com", null, "{}", NOW.minusDays(1), NOW.minusMinutes(40));
        staleWarning = insert(A, "charlie", "charlie.example.com", null, "{}", NOW.minusDays(10), NOW.minusMinutes(30));
        culled = insert(A, "delta", "delta.example.com", null, "{}", NOW.minusDays(20), NOW.minusMinutes(20));
        unknown = insert(A, "echo", "echo.example.com", null, "{}", null, NOW.minusMinutes(10));
        tagged = insert(A, "foxtrot", "foxtrot.example.com", taggedInsightsId,
                "{\"insights-client\": {\"env\": [\"prod\", \"dev\"], \"group\": []}, \"null\": {\"plain\": [\"x\"]},"
                        + " \"sat\": {\"a,b\": [\"c/d=e\"]}}", NOW.plusDays(2), NOW.minusMinutes(5));
    }

    /** Places a host exactly, bypassing ingestion (staleness states the API cannot produce). */
    static UUID insert(String account, String displayName, String fqdn, String insightsId, String tags,
                       OffsetDateTime staleTimestamp, OffsetDateTime modified) {
        UUID id = UUID.randomUUID();
        String facts = "{\"fqdn\": \"" + fqdn + "\"" + (insightsId == null ? "" : ", \"insights_id\": \"" + insightsId + "\"") + "}";
        service.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, facts, tags, canonical_facts,"
                        + " system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb,"
                        + " ?::jsonb, ?, 'puptoo')", id, account, displayName, modified, modified,
                "{\"ns1\": {\"k\": \"v\"}}", tags, facts, "{\"arch\": \"x86_64\"}", staleTimestamp);
        return id;
    }

    static HttpResponse<String> get(String account, String path) {
        return account == null ? service.get(service.settings().apiPrefix() + path)
                : service.get(service.settings().apiPrefix() + path, "x-rh-identity", Identities.of(account));
    }

    static JsonNode ok(String path) {
        HttpResponse<String> response = get(A, path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static String problem(String account, String path, int status) {
        HttpResponse<String> response = get(account, path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return RunningService.json(response).get("detail").asText();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(host -> ids.add(host.get("id").asText()));
        return ids;
    }

    static String s(UUID id) {
        return id.toString();
    }

    @Test
    void listDefaultsToFreshStaleAndUnknownNewestFirst() {
        JsonNode page = ok("/hosts");
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("count").asInt()).isEqualTo(4);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("per_page").asInt()).isEqualTo(50);
        assertThat(ids(page)).containsExactly(s(tagged), s(unknown), s(stale), s(fresh));
    }

    @Test
    void everyStalenessStateSelectsItsHostsAndCulledIsRefused() {
        assertThat(ids(ok("/hosts?staleness=fresh"))).containsExactlyInAnyOrder(s(fresh), s(tagged));
        assertThat(ids(ok("/hosts?staleness=stale"))).containsExactly(s(stale));
        assertThat(ids(ok("/hosts?staleness=stale_warning"))).containsExactly(s(staleWarning));
        assertThat(ids(ok("/hosts?staleness=unknown"))).containsExactly(s(unknown));
        assertThat(ids(ok("/hosts?staleness=stale_warning&staleness=unknown"))).containsExactly(s(unknown), s(staleWarning));
        assertThat(ids(ok("/hosts?staleness=fresh,stale,stale_warning"))).hasSize(4).doesNotContain(s(culled));
        assertThat(problem(A, "/hosts?staleness=culled", 400)).contains("staleness");
    }

    @Test
    void orderingsFollowTheContract() {
        assertThat(ids(ok("/hosts?order_by=updated&order_how=ASC"))).containsExactly(s(fresh), s(stale), s(unknown), s(tagged));
        assertThat(ids(ok("/hosts?order_by=updated"))).containsExactly(s(tagged), s(unknown), s(stale), s(fresh));
        assertThat(ids(ok("/hosts?order_by=display_name"))).containsExactly(s(stale), s(fresh), s(unknown), s(tagged));
        assertThat(ids(ok("/hosts?order_by=display_name&order_how=DESC"))).containsExactly(s(tagged), s(unknown), s(fresh), s(stale));
        assertThat(problem(A, "/hosts?order_how=ASC", 400)).isEqualTo(Ordering.DIRECTION_WITHOUT_COLUMN);
        assertThat(problem(A, "/hosts?order_by=fqdn", 400)).contains("order_by");
        assertThat(problem(A, "/hosts?order_by=updated&order_how=asc", 400)).contains("order_how");
    }

    @Test
    void paginationBoundsAndThePageAfterTheLast() {
        JsonNode second = ok("/hosts?per_page=3&page=2");
        assertThat(second.get("total").asInt()).isEqualTo(4);
        assertThat(second.get("count").asInt()).isEqualTo(1);
        assertThat(second.get("per_page").asInt()).isEqualTo(3);
        assertThat(ids(second)).containsExactly(s(fresh));
        assertThat(problem(A, "/hosts?per_page=3&page=3", 404)).isNotBlank();
        assertThat(problem(A, "/hosts?per_page=0", 400)).contains("per_page");
        assertThat(problem(A, "/hosts?per_page=101", 400)).contains("per_page");
        assertThat(problem(A, "/hosts?per_page=ten", 400)).contains("per_page");
        assertThat(problem(A, "/hosts?page=0", 400)).contains("page");
        JsonNode nothing = RunningService.json(get(EMPTY, "/hosts"));
        assertThat(nothing.get("total").asInt()).isZero();
        assertThat(nothing.get("results").size()).isZero();
        assertThat(get(EMPTY, "/hosts?page=2").statusCode()).isEqualTo(404);
    }

    @Test
    void textFiltersAreCaseInsensitiveSubstringsWithLiteralWildcards() {
        assertThat(ids(ok("/hosts?display_name=ALPHA"))).containsExactly(s(fresh));
        assertThat(ids(ok("/hosts?display_name=a_w"))).containsExactly(s(fresh));
        assertThat(ids(ok("/hosts?display_name=%25"))).containsExactly(s(stale));
        assertThat(ids(ok("/hosts?display_name=o%25d"))).containsExactly(s(stale));
        assertThat(ids(ok("/hosts?hostname_or_id=BRAVO.EXAMPLE"))).containsExactly(s(stale));
        assertThat(ids(ok("/hosts?hostname_or_id=" + fresh))).containsExactly(s(fresh));
        assertThat(ids(ok("/hosts?fqdn=echo.example.com"))).containsExactly(s(unknown));
        assertThat(ids(ok("/hosts?fqdn=echo.example"))).isEmpty();
    }

    @Test
    void onlyTheFirstPresentOfFqdnDisplayNameHostnameOrIdInsightsIdApplies() {
        assertThat(ids(ok("/hosts?fqdn=alpha.example.com&display_name=bravo"))).containsExactly(s(fresh));
        assertThat(ids(ok("/hosts?display_name=bravo&hostname_or_id=alpha"))).containsExactly(s(stale));
        assertThat(ids(ok("/hosts?hostname_or_id=alpha&insights_id=" + taggedInsightsId))).containsExactly(s(fresh));
    }

    @Test
    void insightsIdMatchesWhateverItsSpellingAndMustBeAUuid() {
        assertThat(ids(ok("/hosts?insights_id=" + taggedInsightsId.replace("-", "").toUpperCase()))).containsExactly(s(tagged));
        assertThat(problem(A, "/hosts?insights_id=123456", 400)).contains("insights_id");
        assertThat(ids(ok("/hosts?registered_with=insights"))).containsExactly(s(tagged));
        assertThat(problem(A, "/hosts?registered_with=foreman", 400)).contains("registered_with");
    }

    @Test
    void tagFiltersUseNamespaceKeyValueWithAndSemantics() {
        assertThat(ids(ok("/hosts?tags=insights-client/env=prod"))).containsExactly(s(tagged));
        assertThat(ids(ok("/hosts?tags=insights-client/env"))).containsExactly(s(tagged));
        assertThat(ids(ok("/hosts?tags=insights-client/group"))).containsExactly(s(tagged));
        assertThat(ids(ok("/hosts?tags=plain=x"))).containsExactly(s(tagged));
        assertThat(ids(ok("/hosts?tags=insights-client/env=prod&tags=insights-client/env=dev"))).containsExactly(s(tagged));
        assertThat(ids(ok("/hosts?tags=insights-client/env=prod,insights-client/env=qa"))).isEmpty();
        assertThat(ids(ok("/hosts?tags=insights-client/env=qa"))).isEmpty();
        // parts are decoded after splitting: an encoded comma, slash and equals sign stay inside their part
        assertThat(ids(ok("/hosts?tags=sat/a%252Cb=c%252Fd%253De"))).containsExactly(s(tagged));
        assertThat(problem(A, "/hosts?tags=" + "k".repeat(256), 400)).isEqualTo("key is longer than 255 characters");
        assertThat(problem(A, "/hosts?tags=a/b/c", 400)).contains("tags");
    }

    @Test
    void undeclaredParametersAreRefusedAndBranchIdIsIgnored() {
        assertThat(problem(A, "/hosts?bogus=1", 400)).isEqualTo("Extra query parameter(s) bogus not in spec");
        assertThat(ok("/hosts?branch_id=1234").get("total").asInt()).isEqualTo(4);
        assertThat(problem(A, "/hosts/" + fresh + "/tags?branch_id=1", 400)).contains("branch_id");
        assertThat(problem(A, "/hosts/" + fresh + "/tags/count?search=x", 400)).contains("search");
        assertThat(problem(A, "/tags?branch_id=1", 400)).contains("branch_id");
        assertThat(problem(A, "/hosts/" + fresh + "?staleness=fresh", 400)).contains("staleness");
    }

    @Test
    void hostsByIdIncludeStaleWarningButNeverCulledAndIgnoreUnknownIds() {
        JsonNode page = ok("/hosts/" + String.join(",", s(fresh), s(staleWarning), s(culled), s(UUID.randomUUID()),
                s(unknown).replace("-", "").toUpperCase()));
        assertThat(ids(page)).containsExactlyInAnyOrder(s(fresh), s(staleWarning), s(unknown));
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(ok("/hosts/" + UUID.randomUUID()).get("total").asInt()).isZero();
        assertThat(problem(A, "/hosts/not-a-uuid", 400)).contains("host_id_list");
        assertThat(problem(A, "/hosts/" + fresh + ",", 400)).contains("host_id_list");
        assertThat(ids(ok("/hosts/" + fresh + "," + stale + "?order_by=display_name&per_page=1"))).containsExactly(s(stale));
    }

    @Test
    void systemProfilesTagsAndTagCountsOfHosts() {
        JsonNode profiles = ok("/hosts/" + fresh + "/system_profile");
        assertThat(profiles.get("results").get(0).get("id").asText()).isEqualTo(s(fresh));
        assertThat(profiles.get("results").get(0).get("system_profile").get("arch").asText()).isEqualTo("x86_64");

        JsonNode tags = ok("/hosts/" + tagged + "," + fresh + "/tags");
        assertThat(tags.get("results").get(s(fresh)).size()).isZero();
        assertThat(tags.get("results").get(s(tagged)).size()).isEqualTo(5);
        JsonNode searched = ok("/hosts/" + tagged + "," + fresh + "/tags?search=pro");
        assertThat(searched.get("results").get(s(tagged)).toString())
                .isEqualTo("[{\"namespace\":\"insights-client\",\"key\":\"env\",\"value\":\"prod\"}]");
        assertThat(searched.get("results").get(s(fresh)).size()).isZero();
        assertThat(ok("/hosts/" + tagged + "/tags?search=PRO").get("results").get(s(tagged)).size()).isZero();

        JsonNode counts = ok("/hosts/" + tagged + "," + fresh + "/tags/count");
        assertThat(counts.get("results").get(s(tagged)).asInt()).isEqualTo(5);
        assertThat(counts.get("results").get(s(fresh)).asInt()).isZero();
        assertThat(ok("/hosts/" + UUID.randomUUID() + "/tags").get("results").size()).isZero();
    }

    @Test
    void accountTagsCountHostsPerTag() {
        insert(A, "golf", "golf.example.com", null, "{\"insights-client\": {\"env\": [\"prod\"]}}", NOW.plusDays(1),
                NOW.minusMinutes(60));
        try {
            JsonNode tags = ok("/tags?order_by=count&order_how=DESC");
            assertThat(tags.get("total").asInt()).isEqualTo(5);
            JsonNode first = tags.get("results").get(0);
            assertThat(first.get("tag").toString()).isEqualTo("{\"namespace\":\"insights-client\",\"key\":\"env\",\"value\":\"prod\"}");
            assertThat(first.get("count").asInt()).isEqualTo(2);
            JsonNode plain = ok("/tags?search=plain").get("results");
            assertThat(plain.toString()).isEqualTo("[{\"tag\":{\"namespace\":null,\"key\":\"plain\",\"value\":\"x\"},\"count\":1}]");
            assertThat(ok("/tags?tags=insights-client/env=dev").get("total").asInt()).isEqualTo(5);
            assertThat(ok("/tags?registered_with=insights&search=prod").get("results").get(0).get("count").asInt()).isEqualTo(1);
            assertThat(ok("/tags?per_page=2&page=3").get("count").asInt()).isEqualTo(1);
            assertThat(problem(A, "/tags?per_page=2&page=4", 404)).isNotBlank();
            assertThat(problem(A, "/tags?order_by=updated", 400)).contains("order_by");
        } finally {
            service.execute("DELETE FROM hosts WHERE display_name = 'golf'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hosts", "/hosts/%s", "/hosts/%s/system_profile", "/hosts/%s/tags", "/hosts/%s/tags/count", "/tags"})
    void everyReadNeedsAnIdentity(String path) {
        assertThat(problem(null, String.format(path, fresh), 401)).isEqualTo("No authorization token provided");
        HttpResponse<String> bad = service.get(service.settings().apiPrefix() + String.format(path, fresh),
                "x-rh-identity", "%%%");
        assertThat(bad.statusCode()).isEqualTo(401);
    }

    @Test
    void theListOrderedByUpdatedIsAnIndexScanThatStopsAfterOnePage() throws SQLException {
        service.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts,"
                + " stale_timestamp, reporter) SELECT gen_random_uuid(), 'plan' || (i % 20), 'h' || i, now(),"
                + " now() - i * interval '1 second', jsonb_build_object('fqdn', 'h' || i), now() + interval '1 day', 'p'"
                + " FROM generate_series(1, 40000) AS i");
        service.execute("ANALYZE hosts");
        String plan = planOf("order_by=updated");
        assertThat(plan).as(plan).contains("Limit").contains("hosts_account_modified_on_id").doesNotContain("Seq Scan");
        String byName = planOf("display_name=h12");
        assertThat(byName).as(byName).doesNotContain("Seq Scan");
        String tags = planOf("tags=ns/k=v");
        assertThat(tags).as(tags).doesNotContain("Seq Scan");
    }

    /** The plan of the statement the service runs for GET /hosts?{rawQuery} of account plan3, with its parameters. */
    static String planOf(String rawQuery) throws SQLException {
        HostQueries queries = new HostQueries(service.service().dataSource(), new HostRepository(RunningService.JSON),
                StalenessWindow.DEFAULT);
        HostQueries.BuiltStatement statement = ListStatements.of(queries, Tenant.ofAccount("plan3"), rawQuery, Instant.now());
        return "-- " + statement.sql() + "\n"
                + QueryPlans.explain(service.service().dataSource(), statement.sql(), statement.parameters());
    }
}
