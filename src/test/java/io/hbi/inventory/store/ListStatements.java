package io.hbi.inventory.store;

import io.hbi.inventory.rest.HostRequests;
import io.hbi.inventory.rest.ProfileRequests;
import io.hbi.inventory.rest.QueryParameters;
import io.hbi.inventory.rest.ReadOperations;
import io.hbi.inventory.selection.Tenant;
import java.time.Instant;

/**
 * The statement {@code GET /hosts?<rawQuery>} reads its page with, built by the service's own code: the query string
 * parsed as {@link ReadOperations#listHosts} parses it, the SQL and its parameters from {@link HostQueries}.
 */
public final class ListStatements {

    private ListStatements() {
    }

    /** The statement that counts the matches of {@code GET /hosts?<rawQuery>} when the rows are counted. */
    public static HostQueries.BuiltStatement count(HostQueries queries, Tenant tenant, String rawQuery, Instant now) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, ReadOperations.LIST_PARAMETERS);
        return queries.countStatement(tenant,
                HostRequests.filter(parameters).withSystemProfile(ProfileRequests.filter(parameters)), now);
    }

    public static HostQueries.BuiltStatement of(HostQueries queries, Tenant tenant, String rawQuery, Instant now) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, ReadOperations.LIST_PARAMETERS);
        return queries.listStatement(tenant,
                HostRequests.filter(parameters).withSystemProfile(ProfileRequests.filter(parameters)),
                HostRequests.ordering(parameters),
                HostRequests.paging(parameters), now);
    }
}
