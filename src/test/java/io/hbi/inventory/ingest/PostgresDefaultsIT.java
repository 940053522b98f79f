package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL as it is installed (max_connections 100, max_locks_per_transaction 64: the suite's server keeps both
 * defaults) takes the largest batches the service accepts: a REST request as large as the body limit allows, of
 * hosts with every canonical fact, while two Kafka consumers each write a poll of 500 such hosts. A transaction
 * takes at most {@link HostRepository#LOCK_KEYS} advisory locks, whatever its batch.
 */
class PostgresDefaultsIT {

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of());

    @Test
    void theServerRunsWithTheStockLimits() {
        assertThat(service.queryLong("SELECT current_setting('max_connections')::int")).isEqualTo(100);
        assertThat(service.queryLong("SELECT current_setting('max_locks_per_transaction')::int")).isEqualTo(64);
    }

    @Test
    void aBatchTakesABoundedNumberOfAdvisoryLocks() throws Exception {
        List<String[]> tokens = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            tokens.add(CanonicalFacts.tokens("0000901", (com.fasterxml.jackson.databind.node.ObjectNode)
                    RunningService.JSON.readTree(host("0000901", n)).deepCopy()));
        }
        try (Connection connection = service.service().dataSource().getConnection()) {
            connection.setAutoCommit(false);
            new HostRepository(RunningService.JSON).lockCanonicalFacts(connection, tokens);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                         + " AND pid = pg_backend_pid()")) {
                rows.next();
                assertThat(rows.getLong(1)).isBetween(1L, (long) HostRepository.LOCK_KEYS);
            }
            connection.rollback();
        }
    }

    @Test
    void theLargestRestRequestAndTwoKafkaPollsOfEveryCanonicalFactSucceedTogether() throws Exception {
        long limit = Long.parseLong(service.env("INVENTORY_MAX_BODY_SIZE"));
        List<String> hosts = new ArrayList<>();
        long size = 2;
        for (int n = 0; ; n++) {
            String host = host("0000902", n);
            if (size + host.length() + 1 > limit) {
                break;
            }
            hosts.add(host);
            size += host.length() + 1;
        }
        List<byte[]> messages = new ArrayList<>();
        for (int n = 0; n < 1000; n++) {
            messages.add(("{\"operation\": \"add_host\", \"data\": " + host("0000903", n) + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String ingress = service.env("KAFKA_HOST_INGRESS_TOPIC");
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers())) {
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> rest = CompletableFuture.supplyAsync(() ->
                    service.postHosts("0000902", "[" + String.join(",", hosts) + "]"));
            writer.sendTogether(ingress, 0, messages.subList(0, 500));
            writer.sendTogether(ingress, 1, messages.subList(500, 1000));

            HttpResponse<String> response = rest.get();
            double took = (System.nanoTime() - started) / 1e9;
            assertThat(response.statusCode()).as(response.body().substring(0, Math.min(500, response.body().length())))
                    .isEqualTo(207);
            JsonNode body = RunningService.json(response);
            assertThat(body.get("total").asInt()).isEqualTo(hosts.size());
            assertThat(body.get("errors").asInt()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> service.queryLong(
                    "SELECT count(*) FROM hosts WHERE account = '0000903'") == 1000);
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = '0000902'"))
                    .isEqualTo(hosts.size());
            System.out.printf("stock PostgreSQL: one REST request of %,d hosts with every canonical fact (%,d bytes)"
                    + " answered in %.1f s, two Kafka polls of 500 stored beside it%n", hosts.size(), size, took);
        }
    }

    /** Host {@code n} of {@code account} with all nine canonical facts, two of its addresses shared by all. */
    static String host(String account, int n) {
        return "{\"account\": \"" + account + "\", \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\","
                + " \"reporter\": \"puptoo\", \"insights_id\": \"" + id(account, "i", n) + "\", \"rhel_machine_id\": \""
                + id(account, "r", n) + "\", \"subscription_manager_id\": \"" + id(account, "s", n) + "\","
                + " \"satellite_id\": \"" + id(account, "t", n) + "\", \"bios_uuid\": \"" + id(account, "b", n) + "\","
                + " \"ip_addresses\": [\"10.9." + (n / 256 % 256) + "." + (n % 256) + "\", \"172.17.0.1\"],"
                + " \"fqdn\": \"all-facts-" + n + ".example.com\", \"mac_addresses\": [\"00:1b:" + String.format(
                "%02x:%02x:%02x", n / 65536 % 256, n / 256 % 256, n % 256) + ":00\", \"02:42:ac:11:00:01\"],"
                + " \"external_id\": \"external-" + n + "\"}";
    }

    private static String id(String account, String kind, int n) {
        return UUID.nameUUIDFromBytes((account + kind + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
