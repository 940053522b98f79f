package io.hbi.inventory.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.events.PayloadStatus;
import io.hbi.inventory.events.PayloadTracker;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.host.NulCharacters;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The changes to existing hosts (contract §1.7): display_name/ansible_host, the facts merge/replace, and the delete.
 * Each changed host is written with its {@code updated} event (the host after the change, decisions.md 1) in one
 * transaction; each deleted host with its {@code delete} event ({@link HostDeletion}).
 */
public final class HostEdits {

    static final String EMPTY_PATCH = "Patch json document cannot be empty.";
    static final String EMPTY_MERGE = "ERROR: Invalid request.  Merging empty facts into existing facts is a no-op.";
    static final String HOSTS_MISMATCH = "ERROR: The number of hosts requested does not match the number of hosts "
            + "found in the system.  The host ids may not exist, may belong to another account, may be culled, or may "
            + "not contain the namespace.";
    public static final String NONE_FOUND = "No host found for the ids given.";

    /** What a delete did: whether any host matched, and the payload-tracker messages of the request (contract §7). */
    public record Deletion(boolean found, List<String> trackerMessages) {
    }

    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final StalenessSettings staleness;
    private final Clock clock;
    private final HostDeletion deletion;
    private final PayloadTracker tracker;

    public HostEdits(Transactions transactions, HostRepository hosts, EventOutbox outbox, OutboxEvents events,
                     StalenessSettings staleness, Clock clock, HostDeletion deletion, PayloadTracker tracker) {
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.clock = clock;
        this.deletion = deletion;
        this.tracker = tracker;
    }

    /**
     * Sets display_name and/or ansible_host (null: unchanged) of the tenant's hosts among {@code ids}.
     *
     * @throws NotFoundException     when none of them is the tenant's
     * @throws InvalidInputException when both are null
     */
    public void patch(Tenant tenant, List<UUID> ids, String displayName, String ansibleHost, String requestId) {
        transactions.inTransaction(connection -> {
            StalenessRules rules = staleness.rulesOf(connection, tenant);
            List<Host> found = lock(connection, tenant, ids, rules);
            if (found.isEmpty()) {
                throw new NotFoundException(NONE_FOUND);
            }
            if (displayName == null && ansibleHost == null) {
                throw new InvalidInputException(EMPTY_PATCH);
            }
            // an edit is not a check-in: last_check_in (and the provider) stay as they are
            return save(connection, found, rules, requestId, (host, now) -> host.edited(
                    displayName != null ? displayName : host.displayName(),
                    ansibleHost != null ? ansibleHost : host.ansibleHost(), host.facts(), now));
        });
    }

    /**
     * Merges the top-level keys of {@code facts} into the namespace of every one of the hosts.
     *
     * @throws InvalidInputException when {@code facts} is empty, or when not every id is a host of the tenant's
     *                               that has the namespace
     */
    public void mergeFacts(Tenant tenant, List<UUID> ids, String namespace, ObjectNode facts, String requestId) {
        if (facts.isEmpty()) {
            throw new InvalidInputException(EMPTY_MERGE);
        }
        updateFacts(tenant, ids, namespace, requestId, stored -> {
            ObjectNode merged = stored == null || !stored.isObject() || stored.isEmpty()
                    ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) stored).deepCopy();
            merged.setAll(facts);
            return merged;
        });
    }

    /**
     * Makes the namespace of every one of the hosts exactly {@code facts}.
     *
     * @throws InvalidInputException when not every id is a host of the tenant's that has the namespace
     */
    public void replaceFacts(Tenant tenant, List<UUID> ids, String namespace, ObjectNode facts,
                             String requestId) {
        updateFacts(tenant, ids, namespace, requestId, stored -> facts.deepCopy());
    }

    /**
     * Deletes the tenant's non-culled hosts among the ids, each in its own transaction with its {@code delete}
     * event. A host removed concurrently by someone else gets no event from this request. The payload-tracker
     * messages carry the tenant's account, when it has one.
     */
    public Deletion delete(Tenant tenant, List<UUID> ids, String requestId) {
        String request = requestId == null || requestId.isEmpty() ? HostEvents.NO_REQUEST_ID : requestId;
        PayloadTracker.Messages messages = tracker.start(request, tenant.account())
                .add(PayloadStatus.RECEIVED, null, "delete operation");
        HostDeletion.Result result = deletion.delete(ids, tenant, request, clock.instant());
        if (result.selected() == 0) {
            messages.add(PayloadStatus.ERROR, null, null);
            return new Deletion(false, messages.messages());
        }
        for (UUID id : result.deleted()) {
            messages.add(PayloadStatus.PROCESSING, null, "deleted host")
                    .add(PayloadStatus.PROCESSING_SUCCESS, id.toString(), null);
        }
        messages.add(PayloadStatus.SUCCESS, null, null);
        return new Deletion(true, messages.messages());
    }

    private void updateFacts(Tenant tenant, List<UUID> ids, String namespace, String requestId,
                             Function<JsonNode, ObjectNode> change) {
        if (NulCharacters.contains(namespace)) {
            throw new InvalidInputException("namespace: the value holds a NUL character");
        }
        transactions.inTransaction(connection -> {
            StalenessRules rules = staleness.rulesOf(connection, tenant);
            List<Host> found = lock(connection, tenant, new ArrayList<>(new LinkedHashSet<>(ids)), rules).stream()
                    .filter(host -> host.facts() != null && host.facts().has(namespace)).toList();
            if (found.size() != ids.size()) {
                throw new InvalidInputException(HOSTS_MISMATCH);
            }
            return save(connection, found, rules, requestId, (host, now) -> {
                ObjectNode facts = host.facts().deepCopy();
                facts.set(namespace, change.apply(host.facts().get(namespace)));
                return host.edited(host.displayName(), host.ansibleHost(), facts, now);
            });
        });
    }

    /** The tenant's hosts among the ids that its rules do not cull, locked. */
    private List<Host> lock(Connection connection, Tenant tenant, List<UUID> ids, StalenessRules rules)
            throws SQLException {
        return hosts.findForUpdate(connection, tenant, ids, rules, clock.instant());
    }

    private List<Host> save(Connection connection, List<Host> found, StalenessRules rules, String requestId,
                            BiFunction<Host, OffsetDateTime, Host> change) throws SQLException {
        OffsetDateTime now = DatabaseTime.now(clock);
        List<Host> changed = new ArrayList<>();
        List<OutboxEvent> pending = new ArrayList<>();
        for (Host host : found) {
            Host updated = change.apply(host, now);
            hosts.upsert(connection, updated);
            pending.addAll(events.changed(HostEventType.UPDATED, updated, rules, Door.REST, null, requestId));
            changed.add(updated);
        }
        outbox.append(connection, pending);
        return changed;
    }
}
