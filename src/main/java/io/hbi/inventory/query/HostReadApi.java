package io.hbi.inventory.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.Tags;
import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.http.ApiResponse;
import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.QueryParameters;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.staleness.StalenessWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The read operations of the REST API (contract §1.3–§1.7, §8): parameters checked per operation, then one query,
 * then the paginated envelope {@code {total, count, page, per_page, results}}.
 */
public final class HostReadApi {

    static final Set<String> LIST_PARAMETERS = Set.of("display_name", "fqdn", "hostname_or_id", "insights_id",
            "branch_id", "per_page", "page", "order_by", "order_how", "staleness", "tags", "registered_with");
    static final Set<String> BY_ID_PARAMETERS = Set.of("branch_id", "per_page", "page", "order_by", "order_how");
    static final Set<String> HOST_TAGS_PARAMETERS = Set.of("per_page", "page", "order_by", "order_how", "search");
    static final Set<String> HOST_TAG_COUNT_PARAMETERS = Set.of("per_page", "page", "order_by", "order_how");
    static final Set<String> TAGS_PARAMETERS = Set.of("tags", "order_by", "order_how", "per_page", "page",
            "staleness", "search", "registered_with");

    private final HostQueries queries;
    private final StalenessWindow staleness;
    private final Clock clock;
    private final ObjectMapper json;

    public HostReadApi(HostQueries queries, StalenessWindow staleness, Clock clock, ObjectMapper json) {
        this.queries = queries;
        this.staleness = staleness;
        this.clock = clock;
        this.json = json;
    }

    /** GET /hosts. */
    public ApiResponse listHosts(Identity identity, String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, LIST_PARAMETERS);
        Paging paging = Paging.of(parameters);
        HostFilter filter = HostFilter.of(parameters);
        Ordering ordering = Ordering.of(parameters);
        HostQueries.Page<Host> page = queries.list(identity.accountNumber(), filter, ordering, paging.page(),
                paging.perPage(), clock.instant());
        return envelope(paging, page, host -> HostJson.restHost(host, staleness));
    }

    /** GET /hosts/{host_id_list}. */
    public ApiResponse hostsById(Identity identity, String hostIdList, String rawQuery) {
        return byIds(identity, hostIdList, rawQuery, BY_ID_PARAMETERS, false, host -> HostJson.restHost(host, staleness));
    }

    /** GET /hosts/{host_id_list}/system_profile. */
    public ApiResponse systemProfiles(Identity identity, String hostIdList, String rawQuery) {
        return byIds(identity, hostIdList, rawQuery, BY_ID_PARAMETERS, true, HostJson::systemProfileItem);
    }

    /** GET /hosts/{host_id_list}/tags: {@code results} maps each host id to its tags, filtered by {@code search}. */
    public ApiResponse hostTags(Identity identity, String hostIdList, String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, HOST_TAGS_PARAMETERS);
        String search = parameters.single("search").orElse(null);
        return hostMap(identity, hostIdList, parameters, (host, results) -> {
            ArrayNode tags = Tags.render(host.tags() == null ? json.createObjectNode() : host.tags());
            results.set(host.id().toString(), search == null ? tags : Tags.search(tags, search));
        });
    }

    /** GET /hosts/{host_id_list}/tags/count. */
    public ApiResponse hostTagCounts(Identity identity, String hostIdList, String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, HOST_TAG_COUNT_PARAMETERS);
        return hostMap(identity, hostIdList, parameters, (host, results) ->
                results.put(host.id().toString(), host.tags() == null ? 0 : Tags.count(host.tags())));
    }

    /** GET /tags: the account's active tags with how many hosts carry each. */
    public ApiResponse accountTags(Identity identity, String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, TAGS_PARAMETERS);
        Paging paging = Paging.of(parameters);
        HostFilter filter = HostFilter.forTags(parameters);
        boolean byCount = parameters.oneOf("order_by", List.of("tag", "count")).orElse("tag").equals("count");
        boolean descending = parameters.oneOf("order_how", List.of("ASC", "DESC")).orElse("ASC").equals("DESC");
        HostQueries.Page<HostQueries.TagCount> page = queries.tags(identity.accountNumber(), filter,
                parameters.single("search").orElse(null), byCount, descending, paging.page(), paging.perPage(),
                clock.instant());
        return envelope(paging, page, tag -> {
            ObjectNode item = json.createObjectNode();
            ObjectNode value = item.putObject("tag");
            value.put("namespace", tag.namespace());
            value.put("key", tag.key());
            value.put("value", tag.value());
            item.put("count", tag.count());
            return item;
        });
    }

    private ApiResponse byIds(Identity identity, String hostIdList, String rawQuery, Set<String> declared,
                              boolean withSystemProfile, Function<Host, ObjectNode> render) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, declared);
        List<UUID> ids = hostIds(hostIdList);
        Paging paging = Paging.of(parameters);
        HostQueries.Page<Host> page = queries.byIds(identity.accountNumber(), ids, withSystemProfile,
                Ordering.of(parameters), paging.page(), paging.perPage(), clock.instant());
        return envelope(paging, page, render);
    }

    private interface ResultWriter {
        void write(Host host, ObjectNode results);
    }

    private ApiResponse hostMap(Identity identity, String hostIdList, QueryParameters parameters, ResultWriter writer) {
        List<UUID> ids = hostIds(hostIdList);
        Paging paging = Paging.of(parameters);
        HostQueries.Page<Host> page = queries.byIds(identity.accountNumber(), ids, false, Ordering.of(parameters),
                paging.page(), paging.perPage(), clock.instant());
        paging.requireInRange(page);
        ObjectNode results = json.createObjectNode();
        for (Host host : page.items()) {
            writer.write(host, results);
        }
        return ApiResponse.ok(paging.envelope(json, page.total(), page.items().size(), results));
    }

    private <T> ApiResponse envelope(Paging paging, HostQueries.Page<T> page, Function<T, ObjectNode> render) {
        paging.requireInRange(page);
        ArrayNode results = json.createArrayNode();
        page.items().forEach(item -> results.add(render.apply(item)));
        return ApiResponse.ok(paging.envelope(json, page.total(), page.items().size(), results));
    }

    /**
     * The ids of a {@code host_id_list} path parameter: comma-separated, each passing the uuid checker of contract
     * §3.3 (hyphen-less and upper-case accepted); an empty item is a 400.
     */
    public static List<UUID> hostIds(String hostIdList) {
        List<UUID> ids = new ArrayList<>();
        for (String item : (hostIdList == null ? "" : hostIdList).split(",", -1)) {
            ids.add(UuidFormat.parse(item.trim()).orElseThrow(() ->
                    ProblemException.badRequest("host_id_list: '" + item + "' is not a 'uuid'")));
        }
        return ids;
    }

    /** {@code page} (1-based) and {@code per_page} (1..100, default 50). */
    record Paging(int page, int perPage) {

        static Paging of(QueryParameters parameters) {
            return new Paging(parameters.integer("page", 1, 1, null), parameters.integer("per_page", 50, 1, 100));
        }

        /** A page past the last one is a 404 (an empty first page is not). */
        void requireInRange(HostQueries.Page<?> result) {
            if (result.items().isEmpty() && page != 1) {
                throw ProblemException.notFound("The requested page does not exist.");
            }
        }

        ObjectNode envelope(ObjectMapper json, long total, int count, com.fasterxml.jackson.databind.JsonNode results) {
            ObjectNode body = json.createObjectNode();
            body.put("total", total);
            body.put("count", count);
            body.put("page", page);
            body.put("per_page", perPage);
            body.set("results", results);
            return body;
        }
    }
}
