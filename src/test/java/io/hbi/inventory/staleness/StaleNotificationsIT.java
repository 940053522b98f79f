package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TodaysIdentities;
import io.hbi.inventory.support.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code system-became-stale} (hbi-later §L5): each host of an org with a setting is announced once each time it turns
 * stale, by two instances running their detectors at once, and across a restart: the hosts that turned stale while
 * no instance ran are announced once after it, the ones announced before are not again. A host that checks in and
 * turns stale again is announced again.
 */
class StaleNotificationsIT {

    static final Map<String, String> FAST = Map.of("INVENTORY_STALE_DETECTOR_INTERVAL_MS", "200");
    // stale 2 s after the check-in, culled after a minute
    static final String SECONDS = "{\"conventional_time_to_stale\": 2, \"conventional_time_to_stale_warning\": 30,"
            + " \"conventional_time_to_delete\": 60}";

    static UUID insert(RunningService on, String org, OffsetDateTime lastCheckIn) {
        return insert(on.service().dataSource(), org, lastCheckIn);
    }

    static UUID insert(javax.sql.DataSource database, String org, OffsetDateTime lastCheckIn) {
        UUID id = UUID.randomUUID();
        execute(database, "INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                        + " system_profile_facts, stale_timestamp, reporter, last_check_in) VALUES (?, ?, 'stale-soon', ?,"
                        + " ?, ?::jsonb, '{\"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4}}', ?,"
                        + " 'puptoo', ?)", id, org, lastCheckIn, lastCheckIn,
                "{\"insights_id\": \"" + id + "\", \"fqdn\": \"" + id + ".example.com\"}",
                lastCheckIn.plusDays(1), lastCheckIn);
        return id;
    }

