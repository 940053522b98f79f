package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.staleness.HostStaleness;
import io.hbi.inventory.store.OutboxEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns a change of a host into the outbox events that announce it (contract §6.4–§6.5,
 * decisions.md 1 and 14): the topic, the key (the host id), the headers ({@link EventHeaders}) and the payload; and,
 * for the hosts of an org, into the notifications of hbi-later §L5 ({@link Notifications}: no key).
 */
public final class OutboxEvents {

    private final HostEvents events;
    private final EventHeaders headers;
    private final InventoryMetrics metrics;
    private final String eventTopic;
    private final String egressTopic;
    private final Notifications notifications;
    private final String notificationsTopic;

    /** Without notifications: the events of hosts only. */
    public OutboxEvents(HostEvents events, EventHeaders headers, InventoryMetrics metrics, String eventTopic,
                        String egressTopic) {
        this(events, headers, metrics, eventTopic, egressTopic, null, null);
    }

    /** {@code notifications} null: none are written. */
    public OutboxEvents(HostEvents events, EventHeaders headers, InventoryMetrics metrics, String eventTopic,
                        String egressTopic, Notifications notifications, String notificationsTopic) {
        this.events = events;
        this.headers = headers;
        this.metrics = metrics;
        this.eventTopic = eventTopic;
        this.egressTopic = egressTopic;
        this.notifications = notifications;
        this.notificationsTopic = notificationsTopic;
    }

    /** The topic of the notifications; null when none are written. */
    public String notificationsTopic() {
        return notifications == null ? null : notificationsTopic;
    }

    /**
     * The {@code created} or {@code updated} event of a host as a change left it, on the events topic, its staleness
     * by {@code staleness} (its org's rules as the change's transaction read them). A host that came through the Kafka
     * door also goes to the egress topic, with its message's platform metadata ({@code {}} when it had none); the
     * other changes carry none. Both copies have the same headers.
     */
    public List<OutboxEvent> changed(HostEventType type, Host host, HostStaleness staleness, Door door,
                                     JsonNode platformMetadata, String requestId) {
        boolean mq = door == Door.MQ;
        JsonNode metadata = !mq ? null : platformMetadata == null ? JsonNodeFactory.instance.objectNode() : platformMetadata;
        String payload = serialized(type, () -> events.hostEvent(type, host, staleness, metadata, requestId)
                .toString());
        Map<String, String> recordHeaders = headers.of(type, host, requestId);
        String key = host.id().toString();
        if (mq) {
            return List.of(OutboxEvent.of(egressTopic, key, recordHeaders, payload),
                    OutboxEvent.of(eventTopic, key, recordHeaders, payload));
        }
        return List.of(OutboxEvent.of(eventTopic, key, recordHeaders, payload));
    }

    /**
     * What a deletion announces: the {@code delete} event of the host as it was and, for a host of an org, its
     * {@code system-deleted} notification.
     */
    public List<OutboxEvent> deletions(Host host, String requestId) {
        OutboxEvent deleted = deleted(host, requestId);
        if (notifications == null || host.orgId() == null) {
            return List.of(deleted);
        }
        return List.of(deleted, notification(Notifications.SYSTEM_DELETED, requestId,
                () -> notifications.systemDeleted(host).toString()));
    }

    /** The {@code system-became-stale} notification of a host of an org; none when notifications are off. */
    public java.util.Optional<OutboxEvent> becameStale(Host host) {
        if (notifications == null || host.orgId() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(notification(Notifications.SYSTEM_BECAME_STALE, null,
                () -> notifications.systemBecameStale(host).toString()));
    }

    private OutboxEvent notification(String type, String requestId, java.util.function.Supplier<String> payload) {
        long started = System.nanoTime();
        String text = payload.get();
        metrics.eventSerialization(type, Duration.ofNanos(System.nanoTime() - started));
        return OutboxEvent.of(notificationsTopic, null, notifications.headers(type, requestId), text);
    }

    /** The {@code delete} event of a host that is gone, as it was. */
    public OutboxEvent deleted(Host host, String requestId) {
        String payload = serialized(HostEventType.DELETE, () -> events.deleteEvent(host, requestId).toString());
        return OutboxEvent.of(eventTopic, host.id().toString(), headers.of(HostEventType.DELETE, host, requestId),
                payload);
    }

    private String serialized(HostEventType type, java.util.function.Supplier<String> payload) {
        long started = System.nanoTime();
        String text = payload.get();
        metrics.eventSerialization(type.wireName(), Duration.ofNanos(System.nanoTime() - started));
        return text;
    }
}
