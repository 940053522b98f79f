package io.hbi.inventory.store;

import io.hbi.inventory.selection.GroupCount;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.Tenant;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The reads of the group API (hbi-later.md §L4.2): a tenant's groups with their host counts, by name or by id, one
 * page at a time, each a statement of {@link GroupRepository#counted} on a read-only connection.
 */
public final class GroupQueries {

    private final DataSource dataSource;
    private final StalenessSettings staleness;

    public GroupQueries(DataSource dataSource, StalenessSettings staleness) {
        this.dataSource = dataSource;
        this.staleness = staleness;
    }

    /** The tenant's groups whose name contains {@code name} (null: all). */
    public Page<GroupCount> list(Tenant tenant, String name, GroupOrdering ordering, PageRequest paging, Instant now) {
        return read(connection -> GroupRepository.counted(connection, tenant, name, null, ordering, paging,
                staleness.rulesOf(connection, tenant), now));
    }

    /** The tenant's groups among {@code ids}. */
    public Page<GroupCount> byIds(Tenant tenant, Collection<UUID> ids, GroupOrdering ordering, PageRequest paging,
                                  Instant now) {
        return read(connection -> GroupRepository.counted(connection, tenant, null, ids, ordering, paging,
                staleness.rulesOf(connection, tenant), now));
    }

    private <T> T read(Transactions.Work<T> work) {
        return Transactions.readOnly(dataSource, work);
    }
}
