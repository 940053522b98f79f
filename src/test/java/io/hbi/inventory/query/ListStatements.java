package io.hbi.inventory.query;

import io.hbi.inventory.http.QueryParameters;
import java.time.Instant;

/**
 * The statement {@code GET /hosts?<rawQuery>} reads its page with, built by the service's own code: the query string
 * parsed as {@link HostReadApi#listHosts} parses it, the SQL and its parameters from {@link HostQueries}.
 */
final class ListStatements {

    private ListStatements() {
    }

    static HostQueries.BuiltStatement of(HostQueries queries, String account, String rawQuery, Instant now) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, HostReadApi.LIST_PARAMETERS);
        HostReadApi.Paging paging = HostReadApi.Paging.of(parameters);
        return queries.listStatement(account, HostFilter.of(parameters), Ordering.of(parameters), paging.page(),
                paging.perPage(), now);
    }
}
