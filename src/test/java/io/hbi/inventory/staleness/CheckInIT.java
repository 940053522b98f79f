package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TodaysIdentities;
import io.hbi.inventory.support.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /hosts/checkin} (hbi-later §L3.4, L3.7) against the real database and broker: the host the dedup rules
 * find checks in (its last_check_in and its reporter's move, its updated does not), with an updated event; 201 with
 * the host; 404 when none of the caller's hosts matches, a culled one included; a stale host is fresh again.
 */
class CheckInIT {

    @RegisterExtension
    static RunningService service = RunningService.start();

    static final StalenessApi API = new StalenessApi(service);

    static TopicReader events;

    @BeforeAll
    static void readEvents() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static HttpResponse<String> checkIn(String identity, String body) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix()
                        + "/hosts/checkin")).POST(HttpRequest.BodyPublishers.ofString(body)), "x-rh-identity", identity,
                "Content-Type", "application/json", "x-rh-insights-request-id", "check-in-request");
    }

    static UUID insert(String org, String account, String insightsId, OffsetDateTime checkIn, String ownerId) {
        UUID id = UUID.randomUUID();
        OffsetDateTime modified = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).truncatedTo(ChronoUnit.MICROS);
        service.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on,"
                + " canonical_facts, system_profile_facts, stale_timestamp, reporter, last_check_in)"
                + " VALUES (?, ?, ?, 'h', ?, ?, ?::jsonb, ?::jsonb, ?, 'puptoo', ?)", id, org, account, modified, modified,
                "{\"insights_id\": \"" + insightsId + "\", \"fqdn\": \"" + id + ".example.com\"}",
                ownerId == null ? "{}" : "{\"owner_id\": \"" + ownerId + "\"}", modified.minusDays(1), checkIn);
        return id;
    }

    static String org() {
        return StalenessApi.newOrg();
    }

    @Test
    void theMatchingHostChecksInWithItsEventAndNothingElseChanges() throws Exception {
        String org = org();
        String insightsId = UUID.randomUUID().toString();
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        UUID id = insert(org, null, insightsId, before, null);
        OffsetDateTime updated = OffsetDateTime.parse(RunningService.json(service.get(service.settings().apiPrefix()
                + "/hosts/" + id, "x-rh-identity", TodaysIdentities.user(org))).at("/results/0/updated").asText());

        HttpResponse<String> response = checkIn(TodaysIdentities.user(org), "{\"insights_id\": \""
                + insightsId.replace("-", "").toUpperCase() + "\", \"checkin_frequency\": 60}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode host = RunningService.json(response);
        assertThat(host.get("id").asText()).isEqualTo(id.toString());
        OffsetDateTime checkedIn = OffsetDateTime.parse(host.get("last_check_in").asText());
        assertThat(checkedIn).isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        assertThat(OffsetDateTime.parse(host.get("updated").asText())).as("a check-in is not an edit")
                .isEqualTo(updated);
        assertThat(OffsetDateTime.parse(host.get("stale_timestamp").asText()))
                .as("2020's rule: checkin_frequency after the check-in").isEqualTo(checkedIn.plusMinutes(60));
        assertThat(host.at("/per_reporter_staleness/puptoo/last_check_in").asText())
                .isEqualTo(host.get("last_check_in").asText());
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE org_id = ?", org)).isEqualTo(1);
        TopicReader.Record event = events.await(record -> record.key().equals(id.toString()), 1).get(0);
        assertThat(event.header("event_type")).isEqualTo("updated");
        assertThat(event.header("request_id")).isEqualTo("check-in-request");
        JsonNode eventHost = RunningService.JSON.readTree(event.value()).get("host");
        assertThat(eventHost.get("last_check_in").asText()).isEqualTo(host.get("last_check_in").asText());
    }

    @Test
    void aStaleHostOfAnOrgWithASettingIsFreshAgainAfterItsCheckIn() {
        String org = org();
        API.save(org, StalenessApi.MINUTES);
        String insightsId = UUID.randomUUID().toString();
        UUID id = insert(org, null, insightsId, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(90), null);
        String user = TodaysIdentities.user(org);
        assertThat(API.listed(user, "&staleness=stale")).containsExactly(id);
        HttpResponse<String> response = checkIn(user, "{\"insights_id\": \"" + insightsId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode host = RunningService.json(response);
        assertThat(OffsetDateTime.parse(host.get("stale_timestamp").asText()))
                .isEqualTo(OffsetDateTime.parse(host.get("last_check_in").asText()).plusSeconds(60));
        assertThat(API.listed(user, "&staleness=fresh")).containsExactly(id);
        assertThat(API.listed(user, "&staleness=stale")).isEmpty();
    }

    @Test
    void noMatchingHostOfTheCallerIsA404AndACulledHostIsNoMatch() {
        String org = org();
        API.save(org, StalenessApi.MINUTES);
        String culledId = UUID.randomUUID().toString();
        insert(org, null, culledId, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(600), null);
        String otherOrgsId = UUID.randomUUID().toString();
        insert(org(), null, otherOrgsId, OffsetDateTime.now(ZoneOffset.UTC), null);
        for (String insightsId : List.of(culledId, otherOrgsId, UUID.randomUUID().toString())) {
            HttpResponse<String> response = checkIn(TodaysIdentities.user(org), "{\"insights_id\": \"" + insightsId
                    + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(RunningService.json(response).get("detail").asText())
                    .isEqualTo("No hosts match the provided canonical facts.");
        }
    }

    @Test
    void aTwentyTwentyAccountChecksInItsHostsAndASystemIdentityOnlyItsOwn() {
        String account = String.valueOf(4_000_000 + new java.util.Random().nextInt(999_999));
        String insightsId = UUID.randomUUID().toString();
        insert(null, account, insightsId, OffsetDateTime.now(ZoneOffset.UTC).minusDays(1), null);
        assertThat(checkIn(Identities.of(account), "{\"insights_id\": \"" + insightsId + "\"}").statusCode())
                .isEqualTo(201);
        String org = org();
        String cn = UUID.randomUUID().toString();
        String owned = UUID.randomUUID().toString();
        String notOwned = UUID.randomUUID().toString();
        insert(org, null, owned, OffsetDateTime.now(ZoneOffset.UTC), cn.replace("-", ""));
        insert(org, null, notOwned, OffsetDateTime.now(ZoneOffset.UTC), UUID.randomUUID().toString());
        String system = TodaysIdentities.system(org, cn);
        assertThat(checkIn(system, "{\"insights_id\": \"" + owned + "\"}").statusCode()).isEqualTo(201);
        assertThat(checkIn(system, "{\"insights_id\": \"" + notOwned + "\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyThatBreaksItsRulesIsA400() {
        String user = TodaysIdentities.user(org());
        for (String body : List.of("{}", "{\"insights_id\": \"nope\"}", "{\"fqdn\": \"a\", \"checkin_frequency\": 0}",
                "{\"fqdn\": \"a\", \"provider_id\": \"i-1\"}", "{\"fqdn\": \"a\", \"display_name\": \"x\"}", "[]",
                "not json")) {
            HttpResponse<String> response = checkIn(user, body);
            assertThat(response.statusCode()).as(body + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(RunningService.json(checkIn(user, "{}")).get("detail").asText())
                .isEqualTo("At least one of the canonical fact fields must be present.");
    }
}
