package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each reporter's check-in of a host (hbi-later §L3.3) and {@code registered_with} with reporters and their
 * negations (§0.4) against the real database: hosts ingested through POST /hosts by several reporters; yupana's
 * successors replace it; a reporter whose own check-in its org's setting culls no longer counts.
 */
class ReportersIT {

    static final String STALE = "2099-01-01T00:00:00+00:00";

    @RegisterExtension
    static RunningService service = RunningService.start();

    static final StalenessApi API = new StalenessApi(service);

    static String org;
    static String user;
    static UUID both;        // puptoo, then satellite
    static UUID satellite;   // yupana, then satellite: yupana replaced
    static UUID conduit;     // rhsm-conduit only, no insights_id

    @BeforeAll
    static void hosts() {
        org = StalenessApi.newOrg();
        user = TodaysIdentities.user(org);
        both = post("both", "puptoo", true);
        post("both", "satellite", true);
        satellite = post("yupana-then-satellite", "yupana", true);
        post("yupana-then-satellite", "satellite", true);
        conduit = post("conduit", "rhsm-conduit", false);
    }

    static UUID post(String name, String reporter, boolean insights) {
        String body = "[{\"org_id\": \"" + org + "\", \"fqdn\": \"" + name + ".example.com\", \"reporter\": \""
                + reporter + "\", \"stale_timestamp\": \"" + STALE + "\""
                + (insights ? ", \"insights_id\": \"" + UUID.nameUUIDFromBytes(name.getBytes()) + "\"" : "") + "}]";
        HttpResponse<String> response = API.call(user, "POST", "/hosts", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode result = RunningService.json(response).at("/data/0");
        assertThat(result.get("status").asInt()).as(response.body()).isIn(200, 201);
        return UUID.fromString(result.at("/host/id").asText());
    }

    static JsonNode host(UUID id) {
        return API.ok(user, "/hosts/" + id).at("/results/0");
    }

    @Test
    void eachReporterHasItsOwnCheckInAndYupanasSuccessorReplacesIt() {
        JsonNode reporters = host(both).get("per_reporter_staleness");
        assertThat(List.of(reporters.fieldNames().next(), reporters.size())).containsExactly("puptoo", 2);
        assertThat(reporters.has("satellite")).isTrue();
        OffsetDateTime puptoo = OffsetDateTime.parse(reporters.at("/puptoo/last_check_in").asText());
        OffsetDateTime sat = OffsetDateTime.parse(reporters.at("/satellite/last_check_in").asText());
        assertThat(sat).isAfter(puptoo);
        assertThat(host(both).get("last_check_in").asText()).isEqualTo(reporters.at("/satellite/last_check_in").asText());
        assertThat(reporters.at("/puptoo/stale_timestamp").asText()).as("2020's rule: what the reporter sent")
                .isEqualTo("2099-01-01T00:00:00+00:00");
        assertThat(reporters.at("/puptoo/culled_timestamp").asText()).isEqualTo("2099-01-15T00:00:00+00:00");
        JsonNode replaced = host(satellite).get("per_reporter_staleness");
        assertThat(replaced.has("yupana")).isFalse();
        assertThat(replaced.has("satellite")).isTrue();
    }

    @Test
    void registeredWithIsAnyOfItsReportersOrTheirNegationsOrInsights() {
        assertThat(API.listed(user, "&registered_with=puptoo")).containsExactly(both);
        assertThat(API.listed(user, "&registered_with=satellite")).containsExactlyInAnyOrder(both, satellite);
        assertThat(API.listed(user, "&registered_with=yupana")).as("yupana names its renamed successors")
                .containsExactlyInAnyOrder(both, satellite);
        assertThat(API.listed(user, "&registered_with=!puptoo")).containsExactlyInAnyOrder(satellite, conduit);
        assertThat(API.listed(user, "&registered_with=puptoo,rhsm-conduit")).containsExactlyInAnyOrder(both, conduit);
        assertThat(API.listed(user, "&registered_with=rhsm-conduit&registered_with=!satellite"))
                .containsExactly(conduit);
        assertThat(API.listed(user, "&registered_with=insights")).containsExactlyInAnyOrder(both, satellite);
        assertThat(API.listed(user, "&registered_with=cloud-connector")).isEmpty();
        assertThat(StalenessApi.ids(API.ok(user, "/tags?registered_with=!yupana"))).isEmpty();
        HttpResponse<String> unknown = API.call(user, "GET", "/hosts?registered_with=foreman", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(RunningService.json(unknown).get("detail").asText()).contains("'foreman' is not one of");
    }

    @Test
    void underASettingAReporterWhoseOwnCheckInIsCulledNoLongerCounts() {
        String org2 = StalenessApi.newOrg();
        API.save(org2, StalenessApi.MINUTES);
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        service.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                + " stale_timestamp, reporter, last_check_in, per_reporter_staleness) VALUES (?, ?, 'h', ?, ?,"
                + " ?::jsonb, ?, 'satellite', ?, ?::jsonb)", id, org2, now, now, "{\"fqdn\": \"" + id + "\"}",
                now.plusDays(1), now, "{\"puptoo\": {\"last_check_in\": \"" + now.minusSeconds(600)
                        + "\", \"stale_timestamp\": null}, \"satellite\": {\"last_check_in\": \"" + now
                        + "\", \"stale_timestamp\": null}}");
        String user2 = TodaysIdentities.user(org2);
        assertThat(API.listed(user2, "&registered_with=satellite")).containsExactly(id);
        assertThat(API.listed(user2, "&registered_with=puptoo")).as("puptoo's own check-in is culled").isEmpty();
        assertThat(API.listed(user2, "&registered_with=!puptoo")).containsExactly(id);
        JsonNode puptoo = API.ok(user2, "/hosts/" + id).at("/results/0/per_reporter_staleness/puptoo");
        assertThat(OffsetDateTime.parse(puptoo.get("culled_timestamp").asText())).isBefore(now);
        assertThat(OffsetDateTime.parse(puptoo.get("stale_timestamp").asText()))
                .isEqualTo(OffsetDateTime.parse(puptoo.get("last_check_in").asText()).plusSeconds(60));
    }
}
