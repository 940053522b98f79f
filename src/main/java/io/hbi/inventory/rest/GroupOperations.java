package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.groups.GroupEdits;
import io.hbi.inventory.groups.GroupReads;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.selection.GroupCount;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.HostPage;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.SparseFields;
import io.hbi.inventory.selection.Tenant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The group operations of the REST API (hbi-later.md §L4.2, decisions.md 12): the parameters and bodies each declares,
 * checked in later HBI's words where it has them; the group's use case; the answer. A group is shown as
 * {@code {id, name, org_id, account, ungrouped, created, updated, host_count}}, a list of them in the paginated
 * envelope. A {@code System} identity may not use them (403): it sees and edits only the hosts it owns (decisions.md
 * 16), and a group spans hosts of any owner (later HBI refuses it too when RBAC is enforced, §L1.3). Write operations
 * declare no query parameter, so any is a 400 (decisions.md 11). The query string is checked before a path's
 * {@code group_id}: Camel puts query parameters and path parameters into the same headers.
 */
public final class GroupOperations {

    static final Set<String> LIST_PARAMETERS = Set.of("name", "group_type", "page", "per_page", "order_by",
            "order_how");
    static final Set<String> BY_ID_PARAMETERS = Set.of("page", "per_page", "order_by", "order_how");
    /** GET /groups/{id}/hosts: the host list's parameters but the group filters (the group is the path's). */
    static final Set<String> HOSTS_PARAMETERS = without(ReadOperations.LIST_PARAMETERS, ReadOperations.GROUP_FILTERS);
    static final Set<String> WRITE_PARAMETERS = Set.of();

    /** The {@code group_type} values: there is no ungrouped-hosts group (decisions.md 12), so that type lists none. */
    static final List<String> GROUP_TYPES = List.of("standard", "ungrouped-hosts", "all");

    /** The exchange property naming a renamed group, whose members' events the route then writes. */
    public static final String RENAMED_GROUP = "renamedGroup";

    static final String EMPTY_HOST_LIST = "Body content must be an array with system UUIDs, not an empty array";
    static final String NOT_A_HOST_LIST = "Body content must be an array with system UUIDs";
    static final String HOST_IDS_NOT_UNIQUE = "Host IDs must be unique.";
    static final String EMPTY_PATCH = "Patch json document cannot be empty.";
    static final String SYSTEM_REFUSED = "A System identity cannot use groups: it sees and changes only the hosts it owns.";
    static final Set<String> BODY_FIELDS = Set.of("name", "host_ids");

    private static final String REQUEST_ID = "x-rh-insights-request-id";

    private final GroupReads reads;
    private final GroupEdits edits;
    private final ObjectMapper json;

    public GroupOperations(GroupReads reads, GroupEdits edits, ObjectMapper json) {
        this.reads = reads;
        this.edits = edits;
        this.json = json;
    }

