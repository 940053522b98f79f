package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.support.QueryPlans;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements of an org with a staleness setting find their hosts through the org's indexes (decisions.md 13):
 * its list and state filters through the org-leading indexes (the check-in ones of V13 for a state's range), the
 * hosts its total leaves out through hosts_org_last_check_in, the reaper's and the stale detector's selections
 * through the same index, one probe per org with a setting. 40,000 hosts of an org with a setting (checked in over
 * the last 40,000 minutes), 40,000 of other orgs; no plan scans {@code hosts}.
 */
class StalenessPlanIT {

    static HikariDataSource dataSource;
    static HostQueries queries;
    static final Tenant ORG = Tenant.ofOrg("setting-org", null);

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        queries = new HostQueries(dataSource, new HostRepository(new ObjectMapper()), StalenessWindow.DEFAULT);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter, last_check_in)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'setting-org' ELSE 'org' || (i % 50) END,"
                    + "  'host-' || i, now(), now() - i * interval '1 second', jsonb_build_object('fqdn', 'h' || i),"
                    + "  now() + interval '1 day', 'puptoo', now() - i * interval '1 minute'"
                    + " FROM generate_series(1, 80000) AS i");
            // stale after a day, stale_warning after 54 days, culled after 55: of the org's hosts (checked in over 55
            // days) about 2% are stale_warning, 1% culled
            statement.execute("INSERT INTO staleness (id, org_id, conventional_time_to_stale,"
                    + " conventional_time_to_stale_warning, conventional_time_to_delete, created_on, modified_on)"
                    + " VALUES (gen_random_uuid(), 'setting-org', 86400, 4665600, 4752000, now(), now())");
            // 2020 accounts: one whose 2,000 hosts an org adopted, one of 2,000 hosts in no org
            statement.execute("INSERT INTO hosts (id, account, org_id, display_name, created_on, modified_on,"
                    + " canonical_facts, stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'adopted' ELSE 'legacy' END,"
                    + "  CASE WHEN i % 2 = 0 THEN 'adopting-org' END, 'account-host-' || i, now(), now(),"
                    + "  jsonb_build_object('fqdn', 'a' || i), now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 4000) AS i");
            statement.execute("SET default_statistics_target = 1000");
            statement.execute("ANALYZE hosts");
        }
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    static String planOf(String rawQuery) throws SQLException {
        HostQueries.BuiltStatement statement = ListStatements.of(queries, ORG, rawQuery, Instant.now());
        return "-- " + statement.sql() + "\n-- " + statement.parameters() + "\n"
                + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
    }

    @Test
    void theRulesOfATwentyTwentyAccountAreFoundByProbesOfItsIndexesNotByReadingItsHosts() throws SQLException {
        for (String account : new String[] {"adopted", "legacy"}) {
            String plan = QueryPlans.of(dataSource, StalenessSettings.OF_ACCOUNT, "text[]",
                    "ARRAY['" + account + "']");
            assertThat(plan).as(plan).contains("hosts_account_org").contains("hosts_account_without_org")
                    .doesNotContain("Seq Scan on hosts").doesNotContain("Bitmap Heap Scan on hosts");
        }
    }

    @Test
    void theListOfAnOrgWithASettingReadsItsIndexesAndItsStatesAreRangesOfItsCheckIns() throws SQLException {
        String list = planOf("per_page=50");
        assertThat(list).as(list).contains(HostQueries.LAST_CHECK_IN).contains("hosts_org_modified_on_id")
                .doesNotContain("Seq Scan on hosts");
        String staleWarning = planOf("per_page=50&staleness=stale_warning");
        assertThat(staleWarning).as(staleWarning).contains(HostQueries.LAST_CHECK_IN + " > ? AND")
                .contains("using hosts_org_").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theTotalLeavesOutTheHostsCheckedInBeforeTheBoundThroughTheOrgsCheckInIndex() throws SQLException {
        StalenessConditions.Exclusion excluded = new StalenessConditions.Exclusion(HostQueries.LAST_CHECK_IN,
                Instant.now().minusSeconds(4_665_600));
        String plan = QueryPlans.explain(dataSource, HostCounts.hostTotal(ORG, excluded), List.of("o", ORG.orgId(), "o",
                ORG.orgId(), ORG.orgId(), Timestamp.from(excluded.upTo())));
        assertThat(plan).as(plan).contains("hosts_org_last_check_in").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theReapersAndTheDetectorsSelectionsProbeEachOrgsCheckInIndex() throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        String reaper = QueryPlans.explain(dataSource, HostRepository.SELECT_CULLED_BY_SETTINGS, List.of(now, 1000,
                1000));
        assertThat(reaper).as(reaper).contains("hosts_org_last_check_in").doesNotContain("Seq Scan on hosts");
        String twentyTwenty = QueryPlans.explain(dataSource, HostRepository.SELECT_CULLED, List.of(now,
                java.time.OffsetDateTime.MIN, new java.util.UUID(0, 0), 1000));
        assertThat(twentyTwenty).as(twentyTwenty).contains("hosts_stale_timestamp").doesNotContain("Seq Scan on hosts");
        String detector = QueryPlans.explain(dataSource, StaleDetection.TURNED_STALE, List.of(
                Timestamp.from(Instant.now().minusSeconds(600)), now));
        assertThat(detector).as(detector).contains("hosts_org_last_check_in").doesNotContain("Seq Scan on hosts");
    }
}
