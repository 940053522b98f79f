package io.hbi.inventory.ingest;

import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.CheckInInput;
import io.hbi.inventory.host.DedupPlan;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostInput;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.HostStaleness;
import io.hbi.inventory.store.BatchDedup;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.Transactions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code POST /hosts/checkin} (hbi-later §L3.4): the tenant's host the canonical facts find by the dedup rules
 * (contract §4, decisions.md 10: the host an ingest of them would update, culled hosts invisible) checks in now, with
 * its {@code updated} event, in one transaction. Nothing else of the host changes, not its tenancy nor its
 * {@code updated} (hbi-later §L3.5); a System identity checks in only a host it owns (decisions.md 16).
 */
public final class HostCheckIn {

    static final String NO_MATCH = "No hosts match the provided canonical facts.";

    /** The host as the check-in left it, and the staleness rules of its org that its transaction read. */
    public record Checked(Host host, HostStaleness staleness) {
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final BatchDedup dedup;
    private final Clock clock;

    public HostCheckIn(Transactions transactions, HostRepository hosts, EventOutbox outbox, OutboxEvents events,
                       StalenessSettings staleness, Clock clock) {
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.dedup = new BatchDedup(hosts, staleness);
        this.clock = clock;
    }

    /**
     * Checks in the tenant's host that {@code checkIn}'s canonical facts find.
     *
     * @throws NotFoundException when none of the tenant's hosts matches
     */
    public Checked checkIn(Tenant tenant, CheckInInput checkIn, String requestId) {
        HostInput input = new HostInput(tenant.account(), tenant.orgId(), null, null, checkIn.canonicalFacts(), null,
                null, false, null, null, null);
        return transactions.inTransaction(connection -> {
            // the locks an ingest of these facts takes: a check-in and an ingest of one host follow each other
            hosts.lockCanonicalFacts(connection, List.of(DedupPlan.scopes(input)), List.of(input.canonicalFacts()));
            OffsetDateTime now = DatabaseTime.now(clock);
            BatchDedup.Resolution resolution = dedup.resolve(connection, List.of(input), now.toInstant());
            DedupPlan.Choice choice = resolution.choices().get(0);
            Host found = choice.created() ? null : resolution.locked().get(choice.id());
            if (found == null || !owned(tenant, found)) {
                throw new NotFoundException(NO_MATCH);
            }
            Host checked = found.checkedIn(now, now.plusMinutes(checkIn.frequencyMinutes()));
            hosts.upsert(connection, checked);
            outbox.append(connection, events.changed(HostEventType.UPDATED, checked, resolution.staleness(),
                    Door.REST, null, requestId));
            return new Checked(checked, resolution.staleness());
        });
    }

    /** A System identity's tenant checks in only the hosts it owns; any other tenant, every host it matches. */
    private static boolean owned(Tenant tenant, Host host) {
        if (tenant.owner() == null) {
            return true;
        }
        String owner = host.systemProfile() == null ? null : host.systemProfile().path("owner_id").textValue();
        return owner != null && Tenant.ownerKey(owner).equals(tenant.owner());
    }
}
