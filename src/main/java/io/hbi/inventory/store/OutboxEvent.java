package io.hbi.inventory.store;

import java.util.Map;

/**
 * One event waiting in the outbox: the Kafka topic, key and headers, and the JSON payload. {@code id} is 0 until
 * stored.
 */
public record OutboxEvent(long id, String topic, String key, Map<String, String> headers, String payload) {

    public static OutboxEvent of(String topic, String key, Map<String, String> headers, String payload) {
        return new OutboxEvent(0, topic, key, headers, payload);
    }
}
