package io.hbi.inventory.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.host.DedupPlan;
import io.hbi.inventory.host.DedupPlan.Candidate;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.ReporterCheckIn;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of the {@code hosts} table for writes: the dedup lookups of contract §4, the upsert, the locks of the edits
 * and the deletes. Every method works on the caller's connection, inside the caller's transaction. The reads of the
 * REST API are {@link HostQueries}.
 */
public final class HostRepository {

    public static final String COLUMNS = "id, account, org_id, display_name, ansible_host, created_on, modified_on, facts, tags, "
            + "canonical_facts, system_profile_facts, stale_timestamp, reporter, provider_id, provider_type, last_check_in, "
            + "per_reporter_staleness";

    /**
     * The most scopes a transaction locks one by one; a batch of more (hosts of more than 128 accounts or orgs) locks
     * the whole service instead. Together with the service-wide key, a transaction holds at most 129 advisory locks
     * whatever its size, so PostgreSQL's default lock table (max_locks_per_transaction 64 × about 120 backends, some
     * 7,800 locks shared by all) has room for dozens of concurrent ingestion transactions.
     *
     * <p>How writers that could be the same host wait for each other ({@link #lockCanonicalFacts}): an input's match
     * (contract §4) is a host with the same elevated id (insights_id, else subscription_manager_id), else one whose
     * canonical facts contain the input's or are contained in them. So two inputs that both carry an elevated id can
     * only be the same host if they share the value of one (by that id, or because the contained one's id is among
     * the other's facts); such a writer locks the values of its elevated ids and holds its scopes' keys shared. An
     * input without an elevated id may be contained in anyone's facts: its writer holds its scopes' keys exclusively.
     * Hosts already stored are protected by their row locks ({@link BatchDedup}). The levels are taken in one order
     * by every writer: the service-wide key, the scope keys, the elevated-id rows.
     */
    public static final int LOCK_BUDGET = 128;

    /** The first key of the dedup's two-int advisory locks, per level (any constants that no other use takes). */
    static final int SCOPE_LOCKS = 0x4843;
    static final int SERVICE_LOCK = 0x4844;

    /**
     * The elevated-id values are locked as rows of {@code dedup_locks} (V25), one per bucket of 2^23: two polls of 500
     * hosts (1,000 values each) share a bucket, and wait for each other as if they shared a value, about one time in
     * nine; the table never grows past 8 Mi small rows.
     */
    static final int ELEVATED_ID_BUCKETS = 1 << 23;

    private static final String LOCK_SCOPES = "SELECT count(CASE WHEN exclusive"
            + " THEN pg_advisory_xact_lock(lock_class, lock_key)"
            + " ELSE pg_advisory_xact_lock_shared(lock_class, lock_key) END) FROM (SELECT lock_class, lock_key, exclusive"
            + " FROM unnest(?::int[], ?::int[], ?::boolean[]) AS l(lock_class, lock_key, exclusive)"
            + " ORDER BY lock_class DESC, lock_key) AS keys";

    // in key order, so that two writers never wait for each other in a circle; a key already there is locked as by
    // FOR UPDATE, without a new row version (WHERE false); a new one is inserted, and a second writer of the same new
    // key waits for the first one's transaction to end
    private static final String LOCK_ELEVATED_IDS = "INSERT INTO dedup_locks (lock_key)"
            + " SELECT lock_key FROM unnest(?::int[]) AS l(lock_key) ORDER BY lock_key"
            + " ON CONFLICT (lock_key) DO UPDATE SET lock_key = EXCLUDED.lock_key WHERE false";

