package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which host each input of a batch is (contract §4), decided as if the inputs were ingested one after the other:
 * input {@code i} sees what inputs {@code 0..i-1} wrote. Pure: the stored hosts come in as candidates that were
 * looked up once for the whole batch against the state before it; what the batch itself writes is kept here, in
 * memory, so no input ever waits for another one's write to reach the database.
 *
 * <p>The rules, per input: a non-culled host of the input's tenant ({@link #eligible}) with the same
 * {@code insights_id}, else the same {@code subscription_manager_id}, else one whose canonical facts contain the
 * input's or are contained in them; the newest wins; none, a new host. A host written earlier in the batch is newer than any stored host, and of
 * two such hosts the later written is the newer, as it would be with one transaction each. The state of a host
 * written in the batch replaces its stored state: a candidate looked up before the batch is judged by what the
 * batch made of it.
 *
 * <p>Work grows with the batch, not with how many hosts share a value: a host written in the batch is found
 * through the rarest token of the input (superset), through its own smallest token (subset, its "anchor", the
 * same the database's index uses), or through its elevated ids.
 */
public final class DedupPlan {

    /** The elevated ids, in the order a match on them is looked for (contract §4 step 1). */
    public static final List<String> ELEVATED_IDS = List.of("insights_id", "subscription_manager_id");

    /**
     * What the choice needs of a stored host.
     *
     * @param lastCheckIn its check-in (its updated for a row never checked in since V12): an org's setting measures
     *                    staleness from it
     */
    public record Candidate(UUID id, String account, String orgId, ObjectNode canonicalFacts,
                            OffsetDateTime staleTimestamp, OffsetDateTime updated, OffsetDateTime lastCheckIn) {

        /** A candidate last checked in when it was last updated. */
        public Candidate(UUID id, String account, String orgId, ObjectNode canonicalFacts,
                         OffsetDateTime staleTimestamp, OffsetDateTime updated) {
            this(id, account, orgId, canonicalFacts, staleTimestamp, updated, updated);
        }
    }

    /**
     * The candidates looked up for the batch, per input position: by each elevated id, and by containment of the
     * canonical-fact tokens (either way) for the positions in {@code canonicalFactsAsked}. A candidate may be listed
     * that does not match: it is checked again.
     */
    public record Stored(Map<String, Map<Integer, List<Candidate>>> byElevatedId,
                         Map<Integer, List<Candidate>> byCanonicalFacts, Set<Integer> canonicalFactsAsked) {
    }

    /**
     * The choice for each input; or, when some input needed the canonical-fact candidates that were not asked for,
     * those positions ({@code choices} is then incomplete: ask, and choose again).
     */
    public record Plan(List<Choice> choices, Set<Integer> missing) {
    }

    /**
     * The host input {@code position} is: a host of the database that no earlier input of the batch wrote, when
     * {@code candidate} (what the choice was made on) is set; otherwise a host written earlier in the batch or, for
     * {@code created}, a new host with this id.
     */
    public record Choice(UUID id, boolean created, Candidate candidate) {

        /** A host of the database that no earlier input of the batch wrote: the one the choice was made on. */
        public boolean stored() {
            return candidate != null;
        }
    }

    /** A host as the batch has written it so far. */
    private record Written(UUID id, String account, String orgId, ObjectNode canonicalFacts, String[] tokens,
                           OffsetDateTime staleTimestamp, int sequence) {
    }

    private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::updated,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Candidate::id).reversed();

    private DedupPlan() {
    }

    /**
     * The scopes whose hosts an input may be ({@link CanonicalFacts#scope}): an org's write, its org's and those of
     * its account without an org (adoption, decisions.md 10); a 2020 write, its account's. A 2020 write may also be
     * a host of its account that an org adopted: those are in their org's scope, which the caller adds.
     */
    public static List<String> scopes(HostInput input) {
        if (input.orgId() == null) {
            return List.of(CanonicalFacts.scope(null, input.account()));
        }
        return input.account() == null ? List.of(CanonicalFacts.scope(input.orgId(), null))
                : List.of(CanonicalFacts.scope(input.orgId(), null), CanonicalFacts.scope(null, input.account()));
    }

    /** Whether a host is culled (contract §4: invisible to matching), by its org's rule (decisions.md 13). */
    @FunctionalInterface
    public interface Culling {
        /** {@code lastCheckIn} null: a host the batch itself just wrote. */
        boolean culled(String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn);
    }

    /**
     * The choice for each input, in input order, under 2020's rule alone.
     *
     * @param culledBefore hosts whose stale_timestamp is not after this are culled, invisible to matching
     * @param newIds       the ids of the hosts the batch creates, one call each
     */
    public static Plan choose(List<HostInput> inputs, Stored stored, Instant culledBefore, Supplier<UUID> newIds) {
        return choose(inputs, stored, (orgId, staleTimestamp, lastCheckIn) -> staleTimestamp != null
                && !staleTimestamp.toInstant().isAfter(culledBefore), newIds);
    }

    /**
     * The choice for each input, in input order.
     *
     * @param culling which hosts are culled, invisible to matching
     * @param newIds  the ids of the hosts the batch creates, one call each
     */
    public static Plan choose(List<HostInput> inputs, Stored stored, Culling culling, Supplier<UUID> newIds) {
        Set<Integer> missing = new TreeSet<>();
        Map<UUID, Written> written = new HashMap<>();
        Map<String, List<UUID>> byElevatedId = new HashMap<>();
        Map<String, List<UUID>> byToken = new HashMap<>();
        Map<String, List<UUID>> byAnchor = new HashMap<>();
        List<Choice> choices = new ArrayList<>(inputs.size());
        for (int position = 0; position < inputs.size(); position++) {
            HostInput input = inputs.get(position);
            // compared without their scopes: which tenant may match which is eligible()'s to say
            String[] inputTokens = CanonicalFacts.factTokens(input.canonicalFacts());
            Choice choice = null;
            for (String fact : ELEVATED_IDS) {
                JsonNode value = input.canonicalFacts().get(fact);
                if (value == null || !value.isTextual()) {
                    continue;
                }
                Written newest = newest(byElevatedId.get(elevatedKey(fact, value.asText())), written,
                        host -> sameElevatedId(host.canonicalFacts(), fact, value), input, culling);
                choice = newest != null ? fromBatch(newest)
                        : newestStored(stored.byElevatedId().getOrDefault(fact, Map.of()).get(position), written,
                        candidate -> sameElevatedId(candidate.canonicalFacts(), fact, value), input, culling);
                if (choice != null) {
                    break;
                }
            }
            if (choice == null) {
                Set<UUID> seen = new LinkedHashSet<>(rarest(inputTokens, byToken));
                for (String token : inputTokens) {
                    seen.addAll(byAnchor.getOrDefault(token, List.of()));
                }
                Written newest = newest(new ArrayList<>(seen), written,
                        host -> related(host.tokens(), inputTokens), input, culling);
                if (newest != null) {
                    choice = fromBatch(newest);
                } else if (stored.canonicalFactsAsked().contains(position)) {
                    choice = newestStored(stored.byCanonicalFacts().get(position), written,
                            candidate -> related(CanonicalFacts.factTokens(candidate.canonicalFacts()), inputTokens), input, culling);
                } else {
                    // its elevated-id candidates were expected to answer and did not (culled, or rewritten by the
                    // batch): its canonical facts must be looked up; until then, go on as if they found nothing
                    missing.add(position);
                }
            }
            if (choice == null) {
                choice = new Choice(newIds.get(), true, null);
            }
            choices.add(choice);

            Written before = written.get(choice.id());
            ObjectNode facts = choice.created() ? input.canonicalFacts()
                    : HostMerge.canonicalFacts(before != null ? before.canonicalFacts()
                    : choice.candidate().canonicalFacts(), input.canonicalFacts());
            // the tenancy the write leaves the host in, as HostMerge decides it (adoption)
            String priorAccount = before != null ? before.account()
                    : choice.created() ? null : choice.candidate().account();
            String priorOrg = before != null ? before.orgId() : choice.created() ? null : choice.candidate().orgId();
            String account = priorAccount != null ? priorAccount : input.account();
            String orgId = input.orgId() != null ? input.orgId() : priorOrg;
            Written now = new Written(choice.id(), account, orgId, facts, CanonicalFacts.factTokens(facts),
                    input.staleTimestamp(), position);
            written.put(now.id(), now);
            for (String fact : ELEVATED_IDS) {
                JsonNode value = facts.get(fact);
                if (value != null && value.isTextual()) {
                    byElevatedId.computeIfAbsent(elevatedKey(fact, value.asText()), k -> new ArrayList<>())
                            .add(now.id());
                }
            }
            for (String token : now.tokens()) {
                byToken.computeIfAbsent(token, k -> new ArrayList<>()).add(now.id());
            }
            if (now.tokens().length > 0) {
                byAnchor.computeIfAbsent(now.tokens()[0], k -> new ArrayList<>()).add(now.id());
            }
        }
        return new Plan(choices, missing);
    }

    private static Choice fromBatch(Written host) {
        return new Choice(host.id(), false, null);
    }

    /** The hosts of the batch listed under the input's token that the fewest of them carry. */
    private static List<UUID> rarest(String[] inputTokens, Map<String, List<UUID>> byToken) {
        List<UUID> fewest = null;
        for (String token : inputTokens) {
            List<UUID> carrying = byToken.getOrDefault(token, List.of());
            if (fewest == null || carrying.size() < fewest.size()) {
                fewest = carrying;
            }
        }
        return fewest == null ? List.of() : fewest;
    }

    /** The latest written of the listed hosts (their current state) that still match and are eligible. */
    private static Written newest(List<UUID> listed, Map<UUID, Written> written,
                                  Predicate<Written> matches, HostInput input,
                                  Culling culling) {
        if (listed == null) {
            return null;
        }
        Written newest = null;
        Set<UUID> checked = new HashSet<>();
        for (UUID id : listed) {
            Written host = written.get(id);
            if (!checked.add(id) || (newest != null && host.sequence() < newest.sequence())) {
                continue;
            }
            if (eligible(host.account(), host.orgId(), host.staleTimestamp(), null, input, culling)
                    && matches.test(host)) {
                newest = host;
            }
        }
        return newest;
    }

    /** The newest stored candidate that the batch has not written, that matches and is eligible. */
    private static Choice newestStored(List<Candidate> candidates, Map<UUID, Written> written,
                                       Predicate<Candidate> matches, HostInput input,
                                       Culling culling) {
        if (candidates == null) {
            return null;
        }
        return candidates.stream()
                .filter(candidate -> !written.containsKey(candidate.id()))
                .filter(candidate -> eligible(candidate.account(), candidate.orgId(), candidate.staleTimestamp(),
                        candidate.lastCheckIn(), input, culling))
                .filter(matches)
                .min(NEWEST_FIRST)
                .map(candidate -> new Choice(candidate.id(), false, candidate))
                .orElse(null);
    }

    private static String elevatedKey(String fact, String value) {
        return fact + '\u0000' + value;
    }

    private static boolean sameElevatedId(ObjectNode canonicalFacts, String fact, JsonNode value) {
        JsonNode stored = canonicalFacts.get(fact);
        return stored != null && stored.asText().equals(value.asText());
    }

    /**
     * A host the input may be (decisions.md 10), not culled: for a write of an org, a host of that org or one of the
     * input's account that no org has adopted yet; for a 2020 write, a host of its account, adopted or not.
     */
    static boolean eligible(String account, String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn,
                            HostInput input, Culling culling) {
        boolean tenant = input.orgId() != null
                ? input.orgId().equals(orgId) || (orgId == null && input.account() != null
                && input.account().equals(account))
                : input.account().equals(account);
        return tenant && !culling.culled(orgId, staleTimestamp, lastCheckIn);
    }

    /**
     * One token set contains the other (JSONB containment of the canonical facts, arrays as sets: the tokens are
     * one per scalar fact and one per array element).
     */
    static boolean related(String[] a, String[] b) {
        return containsAll(a, b) || containsAll(b, a);
    }

    /** Whether sorted {@code outer} holds every element of sorted {@code inner}. */
    static boolean containsAll(String[] outer, String[] inner) {
        if (inner.length > outer.length) {
            return false;
        }
        int o = 0;
        for (String token : inner) {
            while (o < outer.length && outer[o].compareTo(token) < 0) {
                o++;
            }
            if (o == outer.length || !outer[o].equals(token)) {
                return false;
            }
            o++;
        }
        return true;
    }
}
