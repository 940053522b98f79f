package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.store.HostCounts;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The totals of GET /hosts and the counts of GET /tags stay exact per tenant (issue 13, decisions.md 10) for an org,
 * and for an account whose hosts orgs adopted (a 2020 caller of the account sees those too): after inserts, a host
 * moving from one org to another, an adoption, deletes through the API and a tag change, before and after the
 * maintained counts are compacted. Every expectation is written out; the default staleness set is the one the
 * maintained counts answer, the full set answers from them too (with another bound), so both are checked.
 */
class TenantCountsIT {

    static final String O1 = "count-org-1";
    static final String O2 = "count-org-2";
    static final String A = "0000801";
    static final String ALL_STATES = "staleness=fresh,stale,stale_warning,unknown";

    // compaction only when the test asks for it
    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_HOST_COUNTS_COMPACTION_INTERVAL_MS",
            "3600000"));

    static UUID insert(String orgId, String account, String env, boolean staleWarning) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        service.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, tags,"
                        + " canonical_facts, stale_timestamp, reporter) VALUES (?, ?, ?, 'counted', ?, ?, ?::jsonb,"
                        + " ?::jsonb, ?, 'puptoo')", id, orgId, account, now, now,
                "{\"ns\": {\"env\": [\"" + env + "\"]}}", "{\"fqdn\": \"" + id + ".example.com\"}",
                staleWarning ? now.minusDays(10) : now.plusDays(1));
        return id;
    }

    static JsonNode read(String identity, String path) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + path, "x-rh-identity",
                identity);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static HttpResponse<String> delete(String identity, UUID id) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix()
                + "/hosts/" + id)).DELETE(), "x-rh-identity", identity);
    }

    /** The tenant's total and its tags as {@code value=count}, with the default and with every staleness state. */
    static void assertCounts(String step, String identity, int total, List<String> tags, int totalOfAll,
                             List<String> tagsOfAll) {
        assertThat(read(identity, "/hosts?per_page=1").get("total").asInt()).as(step + " total").isEqualTo(total);
        assertThat(tagCounts(read(identity, "/tags"))).as(step + " tags").isEqualTo(tags);
        assertThat(read(identity, "/hosts?per_page=1&" + ALL_STATES).get("total").asInt()).as(step + " total, all")
                .isEqualTo(totalOfAll);
        assertThat(tagCounts(read(identity, "/tags?" + ALL_STATES))).as(step + " tags, all").isEqualTo(tagsOfAll);
    }

    static List<String> tagCounts(JsonNode page) {
        List<String> counts = new ArrayList<>();
        page.get("results").forEach(item -> counts.add(item.get("tag").get("value").asText() + "="
                + item.get("count").asInt()));
        assertThat(page.get("total").asInt()).isEqualTo(counts.size());
        return counts;
    }

    static void compact() {
        HostCounts counts = service.service().camelContext().getRegistry()
                .lookupByNameAndType("hostCounts", HostCounts.class);
        // the scheduled compaction may hold the turn for a moment
        await().atMost(Duration.ofSeconds(10)).until(counts::compact);
        assertThat(service.queryLong("SELECT count(*) FROM host_count_deltas")).isZero();
        assertThat(service.queryLong("SELECT count(*) FROM host_tag_count_deltas")).isZero();
    }

    @Test
    void totalsAndTagCountsOfOrgsAndOfAnAdoptedAccountStayExact() {
        String org1 = TodaysIdentities.user(O1);
        String org1WithTheAccount = TodaysIdentities.user(O1, A);
        String org2 = TodaysIdentities.user(O2);
        String account = Identities.of(A);

        UUID own1 = insert(null, A, "prod", false);
        UUID own2 = insert(null, A, "prod", false);
        UUID adopted1 = insert(O1, A, "prod", false);
        UUID adopted2 = insert(O1, A, "dev", false);
        UUID orgOnly = insert(O1, null, "dev", false);
        insert(O1, null, "old", true);
        UUID adoptedByO2 = insert(O2, A, "prod", false);

        for (String step : List.of("inserted", "inserted, compacted")) {
            assertCounts(step + ": org 1", org1, 3, List.of("dev=2", "prod=1"), 4, List.of("dev=2", "old=1", "prod=1"));
            assertCounts(step + ": org 1 (identity with the account)", org1WithTheAccount, 3, List.of("dev=2", "prod=1"),
                    4, List.of("dev=2", "old=1", "prod=1"));
            assertCounts(step + ": org 2", org2, 1, List.of("prod=1"), 1, List.of("prod=1"));
            assertCounts(step + ": account", account, 5, List.of("dev=1", "prod=4"), 5, List.of("dev=1", "prod=4"));
            compact();
        }

        // a host moves from org 1 to org 2 (it keeps the account); a 2020 host of the account is adopted by org 2
        service.execute("UPDATE hosts SET org_id = ? WHERE id = ?", O2, adopted2);
        service.execute("UPDATE hosts SET org_id = ? WHERE id = ?", O2, own1);
        for (String step : List.of("moved", "moved, compacted")) {
            assertCounts(step + ": org 1", org1, 2, List.of("dev=1", "prod=1"), 3, List.of("dev=1", "old=1", "prod=1"));
            assertCounts(step + ": org 2", org2, 3, List.of("dev=1", "prod=2"), 3, List.of("dev=1", "prod=2"));
            assertCounts(step + ": account", account, 5, List.of("dev=1", "prod=4"), 5, List.of("dev=1", "prod=4"));
            compact();
        }

        // deletes through the API: org 2 deletes an adopted host, the account one adopted by org 1, a 2020 host
        assertThat(delete(org2, adoptedByO2).statusCode()).isEqualTo(200);
        assertThat(delete(account, adopted1).statusCode()).isEqualTo(200);
        assertThat(delete(org1, own2).statusCode()).as("a 2020 host of an account is no org's").isEqualTo(404);
        assertThat(delete(account, own2).statusCode()).isEqualTo(200);
        service.execute("UPDATE hosts SET tags = '{\"ns\": {\"env\": [\"prod\", \"dev\"]}}' WHERE id = ?", orgOnly);
        for (String step : List.of("deleted", "deleted, compacted")) {
            assertCounts(step + ": org 1", org1, 1, List.of("dev=1", "prod=1"), 2, List.of("dev=1", "old=1", "prod=1"));
            assertCounts(step + ": org 2", org2, 2, List.of("dev=1", "prod=1"), 2, List.of("dev=1", "prod=1"));
            assertCounts(step + ": account", account, 2, List.of("dev=1", "prod=1"), 2, List.of("dev=1", "prod=1"));
            compact();
        }
    }
}
