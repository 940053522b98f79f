package io.hbi.inventory.reaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.edit.HostDeletion;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.support.FreePort;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host reaper (contract §5.3, §6.5; decisions.md 1 and 8) against the real database and broker: the service's
 * reaper with a batch of 3, the deletion with several workers, the scheduled route, and the packaged jar's
 * {@code reaper} command.
 */
class HostReaperIT {

    static final int BATCH = 3;
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);
    // default window: stale_warning 7 days, culled 14 days after stale_timestamp
    static final OffsetDateTime FRESH = NOW.plusDays(1);
    static final OffsetDateTime STALE = NOW.minusDays(1);
    static final OffsetDateTime STALE_WARNING = NOW.minusDays(10);
    static final OffsetDateTime NEARLY_CULLED = NOW.minusDays(14).plusMinutes(10);
    static final OffsetDateTime JUST_CULLED = NOW.minusDays(14).minusMinutes(10);
    static final OffsetDateTime CULLED = NOW.minusDays(30);

    // one worker: the tests of contended and refused deletions below follow the order of one host after another; the
    // tests named "severalWorkers…" run the deletion with several
    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_REAPER_BATCH_SIZE", String.valueOf(BATCH),
            "INVENTORY_REAPER_CONCURRENCY", "1"));

    static TopicReader events;

    @BeforeAll
    static void readEvents() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @BeforeEach
    void noHosts() {
        service.execute("DELETE FROM hosts");
    }

    @Test
    void deletesTheCulledHostsOfEveryAccountAndNothingElse() {
        List<UUID> kept = new ArrayList<>();
        List<UUID> culled = new ArrayList<>();
        for (String account : List.of("0000101", "0000102")) {
            kept.add(insertHost(service.service().dataSource(), account, FRESH));
            kept.add(insertHost(service.service().dataSource(), account, STALE));
            kept.add(insertHost(service.service().dataSource(), account, STALE_WARNING));
            kept.add(insertHost(service.service().dataSource(), account, NEARLY_CULLED));
            kept.add(insertHost(service.service().dataSource(), account, null));
            culled.add(insertHost(service.service().dataSource(), account, JUST_CULLED));
            culled.add(insertHost(service.service().dataSource(), account, CULLED));
        }
        double deletedBefore = service.metric("inventory_delete_host_count_total");
        double commitsBefore = service.metric("inventory_delete_host_commit_seconds_count");

        HostReaper.Run run = service.service().hostReaper().reapCulled();

        assertThat(run.succeeded()).isTrue();
        assertThat(run.deleted()).isEqualTo(4);
        assertThat(run.alreadyGone()).isZero();
        assertThat(hostIds()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(service.metric("inventory_delete_host_count_total")).isEqualTo(deletedBefore + 4);
        assertThat(service.metric("inventory_delete_host_commit_seconds_count")).isEqualTo(commitsBefore + 4);
        assertThat(keysOfEvents(culled, 4)).containsExactlyInAnyOrderElementsOf(strings(culled));
    }

    @Test
    void eachDeletedHostHasOneDeleteEventOfTheContractShapeKeyedByItsId() throws Exception {
        String insightsId = UUID.randomUUID().toString();
        UUID withInsightsId = insertHost(service.service().dataSource(), "0000201", CULLED,
                "{\"insights_id\": \"" + insightsId + "\", \"fqdn\": \"a.example.com\"}");
        UUID withoutInsightsId = insertHost(service.service().dataSource(), "0000202", CULLED,
                "{\"fqdn\": \"b.example.com\"}");
        // a today's host of an org, without an account, on an edge bootc RHEL (decision 14's headers)
        UUID ofAnOrg = UUID.randomUUID();
        service.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                + " system_profile_facts, stale_timestamp, reporter) VALUES (?, '0000203-org', 'c', now(), now(),"
                + " '{\"fqdn\": \"c.example.com\"}', '{\"host_type\": \"edge\", \"operating_system\":"
                + " {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4}, \"bootc_status\": {\"booted\":"
                + " {\"image_digest\": \"sha256:abc\"}}}', ?, 'rhsm-conduit')", ofAnOrg, CULLED);
        Set<String> ids = Set.of(withInsightsId.toString(), withoutInsightsId.toString(), ofAnOrg.toString());

        assertThat(service.service().hostReaper().reapCulled().deleted()).isEqualTo(3);

        List<TopicReader.Record> deletes = events.await(record -> ids.contains(record.key()), 3);
        awaitOutboxEmpty();
        assertThat(events.seen()).filteredOn(record -> ids.contains(record.key())).hasSize(3);
        // no HOSTNAME: the local host name
        String producer = InetAddress.getLocalHost().getHostName();
        for (TopicReader.Record record : deletes) {
            JsonNode event = RunningService.JSON.readTree(record.value());
            List<String> keys = new ArrayList<>();
            event.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("contract §6.5 plus org_id").containsExactlyInAnyOrder("type", "id", "account",
                    "org_id", "insights_id", "request_id", "metadata", "timestamp");
            assertThat(event.get("type").asText()).isEqualTo("delete");
            assertThat(event.get("id").asText()).isEqualTo(record.key());
            assertThat(event.get("request_id").asText()).isEqualTo("-1");
            assertThat(event.get("metadata")).isEqualTo(RunningService.JSON.readTree("{\"request_id\": \"-1\"}"));
            assertThat(OffsetDateTime.parse(event.get("timestamp").asText())).isAfter(NOW.minusMinutes(1));
            if (record.key().equals(withInsightsId.toString())) {
                assertThat(event.get("account").asText()).isEqualTo("0000201");
                assertThat(event.get("org_id").isNull()).isTrue();
                assertThat(event.get("insights_id").asText()).isEqualTo(insightsId);
                assertThat(record.headers()).isEqualTo(Map.of("event_type", "delete", "request_id", "",
                        "producer", producer, "insights_id", insightsId, "reporter", "puptoo", "host_type", "",
                        "os_name", "", "is_bootc", "False"));
            } else if (record.key().equals(withoutInsightsId.toString())) {
                assertThat(event.get("account").asText()).isEqualTo("0000202");
                assertThat(event.get("insights_id").isNull()).isTrue();
                assertThat(record.headers()).as("no insights_id: the zero UUID").containsEntry("insights_id",
                        "00000000-0000-0000-0000-000000000000").hasSize(8);
            } else {
                assertThat(event.get("account").isNull()).isTrue();
                assertThat(event.get("org_id").asText()).isEqualTo("0000203-org");
                assertThat(record.headers()).isEqualTo(Map.of("event_type", "delete", "request_id", "",
                        "producer", producer, "insights_id", "00000000-0000-0000-0000-000000000000",
                        "reporter", "rhsm-conduit", "host_type", "edge", "os_name", "RHEL", "is_bootc", "True"));
            }
        }
    }

    @Test
    void deletesMoreCulledHostsThanOneBatchInBoundedBatches() {
        List<UUID> culled = new ArrayList<>();
        for (int i = 0; i < 2 * BATCH + 1; i++) {
            culled.add(insertHost(service.service().dataSource(), "0000301", CULLED.minusHours(i)));
        }
        UUID fresh = insertHost(service.service().dataSource(), "0000301", FRESH);

        HostReaper.Run run = service.service().hostReaper().reapCulled();

        assertThat(run.deleted()).isEqualTo(2 * BATCH + 1);
        assertThat(run.batches()).as("batches of at most %d", BATCH).isEqualTo(3);
        assertThat(hostIds()).containsExactly(fresh);
        assertThat(keysOfEvents(culled, culled.size())).containsExactlyInAnyOrderElementsOf(strings(culled));
    }

    @Test
    void aHostDeletedByAnotherTransactionAfterTheSelectGetsNoEventFromTheReaper() throws Exception {
        UUID first = insertHost(service.service().dataSource(), "0000401", CULLED.minusDays(2));
        UUID contended = insertHost(service.service().dataSource(), "0000401", CULLED.minusDays(1));
        UUID last = insertHost(service.service().dataSource(), "0000401", CULLED);
        double deletedBefore = service.metric("inventory_delete_host_count_total");
        CompletableFuture<HostReaper.Run> run;
        try (Connection other = service.service().dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement delete = other.prepareStatement("DELETE FROM hosts WHERE id = ?")) {
                delete.setObject(1, contended);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            // the reaper selects all three, deletes the first, then waits for the other transaction's row lock
            run = CompletableFuture.supplyAsync(() -> service.service().hostReaper().reapCulled());
            await().atMost(Duration.ofSeconds(30)).until(() -> service.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1);
            other.commit();
        }
        HostReaper.Run done = run.get(30, TimeUnit.SECONDS);

        assertThat(done.succeeded()).isTrue();
        assertThat(done.deleted()).isEqualTo(2);
        assertThat(done.alreadyGone()).isEqualTo(1);
        assertThat(hostIds()).isEmpty();
        assertThat(service.metric("inventory_delete_host_count_total")).isEqualTo(deletedBefore + 2);
        events.await(record -> record.key().equals(last.toString()), 1);
        awaitOutboxEmpty();
        assertThat(events.seen()).extracting(TopicReader.Record::key)
                .contains(first.toString(), last.toString()).doesNotContain(contended.toString());
    }

    @Test
    void aHostRefreshedByAnotherTransactionAfterTheSelectStaysWithoutEvent() throws Exception {
        UUID refreshed = insertHost(service.service().dataSource(), "0000451", CULLED.minusDays(1));
        UUID last = insertHost(service.service().dataSource(), "0000451", CULLED);
        CompletableFuture<HostReaper.Run> run;
        try (Connection other = service.service().dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement refresh = other.prepareStatement("UPDATE hosts SET stale_timestamp = ? WHERE id = ?")) {
                refresh.setObject(1, FRESH);
                refresh.setObject(2, refreshed);
                assertThat(refresh.executeUpdate()).isEqualTo(1);
            }
            run = CompletableFuture.supplyAsync(() -> service.service().hostReaper().reapCulled());
            await().atMost(Duration.ofSeconds(30)).until(() -> service.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1);
            other.commit();
        }
        HostReaper.Run done = run.get(30, TimeUnit.SECONDS);

        assertThat(done.deleted()).isEqualTo(1);
        assertThat(done.alreadyGone()).isEqualTo(1);
        assertThat(hostIds()).containsExactly(refreshed);
        events.await(record -> record.key().equals(last.toString()), 1);
        awaitOutboxEmpty();
        assertThat(events.seen()).extracting(TopicReader.Record::key).doesNotContain(refreshed.toString());
    }

    @Test
    void aFailedDeletionKeepsHostAndEventTogetherAndTheNextRunCarriesOn() {
        UUID first = insertHost(service.service().dataSource(), "0000501", CULLED.minusDays(2));
        UUID failing = insertHost(service.service().dataSource(), "0000501", CULLED.minusDays(1));
        UUID last = insertHost(service.service().dataSource(), "0000501", CULLED);
        // the outbox refuses the event of one host, as a crash between the delete and the commit would
        service.execute("CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.message_key = '" + failing + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        service.execute("CREATE TRIGGER refuse_event BEFORE INSERT ON event_outbox FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_event()");
        double failuresBefore = service.metric("inventory_reaper_fail_count_total");
        HostReaper.Run failed;
        try {
            failed = service.service().hostReaper().reapCulled();
        } finally {
            service.execute("DROP TRIGGER refuse_event ON event_outbox");
            service.execute("DROP FUNCTION refuse_event()");
        }

        assertThat(failed.succeeded()).isFalse();
        assertThat(service.metric("inventory_reaper_fail_count_total")).isEqualTo(failuresBefore + 1);
        assertThat(hostIds()).as("the refused host's deletion rolled back with its event")
                .containsExactlyInAnyOrder(failing, last);
        events.await(record -> record.key().equals(first.toString()), 1);

        HostReaper.Run rerun = service.service().hostReaper().reapCulled();

        assertThat(rerun.succeeded()).isTrue();
        assertThat(rerun.deleted()).isEqualTo(2);
        assertThat(hostIds()).isEmpty();
        events.await(record -> record.key().equals(last.toString()), 1);
        awaitOutboxEmpty();
        assertThat(events.seen()).extracting(TopicReader.Record::key)
                .filteredOn(key -> Set.of(first.toString(), failing.toString(), last.toString()).contains(key))
                .containsExactlyInAnyOrder(first.toString(), failing.toString(), last.toString());
    }

    @Test
    void severalWorkersDeleteEveryCulledHostOnceWithOneEventEach() {
        List<UUID> culled = new ArrayList<>();
        List<UUID> kept = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String account = i % 2 == 0 ? "0000551" : "0000552";
            culled.add(insertHost(service.service().dataSource(), account, CULLED.minusMinutes(i)));
            if (i % 4 == 0) {
                kept.add(insertHost(service.service().dataSource(), account, NEARLY_CULLED));
            }
        }
        double deletedBefore = service.metric("inventory_delete_host_count_total");

        HostDeletion.Result result = service.service().bean("hostDeletion", HostDeletion.class)
                .deleteCulled(7, 4, NOW.toInstant());

        assertThat(result.deleted()).as("each culled host deleted once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(culled);
        assertThat(result.batches()).isEqualTo(6);
        assertThat(hostIds()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(service.metric("inventory_delete_host_count_total")).isEqualTo(deletedBefore + 40);
        assertThat(keysOfEvents(culled, 40)).as("one event per host").hasSize(40)
                .containsExactlyInAnyOrderElementsOf(strings(culled));
    }

    @Test
    void severalWorkersStopAtARefusedDeletionAndLoseNoHostsEvent() {
        List<UUID> culled = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            culled.add(insertHost(service.service().dataSource(), "0000561", CULLED.minusMinutes(i)));
        }
        UUID failing = culled.get(4);
        service.execute("CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.message_key = '" + failing + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        service.execute("CREATE TRIGGER refuse_event BEFORE INSERT ON event_outbox FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_event()");
        HostDeletion deletion = service.service().bean("hostDeletion", HostDeletion.class);
        try {
            assertThatThrownBy(() -> deletion.deleteCulled(9, 3, NOW.toInstant()))
                    .isInstanceOf(RuntimeException.class);
        } finally {
            service.execute("DROP TRIGGER refuse_event ON event_outbox");
            service.execute("DROP FUNCTION refuse_event()");
        }
        // the batch, oldest first, is shared 0,3,6 / 1,4,7 / 2,5,8: the refused host is the second of the middle share,
        // whose worker stops there; the other two finish theirs
        List<UUID> left = hostIds();
        assertThat(left).as("the refused host's deletion rolled back with its event, and its worker's next host waits")
                .containsExactlyInAnyOrder(failing, culled.get(1));
        List<UUID> gone = culled.stream().filter(id -> !left.contains(id)).toList();
        assertThat(keysOfEvents(gone, gone.size())).containsExactlyInAnyOrderElementsOf(strings(gone));

        HostDeletion.Result rerun = deletion.deleteCulled(9, 3, NOW.toInstant());

        assertThat(rerun.deleted()).containsExactlyInAnyOrder(failing, culled.get(1));
        assertThat(hostIds()).isEmpty();
        assertThat(keysOfEvents(culled, culled.size())).containsExactlyInAnyOrderElementsOf(strings(culled));
    }

    @Test
    void deletionByIdsForRestTakesOnlyTheAccountsNonCulledHostsAndCarriesTheRequestId() throws Exception {
        UUID mine = insertHost(service.service().dataSource(), "0000901", STALE_WARNING);
        UUID mineUnknown = insertHost(service.service().dataSource(), "0000901", null);
        UUID mineCulled = insertHost(service.service().dataSource(), "0000901", CULLED);
        UUID theirs = insertHost(service.service().dataSource(), "0000902", FRESH);
        HostDeletion deletion = service.service().camelContext().getRegistry()
                .lookupByNameAndType("hostDeletion", HostDeletion.class);

        Tenant tenant = Tenant.ofAccount("0000901");
        HostDeletion.Result none = deletion.delete(List.of(theirs, mineCulled), tenant, "req-1", NOW.toInstant());
        HostDeletion.Result result = deletion.delete(List.of(mine, mineUnknown, mineCulled, theirs, mine), tenant,
                "req-2", NOW.toInstant());

        assertThat(none.selected()).as("nothing matches: the REST answer is 404").isZero();
        assertThat(result.selected()).isEqualTo(2);
        assertThat(result.deleted()).containsExactlyInAnyOrder(mine, mineUnknown);
        assertThat(hostIds()).containsExactlyInAnyOrder(mineCulled, theirs);
        for (TopicReader.Record record : events.await(record -> record.key().equals(mine.toString())
                || record.key().equals(mineUnknown.toString()), 2)) {
            JsonNode event = RunningService.JSON.readTree(record.value());
            assertThat(event.get("request_id").asText()).isEqualTo("req-2");
            assertThat(event.get("metadata").get("request_id").asText()).isEqualTo("req-2");
        }
    }

    @Test
    void theScheduledRouteIsOffByDefault() {
        assertThat(service.service().camelContext().getRouteController().getRouteStatus("host-reaper"))
                .isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void theScheduledRouteDeletesCulledHostsOnItsCronSchedule() {
        RunningService scheduled = RunningService.start(Map.of("INVENTORY_REAPER_SCHEDULE", "* * * * * ?"));
        try (TopicReader scheduledEvents = new TopicReader(scheduled.bootstrapServers(),
                scheduled.env("KAFKA_EVENT_TOPIC"))) {
            assertThat(scheduled.service().camelContext().getRouteController().getRouteStatus("host-reaper"))
                    .isEqualTo(ServiceStatus.Started);
            UUID culled = insertHost(scheduled.service().dataSource(), "0000601", CULLED);
            UUID fresh = insertHost(scheduled.service().dataSource(), "0000601", FRESH);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    scheduled.queryLong("SELECT count(*) FROM hosts WHERE id = ?", culled) == 0);
            assertThat(scheduled.queryLong("SELECT count(*) FROM hosts WHERE id = ?", fresh)).isEqualTo(1);
            TopicReader.Record event = scheduledEvents.await(record -> record.key().equals(culled.toString()), 1).get(0);
            assertThat(event.header("event_type")).isEqualTo("delete");
            assertThat(scheduled.metric("inventory_delete_host_count_total")).isGreaterThanOrEqualTo(1);
        } finally {
            scheduled.afterAll(null);
        }
    }

    @Test
    void theReaperCommandDeletesCulledHostsPublishesTheirEventsAndExitsZero() {
        Settings settings = TestInfrastructure.settings(Map.of());
        UUID culled;
        UUID unknown;
        try (HikariDataSource database = Database.open(settings)) {
            culled = insertHost(database, "0000701", CULLED);
            unknown = insertHost(database, "0000701", null);
        }
        // the port of the running test service: the command serves no HTTP, so it does not collide
        Map<String, String> env = jarEnvironment(settings, Map.of("LISTEN_PORT", service.env("LISTEN_PORT")));
        try (JarProcess jar = JarProcess.start(env, "reaper");
             TopicReader commandEvents = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.event-topic"))) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isZero();
            assertThat(jar.stdout()).contains("Reaper done: 1 culled hosts deleted");
            try (HikariDataSource database = Database.open(settings)) {
                assertThat(ids(database, "SELECT id FROM hosts")).containsExactly(unknown);
                assertThat(ids(database, "SELECT id FROM event_outbox")).isEmpty();
            }
            TopicReader.Record event = commandEvents.await(record -> record.key().equals(culled.toString()), 1).get(0);
            assertThat(event.header("event_type")).isEqualTo("delete");
        }
    }

    @Test
    void theReaperCommandExitsOneWhenKafkaIsUnreachableAndARerunPublishesTheKeptEvents() {
        Settings settings = TestInfrastructure.settings(Map.of());
        UUID culled;
        try (HikariDataSource database = Database.open(settings)) {
            culled = insertHost(database, "0000801", CULLED);
        }
        try (JarProcess jar = JarProcess.start(jarEnvironment(settings, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:" + FreePort.find(),
                "INVENTORY_REAPER_PUBLISH_TIMEOUT_SECONDS", "2")), "reaper")) {
            assertThat(jar.awaitExit(120)).as(jar.stdout() + jar.stderr()).isEqualTo(1);
            assertThat(jar.stdout()).contains("Kafka did not take 1 events");
        }
        try (HikariDataSource database = Database.open(settings)) {
            assertThat(ids(database, "SELECT id FROM hosts")).isEmpty();
            assertThat(strings(database, "SELECT message_key FROM event_outbox")).containsExactly(culled.toString());
        }

        try (JarProcess rerun = JarProcess.start(jarEnvironment(settings, Map.of()), "reaper");
             TopicReader commandEvents = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                     settings.get("inventory.kafka.event-topic"))) {
            assertThat(rerun.awaitExit(120)).as(rerun.stdout() + rerun.stderr()).isZero();
            assertThat(rerun.stdout()).contains("Reaper done: 0 culled hosts deleted");
            commandEvents.await(record -> record.key().equals(culled.toString()), 1);
        }
    }

    // ---- helpers

    static Map<String, String> jarEnvironment(Settings settings, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("INVENTORY_DB_HOST", "INVENTORY_DB_PORT", "INVENTORY_DB_NAME",
                "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_EVENT_TOPIC")) {
            env.put(name, settings.get(Settings.DECLARED.stream().filter(s -> s.env().equals(name)).findFirst()
                    .orElseThrow().property()));
        }
        env.putAll(overrides);
        return env;
    }

    static UUID insertHost(DataSource database, String account, OffsetDateTime staleTimestamp) {
        UUID id = UUID.randomUUID();
        return insertHost(database, id, account, staleTimestamp,
                "{\"insights_id\": \"" + UUID.randomUUID() + "\", \"fqdn\": \"" + id + ".example.com\"}");
    }

    static UUID insertHost(DataSource database, String account, OffsetDateTime staleTimestamp, String canonicalFacts) {
        return insertHost(database, UUID.randomUUID(), account, staleTimestamp, canonicalFacts);
    }

    static UUID insertHost(DataSource database, UUID id, String account, OffsetDateTime staleTimestamp,
                           String canonicalFacts) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO hosts (id, account, display_name,"
                     + " created_on, modified_on, canonical_facts, stale_timestamp, reporter)"
                     + " VALUES (?, ?, ?, now(), now(), ?::jsonb, ?, 'puptoo')")) {
            insert.setObject(1, id);
            insert.setString(2, account);
            insert.setString(3, id + ".example.com");
            insert.setString(4, canonicalFacts);
            insert.setObject(5, staleTimestamp);
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<UUID> hostIds() {
        return ids(service.service().dataSource(), "SELECT id FROM hosts");
    }

    static List<UUID> ids(DataSource database, String sql) {
        return strings(database, sql).stream().map(UUID::fromString).toList();
    }

    static List<String> strings(DataSource database, String sql) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    /** The keys of the events of these hosts, once {@code count} arrived and nothing else waits in the outbox. */
    static List<String> keysOfEvents(List<UUID> hosts, int count) {
        Set<String> keys = new HashSet<>(strings(hosts));
        events.await(record -> keys.contains(record.key()), count);
        awaitOutboxEmpty();
        return events.seen().stream().map(TopicReader.Record::key).filter(keys::contains).toList();
    }

    static void awaitOutboxEmpty() {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.queryLong("SELECT count(*) FROM event_outbox") == 0);
    }
}
