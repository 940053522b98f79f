package io.hbi.inventory.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Later HBI's plain host parameters on GET /hosts and GET /tags (hbi-later §0.2, §0.4, §7.1) against the real
 * database: provider_id, provider_type, updated_start/updated_end, last_check_in_start/last_check_in_end and
 * system_type select exactly their hosts (bounds inclusive); order_by=operating_system and order_by=last_check_in
 * with their default directions; every 400 and its text. The hosts are placed with SQL, so that their timestamps,
 * profiles and a row without last_check_in (written before V12) are exact.
 */
class LaterHostParametersIT {

    static final String A = "0000021";
    static final String OTHER = "0000022";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static RunningService service = RunningService.start();

    // modified_on (updated) and last_check_in of each host; "before" has no last_check_in (a row written before V12)
    static final OffsetDateTime RHEL810_MODIFIED = NOW.minusHours(1);
    static final OffsetDateTime RHEL810_CHECKED_IN = NOW.minusHours(3);
    static final OffsetDateTime EDGE_MODIFIED = NOW.minusHours(2);
    static final OffsetDateTime BEFORE_MODIFIED = NOW.minusMinutes(30);
    static final OffsetDateTime CLUSTER_MODIFIED = NOW.minusHours(4);
    static final OffsetDateTime RHEL802_MODIFIED = NOW.minusHours(5);
    static final OffsetDateTime EDGE_BOOTC_MODIFIED = NOW.minusHours(6);

    static UUID rhel810;     // aws i-0ABC, conventional, RHEL 8.10, checked in 3 h ago, updated 1 h ago
    static UUID edge;        // azure, edge, RHEL 9.2
    static UUID before;      // no provider, bootc, no operating system, no last_check_in (shows its updated)
    static UUID cluster;     // gcp, cluster, CentOS Linux 7.9
    static UUID rhel802;     // no provider, an empty image digest: conventional, RHEL 8.2
    static UUID edgeBootc;   // host_type edge wins over a bootc digest; no operating system
    static UUID otherAccount;

