package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.events.PayloadStatus;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.HostListSchema;
import io.hbi.inventory.http.JsonBody;
import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.staleness.StalenessWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST door, {@code POST /hosts} (contract §1.7): a JSON array of hosts answered 207 with one result per host.
 * A body that does not match the request schema ({@link HostListSchema}: not an array, a host without a required
 * field, a null, a wrong JSON type, a malformed facts item) is refused whole (400) and nothing is stored; any other
 * problem with one host is that host's 400 and never affects its neighbours.
 */
public final class RestIngress {

    /** The 207 body and the payload-tracker messages of one request. */
    public record Response(ObjectNode body, List<String> trackerMessages) implements TrackerMessages {
    }

    private final HostIngestion ingestion;
    private final PayloadTracker tracker;
    private final StalenessWindow staleness;
    private final InventoryMetrics metrics;
    private final ObjectMapper json;

    public RestIngress(HostIngestion ingestion, PayloadTracker tracker,
                       StalenessWindow staleness, InventoryMetrics metrics, ObjectMapper json) {
        this.ingestion = ingestion;
        this.tracker = tracker;
        this.staleness = staleness;
        this.metrics = metrics;
        this.json = json;
    }

    public Response addHosts(Identity identity, String requestId, String body) {
        JsonNode hosts = parse(body);
        String request = requestId == null || requestId.isEmpty() ? HostEvents.NO_REQUEST_ID : requestId;
        PayloadTracker.Messages messages = tracker.start(request, identity.accountNumber())
                .add(PayloadStatus.RECEIVED, null, "add host operation");
        List<HostSubmission> submissions = new ArrayList<>();
        for (JsonNode host : hosts) {
            submissions.add(new HostSubmission(host, Door.REST, identity, request, null));
        }
        List<HostOutcome> outcomes = ingestion.ingest(submissions);
        ArrayNode data = json.createArrayNode();
        int errors = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            HostOutcome outcome = outcomes.get(i);
            metrics.restPost(submissions.get(i).reporterLabel());
            messages.hostOutcome(outcome);
            ObjectNode entry = data.addObject();
            if (outcome instanceof HostOutcome.Stored stored) {
                entry.put("status", stored.created() ? 201 : 200);
                entry.set("host", HostJson.restHost(stored.host(), staleness));
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
                entry.put("detail", ((HostOutcome.Failed) outcome).detail());
            }
            entry.set("host", submissions.get(i).host());
        }
        messages.add(PayloadStatus.SUCCESS, null, null);
        ObjectNode response = json.createObjectNode();
        response.put("total", outcomes.size());
        response.put("errors", errors);
        response.set("data", data);
        return new Response(response, messages.messages());
    }

    private JsonNode parse(String body) {
        JsonNode hosts = JsonBody.read(json, body);
        HostListSchema.shared().violation(hosts).ifPresent(violation -> {
            throw ProblemException.badRequest(violation);
        });
        return hosts;
    }
}
