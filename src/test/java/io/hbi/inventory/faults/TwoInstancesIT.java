package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 5: two service instances consume the same ingress topic (4 partitions) and serve REST against one
 * database, and the same hosts arrive through both doors at once: no duplicate host, no lost update (each door
 * writes its own facts namespace; every host ends with both).
 */
class TwoInstancesIT {

    static final int HOSTS = 800;
    static final String ACCOUNT = "0000071";

    @Test
    void twoInstancesAndBothDoorsNeitherDuplicateNorLoseUpdates() throws Exception {
        RunningService first = RunningService.start(Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "50"));
        Map<String, String> shared = new HashMap<>();
        for (String variable : List.of("INVENTORY_DB_NAME", "KAFKA_HOST_INGRESS_TOPIC", "KAFKA_HOST_EGRESS_TOPIC",
                "KAFKA_EVENT_TOPIC", "KAFKA_HOST_INGRESS_DLQ_TOPIC", "PAYLOAD_TRACKER_KAFKA_TOPIC")) {
            shared.put(variable, first.env(variable));
        }
        shared.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "50");
        RunningService second = RunningService.start(shared);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TopicWriter writer = new TopicWriter(first.bootstrapServers())) {
            Future<?> kafka = pool.submit(() -> {
                for (int partition = 0; partition < 4; partition++) {
                    List<byte[]> messages = new ArrayList<>();
                    for (int i = partition; i < HOSTS; i += 4) {
                        messages.add(("{\"operation\": \"add_host\", \"data\": " + host(i, "mq") + "}")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    writer.sendTogether(first.env("KAFKA_HOST_INGRESS_TOPIC"), partition, messages);
                }
                return null;
            });
            List<Future<HttpResponse<String>>> rest = new ArrayList<>();
            for (int from = 0; from < HOSTS; from += 25) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = from; i < from + 25; i++) {
                    batch.append(i == from ? "" : ",").append(host(i, "rest"));
                }
                String body = batch.append(']').toString();
                RunningService target = (from / 25) % 2 == 0 ? first : second;
                rest.add(pool.submit(() -> target.postHosts(ACCOUNT, body)));
            }
            kafka.get();
            for (Future<HttpResponse<String>> response : rest) {
                assertThat(response.get().statusCode()).isEqualTo(207);
                assertThat(RunningService.json(response.get()).get("errors").asInt()).isZero();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    first.queryLong("SELECT count(*) FROM hosts WHERE facts -> 'mq' IS NOT NULL AND facts -> 'rest' IS NOT NULL") == HOSTS);
            assertThat(first.queryLong("SELECT count(*) FROM hosts")).isEqualTo(HOSTS);
            assertThat(first.queryLong("SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts")).isEqualTo(HOSTS);
            System.out.printf("two instances: %d hosts sent through both doors to 2 instances, %d rows, 0 duplicates,"
                    + " %d hosts with both doors' facts%n", HOSTS, first.queryLong("SELECT count(*) FROM hosts"),
                    first.queryLong("SELECT count(*) FROM hosts WHERE facts -> 'mq' IS NOT NULL AND facts -> 'rest' IS NOT NULL"));
        } finally {
            pool.shutdownNow();
            second.afterAll(null);
            first.afterAll(null);
        }
    }

    static String host(int i, String door) {
        return "{\"account\": \"" + ACCOUNT + "\", \"fqdn\": \"twin-door-" + i + ".example.com\", \"stale_timestamp\":"
                + " \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\", \"facts\": [{\"namespace\": \"" + door
                + "\", \"facts\": {\"door\": \"" + door + "\"}}]}";
    }
}