    @BeforeAll
    static void hosts() {
        rhel810 = insert(A, "i-0ABC", "aws", RHEL810_MODIFIED, RHEL810_CHECKED_IN,
                "{\"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 10}}", "{\"ns\": {\"k\": [\"aws\"]}}");
        edge = insert(A, "vm-1", "azure", EDGE_MODIFIED, EDGE_MODIFIED,
                "{\"host_type\": \"edge\", \"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 2}}",
                "{\"ns\": {\"k\": [\"azure\"]}}");
        before = insert(A, null, null, BEFORE_MODIFIED, null,
                "{\"bootc_status\": {\"booted\": {\"image_digest\": \"sha256:806d77394f96e47cf99b1233561ce970c94521244a2d8f2affa12c3261961223\"}}}",
                "{}");
        cluster = insert(A, "projects/p/zones/z/instances/1", "gcp", CLUSTER_MODIFIED, CLUSTER_MODIFIED,
                "{\"host_type\": \"cluster\", \"operating_system\": {\"name\": \"CentOS Linux\", \"major\": 7, \"minor\": 9}}",
                "{}");
        rhel802 = insert(A, null, null, RHEL802_MODIFIED, RHEL802_MODIFIED,
                "{\"bootc_status\": {\"booted\": {\"image_digest\": \"\"}},"
                        + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 2}}", "{}");
        edgeBootc = insert(A, null, null, EDGE_BOOTC_MODIFIED, EDGE_BOOTC_MODIFIED,
                "{\"host_type\": \"edge\", \"bootc_status\": {\"booted\": {\"image_digest\": \"sha256:1\"}}}", "{}");
        otherAccount = insert(OTHER, "i-0ABC", "aws", NOW, NOW, "{}", "{}");
    }

    static UUID insert(String account, String providerId, String providerType, OffsetDateTime modified,
                       OffsetDateTime lastCheckIn, String systemProfile, String tags) {
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, facts, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter, provider_id, provider_type,"
                        + " last_check_in) VALUES (?, ?, ?, ?, ?, '{}'::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'puptoo',"
                        + " ?, ?, ?)", id, account, "host-" + id, modified, modified, tags,
                "{\"fqdn\": \"" + id + ".example.com\"}", systemProfile, NOW.plusDays(1), providerId, providerType,
                lastCheckIn);
        return id;
    }

    static HttpResponse<String> get(String path) {
        return service.get(service.settings().apiPrefix() + path, "x-rh-identity", Identities.of(A));
    }

    static JsonNode ok(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static List<UUID> ids(String path) {
        List<UUID> ids = new ArrayList<>();
        ok(path).get("results").forEach(host -> ids.add(UUID.fromString(host.get("id").asText())));
        return ids;
    }

    static String problem(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return RunningService.json(response).get("detail").asText();
    }

    static String at(OffsetDateTime time) {
        return time.toInstant().toString();
    }

    @Test
    void providerIdIsCaseInsensitiveExactAndProviderTypeExact() {
        assertThat(ids("/hosts?provider_id=i-0abc")).containsExactly(rhel810);
        assertThat(ids("/hosts?provider_id=I-0ABC")).containsExactly(rhel810);
        assertThat(ids("/hosts?provider_id=i-0AB")).as("no substring").isEmpty();
        assertThat(ids("/hosts?provider_id=projects%2Fp%2Fzones%2Fz%2Finstances%2F1")).containsExactly(cluster);
        assertThat(ids("/hosts?provider_type=aws")).containsExactly(rhel810);
        assertThat(ids("/hosts?provider_type=azure")).containsExactly(edge);
        assertThat(ids("/hosts?provider_type=ibm")).isEmpty();
        assertThat(ids("/hosts?provider_type=gcp&provider_id=vm-1")).as("AND-ed").isEmpty();
    }

    @Test
    void providerAndCheckInAreShownAndARowWithoutCheckInShowsItsUpdated() {
        JsonNode host = ok("/hosts?provider_id=i-0abc").get("results").get(0);
        assertThat(host.get("provider_id").asText()).isEqualTo("i-0ABC");
        assertThat(host.get("provider_type").asText()).isEqualTo("aws");
        assertThat(OffsetDateTime.parse(host.get("last_check_in").asText())).isEqualTo(RHEL810_CHECKED_IN);
        JsonNode old = ok("/hosts/" + before).get("results").get(0);
        assertThat(old.get("provider_id").isNull()).isTrue();
        assertThat(old.get("provider_type").isNull()).isTrue();
        assertThat(old.get("last_check_in").asText()).isEqualTo(old.get("updated").asText());
    }

    @Test
    void updatedRangeIsInclusiveAtBothEnds() {
        assertThat(ids("/hosts?updated_start=" + at(EDGE_MODIFIED)))
                .containsExactly(before, rhel810, edge);
        assertThat(ids("/hosts?updated_end=" + at(EDGE_MODIFIED)))
                .containsExactly(edge, cluster, rhel802, edgeBootc);
        assertThat(ids("/hosts?updated_start=" + at(EDGE_MODIFIED) + "&updated_end=" + at(EDGE_MODIFIED)))
                .containsExactly(edge);
        assertThat(ids("/hosts?updated_start=" + at(EDGE_MODIFIED.plusNanos(1000)) + "&updated_end="
                + at(RHEL810_MODIFIED.minusNanos(1000)))).as("strictly between").isEmpty();
        assertThat(ids("/hosts?updated_start=1970-01-01T00:00:00Z&updated_end=" + at(CLUSTER_MODIFIED)))
                .as("a bound in 1970 is no bound").containsExactly(cluster, rhel802, edgeBootc);
    }

    @Test
    void lastCheckInRangeUsesTheCheckInAndForARowWithoutOneItsUpdated() {
        // check-ins: before 30 min (its updated), edge 2 h, rhel810 3 h, cluster 4 h, rhel802 5 h, edgeBootc 6 h
        assertThat(ids("/hosts?last_check_in_start=" + at(RHEL810_CHECKED_IN) + "&order_by=last_check_in"))
                .containsExactly(before, edge, rhel810);
        assertThat(ids("/hosts?last_check_in_end=" + at(RHEL810_CHECKED_IN) + "&order_by=last_check_in"))
                .containsExactly(rhel810, cluster, rhel802, edgeBootc);
        assertThat(ids("/hosts?last_check_in_start=" + at(RHEL810_MODIFIED)))
                .as("rhel810 was updated 1 h ago but checked in 3 h ago").containsExactly(before);
        assertThat(ids("/hosts?last_check_in_start=" + at(BEFORE_MODIFIED) + "&last_check_in_end=" + at(BEFORE_MODIFIED)))
                .containsExactly(before);
    }

    @Test
    void systemTypeIsDerivedFromTheProfileAndItsValuesAreOred() {
        assertThat(ids("/hosts?system_type=conventional")).containsExactly(rhel810, rhel802);
        assertThat(ids("/hosts?system_type=edge")).containsExactly(edge, edgeBootc);
        assertThat(ids("/hosts?system_type=bootc")).containsExactly(before);
        assertThat(ids("/hosts?system_type=cluster")).containsExactly(cluster);
        assertThat(ids("/hosts?system_type=bootc,cluster")).containsExactly(before, cluster);
        assertThat(ids("/hosts?system_type=bootc&system_type=edge")).containsExactly(before, edge, edgeBootc);
        assertThat(ids("/hosts?system_type=edge&provider_type=azure")).containsExactly(edge);
    }

    @Test
    void orderByOperatingSystemDefaultsToDescendingWithHostsWithoutOneAsTheLowest() {
        // keys: "RHEL 009.002", "RHEL 008.010", "RHEL 008.002", "CentOS Linux 007.009", then " 000.000" twice
        assertThat(ids("/hosts?order_by=operating_system"))
                .containsExactly(edge, rhel810, rhel802, cluster, before, edgeBootc);
        assertThat(ids("/hosts?order_by=operating_system&order_how=DESC"))
                .containsExactly(edge, rhel810, rhel802, cluster, before, edgeBootc);
        assertThat(ids("/hosts?order_by=operating_system&order_how=ASC"))
                .as("ties newest first").containsExactly(before, edgeBootc, cluster, rhel802, rhel810, edge);
        assertThat(ids("/hosts?order_by=operating_system&per_page=2&page=2")).containsExactly(rhel802, cluster);
    }

    @Test
    void orderByLastCheckInDefaultsToDescending() {
        assertThat(ids("/hosts?order_by=last_check_in"))
                .containsExactly(before, edge, rhel810, cluster, rhel802, edgeBootc);
        assertThat(ids("/hosts?order_by=last_check_in&order_how=ASC"))
                .containsExactly(edgeBootc, rhel802, cluster, rhel810, edge, before);
        assertThat(ids("/hosts?order_by=updated"))
                .as("updated is another order").containsExactly(before, rhel810, edge, cluster, rhel802, edgeBootc);
    }

    @Test
    void getTagsCountsTheTagsOfTheSelectedHostsOnly() {
        JsonNode tags = ok("/tags?provider_type=azure");
        assertThat(tags.get("total").asInt()).isEqualTo(1);
        assertThat(tags.at("/results/0/tag/value").asText()).isEqualTo("azure");
        assertThat(ok("/tags?system_type=conventional").at("/results/0/tag/value").asText()).isEqualTo("aws");
        assertThat(ok("/tags?updated_end=" + at(CLUSTER_MODIFIED)).get("total").asInt()).isZero();
        assertThat(ok("/tags").get("total").asInt()).isEqualTo(2);
    }

    @Test
    void anOrgsHostsAreFilteredAndOrderedAlike() {
        String org = "later-org";
        UUID older = insertOfOrg(org, "i-1", "aws", NOW.minusHours(2));
        UUID newer = insertOfOrg(org, "i-2", "aws", NOW.minusHours(1));
        insertOfOrg(org, "vm-3", "azure", NOW);
        HttpResponse<String> response = service.get(service.settings().apiPrefix()
                        + "/hosts?provider_type=aws&order_by=last_check_in&order_how=ASC&last_check_in_end=" + at(NOW),
                "x-rh-identity", TodaysIdentities.user(org));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<UUID> found = new ArrayList<>();
        RunningService.json(response).get("results").forEach(host -> found.add(UUID.fromString(host.get("id").asText())));
        assertThat(found).containsExactly(older, newer);
    }

    static UUID insertOfOrg(String org, String providerId, String providerType, OffsetDateTime checkedIn) {
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, facts, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter, provider_id, provider_type,"
                        + " last_check_in) VALUES (?, ?, ?, ?, ?, '{}'::jsonb, '{}'::jsonb, ?::jsonb, '{}'::jsonb, ?,"
                        + " 'puptoo', ?, ?, ?)", id, org, "host-" + id, NOW, NOW, "{\"fqdn\": \"" + id + ".example.com\"}",
                NOW.plusDays(1), providerId, providerType, checkedIn);
        return id;
    }

    @Test
    void everyBadValueIsA400ThatNamesTheParameter() {
        assertThat(problem("/hosts?provider_type=oracle"))
                .isEqualTo("provider_type: 'oracle' is not one of ['alibaba', 'aws', 'azure', 'discovery', 'gcp', 'ibm']");
        assertThat(problem("/hosts?system_type=server"))
                .isEqualTo("system_type: 'server' is not one of ['conventional', 'bootc', 'edge', 'cluster']");
        assertThat(problem("/hosts?updated_start=yesterday")).isEqualTo("updated_start: 'yesterday' is not a 'date-time'");
        assertThat(problem("/hosts?updated_end=2026-01-01")).isEqualTo("updated_end: '2026-01-01' is not a 'date-time'");
        assertThat(problem("/hosts?last_check_in_start=2026-01-01T00:00:00"))
                .isEqualTo("last_check_in_start: '2026-01-01T00:00:00' is not a 'date-time'");
        assertThat(problem("/hosts?last_check_in_end=x")).isEqualTo("last_check_in_end: 'x' is not a 'date-time'");
        assertThat(problem("/hosts?updated_start=2026-01-02T00:00:00Z&updated_end=2026-01-01T00:00:00Z"))
                .isEqualTo("updated_start cannot be after updated_end.");
        assertThat(problem("/hosts?last_check_in_start=2026-01-02T00:00:00Z&last_check_in_end=2026-01-01T00:00:00Z"))
                .isEqualTo("last_check_in_start cannot be after last_check_in_end.");
        assertThat(problem("/tags?system_type=server")).startsWith("system_type: 'server'");
        assertThat(problem("/hosts?order_by=last_check_in&order_how=desc")).startsWith("order_how: 'desc'");
        assertThat(problem("/hosts?order_how=ASC")).isEqualTo("Providing ordering direction without a column is not"
                + " supported. Provide order_by={updated,display_name,operating_system,last_check_in,group_name}.");
        assertThat(problem("/hosts?order_by=os")).startsWith("order_by: 'os' is not one of");
        assertThat(problem("/hosts/" + rhel810 + "?provider_id=x"))
                .as("not declared on the by-id reads").isEqualTo("Extra query parameter(s) provider_id not in spec");
    }
}
