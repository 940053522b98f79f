package io.hbi.inventory.events;

import static io.hbi.inventory.events.HostJsonTest.inOrg;
import static io.hbi.inventory.events.HostJsonTest.parse;
import static io.hbi.inventory.events.HostJsonTest.sampleHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.OutboxEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notifications of hbi-later §L5 (system-deleted, system-became-stale) of hosts of orgs. */
class NotificationsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    final Notifications notifications = new Notifications(CLOCK, "inventory-7f-abc",
            "https://console.example.com/insights/inventory/");
    final OutboxEvents events = new OutboxEvents(new HostEvents(StalenessWindow.DEFAULT, CLOCK),
            new EventHeaders("inventory-7f-abc"), new InventoryMetrics(new SimpleMeterRegistry()), "events", "egress",
            notifications, "notifications");

    static Host rhelHostOfAnOrg() {
        return EventHeadersTest.withProfile(inOrg(sampleHost(), "000501", "5894300"),
                "{'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 4}}");
    }

    @Test
    void systemDeletedHasLaterHbisShapeWithoutAHostUrl() {
        JsonNode deleted = notifications.systemDeleted(rhelHostOfAnOrg());
        assertThat(deleted).isEqualTo(parse("{'org_id': '5894300', 'application': 'inventory', 'bundle': 'rhel',"
                + " 'event_type': 'system-deleted', 'timestamp': '2026-03-01T12:00:00+00:00',"
                + " 'context': {'inventory_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'hostname': 'host1.domain.test',"
                + "   'display_name': 'host1', 'rhel_version': '9.4',"
                + "   'tags': {'insights-client': {'env': ['prod']}, 'null': {'bare': []}}},"
                + " 'events': [{'metadata': {}, 'payload': {'insights_id': '4a8fb994-57fe-4dbb-ad2a-9e922560b6c1',"
                + "   'subscription_manager_id': null, 'satellite_id': null, 'groups': []}}]}"));
    }

    @Test
    void systemBecameStaleAddsTheReporterCheckInAndTheHostsPage() {
        Host host = rhelHostOfAnOrg();
        JsonNode stale = notifications.systemBecameStale(host);
        assertThat(stale.get("event_type").asText()).isEqualTo("system-became-stale");
        assertThat(stale.at("/context/host_url").asText())
                .isEqualTo("https://console.example.com/insights/inventory/6e7b6317-0a2d-4552-a2f2-b7da0aece49d");
        assertThat(stale.at("/events/0/payload/reporter").asText()).isEqualTo("puptoo");
        assertThat(stale.at("/events/0/payload/system_check_in").asText())
                .isEqualTo(HostJson.isoformat(host.lastCheckInOrUpdated()));
    }

    @Test
    void theRhelVersionIsOnlyARhelHostsMajorDotMinor() {
        assertThat(Notifications.rhelVersion(EventHeadersTest.withProfile(sampleHost(),
                "{'operating_system': {'name': 'CentOS', 'major': 7, 'minor': 9}}"))).isEmpty();
        assertThat(Notifications.rhelVersion(sampleHost())).isEmpty();
        assertThat(Notifications.rhelVersion(rhelHostOfAnOrg())).isEqualTo("9.4");
    }

    @Test
    void aDeletionOfAHostOfAnOrgIsItsDeleteEventAndItsNotificationWithoutKeyOnTheNotificationsTopic() {
        List<OutboxEvent> written = events.deletions(rhelHostOfAnOrg(), "req-9");
        assertThat(written).extracting(OutboxEvent::topic).containsExactly("events", "notifications");
        OutboxEvent notification = written.get(1);
        assertThat(notification.key()).isNull();
        assertThat(notification.headers()).containsEntry("event_type", "system-deleted")
                .containsEntry("request_id", "req-9").containsEntry("producer", "inventory-7f-abc")
                .containsKey("rh-message-id").hasSize(4);
        assertThat(parse(notification.payload()).get("org_id").asText()).isEqualTo("5894300");
        assertThat(events.deletions(rhelHostOfAnOrg(), HostEvents.NO_REQUEST_ID).get(1).headers())
                .as("no request id: no header").doesNotContainKey("request_id");
        assertThat(events.deletions(sampleHost(), "req-9")).as("a host without an org: no notification")
                .extracting(OutboxEvent::topic).containsExactly("events");
        assertThat(events.becameStale(sampleHost())).isEmpty();
        assertThat(events.becameStale(rhelHostOfAnOrg())).hasValueSatisfying(stale ->
                assertThat(stale.headers().get("event_type")).isEqualTo("system-became-stale"));
    }

    @Test
    void everyNotificationHasAMessageIdOfItsOwn() {
        String first = notifications.headers("system-deleted", null).get("rh-message-id");
        String second = notifications.headers("system-deleted", null).get("rh-message-id");
        assertThat(first).isNotEqualTo(second);
        assertThat(java.util.UUID.fromString(first)).isNotNull();
    }
}
