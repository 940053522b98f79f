package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.identity.IdentityHeader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The two host shapes are what the README says they are. */
class BenchHostsTest {

    private static final Pattern NEVRA = Pattern.compile("[A-Za-z0-9_.+-]+-\\d+:[0-9.]+-[0-9]+[.0-9]*\\.el9(_\\d)?"
            + "(\\.\\d+)*\\.(x86_64|noarch)");
    private final ObjectMapper json = new ObjectMapper();
    private final OffsetDateTime stale = OffsetDateTime.parse("2030-01-01T00:00:00Z");

    @Test
    void fleetHostsAreTensOfKibibytesOfRealisticPackagesAndAThirdShareTheBridgeAddresses() {
        BenchHosts fleet = new BenchHosts(json, BenchHosts.Shape.FLEET);
        List<Integer> sizes = new ArrayList<>();
        int bridged = 0;
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (long n = 40_000_000; n < 40_000_600; n++) {
            JsonNode host = fleet.input(n, "2100000", 0, stale);
            sizes.add(host.toString().length());
            JsonNode packages = host.get("system_profile").get("installed_packages");
            assertThat(packages.size()).isBetween(500, 2000);
            assertThat(StreamSupport.stream(packages.spliterator(), false).map(JsonNode::asText))
                    .allMatch(p -> NEVRA.matcher(p).matches(), "NEVRA");
            List<String> ips = StreamSupport.stream(host.get("ip_addresses").spliterator(), false)
                    .map(JsonNode::asText).toList();
            if (ips.contains("172.17.0.1")) {
                bridged++;
                assertThat(ips).contains("192.168.122.1");
                assertThat(host.get("mac_addresses").toString()).contains(BenchHosts.BRIDGE_MAC);
            }
            assertThat(ids.add(host.get("insights_id").asText() + host.get("fqdn").asText())).isTrue();
            // every host keeps unique facts of its own beside the shared ones
            for (String token : CanonicalFacts.tokens("2100000", fleet.canonicalFacts(n))) {
                if (!token.contains("172.17.0.1") && !token.contains("192.168.122.1")
                        && !token.contains(BenchHosts.BRIDGE_MAC)) {
                    assertThat(tokens.add(token)).as(token).isTrue();
                }
            }
        }
        assertThat(bridged).isEqualTo(200);
        sizes.sort(null);
        assertThat(sizes.get(0)).isBetween(20 * 1024, 26 * 1024);
        assertThat(sizes.get(sizes.size() / 2)).isBetween(30 * 1024, 40 * 1024);
        assertThat(sizes.get(sizes.size() - 1)).isBetween(60 * 1024, 80 * 1024);
        assertThat(fleet.input(40_000_003, "2100000", 1, stale).toString())
                .isNotEqualTo(fleet.input(40_000_003, "2100000", 0, stale).toString());
        assertThat(fleet.canonicalFacts(40_000_003)).isEqualTo(fleet.canonicalFacts(40_000_003));
    }

    @Test
    void theQueryAccountsHostsAreInItsOrgAndNineAccountsInTenOfTheLargeFillHaveOrgs() {
        long medium = 100_000;
        assertThat(Benchmark.filledAccount(99_999, medium)).isEqualTo(Benchmark.QUERY_ACCOUNT);
        assertThat(Benchmark.filledOrg(0, medium)).isEqualTo(Benchmark.QUERY_ORG).isEqualTo("bench-org-0000001");
        assertThat(Benchmark.filledOrg(99_999, medium)).isEqualTo(Benchmark.QUERY_ORG);
        assertThat(Benchmark.filledAccount(100_000, medium)).isEqualTo("1000100");
        assertThat(Benchmark.filledOrg(100_000, medium)).isEqualTo("bench-org-1000100");
        assertThat(Benchmark.filledAccount(103_999, medium)).isEqualTo("1000103");
        assertThat(Benchmark.filledOrg(103_999, medium)).isNull();
        Set<String> accounts = new HashSet<>();
        Set<String> orgless = new HashSet<>();
        for (long n = medium; n < 1_000_000; n += 1000) {
            accounts.add(Benchmark.filledAccount(n, medium));
            if (Benchmark.filledOrg(n, medium) == null) {
                orgless.add(Benchmark.filledAccount(n, medium));
            }
        }
        assertThat(accounts).hasSize(900);
        assertThat(orgless).hasSize(90);
        assertThat(Benchmark.QUERY_ORG.length()).isLessThanOrEqualTo(36);
    }

