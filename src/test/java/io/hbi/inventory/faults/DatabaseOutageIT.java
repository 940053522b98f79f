package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.support.RestartablePostgres;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 2: the database goes away for 10 s in the middle of Kafka ingestion. Ingestion pauses and resumes;
 * no message is skipped; /health reports 503 while the database is down and 200 after.
 */
class DatabaseOutageIT {

    static final int HOSTS = 2000;

    @Test
    void ingestionPausesWhileTheDatabaseIsDownAndSkipsNothing() {
        TestInfrastructure.get();
        try (RestartablePostgres postgres = new RestartablePostgres()) {
            RunningService service = RunningService.start(Map.of("INVENTORY_DB_PORT", String.valueOf(postgres.port()),
                    "INVENTORY_DB_NAME", "insights", "INVENTORY_DB_POOL_TIMEOUT", "2",
                    "KAFKA_CONSUMER_MAX_POLL_RECORDS", "100"));
            try (TopicWriter writer = new TopicWriter(service.bootstrapServers());
                 TopicReader events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"))) {
                String topic = service.env("KAFKA_HOST_INGRESS_TOPIC");
                List<byte[]> messages = AddHostMessages.numbered("0000041", "outage", HOSTS);
                writer.sendTogether(topic, 0, messages.subList(0, HOSTS / 2));
                await().atMost(Duration.ofSeconds(60)).until(() -> service.queryLong("SELECT count(*) FROM hosts") > 0);

                postgres.stop();
                writer.sendTogether(topic, 0, messages.subList(HOSTS / 2, HOSTS));
                // the outage lasts 10 s, and /health says so the whole time
                await().atMost(Duration.ofSeconds(20)).until(() -> service.get("/health").statusCode() == 503);
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                        .until(() -> service.get("/health").statusCode() == 503);
                postgres.start();
                long restarted = System.nanoTime();

                await().atMost(Duration.ofSeconds(60)).until(() -> service.get("/health").statusCode() == 200);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                        service.queryLong("SELECT count(*) FROM hosts") == HOSTS);
                long recovered = System.nanoTime();
                assertThat(service.queryLong("SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts")).isEqualTo(HOSTS);
                // at-least-once: a batch sent just before the outage may be sent again, none may be missing
                await().atMost(Duration.ofSeconds(60)).until(() -> events.seen().stream()
                        .filter(record -> "created".equals(record.header("event_type")))
                        .map(TopicReader.Record::key).distinct().count() == HOSTS);
                List<TopicReader.Record> created = events.seen().stream()
                        .filter(record -> "created".equals(record.header("event_type"))).toList();
                System.out.printf("database outage: %d hosts sent, %d stored, %d created events (%d distinct hosts),"
                                + " all stored %.1f s after the database came back%n", HOSTS,
                        service.queryLong("SELECT count(*) FROM hosts"), created.size(),
                        created.stream().map(TopicReader.Record::key).distinct().count(), (recovered - restarted) / 1e9);
            } finally {
                service.afterAll(null);
            }
        }
    }
}
