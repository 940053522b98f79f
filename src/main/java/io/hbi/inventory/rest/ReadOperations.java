package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.Tags;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.query.HostReads;
import io.hbi.inventory.selection.HostPage;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.SparseFields;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.staleness.HostStaleness;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The read operations of the REST API (contract §1.3–§1.7, §8): the parameters each operation declares, parsed into
 * typed values; one read; the paginated envelope {@code {total, count, page, per_page, results}}.
 */
public final class ReadOperations {

    /** Later HBI's plain host filters (hbi-later §0.4), declared on GET /hosts and GET /tags as later HBI does. */
    static final Set<String> LATER_HOST_FILTERS = Set.of("provider_id", "provider_type", "updated_start",
            "updated_end", "last_check_in_start", "last_check_in_end", "system_type", "group_name", "group_id");

    /** The group filters (hbi-later §L4.5), declared wherever hosts are selected by filters. */
    public static final Set<String> GROUP_FILTERS = Set.of("group_name", "group_id");

    public static final Set<String> LIST_PARAMETERS = union(Set.of("display_name", "fqdn", "hostname_or_id",
            "insights_id", "branch_id", "per_page", "page", "order_by", "order_how", "staleness", "tags",
            "registered_with", "filter", "fields"), LATER_HOST_FILTERS);
    static final Set<String> BY_ID_PARAMETERS = Set.of("branch_id", "per_page", "page", "order_by", "order_how",
            "fields");
    static final Set<String> HOST_TAGS_PARAMETERS = Set.of("per_page", "page", "order_by", "order_how", "search");
    static final Set<String> HOST_TAG_COUNT_PARAMETERS = Set.of("per_page", "page", "order_by", "order_how");
    static final Set<String> TAGS_PARAMETERS = union(Set.of("tags", "order_by", "order_how", "per_page", "page",
            "staleness", "search", "registered_with", "filter"), LATER_HOST_FILTERS);

    static final String RAW_QUERY = "CamelHttpRawQuery";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HostReads reads;

    public ReadOperations(HostReads reads) {
        this.reads = reads;
    }

    /** GET /hosts. */
    public ApiResponse listHosts(@ExchangeProperty("identity") Identity identity,
                                 @Header(RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, LIST_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        SparseFields fields = ProfileRequests.fields(parameters);
        HostPage page = reads.list(identity.tenant(),
                HostRequests.filter(parameters).withSystemProfile(ProfileRequests.filter(parameters)),
                HostRequests.ordering(parameters), paging, fields);
        return envelope(paging, page.page(), host -> withProfile(HostJson.restHost(host, page.staleness()), host,
                fields));
    }

    /** GET /hosts/{host_id_list}. */
    public ApiResponse hostsById(@ExchangeProperty("identity") Identity identity,
                                 @Header("host_id_list") String hostIdList, @Header(RAW_QUERY) String rawQuery) {
        return byIds(identity, hostIdList, rawQuery, false, (host, staleness, fields) ->
                withProfile(HostJson.restHost(host, staleness), host, fields));
    }

    /** GET /hosts/{host_id_list}/system_profile. */
    public ApiResponse systemProfiles(@ExchangeProperty("identity") Identity identity,
                                      @Header("host_id_list") String hostIdList, @Header(RAW_QUERY) String rawQuery) {
        return byIds(identity, hostIdList, rawQuery, true, (host, staleness, fields) -> fields.requested()
                ? profileItem(host, fields) : HostJson.systemProfileItem(host));
    }

    /** GET /hosts/{host_id_list}/tags: {@code results} maps each host id to its tags, filtered by {@code search}. */
    public ApiResponse hostTags(@ExchangeProperty("identity") Identity identity,
                                @Header("host_id_list") String hostIdList, @Header(RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, HOST_TAGS_PARAMETERS);
        String search = parameters.single("search").orElse(null);
        return hostMap(identity, hostIdList, parameters, (host, results) -> {
            ArrayNode tags = Tags.render(host.tags() == null ? JSON.objectNode() : host.tags());
            results.set(host.id().toString(), search == null ? tags : Tags.search(tags, search));
        });
    }

    /** GET /hosts/{host_id_list}/tags/count. */
    public ApiResponse hostTagCounts(@ExchangeProperty("identity") Identity identity,
                                     @Header("host_id_list") String hostIdList, @Header(RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, HOST_TAG_COUNT_PARAMETERS);
        return hostMap(identity, hostIdList, parameters, (host, results) ->
                results.put(host.id().toString(), host.tags() == null ? 0 : Tags.count(host.tags())));
    }

    /** GET /tags: the tenant's active tags with how many hosts carry each. */
    public ApiResponse accountTags(@ExchangeProperty("identity") Identity identity,
                                   @Header(RAW_QUERY) String rawQuery) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, TAGS_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        var filter = HostRequests.tagsFilter(parameters).withSystemProfile(ProfileRequests.filter(parameters));
        boolean byCount = parameters.oneOf("order_by", List.of("tag", "count")).orElse("tag").equals("count");
        boolean descending = parameters.oneOf("order_how", List.of("ASC", "DESC")).orElse("ASC").equals("DESC");
        Page<TagCount> page = reads.tags(identity.tenant(), filter, parameters.single("search").orElse(null),
                byCount, descending, paging);
        return envelope(paging, page, tag -> {
            ObjectNode item = JSON.objectNode();
            ObjectNode value = item.putObject("tag");
            value.put("namespace", tag.namespace());
            value.put("key", tag.key());
            value.put("value", tag.value());
            item.put("count", tag.count());
            return item;
        });
    }

