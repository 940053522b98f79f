package io.hbi.inventory.groups;

import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.store.GroupRepository;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.OutboxEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The {@code updated} events of hosts whose group changed (a membership change, a rename; decisions.md 12, hbi-later.md
 * §L4.4), written to the outbox in the caller's transaction, which holds the hosts' row locks: each host as it is now,
 * its group read after the change. Like the events of PATCH /hosts, they carry the request id and no platform
 * metadata.
 */
final class MembershipEvents {

    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final StalenessSettings staleness;

    MembershipEvents(EventOutbox outbox, OutboxEvents events, StalenessSettings staleness) {
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
    }

    /**
     * One {@code updated} event per host, the host with its group as the transaction leaves it, its staleness by its
     * org's rule as the transaction reads it (decisions.md 13).
     */
    void announce(Connection connection, List<Host> hosts, String requestId) throws SQLException {
        if (hosts.isEmpty()) {
            return;
        }
        StalenessRules rules = staleness.rulesOfOrgs(connection, hosts.stream().map(Host::orgId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        List<OutboxEvent> pending = new ArrayList<>();
        for (Host host : GroupRepository.withGroups(connection, hosts)) {
            pending.addAll(events.changed(HostEventType.UPDATED, host, rules, Door.REST, null, requestId));
        }
        outbox.append(connection, pending);
    }

    /** Whether the host is in the group (as read with it). */
    static boolean inGroup(Host host, UUID groupId) {
        return host.groups().stream().anyMatch(group -> group.id().equals(groupId));
    }

    static List<UUID> ids(Collection<Host> hosts) {
        return hosts.stream().map(Host::id).toList();
    }
}
