package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostInput;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.store.HostRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The deduplication of contract §4 for a whole batch with a few statements instead of a few per host.
 *
 * <p>A batch is resolved in rounds. A round takes the waiting inputs that share no canonical fact with an earlier
 * waiting input: their matches cannot be changed by each other's writes, so they are looked up together (one
 * statement per elevated id, one for the canonical facts), and the chosen hosts are locked in id order and checked
 * again under the lock. An input whose host another input of the round already took, or whose host changed before
 * the lock, waits for the next round, which sees the writes of this one. Every round resolves at least its first
 * input, so a batch of unrelated hosts takes one round.
 */
final class BatchDedup {

    /** The elevated ids, in the order a match on them is looked for (contract §4 step 1). */
    static final List<String> ELEVATED_IDS = List.of("insights_id", "subscription_manager_id");

    private static final Comparator<HostRepository.Candidate> NEWEST_FIRST = Comparator
            .comparing(HostRepository.Candidate::updated).thenComparing(HostRepository.Candidate::id).reversed();

    /** One round: the existing host (locked) of each resolved input, empty for a new host; the inputs left. */
    record Round(Map<Integer, Optional<Host>> resolved, List<Integer> waiting) {
    }

    private final HostRepository hosts;
    private final InventoryMetrics metrics;

    BatchDedup(HostRepository hosts, InventoryMetrics metrics) {
        this.hosts = hosts;
        this.metrics = metrics;
    }

    /**
     * Resolves the next round of {@code waiting} (positions in {@code inputs}, in submission order); {@code
     * tokensOf} holds the canonical-fact tokens of each input.
     */
    Round next(Connection connection, List<HostInput> inputs, List<String[]> tokensOf, List<Integer> waiting,
               Instant culledBefore) throws SQLException {
        long started = System.nanoTime();
        List<Integer> round = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (int position : waiting) {
            String[] tokens = tokensOf.get(position);
            (disjoint(tokens, claimed) ? round : later).add(position);
            claimed.addAll(List.of(tokens));
        }

        Map<Integer, Choice> chosen = new HashMap<>();
        for (String fact : ELEVATED_IDS) {
            List<Integer> asked = new ArrayList<>();
            for (int position : round) {
                JsonNode value = inputs.get(position).canonicalFacts().get(fact);
                if (!chosen.containsKey(position) && value != null && value.isTextual()) {
                    asked.add(position);
                }
            }
            if (asked.isEmpty()) {
                continue;
            }
            long lookup = System.nanoTime();
            Map<Integer, List<HostRepository.Candidate>> found = hosts.findByElevatedIds(connection, fact, asked,
                    asked.stream().map(p -> inputs.get(p).account()).toList(),
                    asked.stream().map(p -> inputs.get(p).canonicalFacts().get(fact).asText()).toList());
            metrics.elevatedIdLookup(Duration.ofNanos((System.nanoTime() - lookup) / asked.size()));
            choose(found, asked, inputs, culledBefore, fact, chosen);
        }
        List<Integer> rest = round.stream().filter(position -> !chosen.containsKey(position)).toList();
        if (!rest.isEmpty()) {
            List<Integer> positions = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int position : rest) {
                for (String token : tokensOf.get(position)) {
                    positions.add(position);
                    tokens.add(token);
                }
            }
            choose(hosts.findByCanonicalFactTokens(connection, positions, tokens), rest, inputs, culledBefore, null,
                    chosen);
        }

        // An input waits when a host it matched was chosen by an earlier input of the round: that input's write can
        // change which host this one picks (the newest), as it would have one after the other. Then lock the
        // chosen hosts and check they still match.
        Set<UUID> taken = new HashSet<>();
        for (int position : round) {
            Choice candidate = chosen.get(position);
            if (candidate == null) {
                continue;
            }
            if (candidate.matched().stream().anyMatch(taken::contains)) {
                later.add(position);
                chosen.remove(position);
            } else {
                taken.add(candidate.id());
            }
        }
        Map<UUID, Host> locked = hosts.lockByIds(connection, taken);
        Set<Integer> deferred = new HashSet<>(later);
        Map<Integer, Optional<Host>> resolved = new HashMap<>();
        for (int position : round) {
            Choice candidate = chosen.get(position);
            if (candidate == null) {
                if (!deferred.contains(position)) {
                    resolved.put(position, Optional.empty());
                }
                continue;
            }
            Host current = locked.get(candidate.id());
            if (current != null && eligible(current.account(), current.staleTimestamp(), inputs.get(position), culledBefore)
                    && matches(current.canonicalFacts(), inputs.get(position), candidate.fact())) {
                resolved.put(position, Optional.of(current));
            } else {
                later.add(position);
            }
        }
        later.sort(Comparator.naturalOrder());
        metrics.dedup(Duration.ofNanos((System.nanoTime() - started) / Math.max(1, round.size())));
        return new Round(resolved, later);
    }

    /**
     * The host an input matched, by which rule ({@code fact} null: the canonical facts), and every host that
     * matched it by that rule.
     */
    private record Choice(UUID id, String fact, Set<UUID> matched) {
    }

    /**
     * Whether stored canonical facts match an input by the rule: the same elevated id {@code fact}, or (null) one
     * set of canonical facts containing the other.
     */
    private static boolean matches(ObjectNode stored, HostInput input, String fact) {
        if (fact != null) {
            JsonNode value = stored.get(fact);
            return value != null && value.asText().equals(input.canonicalFacts().get(fact).asText());
        }
        return contains(stored, input.canonicalFacts()) || contains(input.canonicalFacts(), stored);
    }

    /** Per asked input, the newest eligible candidate that matches it by the rule. */
    private static void choose(Map<Integer, List<HostRepository.Candidate>> found, List<Integer> asked,
                               List<HostInput> inputs, Instant culledBefore, String fact, Map<Integer, Choice> chosen) {
        for (int position : asked) {
            HostInput input = inputs.get(position);
            List<HostRepository.Candidate> matching = found.getOrDefault(position, List.of()).stream()
                    .filter(host -> eligible(host.account(), host.staleTimestamp(), input, culledBefore))
                    .filter(host -> matches(host.canonicalFacts(), input, fact))
                    .toList();
            matching.stream().min(NEWEST_FIRST).ifPresent(host -> chosen.put(position, new Choice(host.id(), fact,
                    matching.stream().map(HostRepository.Candidate::id).collect(Collectors.toSet()))));
        }
    }

    /** Same account, not culled. */
    private static boolean eligible(String account, OffsetDateTime staleTimestamp, HostInput input,
                                    Instant culledBefore) {
        return account.equals(input.account())
                && (staleTimestamp == null || staleTimestamp.toInstant().isAfter(culledBefore));
    }

    /**
     * JSONB containment of canonical facts ({@code outer @> inner}): every fact of inner is in outer with the same
     * value; arrays compare as sets.
     */
    static boolean contains(ObjectNode outer, ObjectNode inner) {
        for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> fact = it.next();
            JsonNode stored = outer.get(fact.getKey());
            if (stored == null) {
                return false;
            }
            if (fact.getValue().isArray() && stored.isArray()) {
                for (JsonNode element : fact.getValue()) {
                    if (!arrayContains(stored, element)) {
                        return false;
                    }
                }
            } else if (!stored.equals(fact.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean arrayContains(JsonNode array, JsonNode element) {
        for (JsonNode item : array) {
            if (item.equals(element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean disjoint(String[] tokens, Set<String> claimed) {
        for (String token : tokens) {
            if (claimed.contains(token)) {
                return false;
            }
        }
        return true;
    }
}
