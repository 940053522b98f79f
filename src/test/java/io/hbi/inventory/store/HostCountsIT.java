package io.hbi.inventory.store;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.selection.Tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.staleness.StalenessWindow.State;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The maintained counts of V3 and V8 (triggers, deltas per tenant, compaction) against counting the rows: a random mix
 * of inserts, upserts, tag, staleness, account and org changes (adoptions, moves between orgs, an org given up) and
 * deletes, with compactions at random points, and after every step the totals of GET /hosts and the pages of GET /tags
 * equal what the row-counting queries answer for two accounts and two orgs (whose hosts partly carry those accounts),
 * for the default staleness and other staleness sets; the maintained counts equal a recount of the table per tenant.
 * Writers running at once with compactions end exact too, and the fast total reads only the excluded hosts (EXPLAIN
 * ANALYZE), for an account and for an org.
 */
class HostCountsIT {

    static final String A = "acct-a";
    static final String B = "acct-b";
    static final String O1 = "org-1";
    static final String O2 = "org-2";
    /** The tenants the random writes touch: each org holds hosts of each account and hosts of none. */
    static final List<Tenant> TENANTS = List.of(Tenant.ofAccount(A), Tenant.ofAccount(B), Tenant.ofOrg(O1, null),
            Tenant.ofOrg(O2, null));
    /** The (org, account) pairs a written host gets: 2020 hosts, adopted hosts, today's hosts without an account. */
    static final String[][] OWNERS = {{null, A}, {null, A}, {null, B}, {O1, A}, {O1, null}, {O2, B}, {O2, null}};
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    static final StalenessWindow WINDOW = StalenessWindow.DEFAULT;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Staleness sets of GET /hosts and GET /tags, the ones the counts answer and others. */
    static final List<Set<State>> STALENESS = List.of(
            HostFilter.DEFAULT_STALENESS,
            EnumSet.of(State.FRESH, State.UNKNOWN),
            EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING, State.UNKNOWN),
            EnumSet.of(State.FRESH, State.STALE),
            EnumSet.of(State.STALE_WARNING, State.UNKNOWN),
            EnumSet.of(State.UNKNOWN));

    static HikariDataSource dataSource;
    static HostRepository rows;
    static HostQueries counted;
    static HostQueries recounted;
    static HostCounts counts;

    @BeforeAll
    static void database() {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        rows = new HostRepository(JSON);
        counted = new HostQueries(dataSource, rows, WINDOW, true);
        recounted = new HostQueries(dataSource, rows, WINDOW, false);
        counts = new HostCounts(new Transactions(dataSource, new WriteFailures(java.time.Clock.systemUTC())));
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomWritesAndCompactionsKeepTheCountsExact(long seed) throws SQLException {
        Random random = new Random(seed);
        List<UUID> ids = new ArrayList<>();
        for (int step = 0; step < 120; step++) {
            String did = write(random, ids);
            if (random.nextInt(4) == 0) {
                assertThat(counts.compact()).isTrue();
                assertThat(single("SELECT count(*) FROM host_count_deltas")).isZero();
                assertThat(single("SELECT count(*) FROM host_tag_count_deltas")).isZero();
                assertThat(single("SELECT count(*) FROM host_tag_counts WHERE count <= 0")
                        + single("SELECT count(*) FROM host_counts WHERE count <= 0")).isZero();
            }
            String context = "seed " + seed + ", step " + step + " (" + did + ")";
            assertMaintainedCountsMatchTheTable(context);
            for (Tenant tenant : TENANTS) {
                // the default staleness and two others at random: every set is checked often over the steps
                List<Set<State>> others = new ArrayList<>(STALENESS.subList(1, STALENESS.size()));
                java.util.Collections.shuffle(others, random);
                for (Set<State> states : List.of(STALENESS.get(0), others.get(0), others.get(1))) {
                    assertSameAnswers(tenant, states, random, context + ", " + tenant + " " + states);
                }
            }
        }
        execute("DELETE FROM hosts WHERE account IN (?, ?) OR org_id IN (?, ?)", A, B, O1, O2);
        counts.compact();
        assertThat(single("SELECT count(*) FROM host_counts WHERE tenant IN ('" + A + "', '" + B + "', '" + O1
                + "', '" + O2 + "')")).isZero();
    }

    @Test
    void anUpdateThatKeepsTheTagsRecordsNoTagChange() throws SQLException {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO hosts (id, account, created_on, modified_on, tags, canonical_facts, reporter)"
                + " VALUES (?, 'acct-c', now(), now(), '{\"ns\": {\"k\": [\"v\"]}}', '{}', 'p')", id);
        counts.compact();
        execute("UPDATE hosts SET display_name = 'renamed', stale_timestamp = now(), tags = '{\"ns\":{\"k\":[\"v\"]}}'"
                + " WHERE id = ?", id);
        execute("INSERT INTO hosts (id, account, created_on, modified_on, tags, canonical_facts, reporter)"
                + " VALUES (?, 'acct-c', now(), now(), '{\"ns\": {\"k\": [\"v\"]}}', '{}', 'p')"
                + " ON CONFLICT (id) DO UPDATE SET modified_on = now()", id);
        assertThat(single("SELECT count(*) FROM host_tag_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-c'")).isZero();
        assertThat(single("SELECT count(*) FROM host_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-c'")).isZero();
        // a changed value: one row less for the old tag, one more for the new one
        execute("UPDATE hosts SET tags = '{\"ns\": {\"k\": [\"w\"]}}' WHERE id = ?", id);
        assertThat(single("SELECT count(*) FROM host_tag_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-c' AND value = 'v' AND delta = -1"))
                .isEqualTo(1);
        assertThat(single("SELECT count(*) FROM host_tag_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-c'")).isEqualTo(2);
        assertMaintainedCountsMatchTheTable("acct-c");
    }

    @Test
    void anUpsertRecordsItsInsertedAndItsUpdatedRows() throws SQLException {
        UUID existing = UUID.randomUUID();
        execute("INSERT INTO hosts (id, account, created_on, modified_on, tags, canonical_facts, reporter)"
                + " VALUES (?, 'acct-d', now(), now(), '{\"ns\": {\"k\": [\"old\"]}}', '{}', 'p')", existing);
        counts.compact();
        // one statement: one row updated (tag old -> new), one inserted (tag new)
        execute("INSERT INTO hosts (id, account, created_on, modified_on, tags, canonical_facts, reporter)"
                + " VALUES (?, 'acct-d', now(), now(), '{\"ns\": {\"k\": [\"new\"]}}', '{}', 'p'),"
                + " (?, 'acct-d', now(), now(), '{\"ns\": {\"k\": [\"new\"]}}', '{}', 'p')"
                + " ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags", existing, UUID.randomUUID());
        assertThat(single("SELECT sum(delta) FROM host_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-d'")).isEqualTo(1);
        assertThat(single("SELECT sum(delta) FROM host_tag_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-d' AND value = 'new'"))
                .isEqualTo(2);
        assertThat(single("SELECT sum(delta) FROM host_tag_count_deltas WHERE tenant_kind = 'a' AND tenant = 'acct-d' AND value = 'old'"))
                .isEqualTo(-1);
        assertMaintainedCountsMatchTheTable("acct-d");
        counts.compact();
        assertThat(single("SELECT count FROM host_tag_counts WHERE tenant_kind = 'a' AND tenant = 'acct-d' AND value = 'new'")).isEqualTo(2);
        assertThat(single("SELECT count(*) FROM host_tag_counts WHERE tenant_kind = 'a' AND tenant = 'acct-d' AND value = 'old'")).isZero();
    }

    @Test
    void truncatingTheHostsEmptiesTheCounts() throws SQLException {
        try (HikariDataSource own = Database.open(TestInfrastructure.settings(Map.of()));
             Connection connection = own.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, tags, canonical_facts, reporter)"
                    + " VALUES (gen_random_uuid(), 'acct-t', now(), now(), '{\"ns\": {\"k\": []}}', '{}', 'p')");
            new HostCounts(new Transactions(own, new WriteFailures(java.time.Clock.systemUTC()))).compact();
            statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, canonical_facts, reporter)"
                    + " VALUES (gen_random_uuid(), 'acct-t', now(), now(), '{}', 'p')");
            statement.execute("TRUNCATE hosts");
            for (String table : List.of("host_counts", "host_count_deltas", "host_tag_counts", "host_tag_count_deltas")) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    result.next();
                    assertThat(result.getLong(1)).as(table).isZero();
                }
            }
        }
    }

    @Test
    void concurrentWritersAndCompactionsEndExactWithoutDeadlocks() throws Exception {
        String account = "acct-e";
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                String org = writer % 2 == 0 ? "org-e" : null;
                long seed = 100 + writer;
                writers.add(CompletableFuture.runAsync(() -> {
                    Random random = new Random(seed);
                    List<UUID> own = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        try (Connection connection = dataSource.getConnection()) {
                            connection.setAutoCommit(false);
                            UUID id = own.isEmpty() || random.nextBoolean() ? UUID.randomUUID()
                                    : own.get(random.nextInt(own.size()));
                            own.add(id);
                            rows.upsert(connection, host(id, org, account, tags(random), staleTimestamp(random)));
                            if (random.nextInt(5) == 0) {
                                UUID gone = own.remove(random.nextInt(own.size()));
                                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM hosts WHERE id = ?")) {
                                    delete.setObject(1, gone);
                                    delete.executeUpdate();
                                }
                                own.removeIf(gone::equals);
                            }
                            connection.commit();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
            CompletableFuture<Integer> compactions = CompletableFuture.supplyAsync(() -> {
                int runs = 0;
                while (!all.isDone()) {
                    counts.compact();
                    runs++;
                }
                return runs;
            }, pool);
            all.get(60, TimeUnit.SECONDS);
            assertThat(compactions.get(10, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertMaintainedCountsMatchTheTable(account);
        for (Tenant tenant : List.of(Tenant.ofAccount(account), Tenant.ofOrg("org-e", null))) {
            for (Set<State> states : STALENESS) {
                assertSameAnswers(tenant, states, new Random(7), tenant + " " + states);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFastTotalReadsOnlyTheHostsTheStalenessFilterLeavesOut(boolean byOrg) throws SQLException {
        // an org's hosts carry no account, an account's no org: each total reads its own tenant's index only
        Tenant tenant = byOrg ? Tenant.ofOrg("org-plan", null) : Tenant.ofAccount("acct-plan");
        String key = byOrg ? tenant.orgId() : tenant.account();
        String kind = byOrg ? "o" : "a";
        // 20,000 hosts, 1 in 100 stale_warning: the default filter leaves out 200
        execute("INSERT INTO hosts (id, org_id, account, display_name, created_on, modified_on, tags, canonical_facts,"
                + " stale_timestamp, reporter) SELECT gen_random_uuid(), ?, ?, 'h' || i, now(), now(),"
                + " jsonb_build_object('ns', jsonb_build_object('k', jsonb_build_array('v' || (i % 7)))),"
                + " jsonb_build_object('fqdn', 'h' || i),"
                + " CASE WHEN i % 100 = 0 THEN now() - interval '10 days' ELSE now() + interval '1 day' END, 'p'"
                + " FROM generate_series(1, 20000) AS i", tenant.orgId(), tenant.account());
        try {
            counts.compact();
            execute("ANALYZE hosts");
            Instant bound = WINDOW.staleWarningBefore(Instant.now());
            StalenessConditions.Exclusion excluded = new StalenessConditions.Exclusion("stale_timestamp", bound);
            JsonNode total = explainAnalyze(HostCounts.hostTotal(tenant, excluded), kind, key, kind, key, key, bound);
            assertThat(rowsRead(total, "hosts")).as(total.toString()).isEqualTo(200);
            assertThat(rowsRead(total, "host_counts")).as(total.toString()).isEqualTo(1);
            String tagsFound = "WITH " + HostCounts.tagsFound(tenant, excluded, "TRUE") + " SELECT * FROM tags_found";
            JsonNode tags = explainAnalyze(tagsFound, kind, key, kind, key, key, bound);
            assertThat(rowsRead(tags, "hosts")).as(tags.toString()).isEqualTo(200);
            assertThat(rowsRead(tags, "host_tag_counts")).as(tags.toString()).isEqualTo(7);
            HostFilter filter = filter(HostFilter.DEFAULT_STALENESS);
            Instant now = Instant.now();
            assertThat(counted.list(tenant, filter, Ordering.DEFAULT, new PageRequest(1, 1), now).total())
                    .isEqualTo(19800);
            assertThat(counted.tags(tenant, filter, null, true, true, new PageRequest(1, 50), now).items())
                    .isEqualTo(recounted.tags(tenant, filter, null, true, true, new PageRequest(1, 50), now).items());
        } finally {
            execute("DELETE FROM hosts WHERE " + (byOrg ? "org_id" : "account") + " = ?", key);
        }
    }

    // ---- the random writes

    /** One random change to the hosts of the tenants (more often of A); returns what it did. */
    private String write(Random random, List<UUID> ids) throws SQLException {
        int kind = ids.isEmpty() ? 0 : random.nextInt(10);
        String[] owner = OWNERS[random.nextInt(OWNERS.length)];
        String org = owner[0];
        String account = owner[1];
        switch (kind) {
            case 0 -> {
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    upsert(id, org, account, tags(random), staleTimestamp(random));
                }
                // several rows in one statement
                List<Object> values = new ArrayList<>();
                StringBuilder sql = new StringBuilder("INSERT INTO hosts (id, org_id, account, created_on, modified_on,"
                        + " tags, canonical_facts, stale_timestamp, reporter) VALUES ");
                for (int i = 0; i < n; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, now(), now(), ?::jsonb, '{}', ?, 'p')");
                    values.add(id);
                    values.add(org);
                    values.add(account);
                    values.add(tags(random).toString());
                    values.add(staleTimestamp(random));
                }
                execute(sql.toString(), values.toArray());
                return "insert " + 2 * n;
            }
            case 1 -> {
                // the ingestion's upsert, of an existing or a new host
                UUID id = random.nextBoolean() ? pick(random, ids) : UUID.randomUUID();
                ids.add(id);
                upsert(id, org, account, random.nextBoolean() ? tags(random) : currentTags(id), staleTimestamp(random));
                return "upsert";
            }
            case 2 -> {
                // one statement upserting existing and new rows
                List<Object> values = new ArrayList<>();
                StringBuilder sql = new StringBuilder("INSERT INTO hosts (id, org_id, account, created_on, modified_on,"
                        + " tags, canonical_facts, stale_timestamp, reporter) VALUES ");
                List<UUID> chosen = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    UUID id = random.nextBoolean() ? pick(random, ids) : UUID.randomUUID();
                    if (chosen.contains(id)) {
                        continue;
                    }
                    chosen.add(id);
                    ids.add(id);
                    sql.append(chosen.size() == 1 ? "" : ", ").append("(?, ?, ?, now(), now(), ?::jsonb, '{}', ?, 'p')");
                    values.add(id);
                    values.add(org);
                    values.add(account);
                    values.add((random.nextBoolean() ? tags(random) : currentTags(id)).toString());
                    values.add(staleTimestamp(random));
                }
                execute(sql + " ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags, org_id = EXCLUDED.org_id,"
                        + " account = EXCLUDED.account,"
                        + " stale_timestamp = EXCLUDED.stale_timestamp, modified_on = EXCLUDED.modified_on", values.toArray());
                return "multi-row upsert " + chosen.size();
            }
            case 3 -> {
                execute("UPDATE hosts SET tags = ?::jsonb WHERE id = ANY (?)", tags(random).toString(), some(random, ids));
                return "tags";
            }
            case 4 -> {
                execute("UPDATE hosts SET stale_timestamp = ? WHERE id = ANY (?)", staleTimestamp(random), some(random, ids));
                return "staleness";
            }
            case 5 -> {
                execute("UPDATE hosts SET display_name = 'n' || random(), modified_on = now() WHERE id = ANY (?)",
                        (Object) some(random, ids));
                return "no tag change";
            }
            case 6 -> {
                execute("UPDATE hosts SET account = ? WHERE id = ANY (?)", random.nextBoolean() ? A : B, some(random, ids));
                return "account";
            }
            case 7 -> {
                // an adoption, a move to the other org, or (for hosts with an account) leaving the org
                int move = random.nextInt(3);
                if (move == 2) {
                    execute("UPDATE hosts SET org_id = NULL WHERE id = ANY (?) AND account IS NOT NULL",
                            (Object) some(random, ids));
                    return "org given up";
                }
                execute("UPDATE hosts SET org_id = ? WHERE id = ANY (?)", move == 0 ? O1 : O2, some(random, ids));
                return "org " + (move == 0 ? O1 : O2);
            }
            default -> {
                UUID[] gone = some(random, ids);
                execute("DELETE FROM hosts WHERE id = ANY (?)", (Object) gone);
                ids.removeAll(List.of(gone));
                return "delete " + gone.length;
            }
        }
    }

    private static void upsert(UUID id, String org, String account, ObjectNode tags, OffsetDateTime stale)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            rows.upsert(connection, host(id, org, account, tags, stale));
        }
    }

    static Host host(UUID id, String org, String account, ObjectNode tags, OffsetDateTime stale) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new Host(id, account, org, "host", null, JSON.createObjectNode().put("fqdn", id + ".test"), null, tags,
                JSON.createObjectNode(), stale, "puptoo", now, now);
    }

    private ObjectNode currentTags(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT tags FROM hosts WHERE id = ?")) {
            statement.setObject(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? (ObjectNode) JSON.readTree(result.getString(1)) : JSON.createObjectNode();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Tags in every shape GET /tags distinguishes: the "null" namespace, an empty namespace, keys without values (an
     * empty array, a non-array), JSON null and repeated values, "null" as a value, a namespace that is not an object.
     */
    static ObjectNode tags(Random random) {
        String[] namespaces = {"insights-client", "null", "", "sat"};
        String[] keys = {"env", "team", "a b"};
        String[] values = {"prod", "dev", "", "null", "e"};
        ObjectNode tags = JSON.createObjectNode();
        int namespaceCount = random.nextInt(4);
        for (int n = 0; n < namespaceCount; n++) {
            String namespace = namespaces[random.nextInt(namespaces.length)];
            if (random.nextInt(15) == 0) {
                tags.putArray(namespace);
                continue;
            }
            ObjectNode keyed = tags.putObject(namespace);
            int keyCount = 1 + random.nextInt(2);
            for (int k = 0; k < keyCount; k++) {
                String key = keys[random.nextInt(keys.length)];
                int shape = random.nextInt(12);
                if (shape == 0) {
                    keyed.put(key, "scalar");
                    continue;
                }
                ArrayNode list = keyed.putArray(key);
                int valueCount = shape == 1 ? 0 : 1 + random.nextInt(2);
                for (int v = 0; v < valueCount; v++) {
                    if (random.nextInt(15) == 0) {
                        list.addNull();
                    } else {
                        list.add(values[random.nextInt(values.length)]);
                    }
                }
            }
        }
        return tags;
    }

    /** Every state, and the three bounds exactly. */
    static OffsetDateTime staleTimestamp(Random random) {
        Instant at = switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> NOW.plusSeconds(3600 + random.nextInt(100_000));
            case 2 -> NOW.minusSeconds(3600 + random.nextInt(500_000));
            case 3 -> WINDOW.staleWarningBefore(NOW).minusSeconds(3600 + random.nextInt(500_000));
            case 4 -> WINDOW.culledBefore(NOW).minusSeconds(3600 + random.nextInt(500_000));
            case 5 -> NOW;
            case 6 -> WINDOW.staleWarningBefore(NOW);
            case 7 -> WINDOW.culledBefore(NOW);
            default -> NOW.plusSeconds(86_400);
        };
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static UUID pick(Random random, List<UUID> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    static UUID[] some(Random random, List<UUID> ids) {
        int n = 1 + random.nextInt(Math.min(3, ids.size()));
        List<UUID> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = pick(random, ids);
            if (!chosen.contains(id)) {
                chosen.add(id);
            }
        }
        return chosen.toArray(UUID[]::new);
    }

    // ---- the checks

    /** GET /hosts totals and pages, GET /tags pages, from the counts and from the rows, are the same. */
    private static void assertSameAnswers(Tenant tenant, Set<State> states, Random random, String context) {
        HostFilter filter = filter(states);
        for (int perPage : new int[] {1, 3}) {
            Page<Host> fast = counted.list(tenant, filter, Ordering.DEFAULT, new PageRequest(2, perPage), NOW).page();
            Page<Host> slow = recounted.list(tenant, filter, Ordering.DEFAULT, new PageRequest(2, perPage), NOW)
                    .page();
            assertThat(fast.total()).as(context).isEqualTo(slow.total());
            assertThat(fast.items().stream().map(Host::id).toList()).as(context)
                    .isEqualTo(slow.items().stream().map(Host::id).toList());
        }
        String search = new String[] {null, "", "e", "prod", "null", " "}[random.nextInt(6)];
        boolean byCount = random.nextBoolean();
        boolean descending = random.nextBoolean();
        for (int page = 1; page <= 2; page++) {
            int perPage = page == 1 ? 100 : 4;
            Page<TagCount> fast = counted.tags(tenant, filter, search, byCount, descending, new PageRequest(page, perPage), NOW);
            Page<TagCount> slow = recounted.tags(tenant, filter, search, byCount, descending, new PageRequest(page, perPage), NOW);
            assertThat(fast.total()).as(context + " tags search=" + search).isEqualTo(slow.total());
            assertThat(fast.items()).as(context + " tags search=" + search).isEqualTo(slow.items());
        }
    }

    /**
     * host_counts + pending deltas, and host_tag_counts + pending deltas, equal a recount of hosts, per tenant: each
     * org ('o') and each account ('a') over the hosts that carry it.
     */
    private static void assertMaintainedCountsMatchTheTable(String context) throws SQLException {
        String tenants = "(SELECT 'o' AS tenant_kind, org_id AS tenant, tags FROM hosts WHERE org_id IS NOT NULL"
                + " UNION ALL SELECT 'a', account, tags FROM hosts WHERE account IS NOT NULL)";
        assertThat(list("SELECT tenant_kind, tenant, sum(n) FROM ("
                + " SELECT tenant_kind, tenant, count AS n FROM host_counts"
                + " UNION ALL SELECT tenant_kind, tenant, delta FROM host_count_deltas"
                + " UNION ALL SELECT tenant_kind, tenant, -count(*) FROM " + tenants + " AS h GROUP BY 1, 2) AS d"
                + " GROUP BY tenant_kind, tenant HAVING sum(n) <> 0")).as(context).isEmpty();
        assertThat(list("SELECT tenant_kind, tenant, namespace, key, value, sum(n) FROM ("
                + " SELECT tenant_kind, tenant, namespace, key, value, count AS n FROM host_tag_counts"
                + " UNION ALL SELECT tenant_kind, tenant, namespace, key, value, delta FROM host_tag_count_deltas"
                + " UNION ALL SELECT h.tenant_kind, h.tenant, t.namespace, t.key, t.value, -count(*)"
                + "   FROM " + tenants + " AS h CROSS JOIN LATERAL host_tag_rows(h.tags) AS t GROUP BY 1, 2, 3, 4, 5) AS d"
                + " GROUP BY tenant_kind, tenant, namespace, key, value HAVING sum(n) <> 0")).as(context).isEmpty();
        assertThat(single("SELECT count(*) FROM host_tag_counts"
                + " WHERE tag_digest <> host_tag_digest(namespace, key, value)")).isZero();
    }

    static HostFilter filter(Set<State> states) {
        return new HostFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                states, false);
    }

    // ---- SQL helpers

    static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            statement.execute();
        }
    }

    static long single(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static List<String> list(String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(result.getString(i));
                }
                found.add(row.toString());
            }
        }
        return found;
    }

    private static void bind(Connection connection, PreparedStatement statement, Object... parameters)
            throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof UUID[] array) {
                statement.setArray(i + 1, connection.createArrayOf("uuid", array));
            } else if (value instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (value == null) {
                statement.setNull(i + 1, Types.NULL); // of the type its place asks for: a timestamp, an org, an account
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** EXPLAIN (ANALYZE, FORMAT JSON) of a statement with {@code ?} parameters. */
    static JsonNode explainAnalyze(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            bind(connection, statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return JSON.readTree(result.getString(1));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The rows the scans of {@code relation} in the plan read: returned and filtered out, in all. */
    static long rowsRead(JsonNode plan, String relation) {
        long total = 0;
        if (plan.isObject() && relation.equals(plan.path("Relation Name").asText())) {
            total += (plan.path("Actual Rows").asLong() + plan.path("Rows Removed by Filter").asLong()
                    + plan.path("Rows Removed by Index Recheck").asLong()) * Math.max(1, plan.path("Actual Loops").asLong());
        }
        for (JsonNode child : plan) {
            total += rowsRead(child, relation);
        }
        return total;
    }
}