    /**
     * Inserts a host, or replaces every column but created_on of the row with its id. The canonical-fact tokens
     * come with the row (18th parameter, {@link io.hbi.inventory.host.CanonicalFacts#tokens}).
     */
    public static final String UPSERT = "INSERT INTO hosts (" + COLUMNS + ", canonical_fact_tokens)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (id) DO UPDATE SET account = EXCLUDED.account, org_id = EXCLUDED.org_id,"
            + " display_name = EXCLUDED.display_name,"
            + " ansible_host = EXCLUDED.ansible_host, modified_on = EXCLUDED.modified_on, facts = EXCLUDED.facts,"
            + " tags = EXCLUDED.tags, canonical_facts = EXCLUDED.canonical_facts,"
            + " canonical_fact_tokens = EXCLUDED.canonical_fact_tokens,"
            + " system_profile_facts = EXCLUDED.system_profile_facts, stale_timestamp = EXCLUDED.stale_timestamp,"
            + " reporter = EXCLUDED.reporter, provider_id = EXCLUDED.provider_id,"
            + " provider_type = EXCLUDED.provider_type, last_check_in = EXCLUDED.last_check_in,"
            + " per_reporter_staleness = EXCLUDED.per_reporter_staleness";

    private final ObjectMapper json;

    public HostRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Serialises writers of hosts that could be the same host (see {@link #LOCK_BUDGET}): {@code scopes} and
     * {@code canonicalFacts} pair up, one entry per input: each input's elevated ids are locked in each of its
     * scopes, and its scopes' keys taken shared (exclusively for an input without an elevated id).
     */
    public void lockCanonicalFacts(Connection connection, List<List<String>> scopes, List<ObjectNode> canonicalFacts)
            throws SQLException {
        TreeSet<Integer> elevatedIdKeys = new TreeSet<>();
        Map<Integer, Boolean> scopeKeys = new HashMap<>(); // exclusively?
        for (int i = 0; i < scopes.size(); i++) {
            List<String> elevatedIds = elevatedIds(canonicalFacts.get(i));
            for (String scope : scopes.get(i)) {
                scopeKeys.merge(scope.hashCode(), elevatedIds.isEmpty(), Boolean::logicalOr);
                for (String elevatedId : elevatedIds) {
                    elevatedIdKeys.add(bucket(scope + " " + elevatedId));
                }
            }
        }
        if (scopeKeys.isEmpty()) {
            return;
        }
        boolean wholeService = scopeKeys.size() > LOCK_BUDGET;
        List<Integer> classes = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        List<Boolean> exclusive = new ArrayList<>();
        classes.add(SERVICE_LOCK);
        keys.add(0);
        exclusive.add(wholeService);
        if (!wholeService) {
            scopeKeys.forEach((key, alone) -> {
                classes.add(SCOPE_LOCKS);
                keys.add(key);
                exclusive.add(alone);
            });
        }
        try (PreparedStatement statement = connection.prepareStatement(LOCK_SCOPES)) {
            statement.setArray(1, connection.createArrayOf("int4", classes.toArray()));
            statement.setArray(2, connection.createArrayOf("int4", keys.toArray()));
            statement.setArray(3, connection.createArrayOf("bool", exclusive.toArray()));
            statement.executeQuery().close();
        }
        if (!wholeService && !elevatedIdKeys.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(LOCK_ELEVATED_IDS)) {
                statement.setArray(1, connection.createArrayOf("int4", elevatedIdKeys.toArray()));
                statement.executeUpdate();
            }
        }
    }

    /** The input's elevated ids as {@code fact=value}, the value lowercased (uuids: one host whatever their case). */
    private static List<String> elevatedIds(ObjectNode canonicalFacts) {
        List<String> found = new ArrayList<>(DedupPlan.ELEVATED_IDS.size());
        for (String fact : DedupPlan.ELEVATED_IDS) {
            JsonNode value = canonicalFacts.get(fact);
            if (value != null && value.isTextual()) {
                found.add(fact + "=" + value.asText().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return found;
    }

    /** The bucket of a scoped elevated id: FNV-1a over its characters, the same in every JVM. */
    static int bucket(String scopedElevatedId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < scopedElevatedId.length(); i++) {
            hash ^= scopedElevatedId.charAt(i);
            hash *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(hash, ELEVATED_ID_BUCKETS);
    }

    // The dedup lookups of a whole batch, one statement each: the inputs are unnested with their position, and each
    // finds its candidates through one selective index only, with nothing else an index could serve (no staleness
    // bound, no ORDER BY ... LIMIT), so that no plan combines it with an index that covers the whole account
    // (measured: 1.3 ms and growing with the table, instead of 0.05 ms). Only what the choice needs is read; the
    // candidates are filtered (same tenant, not culled, containment) and chosen in Java, then locked by id.
    private static final String CANDIDATE_COLUMNS = "h.id, h.account, h.org_id, h.canonical_facts, h.stale_timestamp,"
            + " h.modified_on, h.last_check_in";

    /**
     * The hosts of each input's account and those of its org with the value, through the account's index and the
     * org's (V1, V9): a null account or org finds nothing there. Which of them the input may be is DedupPlan's.
     */
    static String findByElevatedIdsSql(String fact) {
        String value = "h.canonical_facts ->> '" + fact.replace("'", "''") + "' = input.value";
        return "SELECT input.position, " + CANDIDATE_COLUMNS + " FROM"
                + " unnest(?::int[], ?::text[], ?::text[]) AS input(position, account, value)"
                + " JOIN hosts h ON h.account = input.account AND " + value
                + " UNION ALL SELECT input.position, " + CANDIDATE_COLUMNS + " FROM"
                + " unnest(?::int[], ?::text[], ?::text[]) AS input(position, org_id, value)"
                + " JOIN hosts h ON h.org_id = input.org_id AND h.org_id IS NOT NULL AND " + value;
    }

    /**
     * The orgs that adopted hosts of each account (decisions.md 10): a 2020 write may be one of those hosts, which are
     * in their org's dedup scope. One probe of hosts_account_org per org found (a loose index scan), however many
     * hosts each has. Each probe is the first org in index order rather than min(org_id): the same row, but PostgreSQL
     * plans an aggregate twice (as such and as its index path), and this statement is planned on every request of a
     * 2020 identity (StalenessSettings.OF_ACCOUNT; with the pool's force_custom_plan, 0.85 ms a call against 0.46 ms,
     * measured with pgbench on the 1M benchmark table holding 100 settings; see the README).
     */
    static final String FOUND_ORGS_OF_ACCOUNTS = "WITH RECURSIVE found AS ("
            + " SELECT a.account, (SELECT h.org_id FROM hosts h WHERE h.account = a.account"
            + "   AND h.org_id IS NOT NULL ORDER BY h.org_id LIMIT 1) AS org_id FROM unnest(?::text[]) AS a(account)"
            + " UNION ALL"
            + " SELECT f.account, (SELECT h.org_id FROM hosts h WHERE h.account = f.account AND h.org_id > f.org_id"
            + "   ORDER BY h.org_id LIMIT 1)"
            + " FROM found f WHERE f.org_id IS NOT NULL)";
    static final String ORGS_OF_ACCOUNTS = FOUND_ORGS_OF_ACCOUNTS
            + " SELECT account, org_id FROM found WHERE org_id IS NOT NULL";

    /**
     * The subset/superset match (contract §4 step 2) on canonical-fact tokens (they carry the account), per input:
     * hosts that carry every token of the input (supersets: the GIN index intersects the tokens' lists, led by the
     * rarest), and hosts whose first token is one of the input's and whose tokens all are (subsets: a subset's
     * smallest token is one of the input's, found through the btree index on it, V7). Neither reads the hosts that
     * merely share a value with the input, such as the docker bridge's 172.17.0.1 that thousands of hosts report.
     */
    static final String FIND_BY_CANONICAL_FACTS = "WITH input AS MATERIALIZED ("
            + "SELECT position, array_agg(token) AS tokens FROM unnest(?::int[], ?::text[]) AS t(position, token)"
            + " GROUP BY position)"
            + " SELECT input.position, " + CANDIDATE_COLUMNS
            + " FROM input JOIN hosts h ON h.canonical_fact_tokens @> input.tokens"
            + " UNION ALL"
            // the fence (OFFSET 0) keeps "<@" out of the index conditions: through the GIN index it would read every
            // host that shares any one value with the input
            + " SELECT input.position, " + CANDIDATE_COLUMNS
            + " FROM input CROSS JOIN LATERAL (SELECT * FROM hosts"
            + " WHERE hosts.canonical_fact_tokens[1] = ANY (input.tokens) OFFSET 0) AS h"
            + " WHERE h.canonical_fact_tokens <@ input.tokens";

    /** The lock of the dedup's chosen hosts reads every column but the system profile ({@link #systemProfiles}). */
    private static final String LOCK_BY_IDS = "SELECT " + COLUMNS.replace("system_profile_facts",
            "NULL AS system_profile_facts") + " FROM hosts WHERE id = ANY (?) ORDER BY id FOR UPDATE";

    /**
     * Each host's system profile less the top-level fields named for it (a JSON array of names per id), cut inside
     * PostgreSQL: only what is left is sent and parsed.
     */
    static final String SYSTEM_PROFILES = "SELECT h.id, h.system_profile_facts"
            + " - ARRAY(SELECT jsonb_array_elements_text(o.omitted::jsonb)) AS system_profile_facts"
            + " FROM unnest(?::uuid[], ?::text[]) AS o(id, omitted) JOIN hosts h ON h.id = o.id";

    /**
     * For each position, the hosts of its account and of its org ({@code positions}, {@code accounts},
     * {@code orgIds} and {@code values} pair up; either may be null) whose elevated id {@code fact} equals the value;
     * not locked.
     */
    public Map<Integer, List<Candidate>> findByElevatedIds(Connection connection, String fact, List<Integer> positions,
                                                           List<String> accounts, List<String> orgIds,
                                                           List<String> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(findByElevatedIdsSql(fact))) {
            java.sql.Array at = connection.createArrayOf("int4", positions.toArray());
            java.sql.Array of = connection.createArrayOf("text", values.toArray());
            statement.setArray(1, at);
            statement.setArray(2, connection.createArrayOf("text", accounts.toArray()));
            statement.setArray(3, of);
            statement.setArray(4, at);
            statement.setArray(5, connection.createArrayOf("text", orgIds.toArray()));
            statement.setArray(6, of);
            return candidates(statement);
        }
    }

    /** The orgs that adopted hosts of each of these accounts; an account with none is absent. */
    public Map<String, List<String>> orgsOfAccounts(Connection connection, Collection<String> accounts)
            throws SQLException {
        Map<String, List<String>> orgs = new HashMap<>();
        if (accounts.isEmpty()) {
            return orgs;
        }
        try (PreparedStatement statement = connection.prepareStatement(ORGS_OF_ACCOUNTS)) {
            statement.setArray(1, connection.createArrayOf("text", accounts.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    orgs.computeIfAbsent(rows.getString("account"), a -> new ArrayList<>()).add(rows.getString("org_id"));
                }
            }
        }
        return orgs;
    }

    /**
     * For each position, the hosts whose canonical-fact tokens contain its tokens or are contained in them
     * ({@code positions} and {@code tokens} pair up: one entry per token of each input); not locked, each host once
     * per position.
     */
    public Map<Integer, List<Candidate>> findByCanonicalFacts(Connection connection, List<Integer> positions,
                                                             List<String> tokens) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_CANONICAL_FACTS)) {
            statement.setArray(1, connection.createArrayOf("int4", positions.toArray()));
            statement.setArray(2, connection.createArrayOf("text", tokens.toArray()));
            return candidates(statement);
        }
    }

