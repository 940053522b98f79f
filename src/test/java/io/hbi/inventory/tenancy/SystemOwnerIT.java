package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A System identity sees and edits only the hosts it owns (decisions.md 16, hbi-later §L1.4): those of its org whose
 * {@code system_profile.owner_id} is its certificate's CN, compared without hyphens and case. Lists, totals and tag
 * counts leave the others out; by id they are absent from a read's 200 page, a PATCH or DELETE of them is a 404 and a
 * facts edit a 400 (decisions.md 11). A User of the same org sees them all.
 */
class SystemOwnerIT {

    static final String ORG = "owner-org";
    static final String CN = "1b36b20f-7fa0-4454-a6d2-008294e06378";
    static final String OTHER_CN = "7c4d0b6e-2f3a-4c5b-9d8e-1a2b3c4d5e6f";

    @RegisterExtension
    static RunningService service = RunningService.start();

    /** Owned: hyphenated lower case, and the same id hyphen-less in upper case (as a reporter may send it). */
    static UUID ownedHyphenated;
    static UUID ownedBare;
    /** Not owned: another owner, no owner, and the same owner id in another org. */
    static UUID otherOwner;
    static UUID noOwner;
    static UUID otherOrg;

    @BeforeEach
    void hosts() {
        service.execute("DELETE FROM hosts");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ownedHyphenated = insert(ORG, "{\"owner_id\": \"" + CN + "\"}", "{\"ns\": {\"owner\": [\"mine\"]}}", now);
        ownedBare = insert(ORG, "{\"owner_id\": \"" + CN.replace("-", "").toUpperCase(Locale.ROOT) + "\"}",
                "{\"ns\": {\"owner\": [\"mine\"]}}", now.minusMinutes(1));
        otherOwner = insert(ORG, "{\"owner_id\": \"" + OTHER_CN + "\"}", "{\"ns\": {\"owner\": [\"theirs\"]}}",
                now.minusMinutes(2));
        noOwner = insert(ORG, "{\"arch\": \"x86_64\"}", "{\"ns\": {\"owner\": [\"none\"]}}", now.minusMinutes(3));
        otherOrg = insert("owner-org-2", "{\"owner_id\": \"" + CN + "\"}", "{\"ns\": {\"owner\": [\"elsewhere\"]}}",
                now.minusMinutes(4));
    }

