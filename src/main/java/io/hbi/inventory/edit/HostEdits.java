package io.hbi.inventory.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.NulCharacters;
import io.hbi.inventory.events.PayloadStatus;
import io.hbi.inventory.http.ApiResponse;
import io.hbi.inventory.http.Problems;
import io.hbi.inventory.ingest.PayloadTracker;
import io.hbi.inventory.store.HostDeletion;
import io.hbi.inventory.http.JsonBody;
import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.QueryParameters;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.ingest.TrackerMessages;
import io.hbi.inventory.query.HostReadApi;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The write operations on existing hosts (contract §1.7): PATCH of display_name/ansible_host and the facts
 * merge/replace. Each changed host is written with its {@code updated} event (the host after the change,
 * decisions.md 1) in one transaction. Errors are problem bodies (decisions.md 6); a success answers the JSON
 * number 200, as HBI did.
 */
public final class HostEdits {

    static final Set<String> PARAMETERS = Set.of("branch_id");
    static final ApiResponse DONE = ApiResponse.ok(200);
    static final String EMPTY_PATCH = "Patch json document cannot be empty.";
    static final String EMPTY_MERGE = "ERROR: Invalid request.  Merging empty facts into existing facts is a no-op.";
    static final String HOSTS_MISMATCH = "ERROR: The number of hosts requested does not match the number of hosts "
            + "found in the system.  The host ids may not exist, may belong to another account, may be culled, or may "
            + "not contain the namespace.";

    /** An answer and the payload-tracker messages of the request (DELETE reports to the tracker, contract §7). */
    public record Tracked(ApiResponse response, List<String> trackerMessages) implements TrackerMessages {
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final HostEvents events;
    private final StalenessWindow staleness;
    private final Clock clock;
    private final ObjectMapper json;
    private final String eventTopic;
    private final HostDeletion deletion;
    private final PayloadTracker tracker;

    public HostEdits(Transactions transactions, HostRepository hosts, EventOutbox outbox, HostEvents events,
                     StalenessWindow staleness, Clock clock, ObjectMapper json, String eventTopic,
                     HostDeletion deletion, PayloadTracker tracker) {
        this.deletion = deletion;
        this.tracker = tracker;
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.clock = clock;
        this.json = json;
        this.eventTopic = eventTopic;
    }

    /** PATCH /hosts/{host_id_list}: {@code {display_name?, ansible_host?}}. */
    public ApiResponse patch(Identity identity, String hostIdList, String rawQuery, String requestId, String body) {
        ObjectNode document = object(body);
        List<UUID> ids = HostReadApi.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        String displayName = text(document, "display_name", 1, 200);
        String ansibleHost = text(document, "ansible_host", 0, 255);
        transactions.inTransaction(connection -> {
            List<Host> found = lock(connection, identity, ids);
            if (found.isEmpty()) {
                throw ProblemException.notFound("No host found for the ids given.");
            }
            if (displayName == null && ansibleHost == null) {
                throw ProblemException.badRequest(EMPTY_PATCH);
            }
            return save(connection, found, requestId, (host, now) -> new Host(host.id(), host.account(),
                    displayName != null ? displayName : host.displayName(),
                    ansibleHost != null ? ansibleHost : host.ansibleHost(), host.canonicalFacts(), host.facts(),
                    host.tags(), host.systemProfile(), host.staleTimestamp(), host.reporter(), host.created(), now));
        });
        return DONE;
    }

    /**
     * DELETE /hosts/{host_id_list}: each of the account's non-culled hosts among the ids deleted in its own
     * transaction with its {@code delete} event; 404 when none matches. A host removed concurrently by someone else
     * gets no event from this request.
     */
    public Tracked delete(Identity identity, String hostIdList, String rawQuery, String requestId) {
        List<UUID> ids = HostReadApi.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        String request = requestId == null || requestId.isEmpty() ? HostEvents.NO_REQUEST_ID : requestId;
        PayloadTracker.Messages messages = tracker.start(request, identity.accountNumber())
                .add(PayloadStatus.RECEIVED, null, "delete operation");
        HostDeletion.Result result = deletion.delete(ids, identity.accountNumber(), request, clock.instant());
        if (result.selected() == 0) {
            messages.add(PayloadStatus.ERROR, null, null);
            return new Tracked(new ApiResponse(404, Problems.body(404, "Not Found", "No host found for the ids given.")),
                    messages.messages());
        }
        for (UUID id : result.deleted()) {
            messages.add(PayloadStatus.PROCESSING, null, "deleted host")
                    .add(PayloadStatus.PROCESSING_SUCCESS, id.toString(), null);
        }
        messages.add(PayloadStatus.SUCCESS, null, null);
        return new Tracked(new ApiResponse(200, null), messages.messages());
    }

