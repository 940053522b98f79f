package io.hbi.inventory.groups;

import static io.hbi.inventory.groups.MembershipEvents.inGroup;

import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.GroupRepository;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.GroupRepository.Fanout;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code updated} events of a renamed group's members (decisions.md 12, hbi-later.md §L4.4), written after the
 * rename committed, so that renaming a group of 10,000 hosts never holds 10,000 row locks in one long transaction.
 * The rename's transaction writes the group's row of {@code group_event_fanouts}; each batch is one transaction that
 * locks the next members in host id order (the order of every writer's host locks), writes their events with the
 * group as it is then (its current name), and moves the row on past them; the last batch deletes the row. A member
 * that moved to another group meanwhile got its event from that move and is skipped; a host that joined since got its
 * own. A second rename restarts the walk (the events already written carry an older name), and a batch that began
 * before it commits nothing. A walk stopped by a crash or an outage is resumed by {@link #resumeStalled}, so no
 * member misses its event; a member may see two (consumers already may, decisions.md 8).
 */
public final class GroupEventFanout {

    /** A walk that no batch advanced for this long has lost its runner. */
    static final Duration STALLED = Duration.ofSeconds(30);

    private final Transactions transactions;
    private final HostRepository hosts;
    private final GroupRepository groups;
    private final MembershipEvents events;
    private final Clock clock;
    private final int batchSize;

    public GroupEventFanout(Transactions transactions, HostRepository hosts, GroupRepository groups,
                            EventOutbox outbox, OutboxEvents events, StalenessSettings staleness, Clock clock,
                            int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.transactions = transactions;
        this.hosts = hosts;
        this.groups = groups;
        this.events = new MembershipEvents(outbox, events, staleness);
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Writes the events of the group's rename, a batch per transaction, until every member has its event; nothing
     * when none are due. Returns the batches committed.
     *
     * @throws io.hbi.inventory.store.StoreUnavailableException when the database fails: what was committed stays, the
     *                                                          rest is resumed later
     */
    public int run(UUID groupId) {
        int batches = 0;
        while (true) {
            Step step = transactions.inTransaction(connection -> batch(connection, groupId));
            if (step == Step.WROTE_MORE || step == Step.WROTE_LAST) {
                batches++;
            }
            if (step == Step.WROTE_LAST || step == Step.NONE_DUE) {
                return batches;
            }
        }
    }

    /** Runs the walks whose runner stopped (no batch for {@link #STALLED}); returns how many it ran. */
    public int resumeStalled() {
        List<UUID> stalled = transactions.inTransaction(connection -> groups.stalledFanouts(connection,
                DatabaseTime.now(clock).minus(STALLED), 100));
        stalled.forEach(this::run);
        return stalled.size();
    }

    private enum Step { NONE_DUE, WROTE_MORE, WROTE_LAST, RESTARTED }

    private Step batch(java.sql.Connection connection, UUID groupId) throws java.sql.SQLException {
        Optional<Fanout> seen = groups.fanout(connection, groupId, false);
        if (seen.isEmpty()) {
            return Step.NONE_DUE;
        }
        List<UUID> next = groups.members(connection, groupId, seen.get().afterHost(), batchSize);
        List<Host> locked = List.copyOf(hosts.lockByIds(connection, next).values());
        // after the hosts, as every writer: the walk as it is now; another runner or a new rename moved it meanwhile
        Optional<Fanout> now = groups.fanout(connection, groupId, true);
        if (now.isEmpty()) {
            return Step.NONE_DUE;
        }
        if (!now.get().equals(seen.get())) {
            return Step.RESTARTED;
        }
        events.announce(connection, locked.stream().filter(host -> inGroup(host, groupId)).toList(),
                now.get().requestId());
        if (next.size() < batchSize) {
            groups.endFanout(connection, now.get());
            return Step.WROTE_LAST;
        }
        groups.advanceFanout(connection, groupId, next.get(next.size() - 1), DatabaseTime.now(clock));
        return Step.WROTE_MORE;
    }
}
