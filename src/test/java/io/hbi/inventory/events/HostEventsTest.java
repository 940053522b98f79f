package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.staleness.StalenessWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.hbi.inventory.events.HostJsonTest.inOrg;
import static io.hbi.inventory.events.HostJsonTest.object;
import static io.hbi.inventory.events.HostJsonTest.parse;
import static io.hbi.inventory.events.HostJsonTest.sampleHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostEventsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-07-07T10:00:00.123456Z"), ZoneOffset.UTC);
    private final HostEvents events = new HostEvents(StalenessWindow.DEFAULT, CLOCK);

    @Test
    void createdEvent() {
        ObjectNode platformMetadata = object("{'request_id': 'a1b2', 'archive_url': 'http://x'}");
        ObjectNode event = events.hostEvent(HostEventType.CREATED, sampleHost(), platformMetadata, "a1b2");
        assertThat(event.fieldNames()).toIterable()
                .containsExactly("type", "timestamp", "platform_metadata", "metadata", "host");
        assertThat(event.get("type").asText()).isEqualTo("created");
        assertThat(event.get("timestamp").asText()).isEqualTo("2020-07-07T10:00:00.123456+00:00");
        assertThat(event.get("platform_metadata")).isEqualTo(platformMetadata);
        assertThat(event.get("metadata")).isEqualTo(parse("{'request_id': 'a1b2'}"));
        assertThat(event.get("host")).isEqualTo(HostJson.eventHost(sampleHost(), StalenessWindow.DEFAULT));
    }

    @Test
    void updatedEventWithoutPlatformMetadataOrRequestId() {
        ObjectNode event = events.hostEvent(HostEventType.UPDATED, sampleHost(), null, null);
        assertThat(event.get("type").asText()).isEqualTo("updated");
        assertThat(event.get("platform_metadata").isNull()).isTrue();
        assertThat(event.get("metadata")).isEqualTo(parse("{'request_id': '-1'}"));
    }

    @Test
    void hostEventRefusesDelete() {
        assertThatThrownBy(() -> events.hostEvent(HostEventType.DELETE, sampleHost(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteEventHasTheKeysOf2020PlusOrgId() {
        ObjectNode event = events.deleteEvent(sampleHost(), "req");
        assertThat(event.fieldNames()).toIterable().containsExactly("type", "id", "account", "org_id", "insights_id",
                "request_id", "metadata", "timestamp");
        assertThat(event).isEqualTo(parse("{'type': 'delete',"
                + " 'id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'account': '000501', 'org_id': null,"
                + " 'insights_id': '4a8fb994-57fe-4dbb-ad2a-9e922560b6c1', 'request_id': 'req',"
                + " 'metadata': {'request_id': 'req'}, 'timestamp': '2020-07-07T10:00:00.123456+00:00'}"));
        Host host = sampleHost();
        Host noInsights = new Host(host.id(), host.account(), null, null, null, object("{'fqdn': 'x'}"), null, null, null,
                null, "r", host.created(), host.updated());
        assertThat(events.deleteEvent(noInsights, null)).isEqualTo(parse("{'type': 'delete',"
                + " 'id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'account': '000501', 'org_id': null,"
                + " 'insights_id': null, 'request_id': '-1', 'metadata': {'request_id': '-1'},"
                + " 'timestamp': '2020-07-07T10:00:00.123456+00:00'}"));
    }

    @Test
    void deleteEventOfAnOrgsHost() {
        ObjectNode event = events.deleteEvent(inOrg(sampleHost(), null, "5894300"), "req");
        assertThat(event.get("org_id").asText()).isEqualTo("5894300");
        assertThat(event.get("account").isNull()).isTrue();
    }

    @Test
    void hostOfACreatedEventCarriesOrgId() {
        ObjectNode event = events.hostEvent(HostEventType.CREATED, inOrg(sampleHost(), "000501", "5894300"), null, "r");
        assertThat(event.at("/host/org_id").asText()).isEqualTo("5894300");
        assertThat(event.at("/host/account").asText()).isEqualTo("000501");
    }

    @Test
    void eventTypeWireNames() {
        assertThat(HostEventType.CREATED.wireName()).isEqualTo("created");
        assertThat(HostEventType.UPDATED.wireName()).isEqualTo("updated");
        assertThat(HostEventType.DELETE.wireName()).isEqualTo("delete");
    }

    @Test
    void payloadTrackerMessageWithEverything() {
        ObjectNode message = events.payloadTrackerMessage("inventory", "req", PayloadStatus.PROCESSING_SUCCESS,
                "000501", "6e7b6317-0a2d-4552-a2f2-b7da0aece49d", "adding/updating host");
        assertThat(message.fieldNames()).toIterable().containsExactly("account", "date", "inventory_id",
                "request_id", "service", "status", "status_msg");
        assertThat(message).isEqualTo(parse("{'account': '000501', 'date': '2020-07-07T10:00:00.123456',"
                + " 'inventory_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'request_id': 'req',"
                + " 'service': 'inventory', 'status': 'processing_success', 'status_msg': 'adding/updating host'}"));
    }

    @Test
    void payloadTrackerMessageOmitsUnknownParts() {
        ObjectNode message = events.payloadTrackerMessage("inventory-mq-service", "req", PayloadStatus.RECEIVED,
                null, null, null);
        assertThat(message).isEqualTo(parse("{'date': '2020-07-07T10:00:00.123456', 'request_id': 'req',"
                + " 'service': 'inventory-mq-service', 'status': 'received'}"));
    }
}