    /** How a host of a by-id read is shown: by the staleness rules its read used, with the fields asked for. */
    @FunctionalInterface
    private interface ByIdRender {
        ObjectNode render(Host host, HostStaleness staleness, SparseFields fields);
    }

    private ApiResponse byIds(Identity identity, String hostIdList, String rawQuery, boolean withSystemProfile,
                              ByIdRender render) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, BY_ID_PARAMETERS);
        SparseFields fields = ProfileRequests.fields(parameters);
        List<UUID> ids = HostRequests.hostIds(hostIdList);
        PageRequest paging = HostRequests.paging(parameters);
        SparseFields read = fields.requested() || !withSystemProfile ? fields : SparseFields.ALL;
        HostPage page = reads.byIds(identity.tenant(), ids, read, HostRequests.ordering(parameters), paging);
        return envelope(paging, page.page(), host -> render.render(host, page.staleness(), fields));
    }

    /** A host with {@code system_profile} holding the requested fields, when {@code fields[system_profile]} is given. */
    static ObjectNode withProfile(ObjectNode json, Host host, SparseFields fields) {
        if (fields.requested()) {
            json.set("system_profile", fields.shown(host.systemProfile()));
        }
        return json;
    }

    private static ObjectNode profileItem(Host host, SparseFields fields) {
        ObjectNode json = JSON.objectNode();
        json.put("id", host.id().toString());
        json.set("system_profile", fields.shown(host.systemProfile()));
        return json;
    }

    /** The by-id sub-resources whose {@code results} map each host id to something of the host's. */
    private ApiResponse hostMap(Identity identity, String hostIdList, QueryParameters parameters,
                                BiConsumer<Host, ObjectNode> writer) {
        List<UUID> ids = HostRequests.hostIds(hostIdList);
        PageRequest paging = HostRequests.paging(parameters);
        HostPage page = reads.byIds(identity.tenant(), ids, false, HostRequests.ordering(parameters), paging);
        ObjectNode results = JSON.objectNode();
        for (Host host : page.items()) {
            writer.accept(host, results);
        }
        return ApiResponse.ok(envelope(paging, page.total(), page.items().size(), results));
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }

    /** The paginated envelope {@code {total, count, page, per_page, results}} of a page. */
    static <T> ApiResponse envelope(PageRequest paging, Page<T> page, Function<T, ObjectNode> render) {
        ArrayNode results = JSON.arrayNode();
        page.items().forEach(item -> results.add(render.apply(item)));
        return ApiResponse.ok(envelope(paging, page.total(), page.items().size(), results));
    }

    private static ObjectNode envelope(PageRequest paging, long total, int count, JsonNode results) {
        ObjectNode body = JSON.objectNode();
        body.put("total", total);
        body.put("count", count);
        body.put("page", paging.page());
        body.put("per_page", paging.perPage());
        body.set("results", results);
        return body;
    }
}
