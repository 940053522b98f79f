package io.hbi.inventory.edit;

import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.HostRepository.CulledPosition;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes hosts the way HBI does for {@code DELETE /hosts/{ids}} and the reaper (contract §1.7, §5.3): each host in a
 * transaction of its own, committed together with its {@code delete} event in the outbox (§6.5, decisions.md 1 and 8)
 * and, for a host of an org, its {@code system-deleted} notification (hbi-later §L5), so a crash never loses the event
 * of a host that is gone. A host that is already gone when its turn comes (deleted by someone else since it was
 * selected) yields no event. What is culled is each org's rule (decisions.md 13): its setting, or 2020's.
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

    /** The hosts a chunk of a request selected, and the rules they were selected by. */
    private record Selection(List<UUID> ids, StalenessRules rules) {
    }

    /** One delete of one host, in the caller's transaction: the row as it was, or empty when it was not there. */
    @FunctionalInterface
    private interface DeleteOne {
        Optional<Host> delete(java.sql.Connection connection, UUID id) throws java.sql.SQLException;
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final StalenessSettings staleness;
    private final InventoryMetrics metrics;

    public HostDeletion(Transactions transactions, HostRepository hosts, EventOutbox outbox, OutboxEvents events,
                        StalenessSettings staleness, InventoryMetrics metrics) {
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.metrics = metrics;
    }

    /**
     * The reaper: deletes every host of every account and org that is culled at {@code now} by its org's rule,
     * {@code batchSize} selected at a time, until none is left: first those under 2020's rule, then those of the orgs
     * with a setting; the events carry request id {@code "-1"}. Hosts of unknown staleness stay. The hosts of a batch
     * are deleted by {@code concurrency} workers at once, each host still in a transaction of its own: a deletion's
     * time is mostly its commit waiting for the WAL flush, and the commits of several workers share a flush.
     *
     * @throws StoreUnavailableException when the database fails; the hosts deleted so far stay deleted with their
     *                                   events, and running again continues where this run stopped
     */
    public Result deleteCulled(int batchSize, int concurrency, Instant now) {
        if (batchSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("batchSize and concurrency must be at least 1");
        }
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, reaperThreads());
        try {
            return deleteCulled(batchSize, now, workers, concurrency);
        } finally {
            workers.shutdownNow();
        }
    }

    private Result deleteCulled(int batchSize, Instant now, ExecutorService workers, int concurrency) {
        Instant culledBefore = staleness.window().culledBefore(now);
        DeleteOne culled = (connection, id) -> hosts.deleteCulled(connection, id, now, culledBefore);
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        // 2020's rule, walking the stale_timestamp index: a host its org's setting keeps is passed, not met again
        CulledPosition position = CulledPosition.START;
        while (true) {
            CulledPosition from = position;
            List<CulledPosition> batch = transactions.inTransaction(connection ->
                    hosts.culledIds(connection, culledBefore, from, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            batches++;
            selected += batch.size();
            deleted.addAll(deleteAll(batch.stream().map(CulledPosition::id).toList(), workers, concurrency, culled));
            position = batch.get(batch.size() - 1);
        }
        // each org's setting: every selected host is now gone, or no longer culled (the delete re-checks by the
        // setting as it is then, as the select does), so the next select moves on
        while (true) {
            List<UUID> batch = transactions.inTransaction(connection ->
                    hosts.culledIdsBySettings(connection, now, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            batches++;
            selected += batch.size();
            List<UUID> gone = deleteAll(batch, workers, concurrency, culled);
            deleted.addAll(gone);
            if (gone.isEmpty()) {
                // none of them was culled any more when its turn came (a setting changed meanwhile): the next run
                // selects again
                break;
            }
        }
        return new Result(selected, List.copyOf(deleted), batches);
    }

    /**
     * REST {@code DELETE /hosts/{ids}}: deletes the tenant's non-culled hosts among {@code ids}, each with its event
     * carrying {@code requestId}. {@link Result#selected()} 0 means none matched (HBI answers 404).
     */
    public Result delete(Collection<UUID> ids, Tenant tenant, String requestId, Instant now) {
        List<UUID> distinct = ids.stream().distinct().toList();
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += REQUEST_CHUNK) {
            List<UUID> chunk = distinct.subList(from, Math.min(distinct.size(), from + REQUEST_CHUNK));
            Selection found = transactions.inTransaction(connection -> {
                StalenessRules rules = staleness.rulesOf(connection, tenant);
                return new Selection(hosts.idsOfTenant(connection, tenant, chunk, rules, now), rules);
            });
            batches++;
            selected += found.ids().size();
            for (UUID id : found.ids()) {
                deleteOne(id, requestId,
                        (connection, host) -> hosts.deleteOfTenant(connection, tenant, host, found.rules(), now))
                        .ifPresent(deleted::add);
            }
        }
        return new Result(selected, List.copyOf(deleted), batches);
    }

    /**
     * Deletes each of {@code ids} in a transaction of its own, spread over the {@code concurrency} workers (every
     * {@code concurrency}-th id each, so the oldest go first). When a worker fails, the others finish their share;
     * then the first failure is thrown.
     */
    private List<UUID> deleteAll(List<UUID> ids, ExecutorService workers, int concurrency, DeleteOne delete) {
        List<Future<List<UUID>>> shares = new ArrayList<>();
        for (int first = 0; first < Math.min(concurrency, ids.size()); first++) {
            int from = first;
            shares.add(workers.submit(() -> deleteEach(ids, from, concurrency, delete)));
        }
        List<UUID> deleted = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<List<UUID>> share : shares) {
            try {
                deleted.addAll(share.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("Interrupted while deleting culled hosts", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return deleted;
    }

    private List<UUID> deleteEach(List<UUID> ids, int from, int step, DeleteOne delete) {
        List<UUID> deleted = new ArrayList<>();
        for (int i = from; i < ids.size(); i += step) {
            deleteOne(ids.get(i), HostEvents.NO_REQUEST_ID, delete).ifPresent(deleted::add);
        }
        return deleted;
    }

    private static ThreadFactory reaperThreads() {
        AtomicInteger created = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "reaper-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One transaction: the delete and, when it removed the row, the host's delete event. */
    private Optional<UUID> deleteOne(UUID id, String requestId, DeleteOne delete) {
        long started = System.nanoTime();
        Optional<Host> gone = transactions.inTransaction(connection -> {
            Optional<Host> host = delete.delete(connection, id);
            if (host.isPresent()) {
                outbox.append(connection, events.deletions(host.get(), requestId));
            }
            return host;
        });
        gone.ifPresent(host -> metrics.hostDeleted(Duration.ofNanos(System.nanoTime() - started)));
        return gone.map(Host::id);
    }
}
