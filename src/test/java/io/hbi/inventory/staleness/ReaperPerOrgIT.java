package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.reaper.HostReaper;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.StalenessApi;
import io.hbi.inventory.support.TopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reaper per org (decisions.md 13, hbi-later §L3.1, §L5) against the real database and broker: each org with a
 * setting loses exactly the hosts its setting culls (by their check-in, whatever their stale_timestamp), every other
 * host follows 2020's rule (by its stale_timestamp, whatever its check-in), in batches across orgs; each deleted host
 * has its delete event and, when it is a host of an org, one system-deleted notification.
 */
class ReaperPerOrgIT {

    static final int BATCH = 2;

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_REAPER_BATCH_SIZE", String.valueOf(BATCH)));

    static final StalenessApi API = new StalenessApi(service);

    static TopicReader topics;

    @BeforeAll
    static void readTopics() {
        topics = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"),
                service.env("KAFKA_NOTIFICATIONS_TOPIC"));
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void noHosts() {
        service.execute("DELETE FROM hosts");
    }

    static UUID insert(RunningService on, String org, String account, OffsetDateTime lastCheckIn,
                       OffsetDateTime staleTimestamp) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        on.execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, canonical_facts,"
                        + " stale_timestamp, reporter, last_check_in) VALUES (?, ?, ?, 'h', ?, ?, ?::jsonb, ?, 'puptoo', ?)",
                id, org, account, now, now, "{\"fqdn\": \"" + id + ".example.com\"}", staleTimestamp, lastCheckIn);
        return id;
    }

    @Test
    void eachOrgsCulledHostsGoByItsSettingAndEveryOtherHostBy2020sRule() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String minutes = StalenessApi.newOrg();
        String hours = StalenessApi.newOrg();
        String without = StalenessApi.newOrg();
        API.save(minutes, StalenessApi.MINUTES);
        API.save(hours, "{\"conventional_time_to_stale\": 600, \"conventional_time_to_stale_warning\": 1200,"
                + " \"conventional_time_to_delete\": 3600}");
        List<UUID> culled = new ArrayList<>();
        List<UUID> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // checked in 200 s ago, stale_timestamp far ahead: the setting (180 s) culls it
            culled.add(insert(service, minutes, null, now.minusSeconds(200 + i), now.plusYears(70)));
        }
        // checked in 100 s ago, stale_timestamp long gone: the setting keeps it
        kept.add(insert(service, minutes, null, now.minusSeconds(100), now.minusYears(30)));
        culled.add(insert(service, hours, null, now.minusSeconds(3700), now.plusDays(1)));
        kept.add(insert(service, hours, null, now.minusSeconds(3500), now.minusDays(30)));
        // 2020's rule: stale_timestamp 15 days ago culls, whatever the check-in; unknown never
        culled.add(insert(service, without, null, now, now.minusDays(15)));
        kept.add(insert(service, without, null, now.minusYears(1), now.plusDays(1)));
        kept.add(insert(service, without, null, now.minusYears(1), null));
        UUID accountOnly = insert(service, null, "0000911", now, now.minusDays(15));
        culled.add(accountOnly);
        kept.add(insert(service, null, "0000911", now.minusYears(1), now.minusDays(13)));
        double deletedBefore = service.metric("inventory_delete_host_count_total");

        HostReaper.Run run = service.service().hostReaper().reapCulled();

        assertThat(run.succeeded()).isTrue();
        assertThat(run.deleted()).isEqualTo(culled.size());
        assertThat(run.batches()).as("batches of %d: 2020's rule, then the orgs with a setting", BATCH)
                .isGreaterThanOrEqualTo(3);
        assertThat(hostIds()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(service.metric("inventory_delete_host_count_total")).isEqualTo(deletedBefore + culled.size());
        Set<String> gone = new TreeSet<>(culled.stream().map(UUID::toString).toList());
        List<TopicReader.Record> deletes = topics.await(record -> record.key() != null && gone.contains(record.key()),
                culled.size());
        assertThat(deletes).extracting(record -> record.header("event_type")).containsOnly("delete");
        Set<String> ofOrgs = new TreeSet<>(gone);
        ofOrgs.remove(accountOnly.toString());
        List<TopicReader.Record> notifications = topics.await(record -> record.topic().equals(
                service.env("KAFKA_NOTIFICATIONS_TOPIC")) && ofOrgs.contains(inventoryId(record)), ofOrgs.size());
        assertThat(notifications).extracting(record -> record.header("event_type")).containsOnly("system-deleted");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.queryLong("SELECT count(*) FROM event_outbox") == 0);
        assertThat(topics.seen()).as("one notification per host of an org, none for the account's")
                .filteredOn(record -> record.topic().equals(service.env("KAFKA_NOTIFICATIONS_TOPIC")))
                .extracting(ReaperPerOrgIT::inventoryId).containsExactlyInAnyOrderElementsOf(ofOrgs);
        assertThat(service.service().hostReaper().reapCulled().deleted()).as("nothing is left to reap").isZero();
    }

    @Test
    void theScheduledReaperAppliesEachOrgsSettingToo() {
        RunningService scheduled = RunningService.start(Map.of("INVENTORY_REAPER_SCHEDULE", "* * * * * ?"));
        try {
            String org = StalenessApi.newOrg();
            new StalenessApi(scheduled).save(org, StalenessApi.MINUTES);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            UUID culled = insert(scheduled, org, null, now.minusSeconds(200), now.plusYears(70));
            UUID kept = insert(scheduled, org, null, now.minusSeconds(100), now.minusYears(30));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    scheduled.queryLong("SELECT count(*) FROM hosts WHERE id = ?", culled) == 0);
            assertThat(scheduled.queryLong("SELECT count(*) FROM hosts WHERE id = ?", kept)).isEqualTo(1);
        } finally {
            scheduled.afterAll(null);
        }
    }

    static String inventoryId(TopicReader.Record record) {
        try {
            JsonNode value = RunningService.JSON.readTree(record.value());
            return value.at("/context/inventory_id").asText();
        } catch (Exception e) {
            return "";
        }
    }

    static List<UUID> hostIds() {
        List<UUID> ids = new ArrayList<>();
        try (var connection = service.service().dataSource().getConnection();
             var rows = connection.createStatement().executeQuery("SELECT id FROM hosts")) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
