package io.hbi.inventory.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.host.DedupPlan;
import io.hbi.inventory.host.DedupPlan.Candidate;
import io.hbi.inventory.host.DedupPlan.Choice;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostInput;
import io.hbi.inventory.staleness.StalenessRules;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * one of them in between (an edit, a delete, the reaper: ingestion writers wait for each other's dedup locks)
 * makes it look up and decide again; the hosts it locked stay locked, so that converges.
 */
public final class BatchDedup {

    /** Decisions of one batch before it gives up as a serialization failure (the transaction is then run again). */
    static final int ATTEMPTS = 10;

    /**
     * The choice for each input, and the stored hosts chosen, locked, as they are now (each with its system profile
     * less the fields the first input that chose it replaces, see {@link #resolve}); how long the whole decision
     * took per input, and each elevated-id lookup per input it asked for (for the metrics); the staleness rules of
     * every host the inputs may be (their orgs' settings, read in this transaction), by which the culled ones were
     * left out and by which the events of the batch show the hosts.
     */
    public record Resolution(List<Choice> choices, Map<UUID, Host> locked, Duration perInput,
                             List<Duration> elevatedIdLookups, StalenessRules staleness) {
    }

    private final HostRepository hosts;
    private final StalenessSettings settings;

    public BatchDedup(HostRepository hosts, StalenessSettings settings) {
        this.hosts = hosts;
        this.settings = settings;
    }

    /**
     * Which host each input is, at {@code now}: a culled host is invisible, by its org's rule. The caller holds the
     * locks of {@link HostRepository#lockCanonicalFacts} for the inputs' {@link DedupPlan#scopes}. The chosen hosts
     * are read whole.
     */
    public Resolution resolve(Connection connection, List<HostInput> inputs, Instant now) throws SQLException {
        return resolve(connection, inputs, Collections.nCopies(inputs.size(), Set.of()), now);
    }

    /**
     * {@link #resolve(Connection, List, Instant)}, each chosen host read without the top-level system profile fields
     * that {@code profileFieldsReplaced} names for the first input that chose it ({@link
     * io.hbi.inventory.host.HostMerge#profileFieldsReplaced}): that input's merge overwrites them, so a fleet host's
     * packages are neither read nor parsed when its update sends them again.
     */
    public Resolution resolve(Connection connection, List<HostInput> inputs, List<Set<String>> profileFieldsReplaced,
                              Instant now) throws SQLException {
        long started = System.nanoTime();
        Map<UUID, Host> locked = new HashMap<>();
        List<Duration> elevatedIdLookups = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Set<String> orgs = new TreeSet<>();
            List<List<String>> scopesOf = lookupScopes(connection, inputs, orgs);
            StalenessRules rules = settings.rulesOfOrgs(connection, orgs);
            DedupPlan.Culling culling = (orgId, staleTimestamp, lastCheckIn) ->
                    rules.culled(orgId, staleTimestamp, lastCheckIn, now);
            DedupPlan.Stored stored = lookup(connection, inputs, scopesOf, elevatedIdLookups);
            DedupPlan.Plan plan = DedupPlan.choose(inputs, stored, culling, UUID::randomUUID);
            while (!plan.missing().isEmpty()) {
                stored = withCanonicalFacts(connection, stored, plan.missing(), inputs, scopesOf);
                plan = DedupPlan.choose(inputs, stored, culling, UUID::randomUUID);
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
                return new Resolution(choices, withSystemProfiles(connection, choices, locked, profileFieldsReplaced),
                        Duration.ofNanos((System.nanoTime() - started) / Math.max(1, inputs.size())),
                        List.copyOf(elevatedIdLookups), rules);
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLTransientException("hosts chosen by the dedup kept changing under concurrent writers",
                        "40001");
            }
        }
    }

    /**
     * The dedup scopes each input's canonical facts are looked up in: its {@link DedupPlan#scopes} and, for a 2020
     * write, the scopes of the orgs that adopted hosts of its account (read after the locks, so that a host an org
     * just adopted is seen). Adds to {@code orgs} every org whose hosts the inputs may be.
     */
    private List<List<String>> lookupScopes(Connection connection, List<HostInput> inputs, Set<String> orgs)
            throws SQLException {
        Set<String> accounts = new TreeSet<>();
        for (HostInput input : inputs) {
            if (input.orgId() == null) {
                accounts.add(input.account());
            }
        }
        Map<String, List<String>> orgsOf = hosts.orgsOfAccounts(connection, accounts);
        List<List<String>> scopes = new ArrayList<>(inputs.size());
        for (HostInput input : inputs) {
            List<String> ofInput = new ArrayList<>(DedupPlan.scopes(input));
            if (input.orgId() == null) {
                for (String org : orgsOf.getOrDefault(input.account(), List.of())) {
                    ofInput.add(CanonicalFacts.scope(org, null));
                    orgs.add(org);
                }
            } else {
                orgs.add(input.orgId());
            }
            scopes.add(ofInput);
        }
        return scopes;
    }

    /** The candidates of every input: by each elevated id it carries, and by its canonical facts. */
    private DedupPlan.Stored lookup(Connection connection, List<HostInput> inputs, List<List<String>> scopesOf,
                                    List<Duration> elevatedIdLookups) throws SQLException {
        Map<String, Map<Integer, List<Candidate>>> byElevatedId = new HashMap<>();
        for (String fact : DedupPlan.ELEVATED_IDS) {
            List<Integer> asked = new ArrayList<>();
            List<String> accounts = new ArrayList<>();
            List<String> orgIds = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int position = 0; position < inputs.size(); position++) {
                JsonNode value = inputs.get(position).canonicalFacts().get(fact);
                if (value != null && value.isTextual()) {
                    asked.add(position);
                    accounts.add(inputs.get(position).account());
                    orgIds.add(inputs.get(position).orgId());
                    values.add(value.asText());
                }
            }
            if (!asked.isEmpty()) {
                long lookup = System.nanoTime();
                byElevatedId.put(fact, hosts.findByElevatedIds(connection, fact, asked, accounts, orgIds, values));
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
                inputs, scopesOf);
    }

    /**
     * {@code stored} and the canonical-fact candidates of {@code positions}: one lookup per (input, scope), as
     * containment holds only between tokens of one scope, merged per input.
     */
    private DedupPlan.Stored withCanonicalFacts(Connection connection, DedupPlan.Stored stored,
                                                Set<Integer> positions, List<HostInput> inputs,
                                                List<List<String>> scopesOf) throws SQLException {
        Map<Integer, List<Candidate>> byCanonicalFacts = new HashMap<>(stored.byCanonicalFacts());
        Set<Integer> asked = new TreeSet<>(stored.canonicalFactsAsked());
        asked.addAll(positions);
        if (!positions.isEmpty()) {
            List<Integer> positionOf = new ArrayList<>(); // per lookup
            List<Integer> ofToken = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int position : positions) {
                for (String scope : scopesOf.get(position)) {
                    for (String token : CanonicalFacts.tokens(scope, inputs.get(position).canonicalFacts())) {
                        ofToken.add(positionOf.size());
                        tokens.add(token);
                    }
                    positionOf.add(position);
                }
            }
            Map<Integer, Map<UUID, Candidate>> merged = new HashMap<>();
            hosts.findByCanonicalFacts(connection, ofToken, tokens).forEach((lookup, found) -> {
                Map<UUID, Candidate> ofPosition = merged.computeIfAbsent(positionOf.get(lookup), p -> new HashMap<>());
                found.forEach(candidate -> ofPosition.putIfAbsent(candidate.id(), candidate));
            });
            merged.forEach((position, found) -> byCanonicalFacts.put(position, List.copyOf(found.values())));
        }
        return new DedupPlan.Stored(stored.byElevatedId(), byCanonicalFacts, asked);
    }

    /** The chosen hosts of {@code locked}, each with its system profile less the fields its first input replaces. */
    private Map<UUID, Host> withSystemProfiles(Connection connection, List<Choice> choices, Map<UUID, Host> locked,
                                               List<Set<String>> profileFieldsReplaced) throws SQLException {
        Map<UUID, Set<String>> omitted = new HashMap<>();
        for (int position = 0; position < choices.size(); position++) {
            Choice choice = choices.get(position);
            if (choice.stored()) {
                omitted.putIfAbsent(choice.id(), profileFieldsReplaced.get(position));
            }
        }
        Map<UUID, ObjectNode> profiles = hosts.systemProfiles(connection, omitted);
        Map<UUID, Host> chosen = new HashMap<>();
        omitted.keySet().forEach(id -> chosen.put(id, locked.get(id).withSystemProfile(profiles.get(id))));
        return chosen;
    }

    /** The locked host is the state the choice was made on. */
    private static boolean unchanged(Host now, Candidate seen) {
        return now != null
                && Objects.equals(now.account(), seen.account())
                && Objects.equals(now.orgId(), seen.orgId())
                && Objects.equals(now.updated(), seen.updated())
                && Objects.equals(now.staleTimestamp(), seen.staleTimestamp())
                && Objects.equals(now.canonicalFacts(), seen.canonicalFacts());
    }
}
