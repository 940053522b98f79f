package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.host.HostListSchema;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.ingest.HostOutcome;
import io.hbi.inventory.ingest.RestIngress;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * {@code POST /hosts} (contract §1.7): a JSON array of hosts answered 207 with one result per host. A body that does
 * not match the request schema ({@link HostListSchema}: not an array, a host without a required field, a null, a wrong
 * JSON type, a malformed facts item) is refused whole (400) and nothing is stored.
 */
public final class AddHostsOperation {

    private final RestIngress ingress;
    private final ObjectMapper json;

    public AddHostsOperation(RestIngress ingress, ObjectMapper json) {
        this.ingress = ingress;
        this.json = json;
    }

    public ApiResponse addHosts(@ExchangeProperty("identity") Identity identity,
                                @Header("x-rh-insights-request-id") String requestId, @Body String body) {
        JsonNode hosts = JsonBody.read(json, body);
        (identity.byOrg() ? HostListSchema.sharedTodays() : HostListSchema.shared()).violation(hosts)
                .ifPresent(violation -> {
            throw ProblemException.badRequest(violation);
        });
        RestIngress.Batch batch = ingress.addHosts(identity, requestId, hosts);
        return new ApiResponse(207, multiStatus(batch), batch.trackerMessages());
    }

    /** {@code {total, errors, data}}: each host's status with the stored host, or its problem and the host as sent. */
    private ObjectNode multiStatus(RestIngress.Batch batch) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        int errors = 0;
        for (int i = 0; i < batch.outcomes().size(); i++) {
            HostOutcome outcome = batch.outcomes().get(i);
            ObjectNode entry = data.addObject();
            if (outcome instanceof HostOutcome.Stored stored) {
                entry.put("status", stored.created() ? 201 : 200);
                entry.set("host", HostJson.restHost(stored.host(), stored.staleness()));
                continue;
            }
            errors++;
            if (outcome instanceof HostOutcome.Rejected rejected) {
                entry.put("status", 400);
                entry.put("title", rejected.title());
                entry.put("type", "about:blank");
                entry.put("detail", rejected.detail());
            } else {
                entry.put("status", 500);
                entry.put("title", "Error");
                entry.put("type", "unknown");
                entry.put("detail", outcome.detail());
            }
            entry.set("host", batch.submissions().get(i).host());
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("total", batch.outcomes().size());
        response.put("errors", errors);
        response.set("data", data);
        return response;
    }
}
