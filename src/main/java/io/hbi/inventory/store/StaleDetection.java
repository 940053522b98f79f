package io.hbi.inventory.store;

import io.hbi.inventory.host.Host;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the stale detector (db/migration V20, hbi-later §L5 system-became-stale): how far it has got
 * ({@code stale_detection}, one row, held by one instance's transaction at a time), and the hosts of orgs with a
 * staleness setting that turned stale within a stretch of time: those whose check-in plus their org's
 * conventional_time_to_stale falls in it, found per org through its check-in index (V13).
 */
public final class StaleDetection {

    // FOR UPDATE: one detector at a time across instances; SKIP LOCKED: the others skip their turn
    private static final String LEAD = "SELECT detected_up_to FROM stale_detection WHERE id = 1 FOR UPDATE SKIP LOCKED";

    private static final String ADVANCE = "UPDATE stale_detection SET detected_up_to = ? WHERE id = 1";

    /**
     * The hosts that turned stale in (from, upTo]: last check-in in (from − stale, upTo − stale] with the stale
     * seconds of their org's setting as the statement reads it, one range of the org's check-in index per setting (the
     * fence, OFFSET 0, keeps PostgreSQL from joining the settings to every host instead). The system profile is the
     * inline profile_filterable (V14): a notification needs only its operating system.
     */
    static final String TURNED_STALE = "SELECT h.* FROM staleness s CROSS JOIN LATERAL (SELECT "
            + HostRepository.COLUMNS.replace("system_profile_facts", "profile_filterable AS system_profile_facts")
            + " FROM hosts WHERE org_id = s.org_id"
            + " AND " + HostQueries.LAST_CHECK_IN + " > ?::timestamptz - make_interval(secs => s.conventional_time_to_stale)"
            + " AND " + HostQueries.LAST_CHECK_IN + " <= ?::timestamptz - make_interval(secs => s.conventional_time_to_stale)"
            + " OFFSET 0) AS h";

    private final HostRepository rows;

    public StaleDetection(HostRepository rows) {
        this.rows = rows;
    }

    /**
     * Takes the detector's lead in the caller's transaction, until it ends: how far detection has got; empty when
     * another instance's detector holds it.
     */
    public Optional<Instant> lead(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LEAD);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
        }
    }

    /** The hosts of orgs with a setting that turned stale after {@code from} and at or before {@code upTo}. */
    public List<Host> turnedStale(Connection connection, Instant from, Instant upTo) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TURNED_STALE)) {
            statement.setTimestamp(1, Timestamp.from(from));
            statement.setTimestamp(2, Timestamp.from(upTo));
            try (ResultSet found = statement.executeQuery()) {
                return rows.mapAll(found);
            }
        }
    }

    /** Records, in the caller's transaction, that every host that turned stale up to {@code upTo} is announced. */
    public void advance(Connection connection, Instant upTo) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ADVANCE)) {
            statement.setTimestamp(1, Timestamp.from(upTo));
            statement.executeUpdate();
        }
    }
}