    private Map<Integer, List<Candidate>> candidates(PreparedStatement statement) throws SQLException {
        Map<Integer, Map<UUID, Candidate>> found = new HashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                UUID id = rows.getObject("id", UUID.class);
                Map<UUID, Candidate> ofPosition = found.computeIfAbsent(rows.getInt("position"), p -> new HashMap<>());
                if (!ofPosition.containsKey(id)) {
                    OffsetDateTime updated = utc(rows.getObject("modified_on", OffsetDateTime.class));
                    OffsetDateTime lastCheckIn = utc(rows.getObject("last_check_in", OffsetDateTime.class));
                    ofPosition.put(id, new Candidate(id, rows.getString("account"), rows.getString("org_id"),
                            object(rows.getString("canonical_facts")),
                            utc(rows.getObject("stale_timestamp", OffsetDateTime.class)), updated,
                            lastCheckIn != null ? lastCheckIn : updated));
                }
            }
        }
        Map<Integer, List<Candidate>> byPosition = new HashMap<>();
        found.forEach((position, candidates) -> byPosition.put(position, List.copyOf(candidates.values())));
        return byPosition;
    }

    /**
     * Locks the hosts with these ids, in id order (one order for every writer), and returns their current state without
     * the system profile ({@code null}; {@link #systemProfiles} reads it), with the group each is in (read after the
     * locks, {@link GroupRepository#withGroups}).
     */
    public Map<UUID, Host> lockByIds(Connection connection, Collection<UUID> ids) throws SQLException {
        Map<UUID, Host> locked = new HashMap<>();
        if (ids.isEmpty()) {
            return locked;
        }
        List<Host> found;
        try (PreparedStatement statement = connection.prepareStatement(LOCK_BY_IDS)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                found = mapAll(rows);
            }
        }
        for (Host host : GroupRepository.withGroups(connection, found)) {
            locked.put(host.id(), host);
        }
        return locked;
    }

    /**
     * The system profiles of these hosts, each without the top-level fields {@code omitted} names for it (an empty
     * set: the whole profile); a host not found is absent.
     */
    public Map<UUID, ObjectNode> systemProfiles(Connection connection, Map<UUID, Set<String>> omitted)
            throws SQLException {
        Map<UUID, ObjectNode> profiles = new HashMap<>();
        if (omitted.isEmpty()) {
            return profiles;
        }
        List<UUID> ids = new ArrayList<>(omitted.size());
        List<String> names = new ArrayList<>(omitted.size());
        omitted.forEach((id, fields) -> {
            ids.add(id);
            names.add(write(json.valueToTree(fields)));
        });
        try (PreparedStatement statement = connection.prepareStatement(SYSTEM_PROFILES)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.setArray(2, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    profiles.put(rows.getObject("id", UUID.class), object(rows.getString("system_profile_facts")));
                }
            }
        }
        return profiles;
    }

    /** {@link #upsert} of many hosts in one JDBC batch. */
    public void upsertAll(Connection connection, List<Host> hosts) throws SQLException {
        if (hosts.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (Host host : hosts) {
                bind(statement, host);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * The tenant's hosts among {@code ids} that its rules do not cull at {@code now}, locked for update, in id order,
     * with the group each is in (read after the locks, {@link GroupRepository#withGroups}).
     */
    public List<Host> findForUpdate(Connection connection, Tenant tenant, List<UUID> ids, StalenessRules rules,
                                    Instant now) throws SQLException {
        List<Host> found;
        SqlWhere where = TenantScope.of(tenant).and("id = ANY (?)", (Object) ids.toArray(UUID[]::new));
        new StalenessConditions(tenant, rules, now).notCulled(where);
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM hosts WHERE "
                + where.sql() + " ORDER BY id FOR UPDATE")) {
            where.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                found = mapAll(rows);
            }
        }
        return GroupRepository.withGroups(connection, found);
    }

    /**
     * The reaper, 2020's rule: hosts whose org has no setting (or that have no org) with {@code stale_timestamp} at or
     * before the bound, oldest first through the hosts_stale_timestamp index, after a position (stale_timestamp, id)
     * so that hosts an org's setting keeps are passed once, not read again by every batch. NULL (unknown staleness)
     * never compares as culled.
     */
    static final String SELECT_CULLED = "SELECT h.id, h.stale_timestamp FROM hosts h WHERE h.stale_timestamp <= ?"
            + " AND (h.stale_timestamp, h.id) > (?, ?)"
            + " AND NOT EXISTS (SELECT FROM staleness s WHERE s.org_id = h.org_id)"
            + " ORDER BY h.stale_timestamp, h.id LIMIT ?";

    /**
     * The reaper, each org's setting: its hosts checked in at or before {@code now} minus its delete seconds, through
     * the org's check-in index (V13), a batch across every org with a setting. The setting is read by the statement,
     * so a change made during a run applies to its next batch.
     */
    static final String SELECT_CULLED_BY_SETTINGS = "SELECT h.id FROM staleness s CROSS JOIN LATERAL (SELECT id"
            + " FROM hosts WHERE org_id = s.org_id AND " + HostQueries.LAST_CHECK_IN
            + " <= ?::timestamptz - make_interval(secs => s.conventional_time_to_delete) LIMIT ?) AS h LIMIT ?";

    /**
     * The delete of the reaper re-checks that the host is culled, by the setting of its org as it is now or, without
     * one, by 2020's rule: a host that checked in, or whose org changed its setting, after the select stays.
     * Parameters: id, now, 2020's culled bound.
     */
    static final String DELETE_CULLED = "DELETE FROM hosts h WHERE h.id = ? AND coalesce("
            + "(SELECT host_last_check_in(h.last_check_in, h.modified_on)"
            + " <= ?::timestamptz - make_interval(secs => s.conventional_time_to_delete)"
            + " FROM staleness s WHERE s.org_id = h.org_id), h.stale_timestamp <= ?) RETURNING " + COLUMNS;

    /** Where the reaper's walk over 2020's culled hosts stands: the last host it selected. */
    public record CulledPosition(OffsetDateTime staleTimestamp, UUID id) {

        /** Before every host (-infinity). */
        public static final CulledPosition START = new CulledPosition(OffsetDateTime.MIN, new UUID(0, 0));
    }

    /**
     * Up to {@code limit} hosts under 2020's rule culled at the bound, after {@code from} in (stale_timestamp, id)
     * order, oldest first, each with its position.
     */
    public List<CulledPosition> culledIds(Connection connection, Instant culledBefore, CulledPosition from, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_CULLED)) {
            statement.setTimestamp(1, Timestamp.from(culledBefore));
            statement.setObject(2, from.staleTimestamp());
            statement.setObject(3, from.id());
            statement.setInt(4, limit);
            List<CulledPosition> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new CulledPosition(rows.getObject(2, OffsetDateTime.class), rows.getObject(1, UUID.class)));
                }
            }
            return found;
        }
    }

    /** Up to {@code limit} hosts of orgs with a setting that their setting culls at {@code now}. */
    public List<UUID> culledIdsBySettings(Connection connection, Instant now, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_CULLED_BY_SETTINGS)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setInt(2, limit);
            statement.setInt(3, limit);
            return ids(statement);
        }
    }

    /**
     * Deletes the host when it is still culled at {@code now} by its org's setting, or by 2020's bound
     * {@code culledBefore} when its org has none; the row as it was, or empty when it was not.
     */
    public Optional<Host> deleteCulled(Connection connection, UUID id, Instant now, Instant culledBefore)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_CULLED)) {
            statement.setObject(1, id);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(culledBefore));
            return one(statement);
        }
    }

    /** The ids of the tenant's hosts among {@code ids} that its rules do not cull at {@code now}, in id order. */
    public List<UUID> idsOfTenant(Connection connection, Tenant tenant, Collection<UUID> ids, StalenessRules rules,
                                  Instant now) throws SQLException {
        SqlWhere where = TenantScope.of(tenant).and("id = ANY (?)", (Object) ids.toArray(UUID[]::new));
        new StalenessConditions(tenant, rules, now).notCulled(where);
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM hosts WHERE " + where.sql()
                + " ORDER BY id")) {
            where.bind(statement, 1);
            return ids(statement);
        }
    }

    /** Deletes the tenant's host when its rules do not cull it at {@code now}; the row as it was, or empty. */
    public Optional<Host> deleteOfTenant(Connection connection, Tenant tenant, UUID id, StalenessRules rules,
                                         Instant now) throws SQLException {
        SqlWhere where = TenantScope.of(tenant).and("id = ?", id);
        new StalenessConditions(tenant, rules, now).notCulled(where);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM hosts WHERE " + where.sql()
                + " RETURNING " + COLUMNS)) {
            where.bind(statement, 1);
            return one(statement);
        }
    }

    /** The UUIDs of the statement's first column (the store's one reader of id lists). */
    static List<UUID> ids(PreparedStatement statement) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private Optional<Host> one(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(map(rows)) : Optional.empty();
        }
    }

    /** Inserts the host, or replaces every column but {@code created_on} of the row with its id. */
    public void upsert(Connection connection, Host host) throws SQLException {
        upsertAll(connection, List.of(host));
    }

    private void bind(PreparedStatement statement, Host host) throws SQLException {
        statement.setObject(1, host.id());
        statement.setString(2, host.account());
        statement.setString(3, host.orgId());
        statement.setString(4, host.displayName());
        statement.setString(5, host.ansibleHost());
        statement.setObject(6, host.created());
        statement.setObject(7, host.updated());
        statement.setString(8, host.facts() == null ? null : write(host.facts()));
        statement.setString(9, write(host.tags() == null ? json.createObjectNode() : host.tags()));
        statement.setString(10, write(host.canonicalFacts()));
        statement.setString(11, write(host.systemProfile() == null ? json.createObjectNode() : host.systemProfile()));
        if (host.staleTimestamp() == null) {
            statement.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(12, host.staleTimestamp());
        }
        statement.setString(13, host.reporter());
        statement.setString(14, host.providerId());
        statement.setString(15, host.providerType());
        if (host.lastCheckIn() == null) {
            statement.setNull(16, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(16, host.lastCheckIn());
        }
        statement.setString(17, host.perReporter() == null ? null : write(reporterCheckIns(host.perReporter())));
        statement.setArray(18, statement.getConnection().createArrayOf("text", CanonicalFacts.tokens(host)));
    }

    /** The stored form of per_reporter_staleness: {@code {reporter: {last_check_in, stale_timestamp}}} (V20). */
    private ObjectNode reporterCheckIns(Map<String, ReporterCheckIn> reporters) {
        ObjectNode stored = json.createObjectNode();
        new java.util.TreeMap<>(reporters).forEach((reporter, checkIn) -> {
            ObjectNode entry = stored.putObject(reporter);
            entry.put("last_check_in", iso(checkIn.lastCheckIn()));
            entry.put("stale_timestamp", iso(checkIn.staleTimestamp()));
        });
        return stored;
    }

    private Map<String, ReporterCheckIn> reporterCheckIns(String stored) throws SQLException {
        ObjectNode reporters = object(stored);
        if (reporters == null) {
            return null;
        }
        Map<String, ReporterCheckIn> read = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : reporters.properties()) {
            read.put(entry.getKey(), new ReporterCheckIn(time(entry.getValue().get("last_check_in")),
                    time(entry.getValue().get("stale_timestamp"))));
        }
        return read;
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null
                : java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static OffsetDateTime time(JsonNode text) {
        return text == null || !text.isTextual() ? null : utc(OffsetDateTime.parse(text.textValue()));
    }

    /** Reads every host of a result set that selected {@link #COLUMNS}. */
    public List<Host> mapAll(ResultSet rows) throws SQLException {
        List<Host> hosts = new ArrayList<>();
        while (rows.next()) {
            hosts.add(map(rows));
        }
        return hosts;
    }

    /** The row mapper of {@code hosts}. */
    public Host map(ResultSet row) throws SQLException {
        return new Host(
                row.getObject("id", UUID.class),
                row.getString("account"),
                row.getString("org_id"),
                row.getString("display_name"),
                row.getString("ansible_host"),
                object(row.getString("canonical_facts")),
                object(row.getString("facts")),
                object(row.getString("tags")),
                object(row.getString("system_profile_facts")),
                utc(row.getObject("stale_timestamp", OffsetDateTime.class)),
                row.getString("reporter"),
                utc(row.getObject("created_on", OffsetDateTime.class)),
                utc(row.getObject("modified_on", OffsetDateTime.class)),
                row.getString("provider_id"),
                row.getString("provider_type"),
                utc(row.getObject("last_check_in", OffsetDateTime.class)),
                reporterCheckIns(row.getString("per_reporter_staleness")));
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private ObjectNode object(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node.isObject() ? (ObjectNode) node : null;
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable JSON column", e);
        }
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
