package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.support.FleetHosts;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database that answers but refuses to write (a primary turned read-only standby, a revoked privilege) is the
 * infrastructure's failure, not the hosts': while it lasts, Kafka ingestion retries with back-off and commits
 * nothing past it, REST answers 503 (never a 400), /health says so and the failure metric counts it; once it is
 * over, every host is stored once, nothing went to the dead-letter topic and no valid host was reported as an error
 * to the payload tracker.
 */
class DatabaseRefusesWritesIT {

    static final int HOSTS = 1000;

    @Test
    void aReadOnlyDatabaseDelaysIngestionAndDropsNothing() throws SQLException {
        refuseForTenSeconds("0000801",
                database -> List.of("ALTER DATABASE \"" + database + "\" SET default_transaction_read_only = on",
                        terminate(database)),
                database -> List.of("SET default_transaction_read_only = off",
                        "ALTER DATABASE \"" + database + "\" RESET default_transaction_read_only",
                        terminate(database)));
    }

    @Test
    void aRevokedInsertPrivilegeDelaysIngestionAndDropsNothing() throws SQLException {
        refuseForTenSeconds("0000802",
                database -> List.of("REVOKE INSERT ON hosts FROM insights"),
                database -> List.of("GRANT INSERT ON hosts TO insights"));
    }

    private static String terminate(String database) {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()";
    }

    private void refuseForTenSeconds(String account, java.util.function.Function<String, List<String>> refuse,
                                     java.util.function.Function<String, List<String>> restore) throws SQLException {
        RunningService service = RunningService.start(Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "200",
                "INVENTORY_DB_POOL_TIMEOUT", "2"));
        String database = service.env("INVENTORY_DB_NAME");
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers());
             TopicReader dlq = new TopicReader(service.bootstrapServers(), service.env("KAFKA_HOST_INGRESS_DLQ_TOPIC"));
             TopicReader tracker = new TopicReader(service.bootstrapServers(),
                     service.env("PAYLOAD_TRACKER_KAFKA_TOPIC"))) {
            String topic = service.env("KAFKA_HOST_INGRESS_TOPIC");
            List<byte[]> messages = new ArrayList<>();
            for (int n = 0; n < HOSTS; n++) {
                messages.add(FleetHosts.message(account, "refused", n, null));
            }
            writer.sendTogether(topic, 0, messages.subList(0, HOSTS / 5));
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(service, account) == HOSTS / 5);

            double failuresBefore = service.metric("inventory_database_failure_count_total");
            asSuperuser(database, refuse.apply(database));
            writer.sendTogether(topic, 0, messages.subList(HOSTS / 5, HOSTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/health").statusCode() == 503);
            long storedWhileRefused = stored(service, account);
            // it lasts 10 s: the whole time, REST is refused with 503 and /health says why
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> {
                HttpResponse<String> post = service.postHosts(account, "[" + FleetHosts.host(account, "rest-refused",
                        1, null) + "]");
                return post.statusCode() == 503 && post.body().contains("Service Unavailable")
                        && service.get("/health").statusCode() == 503;
            });
            assertThat(service.get("/health").body()).contains("database").contains("SQLSTATE");
            assertThat(service.metric("inventory_database_failure_count_total"))
                    .as("retried with back-off, and counted").isGreaterThanOrEqualTo(failuresBefore + 3);
            assertThat(stored(service, account)).as("nothing was written while refused")
                    .isEqualTo(storedWhileRefused);
            double failures = service.metric("inventory_database_failure_count_total") - failuresBefore;
            asSuperuser(database, restore.apply(database));
            long restored = System.nanoTime();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stored(service, account) == HOSTS);
            double recovered = (System.nanoTime() - restored) / 1e9;
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/health").statusCode() == 200);
            assertThat(service.queryLong("SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts"
                    + " WHERE account = ?", account)).isEqualTo(HOSTS);
            HttpResponse<String> post = service.postHosts(account, "[" + FleetHosts.host(account, "rest-refused", 1,
                    null) + "]");
            assertThat(post.statusCode()).as(post.body()).isEqualTo(207);
            assertThat(post.body()).contains("\"status\":201");
            // every message that was refused has been handled: its success reached the tracker; no error did
            await().atMost(Duration.ofSeconds(30)).until(() -> tracker.seen().stream()
                    .filter(record -> record.value().contains("\"status\":\"success\"")).count() >= HOSTS);
            assertThat(tracker.seen()).noneMatch(record -> record.value().contains("\"status\":\"error\"")
                    || record.value().contains("\"status\":\"processing_error\""));
            assertThat(dlq.seen()).isEmpty();
            System.out.printf("database refuses writes (%s): %d of %d hosts stored before, %.0f failed transactions"
                    + " retried, REST 503 throughout the 10 s, all %d stored %.1f s after it was restored, 0 in the DLQ,"
                    + " 0 tracker errors%n", account, storedWhileRefused, HOSTS, failures, HOSTS, recovered);
        } finally {
            service.afterAll(null);
        }
    }

    private static long stored(RunningService service, String account) {
        return service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account);
    }

    private static void asSuperuser(String database, List<String> statements) throws SQLException {
        try (Connection connection = TestInfrastructure.get().postgres().getDatabase("postgres", database)
                .getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
