package io.hbi.inventory.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.selection.GroupCount;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of groups and their members (db/migration/V15__groups.sql, V16; decisions.md 12): the {@code groups} rows
 * of a tenant ({@link TenantScope#groupSql}), the membership of hosts (the column {@code hosts.group_id}: one group
 * per host; its members read through the indexes of V16), the member counts ({@code group_host_counts}
 * and its deltas, kept by triggers on hosts), and the rows of the batched events of a rename
 * ({@code group_event_fanouts}). Every method works on the caller's connection, inside the caller's transaction.
 *
 * <p>The group of a host is read in a statement of its own after the host's row is locked ({@link #withGroups}), never
 * joined into the statement that locks it: a statement that waited for the lock would otherwise see the membership as
 * it was when it started, and announce a host in a group it has just left.
 */
public final class GroupRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COLUMNS = "id, org_id, account, name, created_on, modified_on";

    /** The smallest uuid: a walk over a group's members by host id starts after it. */
    private static final UUID FIRST = new UUID(0, 0);

    /**
     * A column of a statement on {@code hosts}: the host's group as a JSON object (times in microseconds since the
     * epoch, so that no session time zone shapes them), NULL when the host is in none. Read in the statement that
     * selects the hosts, it is what that statement's snapshot holds.
     */
    static final String HOST_GROUP_COLUMN = "(SELECT jsonb_build_object('id', g.id, 'name', g.name, 'org_id', g.org_id,"
            + " 'account', g.account, 'created', " + micros("g.created_on") + ", 'updated', " + micros("g.modified_on")
            + ") FROM groups g WHERE g.id = hosts.group_id) AS host_group";

    private static final String GROUPS_OF_HOSTS = "SELECT h.id AS host_id, g.id, g.org_id, g.account, g.name,"
            + " g.created_on, g.modified_on FROM hosts h JOIN groups g ON g.id = h.group_id WHERE h.id = ANY (?)";

    /** A new group; nothing when its name is taken in its org or account (the unique indexes of V15). */
    static final String INSERT = "INSERT INTO groups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** The tenant's groups among the ids, in id order; %s: the tenant's condition, %s: a lock clause or nothing. */
    static final String FIND = "SELECT " + COLUMNS + " FROM groups WHERE id = ANY (?) AND %s ORDER BY id%s";

    /**
     * The hosts join the group: a host in another group moves, a host already in it is left as it is. The host's
     * {@code updated} stays (its own data did not change).
     */
    static final String JOIN = "UPDATE hosts SET group_id = ? WHERE id = ANY (?) AND group_id IS DISTINCT FROM ?";

    static final String LEAVE = "UPDATE hosts SET group_id = NULL WHERE id = ANY (?) AND group_id IS NOT NULL"
            + " RETURNING id";

    /**
     * The groups' {@code updated} set, their rows locked in id order first (every writer takes them in that order,
     * after the rows of the hosts it changes).
     */
    static final String TOUCH = "WITH locked AS (SELECT id FROM groups WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE)"
            + " UPDATE groups SET modified_on = ? FROM locked WHERE groups.id = locked.id";

    static final String RENAME = "UPDATE groups SET name = ?, modified_on = ? WHERE id = ?";

    static final String DELETE = "DELETE FROM groups WHERE id = ?";

    /** Members after a host id, in host id order (from the group's range of an index of V16). */
    static final String MEMBERS_AFTER = "SELECT id FROM hosts WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?";

    static final String MEMBERS = "SELECT id FROM hosts WHERE group_id = ?";

    /**
     * Groups with their {@code host_count} (hbi-later.md §L4.1: the members that are not culled), one page in an
     * order, and how many groups there are. The first %s: the condition choosing the groups; the last: the ORDER BY. The
     * members are
     * counted from the maintained counts and their pending changes (V15), less the culled members by the rule of their
     * org (decisions.md 13, {@link StalenessConditions#culled}): under 2020's rule each group's range of stale_timestamp
     * up to the bound in hosts_group_staleness (V16; few); under an org's setting, the group's range of check-ins up
     * to its bound in hosts_group_check_in (V22; few). One statement, one snapshot, so the count is exact
     * whatever membership changes commit meanwhile. The second %s: the culled condition. Parameters: those of the
     * group condition, those of the culled condition, the page size and offset.
     */
    static final String COUNTED = "WITH chosen AS MATERIALIZED (SELECT " + COLUMNS + " FROM groups WHERE %s),"
            + " kept AS MATERIALIZED (SELECT group_id, sum(n) AS hosts FROM ("
            + "   SELECT group_id, count AS n FROM group_host_counts WHERE group_id IN (SELECT id FROM chosen)"
            + "   UNION ALL SELECT group_id, delta FROM group_host_count_deltas WHERE group_id IN (SELECT id FROM chosen))"
            + "   AS changes GROUP BY group_id),"
            // the culled members: the start of each group's range in hosts_group_staleness (V16) or, under an org's
            // setting, hosts_group_check_in (V22): few
            + " counted AS (SELECT c.*, coalesce(k.hosts, 0) - (SELECT count(*) FROM hosts AS h"
            + "   WHERE h.group_id = c.id AND %s) AS host_count"
            + "   FROM chosen AS c LEFT JOIN kept AS k ON k.group_id = c.id)"
            + " SELECT *, count(*) OVER () AS total FROM counted ORDER BY %s LIMIT ? OFFSET ?";

    // The batched events of a rename (GroupEventFanout): one row per group, restarted by every rename.
    static final String START_FANOUT = "INSERT INTO group_event_fanouts (group_id, generation, after_host, request_id,"
            + " touched_at) VALUES (?, 1, NULL, ?, ?) ON CONFLICT (group_id) DO UPDATE SET"
            + " generation = group_event_fanouts.generation + 1, after_host = NULL, request_id = EXCLUDED.request_id,"
            + " touched_at = EXCLUDED.touched_at";
    static final String FANOUT = "SELECT group_id, generation, after_host, request_id FROM group_event_fanouts"
            + " WHERE group_id = ?";
    static final String ADVANCE_FANOUT = "UPDATE group_event_fanouts SET after_host = ?, touched_at = ? WHERE group_id = ?";
    static final String END_FANOUT = "DELETE FROM group_event_fanouts WHERE group_id = ? AND generation = ?";
    static final String STALLED_FANOUTS = "SELECT group_id FROM group_event_fanouts WHERE touched_at < ?"
            + " ORDER BY touched_at LIMIT ?";

    /** Locks a statement of {@link #FIND} takes on the groups it reads. */
    public enum Lock {
        NONE(""),
        /** The group may not be deleted until the transaction ends (members may join it). */
        KEY_SHARE(" FOR KEY SHARE"),
        /** The group is about to be deleted: nobody may join it meanwhile. */
        UPDATE(" FOR UPDATE");

        private final String clause;

        Lock(String clause) {
            this.clause = clause;
        }
    }

    /** Where a rename's events stand: after which member, in which restart of the walk, for which request. */
    public record Fanout(UUID groupId, long generation, UUID afterHost, String requestId) {
    }

    // ------------------------------------------------------------------------------------- the groups of hosts

    /**
     * The hosts with the group each is in now (read in a statement of its own: call it after locking the hosts);
     * the order is kept.
     */
    public static List<Host> withGroups(Connection connection, List<Host> hosts) throws SQLException {
        if (hosts.isEmpty()) {
            return hosts;
        }
        Map<UUID, HostGroup> groups = groupsOfHosts(connection, hosts.stream().map(Host::id).toList());
        List<Host> grouped = new ArrayList<>(hosts.size());
        for (Host host : hosts) {
            HostGroup group = groups.get(host.id());
            grouped.add(host.withGroups(group == null ? List.of() : List.of(group)));
        }
        return grouped;
    }

    /** The group each of these hosts is in; a host in none is absent. */
    public static Map<UUID, HostGroup> groupsOfHosts(Connection connection, Collection<UUID> hostIds)
            throws SQLException {
        Map<UUID, HostGroup> groups = new HashMap<>();
        if (hostIds.isEmpty()) {
            return groups;
        }
        try (PreparedStatement statement = connection.prepareStatement(GROUPS_OF_HOSTS)) {
            statement.setArray(1, connection.createArrayOf("uuid", hostIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    groups.put(rows.getObject("host_id", UUID.class), group(rows));
                }
            }
        }
        return groups;
    }

    /** The groups of a row that selected {@link #HOST_GROUP_COLUMN}: none or one. */
    static List<HostGroup> hostGroups(ResultSet row) throws SQLException {
        String text = row.getString("host_group");
        if (text == null) {
            return List.of();
        }
        try {
            JsonNode group = JSON.readTree(text);
            return List.of(new HostGroup(UUID.fromString(group.get("id").asText()), group.get("name").asText(),
                    group.get("org_id").isNull() ? null : group.get("org_id").asText(),
                    group.get("account").isNull() ? null : group.get("account").asText(),
                    fromMicros(group.get("created").asLong()), fromMicros(group.get("updated").asLong())));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable host group", e);
        }
    }

    // ------------------------------------------------------------------------------------- groups

    /** Inserts the group; false when its name is taken in its org or its account (case-insensitively). */
    public boolean insert(Connection connection, HostGroup group) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, group.id());
            statement.setString(2, group.orgId());
            statement.setString(3, group.account());
            statement.setString(4, group.name());
            statement.setObject(5, group.created());
            statement.setObject(6, group.updated());
            return statement.executeUpdate() == 1;
        }
    }

    /** The tenant's groups among {@code ids}, in id order, locked as asked. */
    public List<HostGroup> find(Connection connection, Tenant tenant, Collection<UUID> ids, Lock lock)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(String.format(FIND,
                TenantScope.groupSql(tenant), lock.clause))) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.setString(2, TenantScope.key(tenant));
            List<HostGroup> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(group(rows));
                }
            }
            return found;
        }
    }

    /** The tenant's group with this id, locked as asked. */
    public Optional<HostGroup> find(Connection connection, Tenant tenant, UUID id, Lock lock) throws SQLException {
        return find(connection, tenant, List.of(id), lock).stream().findFirst();
    }

    /**
     * Renames the group and sets its {@code updated}; false when the name is taken in its org or account. After
     * false the transaction is aborted: the caller must end it.
     */
    public boolean rename(Connection connection, UUID id, String name, OffsetDateTime now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RENAME)) {
            statement.setString(1, name);
            statement.setObject(2, now);
            statement.setObject(3, id);
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(Transactions.sqlState(e))) {
                return false;
            }
            throw e;
        }
    }

    /** Sets the {@code updated} of these groups (those that still exist), locking them in id order. */
    public void touch(Connection connection, Collection<UUID> ids, OffsetDateTime now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(TOUCH)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.setObject(2, now);
            statement.executeUpdate();
        }
    }

    /** Deletes the group (it must have no member left); false when it was gone. */
    public boolean delete(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setObject(1, id);
            return statement.executeUpdate() == 1;
        }
    }

    // ------------------------------------------------------------------------------------- members

    /** The hosts join the group, leaving the group they were in. */
    public void join(Connection connection, Collection<UUID> hostIds, UUID groupId) throws SQLException {
        if (hostIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(JOIN)) {
            statement.setObject(1, groupId);
            statement.setArray(2, connection.createArrayOf("uuid", hostIds.toArray()));
            statement.setObject(3, groupId);
            statement.executeUpdate();
        }
    }

    /** The hosts leave their group; the ids of those that were in one. */
    public List<UUID> leave(Connection connection, Collection<UUID> hostIds) throws SQLException {
        if (hostIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(LEAVE)) {
            statement.setArray(1, connection.createArrayOf("uuid", hostIds.toArray()));
            return ids(statement);
        }
    }

    /** Up to {@code limit} members of the group after {@code after} (null: from the first), in host id order. */
    public List<UUID> members(Connection connection, UUID groupId, UUID after, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MEMBERS_AFTER)) {
            statement.setObject(1, groupId);
            statement.setObject(2, after == null ? FIRST : after);
            statement.setInt(3, limit);
            return ids(statement);
        }
    }

    /** Every member of the group. */
    public List<UUID> members(Connection connection, UUID groupId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MEMBERS)) {
            statement.setObject(1, groupId);
            return ids(statement);
        }
    }

    // ------------------------------------------------------------------------------------- counted groups

    /**
     * A page of the tenant's groups with their host counts, in an order: those whose name contains {@code name}
     * (case-insensitively, {@code %} and {@code _} literal; null: all), or those among {@code ids} (null: any).
     */
    public static Page<GroupCount> counted(Connection connection, Tenant tenant, String name, Collection<UUID> ids,
                                           GroupOrdering ordering, PageRequest paging, StalenessRules rules,
                                           Instant now) throws SQLException {
        HostQueries.BuiltStatement counted = countedStatement(tenant, name, ids, ordering, paging, rules, now);
        try (PreparedStatement statement = connection.prepareStatement(counted.sql())) {
            counted.bind(statement);
            List<GroupCount> items = new ArrayList<>();
            long total = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.add(new GroupCount(group(rows), rows.getLong("host_count")));
                    total = rows.getLong("total");
                }
            }
            return new Page<>(total, items);
        }
    }

    /** The statement of {@link #counted} (what the query-plan tests explain). */
    public static HostQueries.BuiltStatement countedStatement(Tenant tenant, String name, Collection<UUID> ids,
                                                             GroupOrdering ordering, PageRequest paging,
                                                             StalenessRules rules, Instant now) {
        SqlWhere where = new SqlWhere().and(TenantScope.groupSql(tenant), TenantScope.key(tenant));
        if (name != null) {
            where.and("lower(name) LIKE ? ESCAPE '\\'", HostQueries.contains(name));
        }
        if (ids != null) {
            where.and("id = ANY (?)", (Object) ids.toArray(UUID[]::new));
        }
        SqlWhere culled = new SqlWhere();
        new StalenessConditions(tenant, rules, now).culled(culled);
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.addAll(culled.parameters());
        parameters.add(paging.perPage());
        parameters.add((long) (paging.page() - 1) * paging.perPage());
        return new HostQueries.BuiltStatement(String.format(COUNTED, where.sql(), culled.sql(), orderBy(ordering)),
                parameters);
    }

    /** The ORDER BY of a group ordering: ties go to the name (case-insensitively), then the id. */
    static String orderBy(GroupOrdering ordering) {
        return switch (ordering) {
            case NAME_ASC -> "lower(name) ASC, name ASC, id ASC";
            case NAME_DESC -> "lower(name) DESC, name DESC, id DESC";
            case HOST_COUNT_ASC -> "host_count ASC, lower(name), id";
            case HOST_COUNT_DESC -> "host_count DESC, lower(name), id";
            case UPDATED_ASC -> "modified_on ASC, lower(name), id";
            case UPDATED_DESC -> "modified_on DESC, lower(name), id";
        };
    }

    // ------------------------------------------------------------------------------------- a rename's events

    /** Starts (or, for a group whose events are under way, restarts) the events of a rename of the group. */
    public void startFanout(Connection connection, UUID groupId, String requestId, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(START_FANOUT)) {
            statement.setObject(1, groupId);
            statement.setString(2, requestId);
            statement.setObject(3, now);
            statement.executeUpdate();
        }
    }

    /** Where the events of the group's rename stand, locked when {@code lock}; empty when none are under way. */
    public Optional<Fanout> fanout(Connection connection, UUID groupId, boolean lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FANOUT + (lock ? " FOR UPDATE" : ""))) {
            statement.setObject(1, groupId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Fanout(row.getObject("group_id", UUID.class), row.getLong("generation"),
                        row.getObject("after_host", UUID.class), row.getString("request_id")));
            }
        }
    }

    /** The members up to {@code afterHost} have their event. */
    public void advanceFanout(Connection connection, UUID groupId, UUID afterHost, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ADVANCE_FANOUT)) {
            statement.setObject(1, afterHost);
            statement.setObject(2, now);
            statement.setObject(3, groupId);
            statement.executeUpdate();
        }
    }

    /** Every member has its event (unless a rename restarted the walk meanwhile). */
    public void endFanout(Connection connection, Fanout fanout) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(END_FANOUT)) {
            statement.setObject(1, fanout.groupId());
            statement.setLong(2, fanout.generation());
            statement.executeUpdate();
        }
    }

    /** Up to {@code limit} groups whose events no batch has advanced since {@code before}, the oldest first. */
    public List<UUID> stalledFanouts(Connection connection, OffsetDateTime before, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STALLED_FANOUTS)) {
            statement.setObject(1, before);
            statement.setInt(2, limit);
            return ids(statement);
        }
    }

    // ------------------------------------------------------------------------------------- row mappers

    private static HostGroup group(ResultSet row) throws SQLException {
        return new HostGroup(row.getObject("id", UUID.class), row.getString("name"), row.getString("org_id"),
                row.getString("account"), utc(row.getObject("created_on", OffsetDateTime.class)),
                utc(row.getObject("modified_on", OffsetDateTime.class)));
    }

    private static List<UUID> ids(PreparedStatement statement) throws SQLException {
        return HostRepository.ids(statement);
    }

    /** The distinct ids, in their first order. */
    public static List<UUID> distinct(Collection<UUID> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String micros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
    }

    private static OffsetDateTime fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
