package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
 * takes a bounded number of advisory locks ({@link HostRepository#LOCK_BUDGET}), whatever its batch, and waits for
 * another only where the dedup needs it to: a shared elevated id, a host without one in the same account, or a
 * batch of more accounts than the budget.
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
    void aBatchTakesTwoAdvisoryLocksWhateverItsSizeAndARowPerElevatedId() throws Exception {
        // each host has an insights_id and a subscription_manager_id of its own
        assertThat(locksTakenBy(5)).as("the service key and the account's, shared; 10 elevated ids")
                .containsExactly(2L, 10L);
        long[] large = locksTakenBy(5000);
        assertThat(large[0]).as("advisory locks of 5,000 hosts").isEqualTo(2);
        assertThat(large[1]).as("rows of 10,000 elevated ids in 2^23 buckets").isBetween(9_950L, 10_000L);
    }

    @Test
    void writersWaitForEachOtherOnlyWhenTheyShareAnElevatedIdOrOneHasNone() throws Exception {
        try (Connection first = service.service().dataSource().getConnection();
             Connection second = service.service().dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            lock(first, List.of(host("0000904", 1)));
            assertThat(lockTimesOut(second, List.of(host("0000904", 1)))).as("the same host waits").isTrue();
            assertThat(lockTimesOut(second, List.of(host("0000904", 1).replace(id("0000904", "i", 1),
                    id("0000904", "i", 1).toUpperCase())))).as("its insights_id in capitals waits").isTrue();
            assertThat(lockTimesOut(second, List.of("{\"account\": \"0000904\", \"subscription_manager_id\": \""
                    + id("0000904", "s", 1) + "\", \"fqdn\": \"elsewhere.example.com\"}")))
                    .as("its subscription_manager_id alone waits").isTrue();
            // different hosts with the docker bridge's addresses in common: they cannot be the same host
            assertThat(lockTimesOut(second, List.of(host("0000904", 2)))).as("another host").isFalse();
            List<String> large = new ArrayList<>();
            for (int n = 100; n < 600; n++) {
                large.add(host("0000904", n));
            }
            assertThat(lockTimesOut(second, large)).as("a poll of 500 other hosts of the account").isFalse();
            // no elevated id: it may be contained in any host of its account
            assertThat(lockTimesOut(second, List.of(OWN_VALUES_ONLY))).as("a host without elevated ids").isTrue();
            assertThat(lockTimesOut(second, List.of(host("0000905", 1)))).as("another account").isFalse();
            first.rollback();

            lock(first, List.of(OWN_VALUES_ONLY));
            assertThat(lockTimesOut(second, List.of(host("0000904", 2)))).as("the account's writers wait for it")
                    .isTrue();
            assertThat(lockTimesOut(second, List.of(host("0000905", 2)))).as("another account's do not").isFalse();
            first.rollback();

            List<String> manyAccounts = new ArrayList<>();
            for (int n = 0; n <= HostRepository.LOCK_BUDGET; n++) {
                manyAccounts.add(host(String.format("09%05d", n), n));
            }
            lock(first, manyAccounts);
            assertThat(lockTimesOut(second, List.of(host("0000905", 3)))).as("hosts of 129 accounts lock the service")
                    .isTrue();
            first.rollback();
        }
    }

    /** A host of account 0000904 without an elevated id. */
    static final String OWN_VALUES_ONLY = "{\"account\": \"0000904\", \"fqdn\": \"own-values-only.example.com\","
            + " \"ip_addresses\": [\"10.200.0.1\"]}";

    /** Whether locking {@code hosts} on {@code connection} gave up after its lock_timeout; rolls back either way. */
    private static boolean lockTimesOut(Connection connection, List<String> hosts) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '300ms'");
        }
        try {
            lock(connection, hosts);
            return false;
        } catch (java.sql.SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("55P03");
            return true;
        } finally {
            connection.rollback();
        }
    }

    private static void lock(Connection connection, List<String> hosts) throws Exception {
        List<List<String>> scopes = new ArrayList<>();
        List<com.fasterxml.jackson.databind.node.ObjectNode> facts = new ArrayList<>();
        for (String host : hosts) {
            com.fasterxml.jackson.databind.node.ObjectNode input =
                    (com.fasterxml.jackson.databind.node.ObjectNode) RunningService.JSON.readTree(host);
            input.remove(List.of("account", "stale_timestamp", "reporter"));
            scopes.add(List.of(RunningService.JSON.readTree(host).get("account").asText()));
            facts.add(input);
        }
        new HostRepository(RunningService.JSON).lockCanonicalFacts(connection, scopes, facts);
    }

    /** The advisory locks and the rows of dedup_locks a batch of {@code hosts} holds. */
    private static long[] locksTakenBy(int hosts) throws Exception {
        List<String> batch = new ArrayList<>();
        for (int n = 0; n < hosts; n++) {
            batch.add(host("0000901", n));
        }
        try (Connection connection = service.service().dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection, batch);
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM pg_locks"
                             + " WHERE locktype = 'advisory' AND pid = pg_backend_pid()),"
                             + " (SELECT count(*) FROM dedup_locks WHERE xmin = pg_current_xact_id()::xid"
                             + " OR xmax = pg_current_xact_id()::xid)")) {
                    rows.next();
                    return new long[] {rows.getLong(1), rows.getLong(2)};
                }
            } finally {
                connection.rollback();
            }
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
