package io.hbi.inventory.store;

import io.hbi.inventory.selection.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The maintained host and tag counts of each tenant (db/migration/V3__host_counts.sql, keyed by tenant in V8): the
 * triggers on {@code hosts} append every change to {@code host_count_deltas} and {@code host_tag_count_deltas} under
 * each tenant the host counts in (its org, kind {@code 'o'}, and its account, kind {@code 'a'}); {@link #compact}
 * folds them into {@code host_counts} and {@code host_tag_counts}; the readers add both, so they are exact before and
 * after a compaction. The counts cover every host row of a tenant; a reader subtracts the hosts its staleness filter
 * leaves out, which are those whose measured column is at or before a bound ({@link StalenessConditions.Exclusion}:
 * {@code stale_timestamp} under 2020's rule, the check-in under an org's setting). They count a whole org or account,
 * never a System identity's own hosts (an owner restriction): those are counted from the rows. The members of each
 * group (V15, {@link GroupRepository#counted}) are kept and folded the same way.
 */
public final class HostCounts {

    // One compaction at a time across every instance; the others skip their turn.
    private static final String LEAD = "SELECT pg_try_advisory_xact_lock(hashtextextended('host_counts_compaction', 0))";

    private static final String COMPACT_HOSTS = "WITH taken AS (DELETE FROM host_count_deltas"
            + "   RETURNING tenant_kind, tenant, delta),"
            + " summed AS (SELECT tenant_kind, tenant, sum(delta) AS delta FROM taken GROUP BY tenant_kind, tenant"
            + "   HAVING sum(delta) <> 0)"
            + " INSERT INTO host_counts AS c (tenant_kind, tenant, count) SELECT tenant_kind, tenant, delta FROM summed"
            + " ON CONFLICT (tenant_kind, tenant) DO UPDATE SET count = c.count + excluded.count";

    private static final String COMPACT_TAGS = "WITH taken AS (DELETE FROM host_tag_count_deltas"
            + "   RETURNING tenant_kind, tenant, namespace, key, value, delta),"
            + " summed AS (SELECT tenant_kind, tenant, namespace, key, value, sum(delta) AS delta FROM taken"
            + "   GROUP BY tenant_kind, tenant, namespace, key, value HAVING sum(delta) <> 0)"
            + " INSERT INTO host_tag_counts AS c (tenant_kind, tenant, tag_digest, namespace, key, value, count)"
            + " SELECT tenant_kind, tenant, host_tag_digest(namespace, key, value), namespace, key, value, delta"
            + " FROM summed"
            + " ON CONFLICT (tenant_kind, tenant, tag_digest) DO UPDATE SET count = c.count + excluded.count";

    // the member counts of groups (V15), kept the same way
    private static final String COMPACT_GROUPS = "WITH taken AS (DELETE FROM group_host_count_deltas"
            + "   RETURNING group_id, delta),"
            + " summed AS (SELECT group_id, sum(delta) AS delta FROM taken GROUP BY group_id HAVING sum(delta) <> 0)"
            + " INSERT INTO group_host_counts AS c (group_id, count) SELECT group_id, delta FROM summed"
            + " ON CONFLICT (group_id) DO UPDATE SET count = c.count + excluded.count";

    // through the partial indexes host_counts_zero, host_tag_counts_zero and group_host_counts_zero
    private static final String DROP_EMPTY_HOSTS = "DELETE FROM host_counts WHERE count = 0";
    private static final String DROP_EMPTY_TAGS = "DELETE FROM host_tag_counts WHERE count = 0";
    private static final String DROP_EMPTY_GROUPS = "DELETE FROM group_host_counts WHERE count = 0";

    /**
     * The number of the tenant's hosts whose measured column is NULL or after the bound: all host rows (compacted
     * and pending) minus the ones at or before it (a range of the tenant's index on the column: index-only on
     * hosts_account_stale_timestamp or hosts_org_stale_timestamp, hosts_org_last_check_in for an org's setting). One
     * statement, so one snapshot. The first {@code %s}: the tenant's column of {@code hosts}
     * ({@link TenantScope#column}); the second: the measured column. Parameters: kind, tenant, kind, tenant, tenant,
     * bound.
     */
    static final String HOST_TOTAL = "SELECT coalesce((SELECT sum(count) FROM host_counts"
            + "   WHERE tenant_kind = ?::char(1) AND tenant = ?), 0)"
            + " + coalesce((SELECT sum(delta) FROM host_count_deltas WHERE tenant_kind = ?::char(1) AND tenant = ?), 0)"
            + " - (SELECT count(*) FROM hosts WHERE %s = ? AND %s <= ?)";

    /**
     * {@code tags_found (namespace, key, value, count)} of the tenant's hosts whose measured column is NULL or after
     * the bound, as GET /tags counts them (host_tag_rows): the tag counts (compacted and pending) minus the tags of the
     * hosts at or before the bound, grouped by tag document first (hosts share their tags), keeping the tags some host
     * still carries; then {@code search}, whose conditions follow as parameters. The first {@code %s}: the tenant's
     * column of {@code hosts}; the second: the measured column; the third: the search conditions.
     */
    static final String TAGS_FOUND = "tag_counts AS ("
            + " SELECT namespace, key, value, count FROM host_tag_counts WHERE tenant_kind = ?::char(1) AND tenant = ?"
            + " UNION ALL SELECT namespace, key, value, delta FROM host_tag_count_deltas"
            + "   WHERE tenant_kind = ?::char(1) AND tenant = ?"
            + " UNION ALL SELECT t.namespace, t.key, t.value, -h.hosts"
            + "   FROM (SELECT tags, count(*) AS hosts FROM hosts WHERE %s = ? AND %s <= ?"
            + "         GROUP BY tags) AS h"
            + "   CROSS JOIN LATERAL host_tag_rows(h.tags) AS t),"
            + " tags_found AS (SELECT * FROM ("
            + "   SELECT NULLIF(namespace, 'null') AS namespace, key, value, sum(count)::bigint AS count FROM tag_counts"
            + "   GROUP BY namespace, key, value HAVING sum(count) > 0) AS tags"
            + " WHERE %s)";

    private final Transactions transactions;

    public HostCounts(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Folds the pending deltas into the counts in one transaction, unless another instance is compacting. Returns
     * whether it ran. Readers stay exact either way, so a run that fails (database unavailable) is simply caught up
     * by the next one.
     *
     * @throws StoreUnavailableException when the database is unavailable
     */
    public boolean compact() {
        return transactions.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                try (ResultSet lead = statement.executeQuery(LEAD)) {
                    lead.next();
                    if (!lead.getBoolean(1)) {
                        return false;
                    }
                }
                statement.executeUpdate(COMPACT_HOSTS);
                statement.executeUpdate(COMPACT_TAGS);
                statement.executeUpdate(COMPACT_GROUPS);
                statement.executeUpdate(DROP_EMPTY_HOSTS);
                statement.executeUpdate(DROP_EMPTY_TAGS);
                statement.executeUpdate(DROP_EMPTY_GROUPS);
                return true;
            }
        });
    }

    /** {@link #HOST_TOTAL} of the tenant. */
    static String hostTotal(Tenant tenant, StalenessConditions.Exclusion excluded) {
        return String.format(HOST_TOTAL, TenantScope.column(counted(tenant)), excluded.column());
    }

    /** {@link #TAGS_FOUND} of the tenant, with these search conditions. */
    static String tagsFound(Tenant tenant, StalenessConditions.Exclusion excluded, String search) {
        return String.format(TAGS_FOUND, TenantScope.column(counted(tenant)), excluded.column(), search);
    }

    /** The tenant's hosts but those {@code excluded}. */
    static long hostTotal(Connection connection, Tenant tenant, StalenessConditions.Exclusion excluded)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(hostTotal(tenant, excluded))) {
            bindCounted(statement, tenant, excluded.upTo());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Binds the parameters of {@link #tagsFound} before its search conditions; returns the next index. */
    static int bindTagsFound(PreparedStatement statement, Tenant tenant, StalenessConditions.Exclusion excluded)
            throws SQLException {
        return bindCounted(statement, tenant, excluded.upTo());
    }

    private static int bindCounted(PreparedStatement statement, Tenant tenant, Instant excludedUpTo)
            throws SQLException {
        String kind = TenantScope.kind(counted(tenant));
        String key = TenantScope.key(tenant);
        statement.setString(1, kind);
        statement.setString(2, key);
        statement.setString(3, kind);
        statement.setString(4, key);
        statement.setString(5, key);
        statement.setTimestamp(6, Timestamp.from(excludedUpTo));
        return 7;
    }

    /** The tenant, when the maintained counts count its hosts: a whole org or account, not one owner's hosts. */
    private static Tenant counted(Tenant tenant) {
        if (tenant.owner() != null) {
            throw new IllegalArgumentException("the maintained counts do not count an owner's hosts");
        }
        return tenant;
    }
}
