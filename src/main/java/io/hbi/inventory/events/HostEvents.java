package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.staleness.HostStaleness;
import io.hbi.inventory.staleness.StalenessWindow;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the values of host events (contract §6.4, §6.5, decisions 1 and 14) and payload-tracker messages (§7). The
 * Kafka key of a host event is the host id; its headers are {@link EventHeaders}'. Timestamps come from the clock
 * given at construction.
 */
public final class HostEvents {

    /** The request id used when none is known. */
    public static final String NO_REQUEST_ID = "-1";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final StalenessWindow window;
    private final Clock clock;

    public HostEvents(StalenessWindow window, Clock clock) {
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code {type, timestamp, platform_metadata, metadata: {request_id}, host}} of a created or updated host, under
     * 2020's staleness rule.
     */
    public ObjectNode hostEvent(HostEventType type, Host host, JsonNode platformMetadata, String requestId) {
        return hostEvent(type, host, window, platformMetadata, requestId);
    }

    /**
     * {@code {type, timestamp, platform_metadata, metadata: {request_id}, host}} of a created or updated host.
     *
     * @param staleness        the staleness rules of the host's org, as its transaction read them
     * @param platformMetadata the ingress {@code platform_metadata} ({} on MQ when absent), null for REST events
     * @param requestId        null becomes {@code "-1"}
     */
    public ObjectNode hostEvent(HostEventType type, Host host, HostStaleness staleness, JsonNode platformMetadata,
                                String requestId) {
        if (type == HostEventType.DELETE) {
            throw new IllegalArgumentException("use deleteEvent for delete events");
        }
        ObjectNode event = JSON.objectNode();
        event.put("type", type.wireName());
        event.put("timestamp", now());
        event.set("platform_metadata", platformMetadata == null ? JSON.nullNode() : platformMetadata.deepCopy());
        event.set("metadata", metadata(requestId));
        event.set("host", HostJson.eventHost(host, staleness));
        return event;
    }

    /**
     * {@code {type: "delete", id, account, org_id, insights_id, request_id, metadata: {request_id}, timestamp}}: the
     * keys of contract §6.5 plus {@code org_id} (decision 14), null when the host has none.
     */
    public ObjectNode deleteEvent(Host host, String requestId) {
        ObjectNode event = JSON.objectNode();
        event.put("type", HostEventType.DELETE.wireName());
        event.put("id", host.id().toString());
        event.put("account", host.account());
        event.put("org_id", host.orgId());
        JsonNode insightsId = host.canonicalFacts() == null ? null : host.canonicalFacts().get("insights_id");
        event.set("insights_id", insightsId == null ? JSON.nullNode() : insightsId.deepCopy());
        event.put("request_id", requestIdOrDefault(requestId));
        event.set("metadata", metadata(requestId));
        event.put("timestamp", now());
        return event;
    }

    /**
     * A payload-tracker message with sorted keys: {@code account} (when non-empty), {@code date} (naive UTC),
     * {@code inventory_id} (when given), {@code request_id}, {@code service}, {@code status},
     * {@code status_msg} (when non-empty).
     */
    public ObjectNode payloadTrackerMessage(String service, String requestId, PayloadStatus status,
                                            String account, String inventoryId, String statusMessage) {
        TreeMap<String, String> fields = new TreeMap<>();
        fields.put("service", service);
        fields.put("request_id", requestId);
        fields.put("status", status.wireName());
        fields.put("date", HostJson.naiveIsoformat(clock.instant()));
        if (account != null && !account.isEmpty()) {
            fields.put("account", account);
        }
        if (inventoryId != null && !inventoryId.isEmpty()) {
            fields.put("inventory_id", inventoryId);
        }
        if (statusMessage != null && !statusMessage.isEmpty()) {
            fields.put("status_msg", statusMessage);
        }
        ObjectNode message = JSON.objectNode();
        fields.forEach(message::put);
        return message;
    }

    private String now() {
        return HostJson.isoformat(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private static ObjectNode metadata(String requestId) {
        ObjectNode metadata = JSON.objectNode();
        metadata.put("request_id", requestIdOrDefault(requestId));
        return metadata;
    }

    private static String requestIdOrDefault(String requestId) {
        return requestId == null ? NO_REQUEST_ID : requestId;
    }
}
