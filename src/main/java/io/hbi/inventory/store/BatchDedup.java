package io.hbi.inventory.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.DedupPlan;
import io.hbi.inventory.host.DedupPlan.Candidate;
import io.hbi.inventory.host.DedupPlan.Choice;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostInput;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The deduplication of contract §4 for a whole batch with a few statements instead of a few per host: the stored
 * candidates of every input are looked up at once (one statement per elevated id, one for the canonical facts),
 * {@link DedupPlan} decides which host each input is as if they came one after the other, and the stored hosts it
 * chose are locked in id order and checked to be still what the choice saw. Only a concurrent writer that changed
 * one of them in between (an edit, a delete, the reaper: ingestion writers wait for each other's advisory locks)
 * makes it look up and decide again; the hosts it locked stay locked, so that converges.
 */
public final class BatchDedup {

    /** Decisions of one batch before it gives up as a serialization failure (the transaction is then run again). */
    static final int ATTEMPTS = 10;

    /**
     * The choice for each input, and the stored hosts chosen, locked, as they are now; how long the whole decision
     * took per input, and each elevated-id lookup per input it asked for (for the metrics).
     */
    public record Resolution(List<Choice> choices, Map<UUID, Host> locked, Duration perInput,
                             List<Duration> elevatedIdLookups) {
    }

    private final HostRepository hosts;

    public BatchDedup(HostRepository hosts) {
        this.hosts = hosts;
    }

    /** Which host each input is; {@code tokensOf} holds the canonical-fact tokens of each input. */
    public Resolution resolve(Connection connection, List<HostInput> inputs, List<String[]> tokensOf,
                              Instant culledBefore) throws SQLException {
        long started = System.nanoTime();
        Map<UUID, Host> locked = new HashMap<>();
        List<Duration> elevatedIdLookups = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            DedupPlan.Stored stored = lookup(connection, inputs, tokensOf, elevatedIdLookups);
            DedupPlan.Plan plan = DedupPlan.choose(inputs, tokensOf, stored, culledBefore, UUID::randomUUID);
            while (!plan.missing().isEmpty()) {
                stored = withCanonicalFacts(connection, stored, plan.missing(), tokensOf);
                plan = DedupPlan.choose(inputs, tokensOf, stored, culledBefore, UUID::randomUUID);
            }
            List<Choice> choices = plan.choices();
            Map<UUID, Candidate> chosen = new HashMap<>();
            for (Choice choice : choices) {
                if (choice.stored()) {
                    chosen.put(choice.id(), choice.candidate());
                }
            }
            List<UUID> toLock = chosen.keySet().stream().filter(id -> !locked.containsKey(id)).toList();
            locked.putAll(hosts.lockByIds(connection, toLock));
            if (chosen.values().stream().allMatch(candidate -> unchanged(locked.get(candidate.id()), candidate))) {
                return new Resolution(choices, locked,
                        Duration.ofNanos((System.nanoTime() - started) / Math.max(1, inputs.size())),
                        List.copyOf(elevatedIdLookups));
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLTransientException("hosts chosen by the dedup kept changing under concurrent writers",
                        "40001");
            }
        }
    }

    /** The candidates of every input: by each elevated id it carries, and by its canonical facts. */
    private DedupPlan.Stored lookup(Connection connection, List<HostInput> inputs, List<String[]> tokensOf,
                                    List<Duration> elevatedIdLookups) throws SQLException {
        Map<String, Map<Integer, List<Candidate>>> byElevatedId = new HashMap<>();
        for (String fact : DedupPlan.ELEVATED_IDS) {
            List<Integer> asked = new ArrayList<>();
            List<String> accounts = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int position = 0; position < inputs.size(); position++) {
                JsonNode value = inputs.get(position).canonicalFacts().get(fact);
                if (value != null && value.isTextual()) {
                    asked.add(position);
                    accounts.add(inputs.get(position).account());
                    values.add(value.asText());
                }
            }
            if (!asked.isEmpty()) {
                long lookup = System.nanoTime();
                byElevatedId.put(fact, hosts.findByElevatedIds(connection, fact, asked, accounts, values));
                elevatedIdLookups.add(Duration.ofNanos((System.nanoTime() - lookup) / asked.size()));
            }
        }
        // An input with a stored elevated-id candidate is nearly always that host (an update): its canonical facts
        // are looked up only if the choice turns out to need them.
        Set<Integer> asked = new TreeSet<>();
        for (int position = 0; position < inputs.size(); position++) {
            int at = position;
            if (byElevatedId.values().stream().noneMatch(found -> found.containsKey(at))) {
                asked.add(position);
            }
        }
        return withCanonicalFacts(connection, new DedupPlan.Stored(byElevatedId, new HashMap<>(), Set.of()), asked,
                tokensOf);
    }

    /** {@code stored} and the canonical-fact candidates of {@code positions}. */
    private DedupPlan.Stored withCanonicalFacts(Connection connection, DedupPlan.Stored stored,
                                                Set<Integer> positions, List<String[]> tokensOf) throws SQLException {
        Map<Integer, List<Candidate>> byCanonicalFacts = new HashMap<>(stored.byCanonicalFacts());
        Set<Integer> asked = new TreeSet<>(stored.canonicalFactsAsked());
        asked.addAll(positions);
        if (!positions.isEmpty()) {
            List<Integer> ofToken = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int position : positions) {
                for (String token : tokensOf.get(position)) {
                    ofToken.add(position);
                    tokens.add(token);
                }
            }
            byCanonicalFacts.putAll(hosts.findByCanonicalFacts(connection, ofToken, tokens));
        }
        return new DedupPlan.Stored(stored.byElevatedId(), byCanonicalFacts, asked);
    }

    /** The locked host is the state the choice was made on. */
    private static boolean unchanged(Host now, Candidate seen) {
        return now != null
                && now.account().equals(seen.account())
                && Objects.equals(now.updated(), seen.updated())
                && Objects.equals(now.staleTimestamp(), seen.staleTimestamp())
                && Objects.equals(now.canonicalFacts(), seen.canonicalFacts());
    }
}
