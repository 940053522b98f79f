package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A change of an org's setting takes effect for every instance within a second (issue 16; later HBI cached settings
 * and served stale ones, #1812, #1853): two service instances on one database, one changes the setting, the other's
 * next reads follow it. Neither writes an event for it.
 */
class StalenessTwoInstancesIT {

    /** The variables that make a second instance share the first one's database and topics. */
    static Map<String, String> sharedWith(RunningService first) {
        Map<String, String> shared = new HashMap<>();
        for (String variable : List.of("INVENTORY_DB_NAME", "KAFKA_HOST_INGRESS_TOPIC", "KAFKA_HOST_EGRESS_TOPIC",
                "KAFKA_EVENT_TOPIC", "KAFKA_HOST_INGRESS_DLQ_TOPIC", "PAYLOAD_TRACKER_KAFKA_TOPIC",
                "KAFKA_NOTIFICATIONS_TOPIC")) {
            shared.put(variable, first.env(variable));
        }
        return shared;
    }

    @Test
    void aSettingChangedThroughOneInstanceAppliesToTheOthersReadsWithinASecond() {
        RunningService first = RunningService.start();
        RunningService second = RunningService.start(sharedWith(first));
        try {
            StalenessApi one = new StalenessApi(first);
            StalenessApi two = new StalenessApi(second);
            String org = StalenessApi.newOrg();
            String user = TodaysIdentities.user(org);
            UUID id = UUID.randomUUID();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // checked in 90 s ago; its 2020 stale_timestamp is tomorrow
            first.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter, last_check_in) VALUES (?, ?, 'h', ?, ?, ?::jsonb, ?, 'puptoo', ?)",
                    id, org, now, now, "{\"fqdn\": \"" + id + "\"}", now.plusDays(1), now.minusSeconds(90));
            for (StalenessApi instance : List.of(one, two)) {
                assertThat(instance.listed(user, "&staleness=fresh")).as("2020's rule").containsExactly(id);
            }

            one.save(org, StalenessApi.MINUTES);
            assertWithinASecond(two, user, "&staleness=stale", id);

            HttpResponse<String> patched = two.call(user, "PATCH", "/account/staleness",
                    "{\"conventional_time_to_stale\": 100}");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            assertWithinASecond(one, user, "&staleness=fresh", id);

            assertThat(one.call(user, "DELETE", "/account/staleness", null).statusCode()).isEqualTo(204);
            assertThat(OffsetDateTime.parse(two.ok(user, "/hosts/" + id).at("/results/0/stale_timestamp").asText()))
                    .as("2020's rule again, on the other instance's next read")
                    .isCloseTo(now.plusDays(1), within(1, ChronoUnit.MICROS));
            assertWithinASecond(two, user, "&staleness=fresh", id);
            assertThat(OffsetDateTime.parse(two.ok(user, "/hosts/" + id).at("/results/0/stale_timestamp").asText()))
                    .isAfter(now);
            assertThat(first.queryLong("SELECT count(*) FROM event_outbox")).as("no event for a setting").isZero();
        } finally {
            second.afterAll(null);
            first.afterAll(null);
        }
    }

    private static void assertWithinASecond(StalenessApi instance, String user, String query, UUID id) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> instance.listed(user, query).equals(java.util.Set.of(id)));
    }
}
