package io.hbi.inventory.store;

import java.util.Map;

/**
 * One event waiting in the outbox: the Kafka topic, key and headers, and the JSON payload. {@code id} is 0 until
 * stored.
 *
 * <p>Equal only to itself: a record's own equals and hashCode would walk the payload (tens of KiB for a fleet host)
 * wherever a collection or Camel hashes an event; no code compares two events by value.
 */
public record OutboxEvent(long id, String topic, String key, Map<String, String> headers, String payload) {

    public static OutboxEvent of(String topic, String key, Map<String, String> headers, String payload) {
        return new OutboxEvent(0, topic, key, headers, payload);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
