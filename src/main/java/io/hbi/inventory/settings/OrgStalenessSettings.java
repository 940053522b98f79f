package io.hbi.inventory.settings;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.staleness.StalenessChange;
import io.hbi.inventory.staleness.StalenessSetting;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An org's staleness setting (hbi-later §L3.2, decisions.md 13): read, created, changed and removed, each in one
 * transaction. A setting within an hour of the system defaults in every field is the defaults: no row is kept (an
 * existing one is removed), and the defaults are the answer. No change emits an event: the hosts' timestamps are
 * computed when read, so the next read of any instance shows them by the new setting.
 */
public final class OrgStalenessSettings {

    static final String INTEGRITY_ERROR = "Integrity error";
    static final String EXISTS = "Staleness record for org_id %s already exists.";
    static final String MISSING = "Staleness record for org_id %s does not exist.";

    private final Transactions transactions;
    private final StalenessSettings settings;
    private final Clock clock;

    public OrgStalenessSettings(Transactions transactions, StalenessSettings settings, Clock clock) {
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    /** The org's setting, or the system defaults when it has none. */
    public StalenessSetting current(String orgId) {
        return transactions.inTransaction(connection -> current(connection, orgId));
    }

    /**
     * The org's first setting: the change merged with its current values. Near the defaults, none is kept and the
     * defaults are the answer.
     *
     * @throws InvalidInputException when the merged values do not increase, or the org has a setting already
     */
    public StalenessSetting create(String orgId, StalenessChange change) {
        return transactions.inTransaction(connection -> {
            StalenessSetting merged = change.applyTo(current(connection, orgId));
            if (StalenessChange.nearDefaults(merged)) {
                settings.delete(connection, orgId);
                return StalenessSetting.systemDefaults(orgId);
            }
            OffsetDateTime now = DatabaseTime.now(clock);
            StalenessSetting stored = merged.stored(UUID.randomUUID(), now, now);
            if (!settings.insert(connection, stored)) {
                throw new InvalidInputException(INTEGRITY_ERROR, String.format(EXISTS, orgId));
            }
            return stored;
        });
    }

    /**
     * The org's setting with the change merged in. Near the defaults, it is removed and the defaults are the answer.
     *
     * @throws NotFoundException     when the org has no setting
     * @throws InvalidInputException when the merged values do not increase
     */
    public StalenessSetting update(String orgId, StalenessChange change) {
        return transactions.inTransaction(connection -> {
            StalenessSetting stored = settings.ofOrg(connection, orgId)
                    .orElseThrow(() -> new NotFoundException(String.format(MISSING, orgId)));
            StalenessSetting merged = change.applyTo(stored);
            if (StalenessChange.nearDefaults(merged)) {
                settings.delete(connection, orgId);
                return StalenessSetting.systemDefaults(orgId);
            }
            return settings.update(connection, merged, DatabaseTime.now(clock))
                    .orElseThrow(() -> new NotFoundException(String.format(MISSING, orgId)));
        });
    }

    /**
     * Removes the org's setting: its hosts follow 2020's rules again.
     *
     * @throws NotFoundException when it has none
     */
    public void delete(String orgId) {
        transactions.inTransaction(connection -> {
            if (!settings.delete(connection, orgId)) {
                throw new NotFoundException(String.format(MISSING, orgId));
            }
            return null;
        });
    }

    private StalenessSetting current(Connection connection, String orgId) throws SQLException {
        return settings.ofOrg(connection, orgId).orElseGet(() -> StalenessSetting.systemDefaults(orgId));
    }
}
