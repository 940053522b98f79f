package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.support.QueryPlans;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dedup lookups of contract §4 (one statement for a batch of inputs) find their candidates through indexes,
 * so their cost does not grow with the table: with 50,000 hosts, 80% of them in one account and all of those
 * sharing one IP address, neither the elevated-id lookup nor the subset/superset match scans
 * {@code hosts}, for the plans PostgreSQL makes for one execution and for a prepared statement; some of the
 * account's hosts are in orgs, as adopted hosts are.
 */
class DedupPlanIT {

    static HikariDataSource dataSource;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 5 = 0 THEN 'acct' || (i % 10) ELSE 'acct2' END, 'host-' || i, now(), now(),"
                    + "  jsonb_build_object('insights_id', gen_random_uuid()::text,"
                    + "   'subscription_manager_id', gen_random_uuid()::text,"
                    + "   'fqdn', 'host-' || i || '.example.com',"
                    + "   'ip_addresses', jsonb_build_array('10.' || (i % 200) || '.' || (i % 100) || '.1', '192.168.122.1')),"
                    + "  now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 50000) AS i");
            // some 5,700 hosts of acct2 adopted by three orgs (decisions.md 10)
            statement.execute("UPDATE hosts SET org_id = 'org' || (abs(hashtext(id::text)) % 3)"
                    + " WHERE account = 'acct2' AND substring(display_name from 6)::int % 7 = 3");
            statement.execute("ANALYZE hosts");
        }
    }

    @Test
    void theOrgsOfAnAccountAreFoundWithOneIndexProbeEachNotByReadingTheAccountsHosts() throws SQLException {
        String plan = plans(HostRepository.ORGS_OF_ACCOUNTS, "text[]", "ARRAY['acct2', 'acct3']");
        assertThat(plan).as(plan).contains("hosts_account_org").doesNotContain("Seq Scan on hosts");
        String analyzed = QueryPlans.analyze(dataSource, HostRepository.ORGS_OF_ACCOUNTS, "text[]",
                "ARRAY['acct2', 'acct3']");
        assertThat(rowsOfHosts(analyzed)).as(analyzed).allMatch(rows -> rows <= 1);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(new HostRepository(new com.fasterxml.jackson.databind.ObjectMapper())
                    .orgsOfAccounts(connection, List.of("acct2", "acct3")))
                    .isEqualTo(Map.of("acct2", List.of("org0", "org1", "org2")));
        }
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void elevatedIdLookupUsesItsIndex() throws SQLException {
        for (String fact : new String[] {"insights_id", "subscription_manager_id"}) {
            String values = " ARRAY['4a8fb994-57fe-4dbb-ad2a-9e922560b6c1', 'b0a7dd1d-7e0c-4bd4-8e0e-3c3f6e0f4b1e']";
            String plan = plans(HostRepository.findByElevatedIdsSql(fact),
                    "int[], text[], text[], int[], text[], text[]",
                    "ARRAY[0, 1], ARRAY['acct3', 'acct2']," + values + ", ARRAY[0, 1], ARRAY['org3', NULL]," + values);
            assertThat(plan).as(plan).contains("hosts_account_" + fact).contains("hosts_org_" + fact)
                    .doesNotContain("Seq Scan on hosts").doesNotContain("BitmapAnd");
        }
    }

    @Test
    void subsetSupersetMatchReadsNeitherTheTableNorTheHostsThatOnlyShareAValue() throws SQLException {
        // every host of acct2 reports 192.168.122.1: the statement must not read them all to find the one it matches
        String plan = plans(HostRepository.FIND_BY_CANONICAL_FACTS, "int[], text[]", "ARRAY[0, 0, 0, 1],"
                + " ARRAY['acct2 fqdn=host-42.example.com', 'acct2 ip_addresses=10.42.42.1',"
                + " 'acct2 ip_addresses=192.168.122.1', 'acct3 fqdn=host-43.example.com']");
        assertThat(plan).as(plan).contains("hosts_canonical_fact_tokens").contains("hosts_canonical_fact_anchor")
                .doesNotContain("Seq Scan on hosts").doesNotContain("BitmapAnd");
        String analyzed = QueryPlans.analyze(dataSource, HostRepository.FIND_BY_CANONICAL_FACTS, "int[], text[]",
                "ARRAY[0, 0, 0], ARRAY['acct2 fqdn=host-42.example.com', 'acct2 ip_addresses=10.42.42.1',"
                        + " 'acct2 ip_addresses=192.168.122.1']");
        assertThat(rowsOfHosts(analyzed)).as(analyzed).allMatch(rows -> rows < 100);
    }

    @Test
    void theChosenHostsAreLockedWithoutTheirProfileWhichIsReadByIdLessTheFieldsTheirInputReplaces() throws Exception {
        String plan = plans(HostRepository.SYSTEM_PROFILES, "uuid[], text[]",
                "ARRAY['4a8fb994-57fe-4dbb-ad2a-9e922560b6c1']::uuid[], ARRAY['[\"installed_packages\"]']");
        assertThat(plan).as(plan).contains("hosts_pkey").doesNotContain("Seq Scan on hosts");

        UUID id = UUID.randomUUID();
        HostRepository hosts = new HostRepository(new ObjectMapper());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter, system_profile_facts) VALUES ('" + id + "', 'acct9', 'h', now(),"
                    + " now(), '{\"fqdn\": \"h.example.com\"}', now() + interval '1 day', 'puptoo',"
                    + " '{\"arch\": \"x86_64\", \"installed_packages\": [\"a-1.0-1.x86_64\"],"
                    + " \"rhsm\": {\"version\": \"8.1\"}}')");
            connection.setAutoCommit(false);
            assertThat(hosts.lockByIds(connection, List.of(id)).get(id).systemProfile()).as("the lock's read").isNull();
            assertThat(hosts.systemProfiles(connection, Map.of(id, Set.of("installed_packages", "rhsm", "absent"))))
                    .isEqualTo(Map.of(id, new ObjectMapper().readTree("{\"arch\": \"x86_64\"}")));
            assertThat(hosts.systemProfiles(connection, Map.of(id, Set.of())).get(id).size()).as("whole").isEqualTo(3);
            connection.rollback();
        }
    }

    /** The rows each node on {@code hosts} or one of its indexes produced, as EXPLAIN ANALYZE reported them. */
    private static List<Long> rowsOfHosts(String analyzed) {
        List<Long> rows = new ArrayList<>();
        Matcher node = Pattern.compile(" on hosts\\S* .*actual time=\\S+ rows=(\\d+)").matcher(analyzed);
        while (node.find()) {
            rows.add(Long.parseLong(node.group(1)));
        }
        assertThat(rows).as(analyzed).isNotEmpty();
        return rows;
    }

    private static String plans(String sql, String types, String arguments) throws SQLException {
        return QueryPlans.of(dataSource, sql, types, arguments);
    }
}
