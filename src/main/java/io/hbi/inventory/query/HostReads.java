package io.hbi.inventory.query;

import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.HostPage;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.SparseFields;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.store.HostQueries;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The reads of the inventory (contract §1.3–§1.7, §8), always within the caller's tenant (decisions.md 10 and 16):
 * host lists, hosts by id and the tenant's tags, one page at a time. A page past the last one is {@link NotFoundException}.
 * Lists and tag lists may lag behind the latest writes (they read a replica when one is set); hosts by id never do, so
 * a client reads the host it has just written.
 */
public final class HostReads {

    private final HostQueries queries;
    private final HostQueries current;
    private final Clock clock;

    /** {@code lagging} for lists and tag lists, {@code current} (the primary) for hosts by id. */
    public HostReads(HostQueries lagging, HostQueries current, Clock clock) {
        this.queries = lagging;
        this.current = current;
        this.clock = clock;
    }

    /** The tenant's hosts that match the filter, with the system profile fields asked for. */
    public HostPage list(Tenant tenant, HostFilter filter, Ordering ordering, PageRequest paging,
                         SparseFields fields) {
        return inRange(paging, queries.list(tenant, filter, ordering, paging, fields, clock.instant()));
    }

    /** The tenant's non-culled hosts among {@code ids}, with the system profile fields asked for. */
    public HostPage byIds(Tenant tenant, List<UUID> ids, SparseFields fields, Ordering ordering,
                          PageRequest paging) {
        return inRange(paging, current.byIds(tenant, ids, fields, ordering, paging, clock.instant()));
    }

    /** The tenant's non-culled hosts among {@code ids}, with their system profile only when asked. */
    public HostPage byIds(Tenant tenant, List<UUID> ids, boolean withSystemProfile, Ordering ordering,
                          PageRequest paging) {
        return inRange(paging, current.byIds(tenant, ids, withSystemProfile, ordering, paging, clock.instant()));
    }

    private static HostPage inRange(PageRequest paging, HostPage hosts) {
        paging.requireInRange(hosts.page());
        return hosts;
    }

    /**
     * The tags of the tenant's hosts that match the filter, each with how many hosts carry it; {@code search} (null:
     * none) keeps the tags with it in their namespace, key or value.
     */
    public Page<TagCount> tags(Tenant tenant, HostFilter filter, String search, boolean orderByCount,
                               boolean descending, PageRequest paging) {
        return paging.requireInRange(queries.tags(tenant, filter, search, orderByCount, descending,
                paging, clock.instant()));
    }
}
