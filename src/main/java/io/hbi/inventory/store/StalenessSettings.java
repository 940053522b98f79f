package io.hbi.inventory.store;

import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.staleness.StalenessSetting;
import io.hbi.inventory.staleness.StalenessWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The SQL of the {@code staleness} table (db/migration V20): one row per org that saved a setting. Every reader of
 * hosts asks here, in its own transaction, for the rules of the hosts it reads ({@link #rulesOf}): never cached, so a
 * change is seen by the next request of every instance (later HBI's cache outlived changes, #1812, #1853).
 */
public final class StalenessSettings {

    static final String COLUMNS = "id, org_id, conventional_time_to_stale, conventional_time_to_stale_warning,"
            + " conventional_time_to_delete, created_on, modified_on";

    private static final String OF_ORGS = "SELECT " + COLUMNS + " FROM staleness WHERE org_id = ANY (?)";

    // the orgs that adopted hosts of the account (one probe of hosts_account_org per org), each with its setting if
    // it has one (the setting's columns NULL otherwise), and whether some host of the account is in no org
    static final String OF_ACCOUNT = HostRepository.FOUND_ORGS_OF_ACCOUNTS + " SELECT s.id,"
            + " found.org_id AS found_org, s.org_id, s.conventional_time_to_stale,"
            + " s.conventional_time_to_stale_warning, s.conventional_time_to_delete, s.created_on, s.modified_on,"
            // the first entry of the account in hosts_account_without_org (V21): ordered by id, so that PostgreSQL
            // does not read the table hoping to meet such a host soon (an EXISTS would be planned so)
            + " (SELECT h.id FROM hosts h WHERE h.account = found.account AND h.org_id IS NULL ORDER BY h.id LIMIT 1)"
            + " IS NOT NULL AS without_org"
            + " FROM found LEFT JOIN staleness s ON s.org_id = found.org_id WHERE found.org_id IS NOT NULL";

    private static final String INSERT = "INSERT INTO staleness (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (org_id) DO NOTHING";

    private static final String UPDATE = "UPDATE staleness SET conventional_time_to_stale = ?,"
            + " conventional_time_to_stale_warning = ?, conventional_time_to_delete = ?, modified_on = ?"
            + " WHERE org_id = ? RETURNING " + COLUMNS;

    private static final String DELETE = "DELETE FROM staleness WHERE org_id = ?";

    private final StalenessWindow window;

    /** {@code window}: 2020's rule, of every host whose org has no setting. */
    public StalenessSettings(StalenessWindow window) {
        this.window = window;
    }

    public StalenessWindow window() {
        return window;
    }

    /** The org's stored setting, if it saved one. */
    public Optional<StalenessSetting> ofOrg(Connection connection, String orgId) throws SQLException {
        List<StalenessSetting> found = ofOrgs(connection, List.of(orgId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The rules of these orgs' hosts (and of hosts without an org): their settings, 2020's window for the rest. */
    public StalenessRules rulesOfOrgs(Connection connection, Collection<String> orgIds) throws SQLException {
        return StalenessRules.of(window, ofOrgs(connection, orgIds));
    }

    /**
     * The rules of the hosts a tenant sees: its org's setting; for a 2020 account, the settings of the orgs that
     * adopted some of its hosts (usually none), and whether every host of the account is under a setting (each is in
     * an org that has one), so that one rule may serve them all ({@link StalenessRules#single}).
     */
    public StalenessRules rulesOf(Connection connection, Tenant tenant) throws SQLException {
        if (tenant.byOrg()) {
            return rulesOfOrgs(connection, List.of(tenant.orgId()));
        }
        try (PreparedStatement statement = connection.prepareStatement(OF_ACCOUNT)) {
            statement.setArray(1, connection.createArrayOf("text", new Object[] {tenant.account()}));
            List<StalenessSetting> settings = new ArrayList<>();
            boolean everyHostUnderASetting = true;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString("org_id") != null) {
                        settings.add(map(rows));
                    } else {
                        everyHostUnderASetting = false;
                    }
                    everyHostUnderASetting &= !rows.getBoolean("without_org");
                }
            }
            return StalenessRules.ofAccount(window, settings, everyHostUnderASetting);
        }
    }

    /** Stores the org's first setting; false (nothing written) when the org has one already. */
    public boolean insert(Connection connection, StalenessSetting setting) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, setting.id());
            statement.setString(2, setting.orgId());
            statement.setInt(3, setting.staleSeconds());
            statement.setInt(4, setting.staleWarningSeconds());
            statement.setInt(5, setting.deleteSeconds());
            statement.setObject(6, setting.created());
            statement.setObject(7, setting.updated());
            return statement.executeUpdate() == 1;
        }
    }

    /** Replaces the seconds of the org's setting; the row as stored, or empty when the org has none. */
    public Optional<StalenessSetting> update(Connection connection, StalenessSetting setting, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            statement.setInt(1, setting.staleSeconds());
            statement.setInt(2, setting.staleWarningSeconds());
            statement.setInt(3, setting.deleteSeconds());
            statement.setObject(4, now);
            statement.setString(5, setting.orgId());
            List<StalenessSetting> updated = settings(statement);
            return updated.isEmpty() ? Optional.empty() : Optional.of(updated.get(0));
        }
    }

    /** Removes the org's setting; false when it had none. */
    public boolean delete(Connection connection, String orgId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setString(1, orgId);
            return statement.executeUpdate() == 1;
        }
    }

    private List<StalenessSetting> ofOrgs(Connection connection, Collection<String> orgIds) throws SQLException {
        TreeSet<String> distinct = new TreeSet<>();
        for (String orgId : orgIds) {
            if (orgId != null) {
                distinct.add(orgId);
            }
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(OF_ORGS)) {
            statement.setArray(1, connection.createArrayOf("text", distinct.toArray()));
            return settings(statement);
        }
    }

    private static List<StalenessSetting> settings(PreparedStatement statement) throws SQLException {
        List<StalenessSetting> settings = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                settings.add(map(rows));
            }
        }
        return settings;
    }

    static StalenessSetting map(ResultSet row) throws SQLException {
        return new StalenessSetting(row.getObject("id", UUID.class), row.getString("org_id"),
                row.getInt("conventional_time_to_stale"), row.getInt("conventional_time_to_stale_warning"),
                row.getInt("conventional_time_to_delete"), utc(row.getObject("created_on", OffsetDateTime.class)),
                utc(row.getObject("modified_on", OffsetDateTime.class)));
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
