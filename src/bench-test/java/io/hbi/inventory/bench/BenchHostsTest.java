package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.host.CanonicalFacts;
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
