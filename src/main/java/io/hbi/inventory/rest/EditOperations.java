package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.edit.HostEdits;
import io.hbi.inventory.identity.Identity;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The write operations on existing hosts (contract §1.7): PATCH of display_name/ansible_host, the facts merge and
 * replace, and DELETE. The body is checked here (a JSON object, the PATCH fields' types and lengths); a success
 * answers the JSON number 200, as HBI did, and DELETE an empty 200.
 */
public final class EditOperations {

    static final Set<String> PARAMETERS = Set.of("branch_id");
    static final ApiResponse DONE = ApiResponse.ok(200);

    private static final String REQUEST_ID = "x-rh-insights-request-id";

    private final HostEdits edits;
    private final ObjectMapper json;

    public EditOperations(HostEdits edits, ObjectMapper json) {
        this.edits = edits;
        this.json = json;
    }

    /** PATCH /hosts/{host_id_list}: {@code {display_name?, ansible_host?}}. */
    public ApiResponse patch(@ExchangeProperty("identity") Identity identity,
                             @Header("host_id_list") String hostIdList,
                             @Header(ReadOperations.RAW_QUERY) String rawQuery,
                             @Header(REQUEST_ID) String requestId, @Body String body) {
        ObjectNode document = object(body);
        List<UUID> ids = HostRequests.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        String displayName = text(document, "display_name", 1, 200);
        String ansibleHost = text(document, "ansible_host", 0, 255);
        edits.patch(identity.tenant(), ids, displayName, ansibleHost, requestId);
        return DONE;
    }

    /** PATCH /hosts/{host_id_list}/facts/{namespace}: top-level keys merged into the namespace. */
    public ApiResponse mergeFacts(@ExchangeProperty("identity") Identity identity,
                                  @Header("host_id_list") String hostIdList, @Header("namespace") String namespace,
                                  @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                  @Header(REQUEST_ID) String requestId, @Body String body) {
        return changeFacts(hostIdList, rawQuery, body, (ids, facts) ->
                edits.mergeFacts(identity.tenant(), ids, namespace, facts, requestId));
    }

    /** PUT /hosts/{host_id_list}/facts/{namespace}: the namespace becomes exactly the body. */
    public ApiResponse replaceFacts(@ExchangeProperty("identity") Identity identity,
                                    @Header("host_id_list") String hostIdList, @Header("namespace") String namespace,
                                    @Header(ReadOperations.RAW_QUERY) String rawQuery,
                                    @Header(REQUEST_ID) String requestId, @Body String body) {
        return changeFacts(hostIdList, rawQuery, body, (ids, facts) ->
                edits.replaceFacts(identity.tenant(), ids, namespace, facts, requestId));
    }

    /** The body (a JSON object), the ids, the query string, in this order of checks; then the change. */
    private ApiResponse changeFacts(String hostIdList, String rawQuery, String body,
                                    BiConsumer<List<UUID>, ObjectNode> change) {
        ObjectNode facts = object(body);
        List<UUID> ids = HostRequests.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        change.accept(ids, facts);
        return DONE;
    }

    /** DELETE /hosts/{host_id_list}: 200 with an empty body, or 404 when none of the ids is the caller's host. */
    public ApiResponse delete(@ExchangeProperty("identity") Identity identity,
                              @Header("host_id_list") String hostIdList,
                              @Header(ReadOperations.RAW_QUERY) String rawQuery,
                              @Header(REQUEST_ID) String requestId) {
        List<UUID> ids = HostRequests.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        HostEdits.Deletion deletion = edits.delete(identity.tenant(), ids, requestId);
        return deletion.found()
                ? new ApiResponse(200, null, deletion.trackerMessages())
                : new ApiResponse(404, Problems.body(404, "Not Found", HostEdits.NONE_FOUND),
                        deletion.trackerMessages());
    }

    private ObjectNode object(String body) {
        return JsonBody.object(json, body);
    }

    /** A string member of the PATCH body within the length bounds; null when absent. */
    private static String text(ObjectNode document, String name, int min, int max) {
        JsonNode value = document.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(name + ": " + value + " is not of type 'string'");
        }
        String text = value.asText();
        if (text.length() < min || text.length() > max) {
            throw ProblemException.badRequest("{'" + name + "': ['Length must be between " + min + " and " + max + ".']}");
        }
        return text;
    }
}
