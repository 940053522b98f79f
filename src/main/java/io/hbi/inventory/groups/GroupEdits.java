package io.hbi.inventory.groups;

import static io.hbi.inventory.groups.MembershipEvents.ids;
import static io.hbi.inventory.groups.MembershipEvents.inGroup;

import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.selection.GroupCount;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.GroupRepository;
import io.hbi.inventory.store.GroupRepository.Lock;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The changes of groups (decisions.md 12, hbi-later.md §L4.2–§L4.4): create, rename, replace, add and remove members,
 * delete. A host is in at most one group, and joining another moves it. Every change of a host's group writes that
 * host's {@code updated} event in the transaction of the change, which holds the host's row lock (so the events of
 * one host follow the order of its changes, whoever makes them); a rename writes the events of its members after it
 * commits, a batch per transaction ({@link GroupEventFanout}), and a group is deleted by emptying it a batch per
 * transaction. Locks are taken in one order by every writer: hosts (in id order), then groups (in id order), then the
 * rename's row.
 */
public final class GroupEdits {

    static final String NAME_TAKEN = "A group with name %s already exists.";
    static final String HOSTS_NOT_FOUND = "Could not find existing host(s) with ID %s.";
    public static final String GROUPS_NOT_FOUND = "One or more groups not found.";
    static final String GROUP_NOT_FOUND = "Group %s not found.";
    static final String NONE_IN_GROUP = "None of the hosts is in the group.";
    static final String HOSTS_MISSING = "One or more hosts not found.";

    /** What a PATCH did: the group as it is now, and whether it was renamed (its members' events are then due). */
    public record Patched(GroupCount group, boolean renamed) {
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final GroupRepository groups;
    private final MembershipEvents events;
    private final StalenessSettings staleness;
    private final Clock clock;
    private final int batchSize;

