package io.hbi.inventory.edit;

import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes hosts the way HBI does for {@code DELETE /hosts/{ids}} and the reaper (contract §1.7, §5.3): each host in a
 * transaction of its own, committed together with its {@code delete} event in the outbox (§6.5, decisions.md 1 and 8),
 * so a crash never loses the event of a host that is gone. A host that is already gone when its turn comes (deleted
 * by someone else since it was selected) yields no event.
 */
public final class HostDeletion {

    /** What one call did: hosts that matched the selection, and the ones this call actually deleted. */
    public record Result(int selected, List<UUID> deleted, int batches) {

        /** Selected hosts that someone else deleted (or that stopped matching) before this call reached them. */
        public int alreadyGone() {
            return selected - deleted.size();
        }
    }

    /** Chunk size of {@link #delete} (HBI deletes the hosts of a request 1000 at a time). */
    static final int REQUEST_CHUNK = 1000;

    /** One delete of one host, in the caller's transaction: the row as it was, or empty when it was not there. */
    @FunctionalInterface
    private interface DeleteOne {
        Optional<Host> delete(java.sql.Connection connection, UUID id) throws java.sql.SQLException;
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final StalenessWindow staleness;
    private final InventoryMetrics metrics;

    public HostDeletion(Transactions transactions, HostRepository hosts, EventOutbox outbox, OutboxEvents events,
                        StalenessWindow staleness, InventoryMetrics metrics) {
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.metrics = metrics;
    }

    /**
     * The reaper: deletes every host of every account that is culled at {@code now}, {@code batchSize} selected at a
     * time, until none is left; the events carry request id {@code "-1"}. Hosts of unknown staleness stay.
     *
     * @throws StoreUnavailableException when the database fails; the hosts deleted so far stay deleted with their
     *                                   events, and running again continues where this run stopped
     */
    public Result deleteCulled(int batchSize, Instant now) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        Instant culledBefore = staleness.culledBefore(now);
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        while (true) {
            List<UUID> batch = transactions.inTransaction(connection ->
                    hosts.culledIds(connection, culledBefore, batchSize));
            if (batch.isEmpty()) {
                return new Result(selected, List.copyOf(deleted), batches);
            }
            batches++;
            selected += batch.size();
            for (UUID id : batch) {
                deleteOne(id, HostEvents.NO_REQUEST_ID,
                        (connection, host) -> hosts.deleteCulled(connection, host, culledBefore))
                        .ifPresent(deleted::add);
            }
            // every selected host is now gone, or no longer culled (the delete re-checks), so the next select
            // moves on; the select follows the index order and reads little more than one batch
        }
    }

    /**
     * REST {@code DELETE /hosts/{ids}}: deletes the tenant's non-culled hosts among {@code ids}, each with its event
     * carrying {@code requestId}. {@link Result#selected()} 0 means none matched (HBI answers 404).
     */
    public Result delete(Collection<UUID> ids, Tenant tenant, String requestId, Instant now) {
        Instant culledBefore = staleness.culledBefore(now);
        List<UUID> distinct = ids.stream().distinct().toList();
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += REQUEST_CHUNK) {
            List<UUID> chunk = distinct.subList(from, Math.min(distinct.size(), from + REQUEST_CHUNK));
            List<UUID> found = transactions.inTransaction(connection ->
                    hosts.idsOfTenant(connection, tenant, chunk, culledBefore));
            batches++;
            selected += found.size();
            for (UUID id : found) {
                deleteOne(id, requestId,
                        (connection, host) -> hosts.deleteOfTenant(connection, tenant, host, culledBefore))
                        .ifPresent(deleted::add);
            }
        }
        return new Result(selected, List.copyOf(deleted), batches);
    }

    /** One transaction: the delete and, when it removed the row, the host's delete event. */
    private Optional<UUID> deleteOne(UUID id, String requestId, DeleteOne delete) {
        long started = System.nanoTime();
        Optional<Host> gone = transactions.inTransaction(connection -> {
            Optional<Host> host = delete.delete(connection, id);
            if (host.isPresent()) {
                outbox.append(connection, List.of(events.deleted(host.get(), requestId)));
            }
            return host;
        });
        gone.ifPresent(host -> metrics.hostDeleted(Duration.ofNanos(System.nanoTime() - started)));
        return gone.map(Host::id);
    }
}
