package io.hbi.inventory.query;

import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.selection.FacetCount;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.store.ProfileFacets;
import java.time.Clock;

/**
 * The system profile facets of a tenant's hosts (hbi-later.md §L2.5), over the hosts GET /hosts selects with the
 * same filters. A page past the last one is {@link NotFoundException}.
 */
public final class ProfileFacetReads {

    private final ProfileFacets facets;
    private final Clock clock;

    public ProfileFacetReads(ProfileFacets facets, Clock clock) {
        this.facets = facets;
        this.clock = clock;
    }

    public Page<FacetCount> operatingSystems(Tenant tenant, HostFilter filter, PageRequest paging) {
        return paging.requireInRange(facets.operatingSystems(tenant, filter, paging, clock.instant()));
    }

    public Page<FacetCount> sapSystems(Tenant tenant, HostFilter filter, PageRequest paging) {
        return paging.requireInRange(facets.sapSystems(tenant, filter, paging, clock.instant()));
    }

    /** {@code search} (null: none) keeps the SIDs containing it, case-insensitively. */
    public Page<FacetCount> sapSids(Tenant tenant, HostFilter filter, String search, PageRequest paging) {
        return paging.requireInRange(facets.sapSids(tenant, filter, search, paging, clock.instant()));
    }
}
