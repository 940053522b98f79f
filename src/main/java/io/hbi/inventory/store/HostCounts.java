package io.hbi.inventory.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The maintained host and tag counts of each account (db/migration/V3__host_counts.sql): the triggers on
 * {@code hosts} append every change to {@code host_count_deltas} and {@code host_tag_count_deltas}; {@link #compact}
 * folds them into {@code host_counts} and {@code host_tag_counts}; the readers add both, so they are exact before and
 * after a compaction. The counts cover every host row of an account; a reader subtracts the hosts its staleness filter
 * leaves out, which are {@code stale_timestamp <= excludedUpTo} (see {@link HostQueries}).
 */
public final class HostCounts {

    // One compaction at a time across every instance; the others skip their turn.
    private static final String LEAD = "SELECT pg_try_advisory_xact_lock(hashtextextended('host_counts_compaction', 0))";

    private static final String COMPACT_HOSTS = "WITH taken AS (DELETE FROM host_count_deltas RETURNING account, delta),"
            + " summed AS (SELECT account, sum(delta) AS delta FROM taken GROUP BY account HAVING sum(delta) <> 0)"
            + " INSERT INTO host_counts AS c (account, count) SELECT account, delta FROM summed"
            + " ON CONFLICT (account) DO UPDATE SET count = c.count + excluded.count";

    private static final String COMPACT_TAGS = "WITH taken AS (DELETE FROM host_tag_count_deltas"
            + "   RETURNING account, namespace, key, value, delta),"
            + " summed AS (SELECT account, namespace, key, value, sum(delta) AS delta FROM taken"
            + "   GROUP BY account, namespace, key, value HAVING sum(delta) <> 0)"
            + " INSERT INTO host_tag_counts AS c (account, tag_digest, namespace, key, value, count)"
            + " SELECT account, host_tag_digest(namespace, key, value), namespace, key, value, delta FROM summed"
            + " ON CONFLICT (account, tag_digest) DO UPDATE SET count = c.count + excluded.count";

    // through the partial indexes host_counts_zero and host_tag_counts_zero
    private static final String DROP_EMPTY_HOSTS = "DELETE FROM host_counts WHERE count = 0";
    private static final String DROP_EMPTY_TAGS = "DELETE FROM host_tag_counts WHERE count = 0";

    /**
     * The number of the account's hosts with {@code stale_timestamp} NULL or after the bound: all host rows (compacted
     * and pending) minus the ones at or before it (an index-only range of hosts_account_stale_timestamp). One
     * statement, so one snapshot.
     */
    static final String HOST_TOTAL = "SELECT coalesce((SELECT sum(count) FROM host_counts WHERE account = ?), 0)"
            + " + coalesce((SELECT sum(delta) FROM host_count_deltas WHERE account = ?), 0)"
            + " - (SELECT count(*) FROM hosts WHERE account = ? AND stale_timestamp <= ?)";

    /**
     * {@code tags_found (namespace, key, value, count)} of the account's hosts with {@code stale_timestamp} NULL or
     * after the bound, as GET /tags counts them (host_tag_rows): the tag counts (compacted and pending) minus the tags
     * of the hosts at or before the bound, grouped by tag document first (hosts share their tags), keeping the tags
     * some host still carries; then {@code search}, whose conditions follow as parameters.
     */
    static final String TAGS_FOUND = "tag_counts AS ("
            + " SELECT namespace, key, value, count FROM host_tag_counts WHERE account = ?"
            + " UNION ALL SELECT namespace, key, value, delta FROM host_tag_count_deltas WHERE account = ?"
            + " UNION ALL SELECT t.namespace, t.key, t.value, -h.hosts"
            + "   FROM (SELECT tags, count(*) AS hosts FROM hosts WHERE account = ? AND stale_timestamp <= ?"
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
                statement.executeUpdate(DROP_EMPTY_HOSTS);
                statement.executeUpdate(DROP_EMPTY_TAGS);
                return true;
            }
        });
    }

    /** The account's hosts whose {@code stale_timestamp} is NULL or after {@code excludedUpTo}. */
    static long hostTotal(Connection connection, String account, Instant excludedUpTo) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOST_TOTAL)) {
            statement.setString(1, account);
            statement.setString(2, account);
            statement.setString(3, account);
            statement.setTimestamp(4, Timestamp.from(excludedUpTo));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Binds the parameters of {@link #TAGS_FOUND} before its search conditions; returns the next index. */
    static int bindTagsFound(PreparedStatement statement, String account, Instant excludedUpTo) throws SQLException {
        statement.setString(1, account);
        statement.setString(2, account);
        statement.setString(3, account);
        statement.setTimestamp(4, Timestamp.from(excludedUpTo));
        return 5;
    }
}
