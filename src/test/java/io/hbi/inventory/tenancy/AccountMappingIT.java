package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.selection.AccountToOrg;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.support.FreePort;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.tenancy.AccountMapping.AccountOutcome;
import io.hbi.inventory.tenancy.AccountMapping.Progress;
import io.hbi.inventory.tenancy.AccountMapping.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code map-accounts} (decisions.md 10, hbi-later §L1.6) against the real database: the service's
 * {@link AccountMapping} with its event relay stopped, so that the events it writes stay in the outbox to be read,
 * and the packaged jar's command.
 */
class AccountMappingIT {

    static final String A = "0000101";
    static final String B = "0000102";
    static final String C = "0000103";
    static final String ORG_A = "org-of-0000101";
    static final String ORG_B = "org-of-0000102";
    static final String OTHER_ORG = "some-other-org";
    static final OffsetDateTime WRITTEN = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).truncatedTo(ChronoUnit.MICROS);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RunningService service = RunningService.start();

    static AccountMapping mapping;

    @BeforeAll
    static void relayStopped() throws Exception {
        service.service().camelContext().getRouteController().stopRoute("outbox-relay");
        mapping = service.service().bean("accountMapping", AccountMapping.class);
    }

    @BeforeEach
    void empty() {
        service.execute("DELETE FROM hosts");
        service.execute("DELETE FROM event_outbox");
    }

    @Test
    void theHostsOfAMappedAccountJoinItsOrgEachWithOneUpdatedEventAndNothingElseChanges() throws Exception {
        List<UUID> withoutOrg = List.of(insertHost(A, null), insertHost(A, null), insertHost(A, null));
        UUID alreadyInOrg = insertHost(A, ORG_A);
        UUID inOtherOrg = insertHost(A, OTHER_ORG);
        UUID otherAccount = insertHost(B, null);
        UUID orgOnly = insertHost(null, OTHER_ORG);
        Map<UUID, Row> before = rows();

        Summary summary = mapping.map(List.of(new AccountToOrg(A, ORG_A)), 1000, progress -> { });

        assertThat(summary.accounts()).containsExactly(new AccountOutcome(new AccountToOrg(A, ORG_A), 3, 1, 1, 0));
        assertThat(summary.mapped()).isEqualTo(3);
        assertThat(summary.alreadyInAnOrg()).isEqualTo(2);
        assertThat(summary.accountsWithoutHosts()).isZero();
        Map<UUID, Row> after = rows();
        for (UUID id : withoutOrg) {
            assertThat(after.get(id).orgId()).isEqualTo(ORG_A);
            assertThat(after.get(id).account()).isEqualTo(A);
            assertThat(after.get(id).modifiedOn()).isAfter(before.get(id).modifiedOn());
            assertThat(after.get(id).tokens()).as("the dedup scope of an adopted host is its org")
                    .allMatch(token -> token.startsWith("org:" + ORG_A + " "));
        }
        for (UUID id : List.of(alreadyInOrg, inOtherOrg, otherAccount, orgOnly)) {
            assertThat(after.get(id)).as("untouched").isEqualTo(before.get(id));
        }

        List<Event> events = outbox();
        assertThat(events).extracting(Event::key)
                .containsExactlyInAnyOrderElementsOf(withoutOrg.stream().map(UUID::toString).toList());
        Map<UUID, Host> stored = hosts();
        for (Event event : events) {
            assertThat(event.topics()).containsExactly(service.env("KAFKA_EVENT_TOPIC"));
            assertThat(event.headers().get("event_type")).isEqualTo("updated");
            JsonNode payload = JSON.readTree(event.payload());
            assertThat(payload.get("type").asText()).isEqualTo("updated");
            assertThat(payload.get("platform_metadata").isNull()).isTrue();
            assertThat(payload.get("metadata").get("request_id").asText()).isEqualTo("-1");
            Host host = stored.get(UUID.fromString(event.key()));
            assertThat(host.orgId()).isEqualTo(ORG_A);
            assertThat(payload.get("host")).as("the host after the change, as every updated event carries it")
                    .isEqualTo(HostJson.eventHost(host, StalenessWindow.DEFAULT));
        }
    }

    @Test
    void aSecondRunChangesNothingAndWritesNoEvent() {
        insertHost(A, null);
        insertHost(A, null);
        insertHost(B, null);
        List<AccountToOrg> file = List.of(new AccountToOrg(A, ORG_A), new AccountToOrg(B, ORG_B));
        assertThat(mapping.map(file, 1000, progress -> { }).mapped()).isEqualTo(3);
        service.execute("DELETE FROM event_outbox");
        Map<UUID, Row> mapped = rows();

        Summary again = mapping.map(file, 1000, progress -> { });

        assertThat(again.mapped()).isZero();
        assertThat(again.alreadyInAnOrg()).isEqualTo(3);
        assertThat(again.accounts()).extracting(AccountOutcome::inOrg).containsExactly(2L, 1L);
        assertThat(rows()).isEqualTo(mapped);
        assertThat(outbox()).isEmpty();
    }

    @Test
    void batchesSmallerThanAnAccountTakeEveryHostEvenWhenTheyWereWrittenAtTheSameInstant() {
        List<UUID> sameInstant = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sameInstant.add(insertHost(A, null, WRITTEN));
        }
        List<UUID> spread = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spread.add(insertHost(B, null, WRITTEN.minusMinutes(i)));
        }
        List<Progress> progress = new ArrayList<>();

        Summary summary = mapping.map(List.of(new AccountToOrg(A, ORG_A), new AccountToOrg(B, ORG_B),
                new AccountToOrg(C, ORG_A)), 2, progress::add);

        assertThat(summary.mapped()).isEqualTo(9);
        assertThat(summary.accountsWithoutHosts()).as("account %s has none", C).isEqualTo(1);
        assertThat(summary.leftWithoutOrg()).isZero();
        assertThat(progress).extracting(Progress::mapped).containsExactly(2L, 4L, 5L, 7L, 9L);
        assertThat(progress).extracting(Progress::toMap).containsOnly(9L);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE org_id IS NULL")).isZero();
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND org_id = ?", A, ORG_A))
                .isEqualTo(5);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND org_id = ?", B, ORG_B))
                .isEqualTo(4);
        List<String> keys = outbox().stream().map(Event::key).toList();
        assertThat(keys).doesNotHaveDuplicates().hasSize(9);
    }

    @Test
    void aHostThatAWriterHoldsIsSkippedNotWaitedForAndTheNextRunTakesIt() throws Exception {
        UUID held = insertHost(A, null);
        UUID free = insertHost(A, null);
        Summary summary;
        try (Connection writer = service.service().dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement lock = writer.prepareStatement("SELECT id FROM hosts WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, held);
                lock.executeQuery().close();
            }
            summary = CompletableFuture.supplyAsync(() -> mapping.map(List.of(new AccountToOrg(A, ORG_A)), 1000,
                    progress -> { })).get(30, TimeUnit.SECONDS);
            writer.rollback();
        }

        assertThat(summary.mapped()).isEqualTo(1);
        assertThat(summary.leftWithoutOrg()).isEqualTo(1);
        assertThat(rows().get(free).orgId()).isEqualTo(ORG_A);
        assertThat(rows().get(held).orgId()).isNull();

        Summary rerun = mapping.map(List.of(new AccountToOrg(A, ORG_A)), 1000, progress -> { });

        assertThat(rerun.mapped()).isEqualTo(1);
        assertThat(rerun.leftWithoutOrg()).isZero();
        assertThat(rows().get(held).orgId()).isEqualTo(ORG_A);
        assertThat(outbox()).extracting(Event::key).containsExactlyInAnyOrder(free.toString(), held.toString());
    }

    @Test
    void theCountsOfTheOrgAndOfTheAccountAreRightAfterMapping() {
        insertHost(A, null);
        insertHost(A, null);
        UUID tagged = insertHost(A, null);
        service.execute("UPDATE hosts SET tags = '{\"ns\": {\"env\": [\"prod\"]}}' WHERE id = ?", tagged);
        insertHost(A, OTHER_ORG);
        insertHost(null, ORG_A);
        insertHost(B, null);
        assertThat(orgCount(ORG_A)).isEqualTo(1);

        mapping.map(List.of(new AccountToOrg(A, ORG_A)), 2, progress -> { });

        assertThat(orgCount(ORG_A)).isEqualTo(4)
                .isEqualTo(service.queryLong("SELECT count(*) FROM hosts WHERE org_id = ?", ORG_A));
        assertThat(orgCount(OTHER_ORG)).isEqualTo(1);
        assertThat(count("a", A)).as("the account's count stays").isEqualTo(4);
        assertThat(count("a", B)).isEqualTo(1);
        assertThat(service.queryLong("SELECT coalesce(sum(delta), 0) FROM host_tag_count_deltas"
                + " WHERE tenant_kind = 'o' AND tenant = ? AND namespace = 'ns' AND key = 'env' AND value = 'prod'",
                ORG_A) + service.queryLong("SELECT coalesce(sum(count), 0) FROM host_tag_counts"
                + " WHERE tenant_kind = 'o' AND tenant = ? AND namespace = 'ns' AND key = 'env' AND value = 'prod'",
                ORG_A)).as("the org counts the adopted host's tag").isEqualTo(1);
    }

    @Test
    void theCommandRefusesABadFileWithTheLineOfEveryProblemAndWritesNothing() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        UUID host;
        try (HikariDataSource database = Database.open(settings)) {
            host = insertHost(database, A, null, WRITTEN);
        }
        Path file = csv("account,org_id", A + "," + ORG_A, "", B + ",", "00000000001,org", A + ",another-org");

        try (JarProcess jar = JarProcess.start(jarEnvironment(settings), "map-accounts", file.toString())) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isEqualTo(2);
            assertThat(jar.stderr()).contains(
                    file + ": line 4: org_id is empty",
                    file + ": line 5: account is 11 characters long, at most 10 allowed",
                    file + ": line 6: account " + A + " is mapped to org another-org here and to org " + ORG_A
                            + " on line 2",
                    "Nothing was written.");
        }
        try (HikariDataSource database = Database.open(settings)) {
            assertThat(strings(database, "SELECT coalesce(org_id, 'none') FROM hosts WHERE id = '" + host + "'"))
                    .containsExactly("none");
            assertThat(strings(database, "SELECT message_key FROM event_outbox")).isEmpty();
        }
    }

    @Test
    void theCommandMapsTheFileInBatchesPrintsItsSummaryAndItsEventsReachKafka() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        List<UUID> hostsOfA = new ArrayList<>();
        try (HikariDataSource database = Database.open(settings)) {
            for (int i = 0; i < 5; i++) {
                hostsOfA.add(insertHost(database, A, null, WRITTEN.minusMinutes(i)));
            }
            insertHost(database, B, OTHER_ORG, WRITTEN);
        }
        Path file = csv(" account , org_id ", A + "," + ORG_A, B + "," + ORG_B, C + "," + ORG_B, A + "," + ORG_A);

        try (JarProcess jar = JarProcess.start(jarEnvironment(settings), "map-accounts", "--batch-size", "2",
                file.toString());
             TopicReader events = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.event-topic"))) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isZero();
            assertThat(jar.stdout()).contains(
                    "Mapping the hosts without an org of 3 accounts to their orgs, in batches of 2 hosts",
                    "batch 1: mapped 2 of 5 hosts of 3 accounts",
                    "batch 3: mapped 5 of 5 hosts of 3 accounts",
                    "accounts in the file:        3",
                    "hosts mapped:                5",
                    "hosts already in an org:     1 (1 of them in another org than the file's; they stay there)",
                    "accounts with no hosts:      1",
                    "hosts left without an org:   0",
                    "account " + B + ": hosts in another org than " + ORG_B + ", left there: 1",
                    "Every event published.");
            assertThat(jar.stdout()).doesNotContain("batch 4:");
            try (HikariDataSource database = Database.open(settings)) {
                assertThat(strings(database, "SELECT org_id FROM hosts WHERE account = '" + A + "'"))
                        .hasSize(5).containsOnly(ORG_A);
                assertThat(strings(database, "SELECT org_id FROM hosts WHERE account = '" + B + "'"))
                        .containsExactly(OTHER_ORG);
            }
            List<TopicReader.Record> published = events.await(record -> true, 5);
            assertThat(published).extracting(TopicReader.Record::key)
                    .containsExactlyInAnyOrderElementsOf(hostsOfA.stream().map(UUID::toString).toList());
            assertThat(published).extracting(record -> record.header("event_type")).containsOnly("updated");
        }
    }

    @Test
    void theCommandExitsOneWhenKafkaDoesNotTakeItsEventsAndARerunPublishesThem() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        UUID host;
        try (HikariDataSource database = Database.open(settings)) {
            host = insertHost(database, A, null, WRITTEN);
        }
        Path file = csv(A + "," + ORG_A);
        Map<String, String> noKafka = jarEnvironment(settings);
        noKafka.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + FreePort.find());
        noKafka.put("INVENTORY_MAP_ACCOUNTS_PUBLISH_TIMEOUT_SECONDS", "2");

        try (JarProcess jar = JarProcess.start(noKafka, "map-accounts", file.toString())) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isEqualTo(1);
            assertThat(jar.stdout()).contains("hosts mapped:                1", "Kafka did not take 1 events within 2 s");
        }
        try (HikariDataSource database = Database.open(settings)) {
            assertThat(strings(database, "SELECT org_id FROM hosts WHERE id = '" + host + "'"))
                    .containsExactly(ORG_A);
            assertThat(strings(database, "SELECT message_key FROM event_outbox")).containsExactly(host.toString());
        }

        try (JarProcess rerun = JarProcess.start(jarEnvironment(settings), "map-accounts", file.toString());
             TopicReader events = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.event-topic"))) {
            assertThat(rerun.awaitExit(120)).as(rerun.stdout() + rerun.stderr()).isZero();
            assertThat(rerun.stdout()).contains("hosts mapped:                0", "hosts already in an org:     1",
                    "Every event published.");
            assertThat(events.await(record -> record.key().equals(host.toString()), 1))
                    .extracting(record -> record.header("event_type")).containsExactly("updated");
        }
    }

    @Test
    void theCommandExitsOneWhenTheDatabaseCannotBeReached() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        Map<String, String> env = jarEnvironment(settings);
        env.put("INVENTORY_DB_PORT", String.valueOf(FreePort.find()));
        env.put("INVENTORY_DB_POOL_TIMEOUT", "2");
        Path file = csv(A + "," + ORG_A);

        try (JarProcess jar = JarProcess.start(env, "map-accounts", file.toString())) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isEqualTo(1);
            assertThat(jar.stderr()).contains("map-accounts could not run: Cannot connect to PostgreSQL");
        }
    }

    // ---- helpers

    record Row(String account, String orgId, OffsetDateTime modifiedOn, List<String> tokens) {
    }

    record Event(List<String> topics, String key, Map<String, String> headers, String payload) {
    }

    static UUID insertHost(String account, String orgId) {
        return insertHost(service.service().dataSource(), account, orgId, WRITTEN);
    }

    static UUID insertHost(String account, String orgId, OffsetDateTime modifiedOn) {
        return insertHost(service.service().dataSource(), account, orgId, modifiedOn);
    }

    static UUID insertHost(DataSource database, String account, String orgId, OffsetDateTime modifiedOn) {
        UUID id = UUID.randomUUID();
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO hosts (id, account, org_id,"
                     + " display_name, created_on, modified_on, canonical_facts, stale_timestamp, reporter)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'puptoo')")) {
            insert.setObject(1, id);
            insert.setString(2, account);
            insert.setString(3, orgId);
            insert.setString(4, id + ".example.com");
            insert.setObject(5, modifiedOn);
            insert.setObject(6, modifiedOn);
            insert.setString(7, "{\"insights_id\": \"" + UUID.randomUUID() + "\", \"fqdn\": \"" + id
                    + ".example.com\"}");
            insert.setObject(8, OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<UUID, Row> rows() {
        Map<UUID, Row> rows = new HashMap<>();
        try (Connection connection = service.service().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, account, org_id, modified_on, canonical_fact_tokens FROM hosts");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.put(result.getObject("id", UUID.class), new Row(result.getString("account"),
                        result.getString("org_id"), result.getObject("modified_on", OffsetDateTime.class),
                        List.of((String[]) result.getArray("canonical_fact_tokens").getArray())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static Map<UUID, Host> hosts() throws SQLException {
        HostRepository repository = new HostRepository(JSON);
        Map<UUID, Host> hosts = new HashMap<>();
        try (Connection connection = service.service().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + HostRepository.COLUMNS + " FROM hosts");
             ResultSet result = select.executeQuery()) {
            for (Host host : repository.mapAll(result)) {
                hosts.put(host.id(), host);
            }
        }
        return hosts;
    }

    static List<Event> outbox() {
        List<Event> events = new ArrayList<>();
        try (Connection connection = service.service().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT topics, message_key, headers, payload FROM event_outbox ORDER BY id");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                Map<String, String> headers = new HashMap<>();
                JSON.readTree(result.getString("headers")).fields()
                        .forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
                events.add(new Event(List.of((String[]) result.getArray("topics").getArray()),
                        result.getString("message_key"), headers, result.getString("payload")));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** An org's host count as GET /hosts reads it: the compacted count plus the pending deltas, in one snapshot. */
    static long orgCount(String orgId) {
        return count("o", orgId);
    }

    static long count(String kind, String tenant) {
        return service.queryLong("SELECT coalesce((SELECT sum(count) FROM host_counts"
                + " WHERE tenant_kind = ? AND tenant = ?), 0)"
                + " + coalesce((SELECT sum(delta) FROM host_count_deltas WHERE tenant_kind = ? AND tenant = ?), 0)",
                kind, tenant, kind, tenant);
    }

    static Path csv(String... lines) throws IOException {
        Path file = Files.createTempFile("accounts-", ".csv");
        Files.write(file, List.of(lines));
        file.toFile().deleteOnExit();
        return file;
    }

    static Map<String, String> jarEnvironment(Settings settings) {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("INVENTORY_DB_HOST", "INVENTORY_DB_PORT", "INVENTORY_DB_NAME",
                "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_EVENT_TOPIC")) {
            env.put(name, settings.get(Settings.DECLARED.stream().filter(s -> s.env().equals(name)).findFirst()
                    .orElseThrow().property()));
        }
        // the command serves no HTTP; a port of its own all the same
        env.put("LISTEN_PORT", settings.get("inventory.listen-port"));
        env.put("INVENTORY_LOG_FORMAT", "text");
        return env;
    }

    static List<String> strings(DataSource database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
