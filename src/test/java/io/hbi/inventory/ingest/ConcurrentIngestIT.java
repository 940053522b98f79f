package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * decisions.md 4: any number of REST requests and Kafka messages ingesting the same new host at the same moment end
 * with exactly one host row.
 */
class ConcurrentIngestIT {

    static final int REST_WRITERS = 8;
    static final int KAFKA_MESSAGES = 4;
    static final int ROUNDS = 10;

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_DB_POOL_SIZE", "12",
            "INVENTORY_INGRESS_BATCHING_INTERVAL_MS", "1"));

    @Test
    void theSameNewHostFromManyWritersAtOnceIsOneRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REST_WRITERS + 1);
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers());
             TopicReader egress = new TopicReader(service.bootstrapServers(), service.env("KAFKA_HOST_EGRESS_TOPIC"))) {
            for (int round = 0; round < ROUNDS; round++) {
                String insightsId = UUID.randomUUID().toString();
                String fqdn = "race-" + round + ".example.com";
                // writers disagree on which facts they send, but every pair matches by insights_id or by subset
                List<String> variants = List.of(
                        "\"insights_id\": \"" + insightsId + "\"",
                        "\"insights_id\": \"" + insightsId.toUpperCase() + "\", \"fqdn\": \"" + fqdn + "\"",
                        "\"insights_id\": \"" + insightsId + "\", \"fqdn\": \"" + fqdn + "\", \"ip_addresses\": [\"10.2.0." + round + "\"]");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> requests = new ArrayList<>();
                for (int w = 0; w < REST_WRITERS; w++) {
                    String host = RestIngestIT.host(variants.get(w % variants.size()));
                    requests.add(pool.submit(() -> {
                        start.await();
                        return service.postHosts(RestIngestIT.ACCOUNT, "[" + host + "]");
                    }));
                }
                Future<?> kafka = pool.submit(() -> {
                    start.await();
                    for (int m = 0; m < KAFKA_MESSAGES; m++) {
                        writer.send(service.env("KAFKA_HOST_INGRESS_TOPIC"), "{\"operation\": \"add_host\", \"data\": "
                                + RestIngestIT.host(variants.get(m % variants.size())) + "}");
                    }
                    return null;
                });
                start.countDown();
                int created = 0;
                for (Future<HttpResponse<String>> request : requests) {
                    HttpResponse<String> response = request.get();
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
                    if (RunningService.json(response).get("data").get(0).get("status").asInt() == 201) {
                        created++;
                    }
                }
                kafka.get();
                String lower = insightsId;
                egress.await(record -> record.value().contains(lower), KAFKA_MESSAGES, Duration.ofSeconds(60));

                assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'insights_id' = ?",
                        insightsId)).as("rows for round %d", round).isEqualTo(1);
                assertThat(created).as("REST creations in round %d", round).isLessThanOrEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