    /**
     * @param batchSize the members a transaction takes out of a group being deleted (and, in {@link GroupEventFanout},
     *                  announces after a rename)
     */
    public GroupEdits(Transactions transactions, HostRepository hosts, GroupRepository groups, EventOutbox outbox,
                      OutboxEvents events, StalenessSettings staleness, Clock clock, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.transactions = transactions;
        this.hosts = hosts;
        this.groups = groups;
        this.events = new MembershipEvents(outbox, events, staleness);
        this.staleness = staleness;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * A new group of the tenant with this name (already checked: {@link HostGroup#checkedName}), and these hosts of
     * the tenant moved into it.
     *
     * @throws InvalidInputException when the name is taken, or a host is not a non-culled host of the tenant
     */
    public GroupCount create(Tenant tenant, String name, List<UUID> hostIds, String requestId) {
        return transactions.inTransaction(connection -> {
            OffsetDateTime now = DatabaseTime.now(clock);
            HostGroup group = new HostGroup(UUID.randomUUID(), name, tenant.byOrg() ? tenant.orgId() : null,
                    tenant.byOrg() ? null : tenant.account(), now, now);
            if (!groups.insert(connection, group)) {
                throw new InvalidInputException(NAME_TAKEN.formatted(name));
            }
            List<Host> found = lockHosts(connection, tenant, hostIds, now);
            events.announce(connection, move(connection, found, group, now), requestId);
            return counted(connection, tenant, group.id());
        });
    }

    /**
     * Renames the group and/or makes {@code hostIds} its members exactly (null: unchanged): the others leave it, the
     * new ones move into it.
     *
     * @throws NotFoundException     when the group is not the tenant's
     * @throws InvalidInputException when the name is taken, or a host is not a non-culled host of the tenant
     */
    public Patched patch(Tenant tenant, UUID id, String name, List<UUID> hostIds, String requestId) {
        return transactions.inTransaction(connection -> {
            HostGroup group = requireGroup(connection, tenant, id, Lock.NONE);
            OffsetDateTime now = DatabaseTime.now(clock);
            List<Host> changed = List.of();
            if (hostIds != null) {
                changed = replaceMembers(connection, tenant, group, hostIds, now);
            } else {
                requireGroup(connection, tenant, id, Lock.KEY_SHARE);
            }
            boolean renamed = name != null && !name.equals(group.name());
            if (renamed) {
                // after the hosts, as every writer
                if (!groups.rename(connection, id, name, now)) {
                    throw new InvalidInputException(NAME_TAKEN.formatted(name));
                }
                // the other members' events follow, a batch per transaction, from the rename's row
                groups.startFanout(connection, id, requestId, now);
            }
            // the hosts whose group changed, with the group's new name when it has one
            events.announce(connection, changed, requestId);
            return new Patched(counted(connection, tenant, id), renamed);
        });
    }

    /**
     * Moves these hosts of the tenant into the group; hosts already in it stay as they are.
     *
     * @throws NotFoundException     when the group is not the tenant's
     * @throws InvalidInputException when a host is not a non-culled host of the tenant
     */
    public GroupCount addHosts(Tenant tenant, UUID id, List<UUID> hostIds, String requestId) {
        return transactions.inTransaction(connection -> {
            requireGroup(connection, tenant, id, Lock.NONE);
            OffsetDateTime now = DatabaseTime.now(clock);
            List<Host> found = lockHosts(connection, tenant, hostIds, now);
            // after the hosts, as every writer: the group cannot be deleted before this transaction ends
            HostGroup group = requireGroup(connection, tenant, id, Lock.KEY_SHARE);
            events.announce(connection, move(connection, found, group, now), requestId);
            return counted(connection, tenant, id);
        });
    }

    /**
     * These hosts of the tenant leave the group (those not in it are left as they are).
     *
     * @throws NotFoundException when the group is not the tenant's, or none of the hosts is in it
     */
    public void removeHosts(Tenant tenant, UUID id, List<UUID> hostIds, String requestId) {
        transactions.inTransaction(connection -> {
            requireGroup(connection, tenant, id, Lock.NONE);
            OffsetDateTime now = DatabaseTime.now(clock);
            List<Host> members = notCulled(connection, tenant, GroupRepository.distinct(hostIds), now).stream()
                    .filter(host -> inGroup(host, id)).toList();
            if (members.isEmpty()) {
                throw new NotFoundException(NONE_IN_GROUP);
            }
            events.announce(connection, move(connection, members, null, now), requestId);
            return null;
        });
    }

    /**
     * These hosts of the tenant leave whatever group they are in.
     *
     * @throws NotFoundException when one of them is not a non-culled host of the tenant
     */
    public void removeFromGroups(Tenant tenant, List<UUID> hostIds, String requestId) {
        transactions.inTransaction(connection -> {
            OffsetDateTime now = DatabaseTime.now(clock);
            List<UUID> wanted = GroupRepository.distinct(hostIds);
            List<Host> found = notCulled(connection, tenant, wanted, now);
            if (found.size() != wanted.size()) {
                throw new NotFoundException(HOSTS_MISSING);
            }
            events.announce(connection, move(connection, found, null, now), requestId);
            return null;
        });
    }

    /**
     * Deletes the tenant's groups among {@code ids}, all of them or none: each is emptied a batch of members per
     * transaction, each batch with its hosts' events, then deleted in the transaction of its last batch. A group
     * deleted meanwhile by someone else is simply gone.
     *
     * @throws NotFoundException when one of them is not the tenant's (nothing is deleted then)
     */
    public void delete(Tenant tenant, List<UUID> ids, String requestId) {
        List<UUID> wanted = GroupRepository.distinct(ids);
        List<HostGroup> found = transactions.inTransaction(connection ->
                groups.find(connection, tenant, wanted, Lock.NONE));
        if (found.size() != wanted.size()) {
            throw new NotFoundException(GROUPS_NOT_FOUND);
        }
        for (HostGroup group : found) {
            boolean gone = false;
            while (!gone) {
                gone = transactions.inTransaction(connection -> emptyBatch(connection, tenant, group.id(), requestId));
            }
        }
    }

    /**
     * One transaction of a deletion: up to a batch of members leave the group with their events; after the last
     * batch the group, locked against new members, is deleted once no member is left. Whether it is gone.
     */
    private boolean emptyBatch(Connection connection, Tenant tenant, UUID id, String requestId) throws SQLException {
        List<UUID> batch = groups.members(connection, id, null, batchSize);
        if (!batch.isEmpty()) {
            List<Host> members = hosts.lockByIds(connection, batch).values().stream()
                    .filter(host -> inGroup(host, id)).toList();
            groups.leave(connection, ids(members));
            events.announce(connection, members, requestId);
        }
        if (batch.size() == batchSize) {
            return false;
        }
        // after the hosts, as every writer; a host that joined meanwhile is taken out by the next batch
        if (groups.find(connection, tenant, id, Lock.UPDATE).isEmpty()) {
            return true;
        }
        if (!groups.members(connection, id, null, 1).isEmpty()) {
            return false;
        }
        groups.delete(connection, id);
        return true;
    }

    /** The current members that are not wanted leave the group, the wanted hosts join it; the hosts changed. */
    private List<Host> replaceMembers(Connection connection, Tenant tenant, HostGroup group, List<UUID> hostIds,
                                      OffsetDateTime now) throws SQLException {
        List<UUID> wanted = GroupRepository.distinct(hostIds);
        Set<UUID> all = new LinkedHashSet<>(wanted);
        all.addAll(groups.members(connection, group.id()));
        List<Host> locked = new ArrayList<>(notCulled(connection, tenant, List.copyOf(all), now));
        requireAll(wanted, locked);
        // members the tenant does not see as its hosts (culled ones) leave too: locked without the tenant's scope
        Set<UUID> seen = new TreeSet<>(ids(locked));
        List<UUID> unseen = all.stream().filter(host -> !seen.contains(host)).toList();
        locked.addAll(hosts.lockByIds(connection, unseen).values());
        // after the hosts, as every writer: the group cannot be deleted before this transaction ends
        requireGroup(connection, tenant, group.id(), Lock.KEY_SHARE);
        Set<UUID> wantedSet = Set.copyOf(wanted);
        List<Host> joining = locked.stream().filter(host -> wantedSet.contains(host.id())).toList();
        List<Host> leaving = locked.stream()
                .filter(host -> !wantedSet.contains(host.id()) && inGroup(host, group.id())).toList();
        List<Host> changed = new ArrayList<>(move(connection, joining, group, now));
        changed.addAll(move(connection, leaving, null, now));
        return changed;
    }

    /**
     * The hosts (locked, with their groups) join {@code target} (null: leave their group); the groups they leave and
     * join get their {@code updated}. Returns the hosts whose group changed, whose events the caller writes.
     */
    private List<Host> move(Connection connection, List<Host> locked, HostGroup target, OffsetDateTime now)
            throws SQLException {
        List<Host> changing = locked.stream()
                .filter(host -> target == null ? !host.groups().isEmpty() : !inGroup(host, target.id())).toList();
        if (changing.isEmpty()) {
            return changing;
        }
        Set<UUID> touched = new TreeSet<>();
        changing.forEach(host -> host.groups().forEach(group -> touched.add(group.id())));
        if (target == null) {
            groups.leave(connection, ids(changing));
        } else {
            groups.join(connection, ids(changing), target.id());
            touched.add(target.id());
        }
        groups.touch(connection, touched, now);
        return changing;
    }

    /** The tenant's non-culled hosts among {@code hostIds}, locked, with their groups; all of them, or a 400. */
    private List<Host> lockHosts(Connection connection, Tenant tenant, List<UUID> hostIds, OffsetDateTime now)
            throws SQLException {
        if (hostIds.isEmpty()) {
            return List.of();
        }
        List<UUID> wanted = GroupRepository.distinct(hostIds);
        List<Host> found = notCulled(connection, tenant, wanted, now);
        requireAll(wanted, found);
        return found;
    }

    private static void requireAll(Collection<UUID> wanted, List<Host> found) {
        Set<UUID> missing = new TreeSet<>(wanted);
        found.forEach(host -> missing.remove(host.id()));
        if (!missing.isEmpty()) {
            throw new InvalidInputException(HOSTS_NOT_FOUND.formatted(quoted(missing)));
        }
    }

    /** Ids as later HBI prints a set of them: {@code {'…', '…'}}. */
    static String quoted(Collection<UUID> ids) {
        return "{" + String.join(", ", ids.stream().map(id -> "'" + id + "'").sorted().toList()) + "}";
    }

    private HostGroup requireGroup(Connection connection, Tenant tenant, UUID id, Lock lock) throws SQLException {
        return groups.find(connection, tenant, id, lock)
                .orElseThrow(() -> new NotFoundException(GROUP_NOT_FOUND.formatted(id)));
    }

    /** The group as the transaction leaves it, with its host count. */
    private GroupCount counted(Connection connection, Tenant tenant, UUID id) throws SQLException {
        return GroupRepository.counted(connection, tenant, null, List.of(id), GroupOrdering.NAME_ASC,
                new PageRequest(1, 1), staleness.rulesOf(connection, tenant), DatabaseTime.now(clock).toInstant())
                .items().get(0);
    }

    /** The tenant's hosts among {@code ids} that its rules, read now, do not cull; locked, with their groups. */
    private List<Host> notCulled(Connection connection, Tenant tenant, List<UUID> ids, OffsetDateTime now)
            throws SQLException {
        return hosts.findForUpdate(connection, tenant, ids, staleness.rulesOf(connection, tenant), now.toInstant());
    }
}
