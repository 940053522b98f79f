package io.hbi.inventory.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * Like {@link TopicReader}, but keeps each record as it was on the wire: the raw value bytes, every header in order
 * (duplicates included), the partition and the offset. For assertions on dead letters, header counts and ordering.
 */
public final class RawTopicReader implements AutoCloseable {

    /** One record as it was on the wire. */
    public record Record(String topic, int partition, long offset, String key, byte[] rawValue,
                         List<Map.Entry<String, String>> headers) {

        /** The value decoded as UTF-8 (lossy for invalid bytes). */
        public String value() {
            return rawValue == null ? null : new String(rawValue, StandardCharsets.UTF_8);
        }

        /** The value parsed as JSON, or null when it is not JSON. */
        public JsonNode json() {
            try {
                return rawValue == null ? null : RunningService.JSON.readTree(rawValue);
            } catch (IOException e) {
                return null;
            }
        }

        /** The value parsed as JSON; fails when it is not JSON. */
        public JsonNode requireJson() {
            try {
                return RunningService.JSON.readTree(rawValue);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + value(), e);
            }
        }

        /** The last value of a header, or null. */
        public String header(String name) {
            String found = null;
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equals(name)) {
                    found = header.getValue();
                }
            }
            return found;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Record> records = new ArrayList<>();

    public RawTopicReader(String bootstrapServers, String... topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-raw-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topics));
    }

    /** Polls until {@code count} records match, or fails after {@code timeout}; returns the matching ones in order. */
    public synchronized List<Record> await(Predicate<Record> match, int count, Duration timeout) {
        List<Record> found = new ArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            poll();
            found.clear();
            records.stream().filter(match).forEach(found::add);
            return found.size() >= count;
        });
        return List.copyOf(found);
    }

    public List<Record> await(Predicate<Record> match, int count) {
        return await(match, count, Duration.ofSeconds(30));
    }

    /** Everything seen so far (after one more poll), in the order read. */
    public synchronized List<Record> seen() {
        poll();
        return List.copyOf(records);
    }

    /** The records seen so far that match (after one more poll). */
    public List<Record> seen(Predicate<Record> match) {
        return seen().stream().filter(match).toList();
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Header header : record.headers()) {
                headers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
            }
            records.add(new Record(record.topic(), record.partition(), record.offset(),
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(),
                    List.copyOf(headers)));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
