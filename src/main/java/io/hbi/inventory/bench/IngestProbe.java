package io.hbi.inventory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Interim measurement tool until the benchmark harness exists, against a service in dev mode (localhost:8080,
 * Kafka on localhost:29092, default topics):
 * <pre>
 *   java -cp target/host-inventory.jar io.hbi.inventory.bench.IngestProbe kafka 20000 run1     new hosts; same tag again: updates
 *   java -cp target/host-inventory.jar io.hbi.inventory.bench.IngestProbe rest 10000 run2 50   8 clients, 50 hosts per request
 * </pre>
 * Kafka: from the first message produced to the last created/updated event seen on the events topic.
 */
public final class IngestProbe {

    private IngestProbe() {
    }

    static String host(String tag, int i) {
        return "{\"account\":\"0000001\",\"insights_id\":\"" + UUID.nameUUIDFromBytes((tag + i).getBytes()) + "\",\"fqdn\":\""
                + tag + i + ".example.com\",\"ip_addresses\":[\"10.0." + (i % 250) + "." + (i % 200) + "\"],"
                + "\"stale_timestamp\":\"2030-01-01T00:00:00+00:00\",\"reporter\":\"puptoo\",\"system_profile\":{\"arch\":"
                + "\"x86_64\",\"number_of_cpus\":4,\"installed_packages\":[\"a-1.0\",\"b-2.0\",\"c-3.0\"]},"
                + "\"facts\":[{\"namespace\":\"ns1\",\"facts\":{\"k\":\"v\"}}]}";
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int count = Integer.parseInt(args[1]);
        String tag = args[2];
        if (mode.equals("rest")) {
            rest(count, tag, Integer.parseInt(args[3]));
        } else {
            kafka(count, tag);
        }
    }

    static void rest(int count, String tag, int perRequest) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        List<Future<?>> requests = new ArrayList<>();
        for (int r = 0; r < count / perRequest; r++) {
            int first = r * perRequest;
            requests.add(pool.submit(() -> {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perRequest; i++) {
                    body.append(i == 0 ? "" : ",").append(host(tag, first + i));
                }
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:8080/api/inventory/v1/hosts"))
                        .header("x-rh-identity", QueryProbe.DEV_IDENTITY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 207) {
                    System.out.println(response.statusCode() + " " + response.body());
                }
                return null;
            }));
        }
        for (Future<?> request : requests) {
            request.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("REST %d hosts, %d per request, 8 clients: %.1f s, %.0f hosts/s%n", count, perRequest, seconds,
                count / seconds);
    }

    static void kafka(int count, String tag) {
        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", "localhost:29092");
        consumerConfig.put("group.id", "ingest-probe-" + UUID.randomUUID());
        consumerConfig.put("auto.offset.reset", "latest");
        consumerConfig.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        consumerConfig.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", "localhost:29092");
        producerConfig.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerConfig.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerConfig.put("linger.ms", "5");
        try (KafkaConsumer<String, String> events = new KafkaConsumer<>(consumerConfig)) {
            events.subscribe(List.of("platform.inventory.events"));
            long assignDeadline = System.currentTimeMillis() + 30_000;
            while (events.assignment().isEmpty() && System.currentTimeMillis() < assignDeadline) {
                events.poll(Duration.ofMillis(100));
            }
            long started = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>("platform.inventory.host-ingress", "{\"operation\":\"add_host\","
                            + "\"platform_metadata\":{\"request_id\":\"probe-" + i + "\"},\"data\":" + host(tag, i) + "}"));
                }
            }
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(tag)) {
                        seen++;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("Kafka %d messages (%s): %d events in %.1f s, %.0f hosts/s%n", count, tag, seen, seconds,
                    seen / seconds);
        }
    }
}
