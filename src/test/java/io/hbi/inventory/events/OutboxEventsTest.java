package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.OutboxEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.hbi.inventory.events.EventHeadersTest.withProfile;
import static io.hbi.inventory.events.EventHeadersTest.withoutInsightsIdOrReporter;
import static io.hbi.inventory.events.HostJsonTest.inOrg;
import static io.hbi.inventory.events.HostJsonTest.object;
import static io.hbi.inventory.events.HostJsonTest.parse;
import static io.hbi.inventory.events.HostJsonTest.sampleHost;
import static org.assertj.core.api.Assertions.assertThat;

class OutboxEventsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-07-07T10:00:00.123456Z"), ZoneOffset.UTC);
    private final OutboxEvents events = new OutboxEvents(new HostEvents(StalenessWindow.DEFAULT, CLOCK),
            new EventHeaders("inventory-7f-abc"), new InventoryMetrics(new SimpleMeterRegistry()), "events", "egress");

    private static Host edgeBootcRhelHostOfAnOrg() {
        return inOrg(withProfile(sampleHost(), "{'host_type': 'edge', 'operating_system': {'name': 'RHEL'},"
                + " 'bootc_status': {'booted': {'image_digest': 'sha256:abc'}}}"), null, "5894300");
    }

    @Test
    void aKafkaHostsEventGoesToEgressThenEventsWithTheSameHeadersAndPayload() {
        List<OutboxEvent> written = events.changed(HostEventType.CREATED, edgeBootcRhelHostOfAnOrg(), StalenessWindow.DEFAULT, Door.MQ,
                object("{'request_id': 'a1b2'}"), "a1b2");
        assertThat(written).extracting(OutboxEvent::topic).containsExactly("egress", "events");
        Map<String, String> expected = Map.of("event_type", "created", "request_id", "a1b2",
                "producer", "inventory-7f-abc", "insights_id", "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
                "reporter", "puptoo", "host_type", "edge", "os_name", "RHEL", "is_bootc", "True");
        for (OutboxEvent event : written) {
            assertThat(event.key()).isEqualTo("6e7b6317-0a2d-4552-a2f2-b7da0aece49d");
            assertThat(event.headers()).isEqualTo(expected);
            assertThat(event.payload()).isEqualTo(written.get(0).payload());
        }
        JsonNode payload = parse(written.get(0).payload());
        assertThat(payload.at("/host/org_id").asText()).isEqualTo("5894300");
        assertThat(payload.at("/host/account").isNull()).isTrue();
        assertThat(payload.get("platform_metadata")).isEqualTo(parse("{'request_id': 'a1b2'}"));
    }

    @Test
    void aRestChangeGoesToTheEventsTopicOnlyWithItsHeaders() {
        List<OutboxEvent> written = events.changed(HostEventType.UPDATED, sampleHost(), StalenessWindow.DEFAULT, Door.REST,
                null, null);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).topic()).isEqualTo("events");
        assertThat(written.get(0).headers()).isEqualTo(Map.of("event_type", "updated", "request_id", "",
                "producer", "inventory-7f-abc", "insights_id", "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
                "reporter", "puptoo", "host_type", "", "os_name", "", "is_bootc", "False"));
        assertThat(parse(written.get(0).payload()).at("/host/org_id").isNull()).isTrue();
    }

    @Test
    void aDeleteEventHasTheHeadersOfTheHostAsItWasAndItsOrg() {
        OutboxEvent deleted = events.deleted(edgeBootcRhelHostOfAnOrg(), "req-9");
        assertThat(deleted.topic()).isEqualTo("events");
        assertThat(deleted.key()).isEqualTo("6e7b6317-0a2d-4552-a2f2-b7da0aece49d");
        assertThat(deleted.headers()).isEqualTo(Map.of("event_type", "delete", "request_id", "req-9",
                "producer", "inventory-7f-abc", "insights_id", "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
                "reporter", "puptoo", "host_type", "edge", "os_name", "RHEL", "is_bootc", "True"));
        assertThat(parse(deleted.payload()).get("org_id").asText()).isEqualTo("5894300");
    }

    @Test
    void aReaperDeleteOfA2020HostWithoutInsightsId() {
        OutboxEvent deleted = events.deleted(withoutInsightsIdOrReporter(sampleHost()), HostEvents.NO_REQUEST_ID);
        assertThat(deleted.headers()).containsEntry("request_id", "")
                .containsEntry("insights_id", EventHeaders.NO_INSIGHTS_ID).containsEntry("reporter", "")
                .containsEntry("host_type", "").containsEntry("os_name", "").containsEntry("is_bootc", "False");
        JsonNode payload = parse(deleted.payload());
        assertThat(payload.get("org_id").isNull()).isTrue();
        assertThat(payload.get("insights_id").isNull()).as("the value keeps 2020's null").isTrue();
        assertThat(payload.get("request_id").asText()).isEqualTo("-1");
    }
}
