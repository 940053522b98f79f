package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TodaysIdentities;
import io.hbi.inventory.support.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staleness per org (decisions.md 13, hbi-later §L3.1, L3.3, L3.7) against the real database and broker: an org with a
 * setting has its hosts' timestamps computed from their last check-in with its seconds, and the staleness filter, the
 * totals, the tag counts, the by-id reads, the facets, the edits and the dedup all agree with them, culled hosts
 * left out everywhere; an org without one keeps 2020's rules, unchanged. The hosts are placed with SQL, so that their
 * check-ins and stale_timestamps are exact and contradict each other (each rule must ignore the other's column).
 */
class StalenessIT {

    // the setting of the tests: stale 60 s, stale_warning 120 s, culled 180 s after the check-in
    static final String SETTING = StalenessApi.MINUTES;

    @RegisterExtension
    static RunningService service = RunningService.start();

    static final StalenessApi API = new StalenessApi(service);

    static TopicReader events;
    static TopicReader notifications;

    @BeforeAll
    static void readEvents() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
        notifications = new TopicReader(service.bootstrapServers(), service.env("KAFKA_NOTIFICATIONS_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
        notifications.close();
    }

    /** The hosts of one org, by what their check-in says under the setting, each contradicted by its stale_timestamp. */
    record Fleet(String org, UUID fresh, UUID stale, UUID staleWarning, UUID culled, UUID withoutCheckIn) {
        List<UUID> all() {
            return List.of(fresh, stale, staleWarning, culled, withoutCheckIn);
        }
    }

    static Fleet fleet(String account) {
        String org = StalenessApi.newOrg();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new Fleet(org,
                insert(org, account, now.minusSeconds(30), now.minusDays(10), "fresh", 4),
                insert(org, account, now.minusSeconds(90), now.plusDays(1), "stale", 4),
                insert(org, account, now.minusSeconds(150), now.plusDays(1), "stale-warning", 2),
                insert(org, account, now.minusSeconds(600), now.plusDays(1), "culled", 2),
                // a row written before V12: no last_check_in, its modified_on is its check-in; no stale_timestamp
                insert(org, account, null, null, "without-check-in", 4));
    }

    static UUID insert(String org, String account, OffsetDateTime lastCheckIn, OffsetDateTime staleTimestamp,
                       String name, int minor) {
        UUID id = UUID.randomUUID();
        OffsetDateTime modified = lastCheckIn == null ? OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(30)
                : lastCheckIn;
        service.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter, last_check_in)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'puptoo', ?)", id, org, account,
                name, modified, modified, "{\"ns\": {\"state\": [\"" + name + "\"]}}",
                "{\"fqdn\": \"" + id + ".example.com\"}",
                "{\"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": " + minor + "}}", staleTimestamp,
                lastCheckIn);
        return id;
    }

    static Map<UUID, JsonNode> byId(JsonNode page) {
        Map<UUID, JsonNode> hosts = new HashMap<>();
        page.get("results").forEach(host -> hosts.put(UUID.fromString(host.get("id").asText()), host));
        return hosts;
    }

    static String idList(List<UUID> ids) {
        return String.join(",", ids.stream().map(UUID::toString).toList());
    }

    @Test
    void anOrgsSettingDecidesTheStateOfItsHostsByTheirCheckInInEveryFilterAndTotal() {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        String user = TodaysIdentities.user(fleet.org());
        assertThat(API.listed(user, "")).as("default: fresh and stale (and unknown, which no host of the org is)")
                .containsExactlyInAnyOrder(fleet.fresh(), fleet.stale(), fleet.withoutCheckIn());
        assertThat(API.listed(user, "&staleness=fresh")).containsExactlyInAnyOrder(fleet.fresh(), fleet.withoutCheckIn());
        assertThat(API.listed(user, "&staleness=stale")).containsExactly(fleet.stale());
        assertThat(API.listed(user, "&staleness=stale_warning")).containsExactly(fleet.staleWarning());
        assertThat(API.listed(user, "&staleness=unknown")).isEmpty();
        assertThat(API.listed(user, "&staleness=fresh,stale,stale_warning,unknown")).as("culled: never")
                .containsExactlyInAnyOrder(fleet.fresh(), fleet.stale(), fleet.staleWarning(), fleet.withoutCheckIn());
        assertThat(API.listed(user, "&staleness=stale,stale_warning&order_by=last_check_in"))
                .containsExactlyInAnyOrder(fleet.stale(), fleet.staleWarning());
        assertThat(API.listed(user, "&display_name=stale")).as("another filter: the rows are counted")
                .containsExactly(fleet.stale());
    }

    @Test
    void theTimestampsShownAreTheCheckInPlusTheOrgsSecondsAndTheReportersAreToo() {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        Map<UUID, JsonNode> hosts = byId(API.ok(TodaysIdentities.user(fleet.org()), "/hosts/" + idList(fleet.all())));
        assertThat(hosts).as("by id: every host but the culled one").containsOnlyKeys(fleet.fresh(), fleet.stale(),
                fleet.staleWarning(), fleet.withoutCheckIn());
        for (JsonNode host : hosts.values()) {
            OffsetDateTime checkIn = OffsetDateTime.parse(host.get("last_check_in").asText());
            assertThat(OffsetDateTime.parse(host.get("stale_timestamp").asText())).isEqualTo(checkIn.plusSeconds(60));
            assertThat(OffsetDateTime.parse(host.get("stale_warning_timestamp").asText()))
                    .isEqualTo(checkIn.plusSeconds(120));
            assertThat(OffsetDateTime.parse(host.get("culled_timestamp").asText())).isEqualTo(checkIn.plusSeconds(180));
            JsonNode puptoo = host.at("/per_reporter_staleness/puptoo");
            assertThat(puptoo.get("last_check_in").asText()).isEqualTo(host.get("last_check_in").asText());
            assertThat(puptoo.get("stale_timestamp").asText()).isEqualTo(host.get("stale_timestamp").asText());
            assertThat(puptoo.get("culled_timestamp").asText()).isEqualTo(host.get("culled_timestamp").asText());
            assertThat(puptoo.get("check_in_succeeded").asBoolean()).isTrue();
        }
        String culled = "/hosts/" + fleet.culled();
        assertThat(API.ok(TodaysIdentities.user(fleet.org()), culled).get("total").asInt()).isZero();
        for (String sub : List.of("/system_profile", "/tags", "/tags/count")) {
            assertThat(API.ok(TodaysIdentities.user(fleet.org()), culled + sub).get("total").asInt()).as(sub).isZero();
        }
    }

    @Test
    void anOrgWithoutASettingKeeps2020sRulesUnchanged() {
        Fleet fleet = fleet(null);
        String user = TodaysIdentities.user(fleet.org());
        // 2020: by stale_timestamp; fresh's is 10 days old (stale_warning), the others' tomorrow; none is unknown but
        // the row without check-in, which has no stale_timestamp
        assertThat(API.listed(user, "")).containsExactlyInAnyOrder(fleet.stale(), fleet.staleWarning(), fleet.culled(),
                fleet.withoutCheckIn());
        assertThat(API.listed(user, "&staleness=stale_warning")).containsExactly(fleet.fresh());
        assertThat(API.listed(user, "&staleness=unknown")).containsExactly(fleet.withoutCheckIn());
        JsonNode host = API.ok(user, "/hosts/" + fleet.stale()).at("/results/0");
        OffsetDateTime stale = OffsetDateTime.parse(host.get("stale_timestamp").asText());
        assertThat(OffsetDateTime.parse(host.get("culled_timestamp").asText())).isEqualTo(stale.plusDays(14));
        assertThat(API.ok(user, "/hosts/" + fleet.withoutCheckIn()).at("/results/0/stale_timestamp").isNull()).isTrue();
    }

    @Test
    void tagCountsAndFacetsCountTheHostsTheFilterSelects() {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        String user = TodaysIdentities.user(fleet.org());
        Map<String, Integer> tags = new HashMap<>();
        JsonNode page = API.ok(user, "/tags?per_page=50");
        page.get("results").forEach(tag -> tags.put(tag.at("/tag/value").asText(), tag.get("count").asInt()));
        assertThat(tags).isEqualTo(Map.of("fresh", 1, "stale", 1, "without-check-in", 1));
        assertThat(page.get("total").asInt()).isEqualTo(3);
        JsonNode warning = API.ok(user, "/tags?staleness=stale_warning");
        assertThat(warning.at("/results/0/tag/value").asText()).isEqualTo("stale-warning");
        assertThat(warning.get("total").asInt()).isEqualTo(1);
        // RHEL 9.4: fresh, stale, without check-in; 9.2: stale_warning, culled
        JsonNode os = API.ok(user, "/system_profile/operating_system");
        assertThat(os.get("results")).hasSize(1);
        assertThat(os.at("/results/0/value/minor").asInt()).isEqualTo(4);
        assertThat(os.at("/results/0/count").asInt()).isEqualTo(3);
        JsonNode all = API.ok(user, "/system_profile/operating_system?staleness=fresh,stale,stale_warning");
        int counted = 0;
        for (JsonNode value : all.get("results")) {
            counted += value.get("count").asInt();
        }
        assertThat(counted).as("the culled host is never counted").isEqualTo(4);
    }

    @Test
    void editsAndDeletesTreatACulledHostAsAbsent() {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        String user = TodaysIdentities.user(fleet.org());
        assertThat(API.call(user, "PATCH", "/hosts/" + fleet.culled(), "{\"display_name\": \"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(API.call(user, "PATCH", "/hosts/" + fleet.culled() + "/facts/ns", "{\"k\": 1}").statusCode())
                .isEqualTo(400);
        assertThat(API.call(user, "DELETE", "/hosts/" + fleet.culled(), null).statusCode()).isEqualTo(404);
        assertThat(API.call(user, "PATCH", "/hosts/" + fleet.staleWarning(), "{\"display_name\": \"renamed\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> deleted = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + service.settings().apiPrefix() + "/hosts/" + fleet.staleWarning())).DELETE(), "x-rh-identity", user,
                "x-rh-insights-request-id", "delete-" + fleet.org());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?", fleet.culled()))
                .as("the culled host waits for the reaper").isEqualTo(1);
        TopicReader.Record notification = notifications.await(record -> ("delete-" + fleet.org())
                .equals(record.header("request_id")), 1).get(0);
        assertThat(notification.header("event_type")).isEqualTo("system-deleted");
        assertThat(notification.value()).contains("\"inventory_id\":\"" + fleet.staleWarning() + "\"")
                .contains("\"org_id\":\"" + fleet.org() + "\"");
    }

    @Test
    void aGroupCountsListsAndTakesOnlyTheHostsItsOrgsSettingDoesNotCull() {
        Fleet fleet = fleet(null);
        String user = TodaysIdentities.user(fleet.org());
        // under 2020's rule none of them is culled (their stale_timestamps are recent, or absent): all join the group
        HttpResponse<String> created = API.call(user, "POST", "/groups", "{\"name\": \"per-org\", \"host_ids\": ["
                + String.join(", ", fleet.all().stream().map(id -> "\"" + id + "\"").toList()) + "]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String group = RunningService.json(created).get("id").asText();
        assertThat(API.ok(user, "/groups/" + group).at("/results/0/host_count").asLong()).isEqualTo(5);

        API.save(fleet.org(), SETTING);
        assertThat(API.ok(user, "/groups/" + group).at("/results/0/host_count").asLong())
                .as("the host the setting culls is not counted").isEqualTo(4);
        assertThat(API.ok(user, "/groups").at("/results/0/host_count").asLong()).isEqualTo(4);
        assertThat(StalenessApi.ids(API.ok(user, "/groups/" + group + "/hosts?staleness=fresh,stale,stale_warning,unknown")))
                .as("fresh %s, stale %s, stale_warning %s, without check-in %s", fleet.fresh(), fleet.stale(),
                        fleet.staleWarning(), fleet.withoutCheckIn())
                .containsExactlyInAnyOrder(fleet.fresh(), fleet.stale(), fleet.staleWarning(), fleet.withoutCheckIn());
        HttpResponse<String> moved = API.call(user, "POST", "/groups/" + group + "/hosts",
                "[\"" + fleet.culled() + "\"]");
        assertThat(moved.statusCode()).as("a culled host is not the org's to move: " + moved.body()).isEqualTo(400);
    }

    @Test
    void aChangeOfTheSettingAppliesToTheNextReadAndRemovingItBringsBack2020sRules() {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        String user = TodaysIdentities.user(fleet.org());
        assertThat(API.listed(user, "&staleness=stale")).containsExactly(fleet.stale());
        HttpResponse<String> patched = API.call(user, "PATCH", "/account/staleness", "{\"conventional_time_to_stale\": 100}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(API.listed(user, "&staleness=fresh")).as("checked in 90 s ago, stale after 100 s")
                .containsExactlyInAnyOrder(fleet.fresh(), fleet.stale(), fleet.withoutCheckIn());
        assertThat(API.call(user, "DELETE", "/account/staleness", null).statusCode()).isEqualTo(204);
        assertThat(API.listed(user, "")).as("2020's rules again").containsExactlyInAnyOrder(fleet.stale(),
                fleet.staleWarning(), fleet.culled(), fleet.withoutCheckIn());
        assertThat(service.queryLong("SELECT count(*) FROM event_outbox WHERE payload LIKE ?", "%" + fleet.org() + "%"))
                .as("no event for a change of a setting").isZero();
    }

    @Test
    void aTwentyTwentyAccountWhollyAdoptedByAnOrgWithASettingHasItsTotalsByThatOneRule() {
        String account = String.valueOf(3_000_000 + new java.util.Random().nextInt(999_999));
        Fleet adopted = fleet(account);
        API.save(adopted.org(), SETTING);
        String identity = Identities.of(account);
        // every host of the account is under the org's setting: the one rule of the account, whose totals (per_page=1,
        // checked by listed) are the maintained counts less the hosts checked in before the bound
        assertThat(API.listed(identity, "")).containsExactlyInAnyOrder(adopted.fresh(), adopted.stale(),
                adopted.withoutCheckIn());
        assertThat(API.listed(identity, "&staleness=fresh,stale,stale_warning")).containsExactlyInAnyOrder(
                adopted.fresh(), adopted.stale(), adopted.staleWarning(), adopted.withoutCheckIn());
        assertThat(API.listed(identity, "&staleness=stale_warning")).containsExactly(adopted.staleWarning());
        Map<String, Integer> tags = new HashMap<>();
        API.ok(identity, "/tags").get("results").forEach(tag -> tags.put(tag.at("/tag/value").asText(),
                tag.get("count").asInt()));
        assertThat(tags).containsOnlyKeys("fresh", "stale", "without-check-in");
    }

    @Test
    void aTwentyTwentyAccountSeesItsHostsAnOrgAdoptedByThatOrgsRule() {
        String account = String.valueOf(3_000_000 + new java.util.Random().nextInt(999_999));
        Fleet adopted = fleet(account);
        API.save(adopted.org(), SETTING);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID orgless = insert(null, account, now.minusSeconds(600), now.minusDays(1), "orgless-stale", 4);
        String identity = Identities.of(account);
        assertThat(API.listed(identity, "")).containsExactlyInAnyOrder(adopted.fresh(), adopted.stale(),
                adopted.withoutCheckIn(), orgless);
        assertThat(API.listed(identity, "&staleness=stale")).containsExactlyInAnyOrder(adopted.stale(), orgless);
        assertThat(API.listed(identity, "&staleness=stale_warning")).containsExactly(adopted.staleWarning());
        Map<UUID, JsonNode> hosts = byId(API.ok(identity, "/hosts/" + idList(List.of(adopted.culled(), adopted.stale(),
                orgless))));
        assertThat(hosts).containsOnlyKeys(adopted.stale(), orgless);
        assertThat(OffsetDateTime.parse(hosts.get(orgless).get("stale_timestamp").asText()))
                .isCloseTo(now.minusDays(1), within(1, ChronoUnit.MICROS));
        Map<String, Integer> tags = new HashMap<>();
        API.ok(identity, "/tags").get("results").forEach(tag -> tags.put(tag.at("/tag/value").asText(),
                tag.get("count").asInt()));
        assertThat(tags).containsOnlyKeys("fresh", "stale", "without-check-in", "orgless-stale");
    }

    @Test
    void aHostTheSettingCullsIsInvisibleToTheDedupAndAnIngestShowsTheSettingsTimestamps() throws Exception {
        Fleet fleet = fleet(null);
        API.save(fleet.org(), SETTING);
        String user = TodaysIdentities.user(fleet.org());
        String body = "[" + host(fleet.org(), fleet.culled()) + ", " + host(fleet.org(), fleet.staleWarning()) + "]";
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + service.settings().apiPrefix() + "/hosts")).POST(HttpRequest.BodyPublishers.ofString(body)),
                "x-rh-identity", user, "Content-Type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode data = RunningService.json(response).get("data");
        assertThat(data.get(0).get("status").asInt()).as("the culled host is not matched: a new host").isEqualTo(201);
        assertThat(data.get(0).at("/host/id").asText()).isNotEqualTo(fleet.culled().toString());
        assertThat(data.get(1).get("status").asInt()).isEqualTo(200);
        JsonNode updated = data.get(1).get("host");
        assertThat(updated.get("id").asText()).isEqualTo(fleet.staleWarning().toString());
        OffsetDateTime checkIn = OffsetDateTime.parse(updated.get("last_check_in").asText());
        assertThat(checkIn).isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        assertThat(OffsetDateTime.parse(updated.get("stale_timestamp").asText())).isEqualTo(checkIn.plusSeconds(60));
        List<TopicReader.Record> event = events.await(record -> record.key().equals(fleet.staleWarning().toString()),
                1);
        JsonNode eventHost = RunningService.JSON.readTree(event.get(0).value()).get("host");
        assertThat(eventHost.get("stale_timestamp").asText()).isEqualTo(updated.get("stale_timestamp").asText());
        assertThat(eventHost.get("culled_timestamp").asText()).isEqualTo(updated.get("culled_timestamp").asText());
        assertThat(eventHost.at("/per_reporter_staleness/puptoo/stale_timestamp").asText())
                .isEqualTo(updated.get("stale_timestamp").asText());
        assertThat(API.listed(user, "&staleness=fresh")).contains(fleet.staleWarning());
    }

    static String host(String org, UUID like) {
        return "{\"org_id\": \"" + org + "\", \"fqdn\": \"" + like + ".example.com\","
                + " \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\"}";
    }

    @Test
    void aHostPassesFreshStaleStaleWarningAndCulledAtItsOwnTimestamps() {
        String org = StalenessApi.newOrg();
        API.save(org, "{\"conventional_time_to_stale\": 2, \"conventional_time_to_stale_warning\": 4,"
                + " \"conventional_time_to_delete\": 6}");
        UUID id = insert(org, null, OffsetDateTime.now(ZoneOffset.UTC), null, "moving", 4);
        String user = TodaysIdentities.user(org);
        JsonNode host = API.ok(user, "/hosts/" + id).at("/results/0");
        Instant stale = OffsetDateTime.parse(host.get("stale_timestamp").asText()).toInstant();
        Instant warning = OffsetDateTime.parse(host.get("stale_warning_timestamp").asText()).toInstant();
        Instant culled = OffsetDateTime.parse(host.get("culled_timestamp").asText()).toInstant();
        Map<String, Instant> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Instant before = Instant.now();
            String state = stateOf(user, id);
            Instant after = Instant.now();
            // a state is never shown before its timestamp, nor the previous one after the next's timestamp
            switch (state) {
                case "fresh" -> assertThat(before).isBefore(stale);
                case "stale" -> assertThat(after).isAfterOrEqualTo(stale).satisfies(t -> assertThat(before)
                        .isBefore(warning));
                case "stale_warning" -> assertThat(after).isAfterOrEqualTo(warning).satisfies(t -> assertThat(before)
                        .isBefore(culled));
                default -> assertThat(after).isAfterOrEqualTo(culled);
            }
            seen.putIfAbsent(state, before);
            return state.equals("culled");
        });
        assertThat(seen).containsKeys("fresh", "stale", "stale_warning", "culled");
        assertThat(API.ok(user, "/hosts/" + id).get("total").asInt()).isZero();
    }

    /** The one state the list filters put the host in; "culled" when none does. */
    static String stateOf(String user, UUID id) {
        List<String> states = new ArrayList<>();
        for (String state : List.of("fresh", "stale", "stale_warning")) {
            if (StalenessApi.ids(API.ok(user, "/hosts?staleness=" + state)).contains(id)) {
                states.add(state);
            }
        }
        assertThat(states).hasSizeLessThanOrEqualTo(2);
        return states.isEmpty() ? "culled" : states.get(states.size() - 1);
    }
}
