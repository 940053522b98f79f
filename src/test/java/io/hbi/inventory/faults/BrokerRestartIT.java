package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.dev.EmbeddedKafkaBroker;
import io.hbi.inventory.dev.LocalInfrastructure;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 1: the broker restarts during Kafka ingestion of 5,000 hosts. Every host ends in the database
 * exactly once and every created event reaches the events topic (duplicates allowed, gaps not).
 */
class BrokerRestartIT {

    static final int HOSTS = 5000;

    @Test
    void everyHostIsStoredOnceAndEveryEventPublishedAcrossABrokerRestart() throws Exception {
        TestInfrastructure.get();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0)) {
            RunningService service = RunningService.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "KAFKA_HOST_INGRESS_TOPIC", "restart.ingress", "KAFKA_EVENT_TOPIC", "restart.events",
                    "KAFKA_HOST_EGRESS_TOPIC", "restart.egress", "PAYLOAD_TRACKER_KAFKA_TOPIC", "restart.tracker",
                    "KAFKA_HOST_INGRESS_DLQ_TOPIC", "restart.dlq", "KAFKA_CONSUMER_MAX_POLL_RECORDS", "200"));
            try (Admin admin = admin(broker)) {
                admin.createTopics(LocalInfrastructure.topicsOf(service.settings()).stream()
                        .map(topic -> new NewTopic(topic, 4, (short) 1)).toList()).all().get();
            } catch (java.util.concurrent.ExecutionException alreadyCreatedByTheService) {
                // the service's consumer may have created the ingress topic first
            }
            try (TopicWriter writer = new TopicWriter(broker.bootstrapServers());
                 TopicReader events = new TopicReader(broker.bootstrapServers(), "restart.events")) {
                List<byte[]> messages = AddHostMessages.numbered("0000051", "restart", HOSTS);
                writer.sendTogether("restart.ingress", 0, messages);
                await().atMost(Duration.ofSeconds(60)).until(() -> service.queryLong("SELECT count(*) FROM hosts") > 0);

                broker.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/health").statusCode() == 503);
                long storedWhileDown = service.queryLong("SELECT count(*) FROM hosts");
                broker.start();
                long restarted = System.nanoTime();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        service.queryLong("SELECT count(*) FROM hosts") == HOSTS);
                long recovered = System.nanoTime();
                assertThat(service.queryLong("SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts")).isEqualTo(HOSTS);
                await().atMost(Duration.ofSeconds(60)).until(() -> events.seen().stream()
                        .filter(record -> "created".equals(record.header("event_type")))
                        .map(TopicReader.Record::key).distinct().count() == HOSTS);
                long createdEvents = events.seen().stream().filter(record -> "created".equals(record.header("event_type")))
                        .count();
                assertThat(service.get("/health").statusCode()).isEqualTo(200);
                System.out.printf("broker restart: %d hosts sent, %d stored (%d when the broker stopped), 0 duplicate rows,"
                        + " %d created events for %d hosts, all stored %.1f s after the broker came back%n", HOSTS,
                        service.queryLong("SELECT count(*) FROM hosts"), storedWhileDown, createdEvents, HOSTS,
                        (recovered - restarted) / 1e9);
            } finally {
                service.afterAll(null);
            }
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(config);
    }
}
