package io.hbi.inventory.store;

import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.staleness.StalenessWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    private static final String RETURNING = " RETURNING " + HostRepository.COLUMNS;

    // The reaper: culled hosts of every account, oldest first through the hosts_stale_timestamp index. NULL (unknown
    // staleness) never compares as culled.
    static final String SELECT_CULLED = "SELECT id FROM hosts WHERE stale_timestamp <= ?"
            + " ORDER BY stale_timestamp LIMIT ?";

    // The delete re-checks the selection, so a host that stopped being culled after the select stays.
    static final String DELETE_CULLED = "DELETE FROM hosts WHERE id = ? AND stale_timestamp <= ?" + RETURNING;

    // REST: the account's non-culled hosts among the ids.
    static final String SELECT_IN_ACCOUNT = "SELECT id FROM hosts WHERE id = ANY (?) AND account = ?"
            + " AND (stale_timestamp IS NULL OR stale_timestamp > ?) ORDER BY id";

    static final String DELETE_IN_ACCOUNT = "DELETE FROM hosts WHERE id = ? AND account = ?"
            + " AND (stale_timestamp IS NULL OR stale_timestamp > ?)" + RETURNING;

    /** Chunk size of {@link #delete} (HBI deletes the hosts of a request 1000 at a time). */
    static final int REQUEST_CHUNK = 1000;

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final HostEvents events;
    private final StalenessWindow staleness;
    private final InventoryMetrics metrics;
    private final String eventTopic;

    public HostDeletion(Transactions transactions, HostRepository hosts, EventOutbox outbox, HostEvents events,
                        StalenessWindow staleness, InventoryMetrics metrics, String eventTopic) {
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.metrics = metrics;
        this.eventTopic = eventTopic;
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
        Timestamp culledBefore = Timestamp.from(staleness.culledBefore(now));
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        while (true) {
            List<UUID> batch = transactions.inTransaction(connection -> ids(connection, SELECT_CULLED, statement -> {
                statement.setTimestamp(1, culledBefore);
                statement.setInt(2, batchSize);
            }));
            if (batch.isEmpty()) {
                return new Result(selected, List.copyOf(deleted), batches);
            }
            batches++;
            selected += batch.size();
            for (UUID id : batch) {
                deleteOne(DELETE_CULLED, HostEvents.NO_REQUEST_ID, statement -> {
                    statement.setObject(1, id);
                    statement.setTimestamp(2, culledBefore);
                }).ifPresent(deleted::add);
            }
            // every selected host is now gone, or no longer culled (the delete re-checks), so the next select
            // moves on; the select follows the index order and reads little more than one batch
        }
    }

    /**
     * REST {@code DELETE /hosts/{ids}}: deletes the non-culled hosts of {@code account} among {@code ids}, each with
     * its event carrying {@code requestId} ({@code "-1"} when null). {@link Result#selected()} 0 means none matched
     * (HBI answers 404).
     */
    public Result delete(Collection<UUID> ids, String account, String requestId, Instant now) {
        Timestamp culledBefore = Timestamp.from(staleness.culledBefore(now));
        List<UUID> distinct = ids.stream().distinct().toList();
        int selected = 0;
        int batches = 0;
        List<UUID> deleted = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += REQUEST_CHUNK) {
            List<UUID> chunk = distinct.subList(from, Math.min(distinct.size(), from + REQUEST_CHUNK));
            List<UUID> found = transactions.inTransaction(connection -> ids(connection, SELECT_IN_ACCOUNT, statement -> {
                statement.setArray(1, connection.createArrayOf("uuid", chunk.toArray()));
                statement.setString(2, account);
                statement.setTimestamp(3, culledBefore);
            }));
            batches++;
            selected += found.size();
            for (UUID id : found) {
                deleteOne(DELETE_IN_ACCOUNT, requestId, statement -> {
                    statement.setObject(1, id);
                    statement.setString(2, account);
                    statement.setTimestamp(3, culledBefore);
                }).ifPresent(deleted::add);
            }
        }
        return new Result(selected, List.copyOf(deleted), batches);
    }

    /** One transaction: the DELETE … RETURNING and, when it removed the row, the host's delete event. */
    private Optional<UUID> deleteOne(String sql, String requestId, Binder binder) {
        long started = System.nanoTime();
        Optional<Host> gone = transactions.inTransaction(connection -> {
            Optional<Host> host;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    host = rows.next() ? Optional.of(hosts.map(rows)) : Optional.empty();
                }
            }
            if (host.isPresent()) {
                outbox.append(connection, List.of(deleteEvent(host.get(), requestId)));
            }
            return host;
        });
        gone.ifPresent(host -> metrics.hostDeleted(Duration.ofNanos(System.nanoTime() - started)));
        return gone.map(Host::id);
    }

    private OutboxEvent deleteEvent(Host host, String requestId) {
        long started = System.nanoTime();
        String payload = events.deleteEvent(host, requestId).toString();
        metrics.eventSerialization(HostEventType.DELETE.wireName(), Duration.ofNanos(System.nanoTime() - started));
        return OutboxEvent.of(eventTopic, host.id().toString(), Map.of("event_type", HostEventType.DELETE.wireName()),
                payload);
    }

    private static List<UUID> ids(Connection connection, String sql, Binder binder) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