    @Test
    void aFilledRowOfAnOrgHasTheOrgsDedupScopeAndOneWithoutTheAccounts() {
        BenchHosts small = new BenchHosts(json, BenchHosts.Shape.SMALL);
        HostTable.Row org = HostTable.row(small, 12, "bench-org-0000001", "0000001", 0, stale, stale);
        assertThat(org.values()[1]).isEqualTo("0000001");
        assertThat(org.values()[2]).isEqualTo("bench-org-0000001");
        assertThat(org.tokens()).isNotEmpty().allMatch(t -> t.startsWith("org:bench-org-0000001 "))
                .containsExactly(CanonicalFacts.tokens("org:bench-org-0000001", small.canonicalFacts(12)));
        HostTable.Row account = HostTable.row(small, 12, null, "1000103", 0, stale, stale);
        assertThat(account.values()[2]).isNull();
        assertThat(account.tokens()).allMatch(t -> t.startsWith("1000103 "));
    }

    @Test
    void aTodaysHostNamesItsOrgAndMayLeaveOutTheAccount() {
        BenchHosts small = new BenchHosts(json, BenchHosts.Shape.SMALL);
        JsonNode host = small.input(12, "bench-org-2000000", null, 1, stale);
        assertThat(host.get("org_id").asText()).isEqualTo("bench-org-2000000");
        assertThat(host.has("account")).isFalse();
        JsonNode same = small.input(12, "2000000", 1, stale);
        assertThat(same.has("org_id")).isFalse();
        ((com.fasterxml.jackson.databind.node.ObjectNode) same).remove("account");
        ((com.fasterxml.jackson.databind.node.ObjectNode) host).remove("org_id");
        assertThat(host).isEqualTo(same);
    }

    @Test
    void theServiceReadsTheTodaysIdentityAsTheOrgsAndThe2020OneAsTheAccounts() {
        Identity today = IdentityHeader.parse(Benchmark.queryIdentity(Tenancy.ORG));
        assertThat(today.byOrg()).isTrue();
        assertThat(today.orgId()).isEqualTo(Benchmark.QUERY_ORG);
        assertThat(today.accountNumber()).isNull();
        assertThat(IdentityHeader.parseToday(Benchmark.todaysIdentity("bench-org-2000000")).orgId())
                .isEqualTo("bench-org-2000000");
        Identity old = IdentityHeader.parse(Benchmark.queryIdentity(Tenancy.ACCOUNT));
        assertThat(old.byOrg()).isFalse();
        assertThat(old.accountNumber()).isEqualTo(Benchmark.QUERY_ACCOUNT);
    }

    @Test
    void smallHostsStayAsTheyWereAndThreeDisplayNamesInTenAreBroad() {
        BenchHosts small = new BenchHosts(json, BenchHosts.Shape.SMALL);
        JsonNode host = small.input(12, "0000001", 0, stale);
        assertThat(host.toString().length()).isBetween(3 * 1024, 5 * 1024);
        assertThat(host.get("system_profile").get("installed_packages").size()).isEqualTo(50);
        assertThat(host.get("ip_addresses").toString()).doesNotContain("172.17.0.1");
        QueryAccount account = new QueryAccount(100_000);
        assertThat(account.visible()).isEqualTo(99_000);
        assertThat(account.broadNames()).isEqualTo(29_000);
        assertThat(account.deepPage()).isEqualTo(1000);
        assertThat(account.tags(QueryAccount.TAG_SEARCH)).isEqualTo(11);
        assertThat(BenchHosts.displayName(12)).contains(BenchHosts.fqdn(12));
    }
}
