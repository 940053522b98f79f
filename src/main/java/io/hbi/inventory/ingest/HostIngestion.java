package io.hbi.inventory.ingest;

import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.DedupPlan;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostInput;
import io.hbi.inventory.host.HostMerge;
import io.hbi.inventory.host.HostValidator;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.store.BatchDedup;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.StoreException;
import io.hbi.inventory.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline both doors share: validation, the account check, then deduplication and upsert of every valid host
 * of a batch in one transaction, with the events of each change written to the outbox in that same transaction.
 */
public final class HostIngestion {

    private static final Logger LOG = LoggerFactory.getLogger(HostIngestion.class);

    private final HostValidator validator;
    private final Transactions transactions;
    private final HostRepository hosts;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final InventoryMetrics metrics;
    private final Clock clock;
    private final BatchDedup dedup;
    private final InflightBytes inflight;

    /** {@code inflight}: the bound on the hosts being ingested at once. */
    public HostIngestion(HostValidator validator, Transactions transactions, HostRepository hosts, EventOutbox outbox,
                         OutboxEvents events, StalenessSettings staleness, InventoryMetrics metrics, Clock clock,
                         InflightBytes inflight) {
        this.inflight = inflight;
        this.validator = validator;
        this.transactions = transactions;
        this.hosts = hosts;
        this.outbox = outbox;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.dedup = new BatchDedup(hosts, staleness);
    }

    /**
     * Waits until a batch of about {@code bytes} of JSON may be ingested ({@link InflightBytes}): each door holds the
     * share from before it parses the batch until the batch has committed.
     */
    public InflightBytes.Share admit(long bytes) {
        return inflight.acquire(bytes);
    }

    /**
     * Ingests a batch, admitted by {@link #admit}; the outcomes are in the order of the submissions. Invalid hosts
     * never affect their neighbours.
     *
     * @throws io.hbi.inventory.store.StoreUnavailableException when the database is unavailable: nothing of the
     *                                                          batch was stored, and the whole batch may be retried
     */
    public List<HostOutcome> ingest(List<HostSubmission> submissions) {
        HostOutcome[] outcomes = new HostOutcome[submissions.size()];
        List<Integer> valid = new ArrayList<>();
        List<HostInput> inputs = new ArrayList<>();
        for (int i = 0; i < submissions.size(); i++) {
            HostSubmission submission = submissions.get(i);
            HostValidator.Result result = validator.validate(submission.host(), submission.door(), submission.byOrg());
            if (result.tagsIgnored()) {
                metrics.tagsIgnoredFromHttp();
            }
            if (result instanceof HostValidator.Invalid invalid) {
                outcomes[i] = new HostOutcome.Rejected(invalid.title(), invalid.detail());
                continue;
            }
            HostValidator.Valid ok = (HostValidator.Valid) result;
            metrics.systemProfileKeysDropped(ok.droppedSystemProfileKeys());
            Optional<String> refused = HostOwnership.refusal(submission.identity(), ok.host(), submission.door());
            if (refused.isPresent()) {
                outcomes[i] = new HostOutcome.Rejected("Invalid request", refused.get());
                continue;
            }
            valid.add(i);
            inputs.add(HostOwnership.owned(submission.identity(), ok.host()));
        }
        if (!inputs.isEmpty()) {
            List<HostOutcome> stored = store(valid.stream().map(submissions::get).toList(), inputs);
            for (int i = 0; i < valid.size(); i++) {
                outcomes[valid.get(i)] = stored.get(i);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** All hosts in one transaction; when PostgreSQL refuses the data, each host alone so only the bad one fails. */
    private List<HostOutcome> store(List<HostSubmission> submissions, List<HostInput> inputs) {
        try {
            return upsertAll(submissions, inputs);
        } catch (StoreException batchFailure) {
            if (inputs.size() == 1) {
                LOG.warn("Host could not be stored: {}", batchFailure.getMessage());
                return List.of(new HostOutcome.Failed("Could not complete operation"));
            }
            List<HostOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                outcomes.addAll(store(List.of(submissions.get(i)), List.of(inputs.get(i))));
            }
            return outcomes;
        }
    }

    private List<HostOutcome> upsertAll(List<HostSubmission> submissions, List<HostInput> inputs) {
        long started = System.nanoTime();
        List<HostOutcome.Stored> stored = transactions.inTransaction(connection -> {
            hosts.lockCanonicalFacts(connection, inputs.stream().map(DedupPlan::scopes).toList(),
                    inputs.stream().map(HostInput::canonicalFacts).toList());
            OffsetDateTime now = DatabaseTime.now(clock);
            List<Set<String>> replaced = new ArrayList<>(inputs.size());
            for (int position = 0; position < inputs.size(); position++) {
                replaced.add(HostMerge.profileFieldsReplaced(inputs.get(position), submissions.get(position).door()));
            }
            BatchDedup.Resolution resolution = dedup.resolve(connection, inputs, replaced, now.toInstant());
            resolution.elevatedIdLookups().forEach(metrics::elevatedIdLookup);
            metrics.dedup(resolution.perInput());
            // Each input applied in order to the host as the inputs before it left it; each host written once, as
            // the last input left it; one event per input, with the host as that input left it.
            Map<UUID, Host> current = new HashMap<>(resolution.locked());
            Map<UUID, Host> writes = new LinkedHashMap<>();
            HostOutcome.Stored[] results = new HostOutcome.Stored[inputs.size()];
            List<OutboxEvent> pending = new ArrayList<>();
            for (int position = 0; position < inputs.size(); position++) {
                DedupPlan.Choice choice = resolution.choices().get(position);
                HostInput input = inputs.get(position);
                HostSubmission submission = submissions.get(position);
                Host existing = choice.created() ? null : current.get(choice.id());
                Host host = existing == null ? HostMerge.create(choice.id(), input, now)
                        : HostMerge.update(existing, input, submission.door(), now);
                current.put(host.id(), host);
                writes.put(host.id(), host);
                HostEventType type = existing == null ? HostEventType.CREATED : HostEventType.UPDATED;
                pending.addAll(events.changed(type, host, resolution.staleness(), submission.door(),
                        submission.platformMetadata(), submission.requestId()));
                results[position] = new HostOutcome.Stored(host, existing == null, resolution.staleness());
            }
            hosts.upsertAll(connection, new ArrayList<>(writes.values()));
            outbox.append(connection, pending);
            return Arrays.asList(results);
        });
        Duration perHost = Duration.ofNanos((System.nanoTime() - started) / Math.max(1, inputs.size()));
        for (HostOutcome.Stored result : stored) {
            if (result.created()) {
                metrics.hostCreated(perHost);
            } else {
                metrics.hostUpdated(perHost);
            }
        }
        return List.copyOf(stored);
    }
}
