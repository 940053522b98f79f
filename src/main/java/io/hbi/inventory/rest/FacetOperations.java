package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.query.ProfileFacetReads;
import io.hbi.inventory.selection.FacetCount;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The system profile facets of the REST API (hbi-later.md §L2.5): {@code GET /system_profile/operating_system},
 * {@code /sap_system} and {@code /sap_sids}, each over the caller's hosts selected by {@code tags}, {@code staleness},
 * {@code registered_with}, {@code filter} and the group filters; answered as {@code {total, count, page, per_page, results: [{value,
 * count}]}}.
 */
public final class FacetOperations {

    public static final Set<String> FACET_PARAMETERS = Set.of("tags", "staleness", "registered_with", "filter",
            "page", "per_page", "group_name", "group_id");
    public static final Set<String> SAP_SIDS_PARAMETERS = Set.of("tags", "staleness", "registered_with", "filter",
            "page", "per_page", "search", "group_name", "group_id");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProfileFacetReads reads;

    public FacetOperations(ProfileFacetReads reads) {
        this.reads = reads;
    }

    /** GET /system_profile/operating_system. */
    public ApiResponse operatingSystems(@ExchangeProperty("identity") Identity identity,
                                       @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, FACET_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        return answer(paging, reads.operatingSystems(identity.tenant(), filter(parameters), paging));
    }

    /** GET /system_profile/sap_system. */
    public ApiResponse sapSystems(@ExchangeProperty("identity") Identity identity,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, FACET_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        return answer(paging, reads.sapSystems(identity.tenant(), filter(parameters), paging));
    }

    /** GET /system_profile/sap_sids. */
    public ApiResponse sapSids(@ExchangeProperty("identity") Identity identity,
                               @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, SAP_SIDS_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        return answer(paging, reads.sapSids(identity.tenant(), filter(parameters),
                parameters.single("search").orElse(null), paging));
    }

    private static HostFilter filter(QueryParameters parameters) {
        return HostRequests.tagsFilter(parameters).withSystemProfile(ProfileRequests.filter(parameters));
    }

    private static ApiResponse answer(PageRequest paging, Page<FacetCount> page) {
        ObjectNode body = JSON.objectNode();
        body.put("total", page.total());
        body.put("count", page.items().size());
        body.put("page", paging.page());
        body.put("per_page", paging.perPage());
        ArrayNode results = body.putArray("results");
        for (FacetCount facet : page.items()) {
            ObjectNode item = results.addObject();
            item.set("value", facet.value());
            item.put("count", facet.count());
        }
        return ApiResponse.ok(body);
    }
}