    /** GET /groups: {@code name} (case-insensitive substring), {@code group_type}, paging, ordering. */
    public ApiResponse listGroups(@ExchangeProperty("identity") Identity identity,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        Tenant tenant = tenant(identity);
        QueryParameters parameters = QueryParameters.parse(rawQuery, LIST_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        GroupOrdering ordering = ordering(parameters);
        String name = parameters.single("name").orElse(null);
        boolean none = parameters.oneOf("group_type", GROUP_TYPES).orElse("standard").equals("ungrouped-hosts");
        Page<GroupCount> page = none ? paging.requireInRange(new Page<GroupCount>(0, List.of()))
                : reads.list(tenant, name, ordering, paging);
        return ReadOperations.envelope(paging, page, GroupOperations::group);
    }

    /** GET /groups/{group_id_list}: 404 unless every id is one of the tenant's groups. */
    public ApiResponse groupsById(@ExchangeProperty("identity") Identity identity,
                                  @Header("group_id_list") String groupIdList,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        Tenant tenant = tenant(identity);
        List<UUID> ids = HostRequests.ids("group_id_list", groupIdList);
        QueryParameters parameters = QueryParameters.parse(rawQuery, BY_ID_PARAMETERS);
        PageRequest paging = HostRequests.paging(parameters);
        return ReadOperations.envelope(paging, reads.byIds(tenant, ids, ordering(parameters), paging),
                GroupOperations::group);
    }

    /** POST /groups {@code {name, host_ids?}}: 201 with the new group, its hosts moved into it. */
    public ApiResponse createGroup(@ExchangeProperty("identity") Identity identity,
                                   @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                   @Header(REQUEST_ID) String requestId, @Body String body) {
        Tenant tenant = tenant(identity);
        ObjectNode document = groupBody(body);
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        String name = name(document, true);
        List<UUID> hostIds = document.has("host_ids") ? hostIds(document.get("host_ids"), "host_ids") : List.of();
        return new ApiResponse(201, group(edits.create(tenant, name, hostIds, requestId)));
    }

    /**
     * PATCH /groups/{group_id} (one id, in the path of GET and DELETE /groups/{group_id_list}) {@code {name?,
     * host_ids?}}: renames and/or replaces the members; a rename sets
     * {@link #RENAMED_GROUP}, for the route to write the members' events.
     */
    public ApiResponse patchGroup(@ExchangeProperty("identity") Identity identity,
                                  @Header("group_id_list") String groupId,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                  @Header(REQUEST_ID) String requestId, @Body String body,
                                  @ExchangeProperties Map<String, Object> properties) {
        Tenant tenant = tenant(identity);
        ObjectNode document = groupBody(body);
        UUID id = id("group_id_list", groupId);
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        if (document.isEmpty()) {
            throw ProblemException.badRequest(EMPTY_PATCH);
        }
        String name = name(document, false);
        List<UUID> hostIds = document.has("host_ids") ? hostIds(document.get("host_ids"), "host_ids") : null;
        GroupEdits.Patched patched = edits.patch(tenant, id, name, hostIds, requestId);
        if (patched.renamed()) {
            properties.put(RENAMED_GROUP, id);
        }
        return ApiResponse.ok(group(patched.group()));
    }

    /** DELETE /groups/{group_id_list}: 204; their hosts leave them. */
    public ApiResponse deleteGroups(@ExchangeProperty("identity") Identity identity,
                                    @Header("group_id_list") String groupIdList,
                                    @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                    @Header(REQUEST_ID) String requestId) {
        Tenant tenant = tenant(identity);
        List<UUID> ids = HostRequests.ids("group_id_list", groupIdList);
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        edits.delete(tenant, ids, requestId);
        return new ApiResponse(204, null);
    }

    /** GET /groups/{group_id}/hosts: the group's hosts, with the host list's filters, paging, ordering and fields. */
    public ApiResponse groupHosts(@ExchangeProperty("identity") Identity identity,
                                  @Header("group_id") String groupId,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        Tenant tenant = tenant(identity);
        // the query first: a query parameter group_id (undeclared here) would reach the path's header too
        QueryParameters parameters = QueryParameters.parse(rawQuery, HOSTS_PARAMETERS);
        UUID id = id("group_id", groupId);
        PageRequest paging = HostRequests.paging(parameters);
        SparseFields fields = ProfileRequests.fields(parameters);
        HostPage page = reads.hosts(tenant, id,
                HostRequests.filter(parameters).withSystemProfile(ProfileRequests.filter(parameters)),
                HostRequests.ordering(parameters), paging, fields);
        return ReadOperations.envelope(paging, page.page(), host ->
                ReadOperations.withProfile(HostJson.restHost(host, page.staleness()), host, fields));
    }

    /** POST /groups/{group_id}/hosts, a JSON array of host ids: 200 with the group; the hosts move into it. */
    public ApiResponse addHosts(@ExchangeProperty("identity") Identity identity,
                                @Header("group_id") String groupId,
                                @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                @Header(REQUEST_ID) String requestId, @Body String body) {
        Tenant tenant = tenant(identity);
        JsonNode document = JsonBody.read(json, body);
        if (!document.isArray()) {
            throw ProblemException.badRequest(NOT_A_HOST_LIST);
        }
        if (document.isEmpty()) {
            throw ProblemException.badRequest(EMPTY_HOST_LIST);
        }
        List<UUID> hostIds = hostIds(document, "Body content");
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        UUID id = id("group_id", groupId);
        return ApiResponse.ok(group(edits.addHosts(tenant, id, hostIds, requestId)));
    }

    /** DELETE /groups/{group_id}/hosts/{host_id_list}: 204; 404 when none of them is in the group. */
    public ApiResponse removeHosts(@ExchangeProperty("identity") Identity identity,
                                   @Header("group_id") String groupId,
                                   @Header("host_id_list") String hostIdList,
                                   @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                   @Header(REQUEST_ID) String requestId) {
        Tenant tenant = tenant(identity);
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        UUID id = id("group_id", groupId);
        List<UUID> hostIds = HostRequests.hostIds(hostIdList);
        edits.removeHosts(tenant, id, hostIds, requestId);
        return new ApiResponse(204, null);
    }

    /** DELETE /groups/hosts/{host_id_list}: 204; each host leaves its group; 404 when one is not the tenant's. */
    public ApiResponse removeFromGroups(@ExchangeProperty("identity") Identity identity,
                                       @Header("host_id_list") String hostIdList,
                                       @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                       @Header(REQUEST_ID) String requestId) {
        Tenant tenant = tenant(identity);
        List<UUID> hostIds = HostRequests.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, WRITE_PARAMETERS);
        edits.removeFromGroups(tenant, hostIds, requestId);
        return new ApiResponse(204, null);
    }