    static UUID insert(String orgId, String systemProfile, String tags, OffsetDateTime modified) {
        UUID id = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, facts, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, 'owned', ?,"
                        + " ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'puptoo')", id, orgId, modified, modified,
                "{\"ns\": {\"k\": \"v\"}}", tags, "{\"fqdn\": \"" + id + ".example.com\"}", systemProfile,
                modified.plusDays(1));
        return id;
    }

    static String system() {
        return TodaysIdentities.system(ORG, CN);
    }

    static HttpResponse<String> as(String identity, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + service.settings().apiPrefix() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return service.send(request, "x-rh-identity", identity, "Content-Type", "application/json");
    }

    static JsonNode read(String identity, String path) {
        HttpResponse<String> response = as(identity, "GET", path, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(host -> ids.add(host.get("id").asText()));
        return ids;
    }

    static List<String> tagValues(JsonNode page) {
        List<String> values = new ArrayList<>();
        page.get("results").forEach(item -> values.add(item.get("tag").get("value").asText() + "="
                + item.get("count").asInt()));
        return values;
    }

    @ParameterizedTest(name = "cn {0}")
    @ValueSource(strings = {CN, "1B36B20F-7FA0-4454-A6D2-008294E06378", "1b36b20f7fa04454a6d2008294e06378"})
    void aSystemListsOnlyTheHostsItOwnsWhateverTheSpellingOfItsCn(String cn) {
        String identity = TodaysIdentities.system(ORG, cn);
        // the default staleness (the maintained counts answer it for a whole org, not for an owner) and others
        for (String query : List.of("", "?staleness=fresh,stale,stale_warning,unknown", "?staleness=fresh",
                "?per_page=1", "?tags=ns/owner=mine", "?display_name=owned", "?order_by=display_name")) {
            JsonNode page = read(identity, "/hosts" + query);
            assertThat(page.get("total").asInt()).as(query).isEqualTo(2);
            assertThat(ids(page)).as(query).isSubsetOf(ownedHyphenated.toString(), ownedBare.toString())
                    .hasSize(query.equals("?per_page=1") ? 1 : 2);
        }
        for (UUID foreign : List.of(otherOwner, noOwner, otherOrg)) {
            assertThat(read(identity, "/hosts?hostname_or_id=" + foreign).get("total").asInt()).isZero();
        }
        assertThat(read(identity, "/hosts?tags=ns/owner=theirs").get("total").asInt()).isZero();
    }

    @Test
    void aSystemsTagsCountOnlyTheHostsItOwns() {
        for (String query : List.of("", "?staleness=fresh", "?search=o", "?order_by=count")) {
            JsonNode tags = read(system(), "/tags" + query);
            assertThat(tags.get("total").asInt()).as(query).isEqualTo(1);
            assertThat(tagValues(tags)).as(query).containsExactly("mine=2");
        }
        JsonNode ofTheOrg = read(TodaysIdentities.user(ORG), "/tags");
        assertThat(ofTheOrg.get("total").asInt()).isEqualTo(3);
        assertThat(tagValues(ofTheOrg)).containsExactly("mine=2", "none=1", "theirs=1");
    }

    @Test
    void aUserOfTheOrgSeesEveryHostOfTheOrg() {
        JsonNode page = read(TodaysIdentities.user(ORG), "/hosts");
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(ids(page)).containsExactly(ownedHyphenated.toString(), ownedBare.toString(), otherOwner.toString(),
                noOwner.toString());
    }

    @Test
    void hostsOfOthersAreAbsentFromReadsById() {
        String all = ownedHyphenated + "," + otherOwner + "," + noOwner + "," + otherOrg + "," + ownedBare;
        for (String resource : List.of("", "/system_profile")) {
            JsonNode page = read(system(), "/hosts/" + all + resource);
            assertThat(page.get("total").asInt()).as(resource).isEqualTo(2);
            assertThat(ids(page)).as(resource).containsExactlyInAnyOrder(ownedHyphenated.toString(),
                    ownedBare.toString());
            assertThat(read(system(), "/hosts/" + otherOwner + resource).get("total").asInt()).isZero();
        }
        for (String resource : List.of("/tags", "/tags/count")) {
            JsonNode page = read(system(), "/hosts/" + all + resource);
            List<String> keys = new ArrayList<>();
            page.get("results").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(resource).containsExactlyInAnyOrder(ownedHyphenated.toString(), ownedBare.toString());
        }
    }

    @Test
    void editsOfHostsOfOthersAre404AndChangeNothing() {
        for (UUID foreign : List.of(otherOwner, noOwner, otherOrg)) {
            assertThat(as(system(), "PATCH", "/hosts/" + foreign, "{\"display_name\": \"stolen\"}").statusCode())
                    .isEqualTo(404);
            assertThat(as(system(), "PATCH", "/hosts/" + foreign + "/facts/ns", "{\"k\": \"stolen\"}").statusCode())
                    .isEqualTo(400);
            assertThat(as(system(), "PUT", "/hosts/" + foreign + "/facts/ns", "{\"k\": \"stolen\"}").statusCode())
                    .isEqualTo(400);
            assertThat(as(system(), "DELETE", "/hosts/" + foreign, null).statusCode()).isEqualTo(404);
        }
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE display_name = 'owned'"
                + " AND facts = '{\"ns\": {\"k\": \"v\"}}'::jsonb")).as("nothing changed").isEqualTo(5);
    }

    @Test
    void editsReachTheHostsItOwnsOnly() {
        String mixed = otherOwner + "," + ownedBare + "," + noOwner;
        assertThat(as(system(), "PATCH", "/hosts/" + mixed, "{\"display_name\": \"renamed\"}").statusCode())
                .isEqualTo(200);
        assertThat(as(system(), "PATCH", "/hosts/" + ownedBare + "/facts/ns", "{\"m\": 1}").statusCode())
                .isEqualTo(200);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE display_name = 'renamed'")).isEqualTo(1);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ? AND display_name = 'renamed'"
                + " AND facts = '{\"ns\": {\"k\": \"v\", \"m\": 1}}'::jsonb", ownedBare)).isEqualTo(1);
        assertThat(as(system(), "DELETE", "/hosts/" + otherOrg + "," + ownedHyphenated, null).statusCode())
                .isEqualTo(200);
        assertThat(service.queryLong("SELECT count(*) FROM hosts")).isEqualTo(4);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?", ownedHyphenated)).isZero();
        assertThat(read(system(), "/hosts").get("total").asInt()).isEqualTo(1);
    }
}
