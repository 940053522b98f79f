package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 3: the service process is killed (SIGKILL) in the middle of ingesting a batch, then started again.
 * Nothing committed is lost (rows and their events), nothing is skipped, no host is stored twice.
 */
class ProcessKilledIT {

    static final int HOSTS = 6000;

    @Test
    void aKilledServiceLosesNothingAndSkipsNothingWhenStartedAgain() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "300"));
        Map<String, String> env = AddHostMessages.environment(settings);
        String jdbc = "jdbc:postgresql://localhost:" + settings.get("inventory.db.port") + "/" + settings.get("inventory.db.name");
        try (TopicWriter writer = new TopicWriter(settings.get("inventory.kafka.bootstrap-servers"));
             TopicReader events = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.event-topic"))) {
            List<byte[]> messages = AddHostMessages.numbered("0000061", "killed", HOSTS);
            writer.sendTogether(settings.get("inventory.kafka.ingress-topic"), 0, messages);

            long storedAtKill;
            try (JarProcess first = JarProcess.start(env)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> count(jdbc, "SELECT count(*) FROM hosts") >= 600);
                first.kill();
                storedAtKill = count(jdbc, "SELECT count(*) FROM hosts");
            }
            assertThat(storedAtKill).isLessThan(HOSTS);

            try (JarProcess second = JarProcess.start(env)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count(jdbc, "SELECT count(*) FROM hosts") == HOSTS);
                assertThat(count(jdbc, "SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts")).isEqualTo(HOSTS);
                await().atMost(Duration.ofSeconds(60)).until(() -> events.seen().stream()
                        .filter(record -> "created".equals(record.header("event_type")))
                        .map(TopicReader.Record::key).distinct().count() == HOSTS);
                await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "SELECT count(*) FROM event_outbox") == 0);
                long created = events.seen().stream().filter(record -> "created".equals(record.header("event_type"))).count();
                System.out.printf("process killed: %d hosts sent, %d stored when killed, %d stored after restart,"
                        + " 0 duplicate rows, %d created events for %d hosts%n", HOSTS, storedAtKill,
                        count(jdbc, "SELECT count(*) FROM hosts"), created, HOSTS);
            }
        }
    }

    /** Issue 7, fault 6: SIGTERM under load: the process exits within 30 s; what was in flight is redelivered. */
    @Test
    void sigtermUnderLoadExitsWithin30SecondsAndLosesNothing() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "300"));
        Map<String, String> env = AddHostMessages.environment(settings);
        String jdbc = "jdbc:postgresql://localhost:" + settings.get("inventory.db.port") + "/" + settings.get("inventory.db.name");
        try (TopicWriter writer = new TopicWriter(settings.get("inventory.kafka.bootstrap-servers"))) {
            List<byte[]> messages = AddHostMessages.numbered("0000062", "term", HOSTS);
            writer.sendTogether(settings.get("inventory.kafka.ingress-topic"), 0, messages);
            try (JarProcess first = JarProcess.start(env)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> count(jdbc, "SELECT count(*) FROM hosts") >= 600);
                long asked = System.nanoTime();
                first.terminate();
                first.awaitExit(30);
                double seconds = (System.nanoTime() - asked) / 1e9;
                assertThat(seconds).isLessThan(30);
                System.out.printf("sigterm under load: exited %.1f s after SIGTERM with %d of %d hosts stored%n", seconds,
                        count(jdbc, "SELECT count(*) FROM hosts"), HOSTS);
            }
            try (JarProcess second = JarProcess.start(env)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count(jdbc, "SELECT count(*) FROM hosts") == HOSTS);
                assertThat(count(jdbc, "SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts")).isEqualTo(HOSTS);
            }
        }
    }

    private static long count(String jdbc, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc, "insights", "insights");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