    /** A group as the API shows it: its keys (HostJson#restGroup) and {@code host_count}. */
    static ObjectNode group(GroupCount counted) {
        return HostJson.restGroup(counted.group()).put("host_count", counted.hostCount());
    }

    /** The caller's tenant; a System identity is refused (403). */
    private static Tenant tenant(Identity identity) {
        if (identity.isSystem()) {
            throw new ProblemException(403, "Forbidden", SYSTEM_REFUSED);
        }
        return identity.tenant();
    }

    /** {@code order_by} (name, host_count, updated) and {@code order_how} (ASC, DESC in any case). */
    private static GroupOrdering ordering(QueryParameters parameters) {
        String by = parameters.oneOf("order_by", GroupOrdering.COLUMNS).orElse(null);
        String how = parameters.single("order_how").orElse(null);
        if (how != null && !GroupOrdering.DIRECTIONS.contains(how.toUpperCase(java.util.Locale.ROOT))) {
            throw ProblemException.badRequest("order_how: '" + how + "' is not one of ['ASC', 'DESC']");
        }
        return GroupOrdering.of(by, how);
    }

    /** The body of POST and PATCH /groups: a JSON object of {@link #BODY_FIELDS} only. */
    private ObjectNode groupBody(String body) {
        ObjectNode document = JsonBody.object(json, body);
        Set<String> unknown = new TreeSet<>();
        document.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(BODY_FIELDS);
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("{'" + unknown.iterator().next() + "': ['Unknown field.']}");
        }
        return document;
    }

    /** The body's {@code name}, checked ({@link HostGroup#checkedName}); null when absent and not required. */
    private static String name(ObjectNode document, boolean required) {
        JsonNode value = document.get("name");
        if (value == null) {
            if (required) {
                throw ProblemException.badRequest("{'name': ['Missing data for required field.']}");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest("{'name': ['Not a valid string.']}");
        }
        return HostGroup.checkedName(value.asText());
    }

    /** A JSON array of distinct host ids (any uuid spelling, decisions.md 2); {@code what} names it in errors. */
    private static List<UUID> hostIds(JsonNode value, String what) {
        if (!value.isArray()) {
            throw ProblemException.badRequest("{'" + what + "': ['Not a valid list.']}");
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || UuidFormat.parse(item.asText()).isEmpty()) {
                throw ProblemException.badRequest(what + ": " + item + " is not a valid UUID");
            }
            ids.add(UuidFormat.parse(item.asText()).get());
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.badRequest(HOST_IDS_NOT_UNIQUE);
        }
        return ids;
    }

    /** One uuid of a path parameter. */
    private static UUID id(String parameter, String value) {
        List<UUID> ids = HostRequests.ids(parameter, value);
        if (ids.size() != 1) {
            throw ProblemException.badRequest(parameter + ": '" + value + "' is not a 'uuid'");
        }
        return ids.get(0);
    }

    private static Set<String> without(Set<String> all, Set<String> removed) {
        Set<String> kept = new LinkedHashSet<>(all);
        kept.removeAll(removed);
        return Set.copyOf(kept);
    }
}
