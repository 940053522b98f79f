package io.hbi.inventory.store;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.selection.AccountToOrg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The SQL of the {@code hosts} table for the bulk adoption of an account's hosts by an org ({@code map-accounts},
 * decisions.md 10): how many hosts an account has with and without an org, and one bounded batch of its hosts
 * without an org joining the org. Every method works on the caller's connection, inside the caller's transaction.
 * The triggers of the table recompute each adopted host's canonical-fact tokens (their scope becomes the org, V8)
 * and record the count changes of the org and the account (V3, V8).
 */
public final class HostAdoptions {

    /** The account's hosts without an org, in the org given, and in any other org; read through an account index. */
    static final String CENSUS = "SELECT count(*) FILTER (WHERE org_id IS NULL) AS without_org,"
            + " count(*) FILTER (WHERE org_id = ?) AS in_org,"
            + " count(*) FILTER (WHERE org_id <> ?) AS in_other_org"
            + " FROM hosts WHERE account = ?";

    private static final String RETURNED = Arrays.stream(HostRepository.COLUMNS.split(",\\s*"))
            .map(column -> "h." + column).collect(Collectors.joining(", "));

    /**
     * Up to {@code limit} hosts of the account without an org, walked down the index hosts_account_modified_on_id
     * (newest first) from below a position, locked, skipping the rows another transaction holds (an ingestion writing
     * that host: it is neither waited for nor blocked), then given the org and a new {@code modified_on}. The rows come
     * back in the walk's order, each as it is now and with the {@code modified_on} it had, from which the walk goes
     * on: a host this statement changed moves above the walk (and has an org), so a walk never meets a row twice and
     * ends at the bottom of the account, however many hosts are written meanwhile.
     */
    static String adoptSql(boolean below) {
        return "WITH batch AS MATERIALIZED (SELECT id, modified_on FROM hosts"
                + " WHERE account = ? AND org_id IS NULL" + (below ? " AND (modified_on, id) < (?, ?)" : "")
                + " ORDER BY modified_on DESC, id DESC LIMIT ? FOR UPDATE SKIP LOCKED),"
                + " adopted AS (UPDATE hosts AS h SET org_id = ?, modified_on = ? FROM batch"
                + " WHERE h.id = batch.id AND h.org_id IS NULL"
                + " RETURNING " + RETURNED + ", batch.modified_on AS modified_before)"
                + " SELECT * FROM adopted ORDER BY modified_before DESC, id DESC";
    }

    /** How the hosts of an account stand: without an org, in the mapped org, in another org. */
    public record Census(long withoutOrg, long inOrg, long inOtherOrg) {

        public long total() {
            return withoutOrg + inOrg + inOtherOrg;
        }
    }

    /** Where a walk over an account's hosts stands: the last row it selected, by the walk's order. */
    public record Position(OffsetDateTime modifiedOn, UUID id) {
    }

    /** One batch: the hosts that joined the org, as they are now, in the walk's order; the position after them. */
    public record Batch(List<Host> adopted, Position next) {
    }

    private final HostRepository hosts;

    public HostAdoptions(HostRepository hosts) {
        this.hosts = hosts;
    }

    /** How the hosts of the mapping's account stand against its org. */
    public Census census(Connection connection, AccountToOrg mapping) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CENSUS)) {
            statement.setString(1, mapping.orgId());
            statement.setString(2, mapping.orgId());
            statement.setString(3, mapping.account());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Census(row.getLong("without_org"), row.getLong("in_org"), row.getLong("in_other_org"));
            }
        }
    }

    /**
     * Gives the org to up to {@code limit} hosts of the account without one, the next ones of a walk that started at
     * {@code below} (null: at the top), and sets their {@code modified_on} to {@code now}. Fewer than {@code limit}
     * hosts back means the walk is at its end (locked rows were skipped, not waited for).
     */
    public Batch adopt(Connection connection, AccountToOrg mapping, Position below, int limit, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(adoptSql(below != null))) {
            int index = 1;
            statement.setString(index++, mapping.account());
            if (below != null) {
                statement.setObject(index++, below.modifiedOn());
                statement.setObject(index++, below.id());
            }
            statement.setInt(index++, limit);
            statement.setString(index++, mapping.orgId());
            statement.setObject(index, now);
            List<Host> adopted = new ArrayList<>();
            Position next = below;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Host host = hosts.map(rows);
                    adopted.add(host);
                    next = new Position(rows.getObject("modified_before", OffsetDateTime.class), host.id());
                }
            }
            // the events of the batch show each host's group, read after the batch locked the rows
            return new Batch(List.copyOf(GroupRepository.withGroups(connection, adopted)), next);
        }
    }
}