    static void execute(javax.sql.DataSource database, String sql, Object... parameters) {
        try (java.sql.Connection connection = database.getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Integer> announcements(TopicReader reader) {
        Map<String, Integer> counts = new HashMap<>();
        for (TopicReader.Record record : reader.seen()) {
            if ("system-became-stale".equals(record.header("event_type"))) {
                counts.merge(inventoryId(record), 1, Integer::sum);
            }
        }
        return counts;
    }

    static String inventoryId(TopicReader.Record record) {
        try {
            return RunningService.JSON.readTree(record.value()).at("/context/inventory_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the detector (of any instance) has looked past this instant. */
    static void awaitDetectedPast(RunningService on, Instant instant) {
        await().atMost(Duration.ofSeconds(20)).until(() -> on.queryLong("SELECT count(*) FROM stale_detection"
                + " WHERE detected_up_to > ?", java.sql.Timestamp.from(instant)) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> on.queryLong("SELECT count(*) FROM event_outbox") == 0);
    }

    /**
     * A run ends once it has caught up with its "now", though the clock is finer than the database's microseconds
     * (the mark of a run that truncated nothing was always just short of "now": it took an empty slice after an empty
     * slice for ever, a transaction each, and held the timer's thread until the service stopped).
     */
    @Test
    void aRunEndsOnceItHasCaughtUpAndTheMarkThenStaysPut() {
        RunningService service = RunningService.start(Map.of());
        try {
            Instant started = Instant.now();
            // the service's own first run (a second after the start; the next one a minute later)
            await().atMost(Duration.ofSeconds(20)).until(() -> service.queryLong("SELECT count(*) FROM stale_detection"
                    + " WHERE detected_up_to > ?", java.sql.Timestamp.from(started)) == 1);
            long mark = service.queryLong("SELECT xmin::text::bigint FROM stale_detection");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    service.queryLong("SELECT xmin::text::bigint FROM stale_detection") == mark);

            io.hbi.inventory.notifications.StaleDetector detector = service.service().bean("staleDetector",
                    io.hbi.inventory.notifications.StaleDetector.class);
            for (int run = 0; run < 20; run++) {
                io.hbi.inventory.notifications.StaleDetector.Run done = org.junit.jupiter.api.Assertions
                        .assertTimeoutPreemptively(Duration.ofSeconds(20), detector::detect);
                assertThat(done.slices()).as("one slice reaches now").isLessThanOrEqualTo(1);
            }
        } finally {
            service.afterAll(null);
        }
    }

    @Test
    void eachHostIsAnnouncedOncePerTurnAcrossTwoInstancesAndARestart() throws Exception {
        RunningService first = RunningService.start(FAST);
        Map<String, String> shared = new HashMap<>(StalenessTwoInstancesIT.sharedWith(first));
        shared.putAll(FAST);
        RunningService second = RunningService.start(shared);
        String org = StalenessApi.newOrg();
        new StalenessApi(first).save(org, SECONDS);
        String otherOrg = StalenessApi.newOrg();
        try (TopicReader notifications = new TopicReader(first.bootstrapServers(),
                first.env("KAFKA_NOTIFICATIONS_TOPIC"))) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            List<UUID> hosts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                hosts.add(insert(first, org, now));
            }
            UUID withoutSetting = insert(first, otherOrg, now.minusDays(3));
            List<TopicReader.Record> first5 = notifications.await(record ->
                    "system-became-stale".equals(record.header("event_type")), 5, Duration.ofSeconds(20));
            JsonNode body = RunningService.JSON.readTree(first5.get(0).value());
            assertThat(body.get("org_id").asText()).isEqualTo(org);
            assertThat(body.get("event_type").asText()).isEqualTo("system-became-stale");
            assertThat(body.at("/context/rhel_version").asText()).isEqualTo("9.4");
            assertThat(body.at("/context/host_url").asText()).endsWith("/" + body.at("/context/inventory_id").asText());
            assertThat(body.at("/events/0/payload/reporter").asText()).isEqualTo("puptoo");
            assertThat(first5.get(0).key()).isNull();
            assertThat(first5.get(0).header("rh-message-id")).isNotBlank();
            awaitDetectedPast(first, now.plusSeconds(3).toInstant());
            Map<String, Integer> seen = announcements(notifications);
            assertThat(seen).as("each host once, though two detectors ran").hasSize(5)
                    .containsOnlyKeys(hosts.stream().map(UUID::toString).toList());
            assertThat(seen.values()).containsOnly(1);
            assertThat(seen).as("an org without a setting is not announced").doesNotContainKey(withoutSetting.toString());

            // a check-in makes a host fresh; turning stale again is a new turn
            HttpResponse<String> checkIn = new StalenessApi(second).call(TodaysIdentities.user(org), "POST",
                    "/hosts/checkin", "{\"insights_id\": \"" + hosts.get(0) + "\"}");
            assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
            notifications.await(record -> "system-became-stale".equals(record.header("event_type"))
                    && inventoryId(record).equals(hosts.get(0).toString()), 2, Duration.ofSeconds(20));

            // no instance runs while these turn stale
            second.afterAll(null);
            first.afterAll(null);
            OffsetDateTime down = OffsetDateTime.now(ZoneOffset.UTC);
            List<UUID> whileDown;
            try (com.zaxxer.hikari.HikariDataSource database = io.hbi.inventory.config.Database.open(first.settings())) {
                whileDown = List.of(insert(database, org, down), insert(database, org, down));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(down.plusSeconds(2).toInstant()));

            RunningService restarted = RunningService.start(shared);
            try {
                notifications.await(record -> "system-became-stale".equals(record.header("event_type"))
                        && whileDown.stream().anyMatch(id -> id.toString().equals(inventoryId(record))), 2,
                        Duration.ofSeconds(20));
                awaitDetectedPast(restarted, down.plusSeconds(3).toInstant());
                Map<String, Integer> after = announcements(notifications);
                assertThat(after.get(hosts.get(0).toString())).isEqualTo(2);
                for (UUID id : hosts.subList(1, 5)) {
                    assertThat(after.get(id.toString())).as("not again after the restart").isEqualTo(1);
                }
                for (UUID id : whileDown) {
                    assertThat(after.get(id.toString())).as("turned stale while down: once").isEqualTo(1);
                }
            } finally {
                restarted.afterAll(null);
            }
        }
    }
}
