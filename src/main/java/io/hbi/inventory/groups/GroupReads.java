package io.hbi.inventory.groups;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.selection.GroupCount;
import io.hbi.inventory.selection.GroupFilter;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.HostPage;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.SparseFields;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.store.GroupQueries;
import io.hbi.inventory.store.GroupRepository;
import io.hbi.inventory.store.HostQueries;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The reads of groups (hbi-later.md §L4.2), within the caller's tenant: its groups with their host counts, by name or
 * by id, and the hosts of one group with the host list's filters. A page past the last one is a
 * {@link NotFoundException}, as for hosts.
 */
public final class GroupReads {

    private final GroupQueries groups;
    private final HostQueries hosts;
    private final Clock clock;

    public GroupReads(GroupQueries groups, HostQueries hosts, Clock clock) {
        this.groups = groups;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** The tenant's groups whose name contains {@code name} (case-insensitively; null: all). */
    public Page<GroupCount> list(Tenant tenant, String name, GroupOrdering ordering, PageRequest paging) {
        return paging.requireInRange(groups.list(tenant, name, ordering, paging, clock.instant()));
    }

    /**
     * The tenant's groups with these ids.
     *
     * @throws NotFoundException when one of them is not the tenant's
     */
    public Page<GroupCount> byIds(Tenant tenant, List<UUID> ids, GroupOrdering ordering, PageRequest paging) {
        List<UUID> wanted = GroupRepository.distinct(ids);
        Page<GroupCount> page = groups.byIds(tenant, wanted, ordering, paging, clock.instant());
        if (page.total() != wanted.size() && (!page.items().isEmpty() || paging.page() == 1)) {
            throw new NotFoundException(GroupEdits.GROUPS_NOT_FOUND);
        }
        return paging.requireInRange(page);
    }

    /**
     * The hosts of the tenant's group that match the filter, as GET /hosts lists them.
     *
     * @throws NotFoundException when the group is not the tenant's
     */
    public HostPage hosts(Tenant tenant, UUID groupId, HostFilter filter, Ordering ordering, PageRequest paging,
                          SparseFields fields) {
        if (groups.byIds(tenant, List.of(groupId), GroupOrdering.NAME_ASC, new PageRequest(1, 1), clock.instant())
                .items().isEmpty()) {
            throw new NotFoundException(GroupEdits.GROUP_NOT_FOUND.formatted(groupId));
        }
        HostPage page = hosts.list(tenant, filter.withGroups(GroupFilter.of(groupId)), ordering, paging, fields,
                clock.instant());
        paging.requireInRange(page.page());
        return page;
    }
}
