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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filters of GET /hosts find their matches through the indexes of db/migration V6 and V9, whatever the size of
 * the account or org: the tags filter through the account-scoped or org-scoped tag index, the name filters through
 * the one trigram index over both names, an org's list, its orderings and its exact filters through the org-leading
 * indexes, order_by=last_check_in and a last_check_in range through the tenant's index of V13, a System identity's
 * hosts through hosts_org_owner, containment-shaped system profile filters through V14's hosts_profile_filterable.
 * With 40,000 hosts of accounts (half of them in one) and 40,000 of orgs (half of them in one), no plan scans
 * {@code hosts}. The statements explained are the ones
 * {@link HostQueries} builds for the request, with the parameters it binds.
 */
class FilterPlanIT {

    static HikariDataSource dataSource;
    static HostQueries queries;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        queries = new HostQueries(dataSource, new HostRepository(new ObjectMapper()), StalenessWindow.DEFAULT);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // accounts' hosts with system profiles: RHEL 8.0-9.9, 2-16 CPUs, 1% SAP systems, and installed packages
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts, tags,"
                    + " system_profile_facts, stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big' ELSE 'acct' || (i % 50) END,"
                    + "  'host-' || lpad(i::text, 7, '0'), now(), now(),"
                    + "  jsonb_build_object('fqdn', 'host-' || lpad(i::text, 7, '0') || '.example.com'),"
                    + "  jsonb_build_object('ns', jsonb_build_object('team', jsonb_build_array('team-' || (i % 50)))),"
                    + "  jsonb_build_object('arch', 'x86_64', 'number_of_cpus', 2 << (i % 4),"
                    + "   'operating_system', jsonb_build_object('name', 'RHEL', 'major', 8 + i / 7 % 2, 'minor', i / 14 % 10),"
                    + "   'installed_packages', jsonb_build_array('bash-5.1.8-6.el9.x86_64', 'kernel-5.14.0-362.el9.x86_64'))"
                    + "  || CASE WHEN i % 100 = 6 THEN '{\"workloads\": {\"sap\": {\"sap_system\": true}}}'::jsonb"
                    + "     ELSE '{}'::jsonb END,"
                    + "  now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 40000) AS i");
            // today's hosts: of orgs, without an account, each with its owner (a hyphen-less hex id)
            statement.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                    + " tags, system_profile_facts, stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big-org' ELSE 'org' || (i % 50) END,"
                    + "  'org-host-' || lpad(i::text, 7, '0'), now(), now() - i * interval '1 second',"
                    + "  jsonb_build_object('fqdn', 'org-host-' || lpad(i::text, 7, '0') || '.example.com',"
                    + "   'insights_id', md5(i::text)::uuid::text),"
                    + "  jsonb_build_object('ns', jsonb_build_object('team', jsonb_build_array('team-' || (i % 50)))),"
                    + "  jsonb_build_object('owner_id', lpad(to_hex(i), 32, '0')),"
                    + "  now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 40000) AS i");
            // statistics of every row, not of a random sample, so that the plans do not change from run to run
            statement.execute("SET default_statistics_target = 1000");
            statement.execute("ANALYZE hosts");
        }
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    /** The plan of the statement GET /hosts?{rawQuery} runs for account big. */
    static String planOf(String rawQuery) throws SQLException {
        return planOf(Tenant.ofAccount("big"), rawQuery);
    }

    /** The plan of the statement GET /hosts?{rawQuery} runs for this tenant. */
    static String planOf(Tenant tenant, String rawQuery) throws SQLException {
        HostQueries.BuiltStatement statement = ListStatements.of(queries, tenant, rawQuery, Instant.now());
        return "-- " + statement.sql() + "\n-- " + statement.parameters() + "\n"
                + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
    }

    @Test
    void theTagsFilterReadsTheAccountScopedTagIndex() throws SQLException {
        String plan = planOf("tags=ns/team=team-8");
        assertThat(plan).as(plan).contains("hosts_account_tags")
                .doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theNameFiltersReadTheTrigramIndexOfBothNames() throws SQLException {
        for (String query : new String[] {"display_name=host-001234", "hostname_or_id=host-001234"}) {
            String plan = planOf(query);
            assertThat(plan).as(plan).contains("hosts_names_trgm").doesNotContain("Seq Scan on hosts");
        }
    }

    @Test
    void theTagsFilterOfAnOrgReadsTheOrgScopedTagIndex() throws SQLException {
        String plan = planOf(Tenant.ofOrg("big-org", null), "tags=ns/team=team-8");
        assertThat(plan).as(plan).contains("hosts_org_tags_all").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theNameFiltersOfAnOrgReadTheTrigramIndexOfBothNames() throws SQLException {
        for (String query : new String[] {"display_name=org-host-001234", "hostname_or_id=org-host-001234"}) {
            String plan = planOf(Tenant.ofOrg("big-org", null), query);
            assertThat(plan).as(plan).contains("hosts_names_trgm").doesNotContain("Seq Scan on hosts");
        }
    }

    @Test
    void anOrgsListAndItsOrderingsReadTheOrgLeadingIndexesAndStopAfterOnePage() throws SQLException {
        Tenant org = Tenant.ofOrg("big-org", null);
        for (String query : new String[] {"", "order_by=updated&order_how=ASC", "per_page=1&page=3"}) {
            String plan = planOf(org, query);
            assertThat(plan).as(plan).contains("Limit").contains("hosts_org_modified_on_id")
                    .doesNotContain("Seq Scan on hosts");
        }
        String byName = planOf(org, "order_by=display_name");
        assertThat(byName).as(byName).contains("Limit").contains("hosts_org_display_name")
                .doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theExactFiltersOfAnOrgReadTheOrgLeadingIndexes() throws SQLException {
        Tenant org = Tenant.ofOrg("big-org", null);
        String fqdn = planOf(org, "fqdn=org-host-0001234.example.com");
        assertThat(fqdn).as(fqdn).contains("hosts_org_fqdn").doesNotContain("Seq Scan on hosts");
        String insightsId = planOf(org, "insights_id=" + java.util.UUID.nameUUIDFromBytes(new byte[] {1}));
        assertThat(insightsId).as(insightsId).contains("hosts_org_insights_id").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void orderByLastCheckInReadsTheTenantsLastCheckInIndexAndStopsAfterOnePage() throws SQLException {
        for (Tenant tenant : new Tenant[] {Tenant.ofAccount("big"), Tenant.ofOrg("big-org", null)}) {
            String index = tenant.byOrg() ? "hosts_org_last_check_in" : "hosts_account_last_check_in";
            for (String query : new String[] {"order_by=last_check_in", "order_by=last_check_in&per_page=10&page=4"}) {
                String plan = planOf(tenant, query);
                assertThat(plan).as(plan).contains("Limit").contains(index).doesNotContain("Seq Scan on hosts");
            }
        }
    }

    @Test
    void systemProfileFiltersKeepTheTenantsOwnIndexes() throws SQLException {
        Tenant org = Tenant.ofOrg("big-org", null);
        for (String query : new String[] {"filter[system_profile][number_of_cpus][gte]=4",
                "filter[system_profile][arch]=x86_64", "filter[system_profile][workloads][sap]=not_nil",
                "filter[system_profile][operating_system][RHEL][version][gte]=8.4"}) {
            String plan = planOf(org, query);
            assertThat(plan).as(plan).contains("hosts_org_").doesNotContain("Seq Scan on hosts");
        }
    }

    @Test
    void containmentShapedProfileFiltersReadTheProfileIndex() throws SQLException {
        // 1% of the account's hosts are SAP systems, 5% run RHEL 9.4 (V14's GIN index on profile_filterable)
        for (String query : new String[] {"filter[system_profile][workloads][sap][sap_system]=true",
                "filter[system_profile][operating_system][RHEL][version][eq][]=9.4",
                "filter[system_profile][sap_system]=true"}) {
            String plan = planOf(query);
            assertThat(plan).as(plan).contains("hosts_profile_filterable").doesNotContain("Seq Scan on hosts");
        }
    }

    @Test
    void profileFiltersOutsideTheArraysReadTheInlineCopyAndArrayFiltersTheWholeProfile() throws SQLException {
        String cpus = ListStatements.of(queries, Tenant.ofAccount("big"), "filter[system_profile][number_of_cpus][gt]=8",
                Instant.now()).sql();
        assertThat(cpus).contains("jsonb_path_exists(profile_filterable").doesNotContain("system_profile_facts @>");
        String packages = ListStatements.of(queries, Tenant.ofAccount("big"),
                "filter[system_profile][installed_packages][contains][]=bash-5.1.8-6.el9.x86_64", Instant.now()).sql();
        assertThat(packages).contains("system_profile_facts @> ?::jsonb");
    }

    @Test
    void aNarrowLastCheckInRangeOfAnOrgReadsItsLastCheckInIndex() throws SQLException {
        // the org's hosts were updated one second apart (and have no last_check_in: their modified_on stands in)
        Instant end = Instant.now().minusSeconds(10_000);
        String plan = planOf(Tenant.ofOrg("big-org", null), "last_check_in_start=" + end.minusSeconds(60)
                + "&last_check_in_end=" + end);
        assertThat(plan).as(plan).contains("hosts_org_last_check_in").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void aSystemIdentitysHostsAreFoundThroughTheOwnerIndex() throws SQLException {
        // host 4660 (0x1234) of big-org; the CN as a certificate writes it, hyphenated
        Tenant owner = Tenant.ofOwner("big-org", null, "00000000-0000-0000-0000-000000001234");
        for (String query : new String[] {"", "tags=ns/team=team-10", "order_by=display_name"}) {
            String plan = planOf(owner, query);
            assertThat(plan).as(plan).contains("hosts_org_owner").doesNotContain("Seq Scan on hosts");
        }
    }
}
