package io.hbi.inventory.query;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.store.HostQueries;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The reads of the inventory (contract §1.3–§1.7, §8), always within the caller's account: host lists, hosts by id
 * and the account's tags, one page at a time. A page past the last one is {@link NotFoundException}.
 */
public final class HostReads {

    private final HostQueries queries;
    private final Clock clock;

    public HostReads(HostQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** The caller's hosts that match the filter, without their system profile. */
    public Page<Host> list(Identity identity, HostFilter filter, Ordering ordering, PageRequest paging) {
        return paging.requireInRange(queries.list(identity.accountNumber(), filter, ordering, paging,
                clock.instant()));
    }

    /** The caller's non-culled hosts among {@code ids}, with their system profile only when asked. */
    public Page<Host> byIds(Identity identity, List<UUID> ids, boolean withSystemProfile, Ordering ordering,
                            PageRequest paging) {
        return paging.requireInRange(queries.byIds(identity.accountNumber(), ids, withSystemProfile, ordering, paging,
                clock.instant()));
    }

    /**
     * The tags of the caller's hosts that match the filter, each with how many hosts carry it; {@code search} (null:
     * none) keeps the tags with it in their namespace, key or value.
     */
    public Page<TagCount> tags(Identity identity, HostFilter filter, String search, boolean orderByCount,
                               boolean descending, PageRequest paging) {
        return paging.requireInRange(queries.tags(identity.accountNumber(), filter, search, orderByCount, descending,
                paging, clock.instant()));
    }
}
