package io.hbi.inventory.host;

import static io.hbi.inventory.host.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.host.DedupPlan.Candidate;
import io.hbi.inventory.host.DedupPlan.Choice;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The dedup's decisions for a batch are the ones the inputs would get one after the other (contract §4). */
class DedupPlanTest {

    static final String ACCOUNT = "0000001";
    static final Instant CULLED_BEFORE = Instant.parse("2020-07-01T00:00:00Z");
    static final OffsetDateTime FRESH = OffsetDateTime.of(2020, 7, 10, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime GONE = OffsetDateTime.of(2020, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final String SHARED = "'ip_addresses': ['172.17.0.1', '192.168.122.1'],"
            + " 'mac_addresses': ['02:42:ac:11:00:01']";

    static HostInput input(String canonicalFacts) {
        return input(canonicalFacts, FRESH);
    }

    static HostInput input(String canonicalFacts, OffsetDateTime staleTimestamp) {
        return new HostInput(ACCOUNT, null, null, null, object(canonicalFacts), null, null, false, null, staleTimestamp,
                "puptoo");
    }

    static Candidate stored(String canonicalFacts, int minutesOld) {
        return new Candidate(UUID.randomUUID(), ACCOUNT, null, object(canonicalFacts), FRESH,
                FRESH.minusDays(5).minusMinutes(minutesOld));
    }

    /** The plan of {@code inputs} with nothing stored, every canonical-fact lookup asked (and empty). */
    static List<Choice> plan(List<HostInput> inputs) {
        return plan(inputs, Map.of(), Map.of());
    }

    static List<Choice> plan(List<HostInput> inputs, Map<String, Map<Integer, List<Candidate>>> byElevatedId,
                             Map<Integer, List<Candidate>> byCanonicalFacts) {
        Set<Integer> all = Set.copyOf(IntStream.range(0, inputs.size()).boxed().toList());
        DedupPlan.Plan plan = DedupPlan.choose(inputs,
                new DedupPlan.Stored(byElevatedId, byCanonicalFacts, all), CULLED_BEFORE, UUID::randomUUID);
        assertThat(plan.missing()).isEmpty();
        return plan.choices();
    }


    @Test
    void distinctHostsThatShareBridgeAddressesAreAllNewHosts() {
        List<HostInput> inputs = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            inputs.add(input("{'fqdn': 'host-" + n + "', " + SHARED + "}"));
        }
        List<Choice> choices = plan(inputs);
        assertThat(choices).allMatch(Choice::created);
        assertThat(choices.stream().map(Choice::id).distinct()).hasSize(5000);
    }

    @Test
    void aRepeatedHostIsTheHostItsFirstInputCreated() {
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a', " + SHARED + "}"),
                input("{'fqdn': 'b', " + SHARED + "}"), input("{'fqdn': 'a', " + SHARED + "}")));
        assertThat(choices.get(0).created()).isTrue();
        assertThat(choices.get(2).created()).isFalse();
        assertThat(choices.get(2).id()).isEqualTo(choices.get(0).id());
        assertThat(choices.get(1).id()).isNotEqualTo(choices.get(0).id());
    }

    @Test
    void aSubsetAndASupersetOfAnEarlierInputAreThatHost() {
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a', 'ip_addresses': ['10.0.0.1']}"),
                input("{'fqdn': 'a'}"),
                input("{'fqdn': 'a', 'ip_addresses': ['10.0.0.1', '172.17.0.1'], 'bios_uuid': "
                        + "'6e7b6317-0a2d-4552-a2f2-b7da0aece49d'}")));
        assertThat(choices.stream().map(Choice::id).distinct()).hasSize(1);
    }

    @Test
    void anEarlierInputsWriteDecidesNotTheStateBeforeTheBatch() {
        // stored: {insights_id x, fqdn a}; the first input moves it to fqdn b (same insights id); the second input,
        // fqdn a, matched the stored state but no longer matches the host: one after the other, it is a new host
        Candidate host = stored("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'fqdn': 'a'}", 1);
        List<HostInput> inputs = List.of(input("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d',"
                + " 'fqdn': 'b'}"), input("{'fqdn': 'a'}"));
        List<Choice> choices = plan(inputs, Map.of("insights_id", Map.of(0, List.of(host))),
                Map.of(1, List.of(host)));
        assertThat(choices.get(0).id()).isEqualTo(host.id());
        assertThat(choices.get(0).stored()).isTrue();
        assertThat(choices.get(1).created()).isTrue();
    }

    @Test
    void aHostWrittenEarlierInTheBatchIsNewerThanAnyStoredHostAndTheLaterWrittenIsNewest() {
        Candidate old = stored("{'fqdn': 'a', 'ip_addresses': ['10.0.0.1', '10.0.0.2']}", 0);
        List<HostInput> inputs = List.of(
                input("{'fqdn': 'b', 'ip_addresses': ['10.0.0.1', '10.0.0.2']}"),
                input("{'fqdn': 'c', 'ip_addresses': ['10.0.0.1', '10.0.0.2']}"),
                input("{'ip_addresses': ['10.0.0.1']}"));
        Map<Integer, List<Candidate>> byFacts = new HashMap<>();
        byFacts.put(2, List.of(old));
        List<Choice> choices = plan(inputs, Map.of(), byFacts);
        assertThat(choices.get(0).created()).isTrue();
        assertThat(choices.get(1).created()).isTrue();
        assertThat(choices.get(2).id()).as("the later written of the two batch hosts that contain it")
                .isEqualTo(choices.get(1).id());
    }

    @Test
    void theNewestStoredCandidateWinsAndInsightsIdComesFirst() {
        Candidate newer = stored("{'fqdn': 'a', 'ip_addresses': ['10.0.0.9']}", 1);
        Candidate older = stored("{'fqdn': 'a', 'mac_addresses': ['00:1a:4a:00:00:01']}", 60);
        Candidate byInsights = stored("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d'}", 600);
        Candidate byRhsm = stored("{'subscription_manager_id': '7e7b6317-0a2d-4552-a2f2-b7da0aece49d'}", 0);
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a'}"),
                        input("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d',"
                                + " 'subscription_manager_id': '7e7b6317-0a2d-4552-a2f2-b7da0aece49d'}")),
                Map.of("insights_id", Map.of(1, List.of(byInsights)),
                        "subscription_manager_id", Map.of(1, List.of(byRhsm))),
                Map.of(0, List.of(older, newer)));
        assertThat(choices.get(0).id()).isEqualTo(newer.id());
        assertThat(choices.get(1).id()).isEqualTo(byInsights.id());
    }

    @Test
    void aHostTheBatchWroteAlreadyCulledIsInvisibleToLaterInputs() {
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a'}", GONE), input("{'fqdn': 'a'}")));
        assertThat(choices).allMatch(Choice::created);
        assertThat(choices.get(1).id()).isNotEqualTo(choices.get(0).id());
    }

    @Test
    void anInputWhoseElevatedIdHostIsCulledAsksForItsCanonicalFactCandidates() {
        Candidate culled = new Candidate(UUID.randomUUID(), ACCOUNT, null,
                object("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'fqdn': 'a'}"), GONE, GONE);
        List<HostInput> inputs = List.of(input("{'insights_id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d',"
                + " 'fqdn': 'a'}"));
        DedupPlan.Plan plan = DedupPlan.choose(inputs,
                new DedupPlan.Stored(Map.of("insights_id", Map.of(0, List.of(culled))), Map.of(), Set.of()),
                CULLED_BEFORE, UUID::randomUUID);
        assertThat(plan.missing()).containsExactly(0);
    }

    @Test
    void anotherAccountsHostIsNeverChosen() {
        Candidate theirs = new Candidate(UUID.randomUUID(), "0000002", null, object("{'fqdn': 'a'}"), FRESH, FRESH);
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a'}")), Map.of(), Map.of(0, List.of(theirs)));
        assertThat(choices.get(0).created()).isTrue();
    }

    static HostInput ofOrg(String orgId, String account, String canonicalFacts) {
        return new HostInput(account, orgId, null, null, object(canonicalFacts), null, null, false, null, FRESH,
                "puptoo");
    }

    static Candidate storedIn(String orgId, String account, String canonicalFacts) {
        return new Candidate(UUID.randomUUID(), account, orgId, object(canonicalFacts), FRESH, FRESH.minusDays(1));
    }

    @Test
    void anOrgsWriteIsItsOrgsHostOrAnOrglessHostOfItsAccountAndNeverAnotherOrgs() {
        Candidate ours = storedIn("o1", null, "{'fqdn': 'a'}");
        Candidate orglessOfOurAccount = storedIn(null, ACCOUNT, "{'fqdn': 'b'}");
        Candidate otherOrgSameAccount = storedIn("o2", ACCOUNT, "{'fqdn': 'c'}");
        Candidate orglessOtherAccount = storedIn(null, "0000002", "{'fqdn': 'd'}");
        List<HostInput> inputs = List.of(ofOrg("o1", ACCOUNT, "{'fqdn': 'a'}"), ofOrg("o1", ACCOUNT, "{'fqdn': 'b'}"),
                ofOrg("o1", ACCOUNT, "{'fqdn': 'c'}"), ofOrg("o1", ACCOUNT, "{'fqdn': 'd'}"),
                ofOrg("o1", null, "{'fqdn': 'b'}"));
        List<Choice> choices = plan(inputs, Map.of(), Map.of(0, List.of(ours), 1, List.of(orglessOfOurAccount),
                2, List.of(otherOrgSameAccount), 3, List.of(orglessOtherAccount), 4, List.of(orglessOfOurAccount)));
        assertThat(choices.get(0).id()).isEqualTo(ours.id());
        assertThat(choices.get(1).id()).isEqualTo(orglessOfOurAccount.id());
        assertThat(choices.subList(2, 4)).allMatch(Choice::created);
        // an org's write without an account adopts nothing: the batch's own adopted host is now o1's, so it matches
        assertThat(choices.get(4).id()).isEqualTo(orglessOfOurAccount.id());
    }

    @Test
    void aWriteWithoutAnAccountNeverAdoptsAnOrglessHost() {
        Candidate orgless = storedIn(null, ACCOUNT, "{'fqdn': 'b'}");
        List<Choice> choices = plan(List.of(ofOrg("o1", null, "{'fqdn': 'b'}")), Map.of(),
                Map.of(0, List.of(orgless)));
        assertThat(choices.get(0).created()).isTrue();
    }

    @Test
    void aTwentyTwentyWriteIsAnyHostOfItsAccountAdoptedOrNotButNoOtherAccountsInTheSameOrg() {
        Candidate adopted = storedIn("o1", ACCOUNT, "{'fqdn': 'a'}");
        Candidate sameOrgOtherAccount = storedIn("o1", "0000002", "{'fqdn': 'b'}");
        Candidate sameOrgNoAccount = storedIn("o1", null, "{'fqdn': 'c'}");
        List<Choice> choices = plan(List.of(input("{'fqdn': 'a'}"), input("{'fqdn': 'b'}"), input("{'fqdn': 'c'}")),
                Map.of(), Map.of(0, List.of(adopted), 1, List.of(sameOrgOtherAccount), 2, List.of(sameOrgNoAccount)));
        assertThat(choices.get(0).id()).isEqualTo(adopted.id());
        assertThat(choices.subList(1, 3)).allMatch(Choice::created);
    }

    @Test
    void twoOrgsWithIdenticalHostsInOneBatchGetOneHostEach() {
        List<Choice> choices = plan(List.of(ofOrg("o1", null, "{'fqdn': 'a'}"), ofOrg("o2", null, "{'fqdn': 'a'}"),
                ofOrg("o1", null, "{'fqdn': 'a'}")));
        assertThat(choices.get(0).created()).isTrue();
        assertThat(choices.get(1).created()).isTrue();
        assertThat(choices.get(1).id()).isNotEqualTo(choices.get(0).id());
        assertThat(choices.get(2).id()).isEqualTo(choices.get(0).id());
    }

    @Test
    void aHostTheBatchAdoptedIsItsOrgsForTheRestOfTheBatch() {
        Candidate orgless = storedIn(null, ACCOUNT, "{'fqdn': 'a'}");
        List<Choice> choices = plan(List.of(ofOrg("o1", ACCOUNT, "{'fqdn': 'a'}"), ofOrg("o2", ACCOUNT, "{'fqdn': 'a'}"),
                input("{'fqdn': 'a'}")), Map.of(), Map.of(0, List.of(orgless), 1, List.of(orgless),
                2, List.of(orgless)));
        assertThat(choices.get(0).id()).isEqualTo(orgless.id());
        assertThat(choices.get(1).created()).isTrue();
        // the 2020 write of the account still finds its (now adopted) host: the newest of the account's is o2's new one
        assertThat(choices.get(2).id()).isEqualTo(choices.get(1).id());
    }

    @Test
    void containmentIsTokenSetContainment() {
        String[] small = {"a", "c"};
        String[] large = {"a", "b", "c"};
        assertThat(DedupPlan.containsAll(large, small)).isTrue();
        assertThat(DedupPlan.containsAll(small, large)).isFalse();
        assertThat(DedupPlan.related(small, large)).isTrue();
        assertThat(DedupPlan.related(new String[] {"a", "d"}, large)).isFalse();
    }
}