    /** PATCH /hosts/{host_id_list}/facts/{namespace}: top-level keys merged into the namespace. */
    public ApiResponse mergeFacts(Identity identity, String hostIdList, String namespace, String rawQuery,
                                  String requestId, String body) {
        ObjectNode facts = object(body);
        List<UUID> ids = HostReadApi.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        if (facts.isEmpty()) {
            throw ProblemException.badRequest(EMPTY_MERGE);
        }
        return updateFacts(identity, ids, namespace, requestId, stored -> {
            ObjectNode merged = stored == null || !stored.isObject() || stored.isEmpty()
                    ? json.createObjectNode() : ((ObjectNode) stored).deepCopy();
            merged.setAll(facts);
            return merged;
        });
    }

    /** PUT /hosts/{host_id_list}/facts/{namespace}: the namespace becomes exactly the body. */
    public ApiResponse replaceFacts(Identity identity, String hostIdList, String namespace, String rawQuery,
                                    String requestId, String body) {
        ObjectNode facts = object(body);
        List<UUID> ids = HostReadApi.hostIds(hostIdList);
        QueryParameters.parse(rawQuery, PARAMETERS);
        return updateFacts(identity, ids, namespace, requestId, stored -> facts.deepCopy());
    }

    private ApiResponse updateFacts(Identity identity, List<UUID> ids, String namespace, String requestId,
                                    java.util.function.Function<JsonNode, ObjectNode> change) {
        if (NulCharacters.contains(namespace)) {
            throw ProblemException.badRequest("namespace: the value holds a NUL character");
        }
        transactions.inTransaction(connection -> {
            List<Host> found = lock(connection, identity, new ArrayList<>(new LinkedHashSet<>(ids))).stream()
                    .filter(host -> host.facts() != null && host.facts().has(namespace)).toList();
            if (found.size() != ids.size()) {
                throw ProblemException.badRequest(HOSTS_MISMATCH);
            }
            return save(connection, found, requestId, (host, now) -> {
                ObjectNode facts = host.facts().deepCopy();
                facts.set(namespace, change.apply(host.facts().get(namespace)));
                return new Host(host.id(), host.account(), host.displayName(), host.ansibleHost(),
                        host.canonicalFacts(), facts, host.tags(), host.systemProfile(), host.staleTimestamp(),
                        host.reporter(), host.created(), now);
            });
        });
        return DONE;
    }

    private List<Host> lock(Connection connection, Identity identity, List<UUID> ids) throws SQLException {
        return hosts.findForUpdate(connection, identity.accountNumber(), ids, staleness.culledBefore(clock.instant()));
    }

    private List<Host> save(Connection connection, List<Host> found, String requestId,
                            BiFunction<Host, OffsetDateTime, Host> change) throws SQLException {
        OffsetDateTime now = DatabaseTime.now(clock);
        List<Host> changed = new ArrayList<>();
        List<OutboxEvent> pending = new ArrayList<>();
        for (Host host : found) {
            Host updated = change.apply(host, now);
            hosts.upsert(connection, updated);
            pending.add(OutboxEvent.of(eventTopic, updated.id().toString(), Map.of("event_type", "updated"),
                    events.hostEvent(HostEventType.UPDATED, updated, null, requestId).toString()));
            changed.add(updated);
        }
        outbox.append(connection, pending);
        return changed;
    }

    private ObjectNode object(String body) {
        JsonNode document = JsonBody.read(json, body);
        if (!document.isObject()) {
            throw ProblemException.badRequest("Request body must be a JSON object");
        }
        if (NulCharacters.holds(document)) {
            throw ProblemException.badRequest("Request body holds a NUL character, which cannot be stored");
        }
        return (ObjectNode) document;
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
