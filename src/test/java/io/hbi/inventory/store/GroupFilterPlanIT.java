package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.selection.GroupOrdering;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.support.QueryPlans;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The group filters of GET /hosts (issue 15) read the group's range of hosts_group_members (V16), not the tenant's
 * hosts (a page of one group stops after its rows; its total counts the range without the rows): with 40,000 hosts of
 * an account and 40,000 of an org, each split into 40 groups of 1,000 hosts beside as many other tenants' hosts, no
 * plan scans {@code hosts} or walks the tenant's index of all its hosts, and the group list counts its members from
 * the maintained counts and its culled members from hosts_group_staleness, not from the culled hosts of every tenant
 * (the other tenants' 80,000 hosts are culled here). The statements explained are the ones the service builds
 * ({@link HostQueries}, {@link GroupRepository}), with the parameters it binds.
 */
class GroupFilterPlanIT {

    /** A sequential scan of hosts, with or without an alias. */
    static final java.util.regex.Pattern SCANS_HOSTS = java.util.regex.Pattern.compile("Seq Scan on hosts(\\s|$)",
            java.util.regex.Pattern.MULTILINE);

    static HikariDataSource dataSource;
    static HostQueries queries;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        queries = new HostQueries(dataSource, new HostRepository(new ObjectMapper()), StalenessWindow.DEFAULT);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // 80,000 hosts of account big and of other accounts, then 80,000 of org big-org and other orgs
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big' ELSE 'acct' || (i % 50) END,"
                    + "  'host-' || i, now(), now() - i * interval '1 second', '{}', now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 80000) AS i");
            statement.execute("INSERT INTO hosts (id, org_id, display_name, created_on, modified_on, canonical_facts,"
                    + " stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big-org' ELSE 'org' || (i % 50) END,"
                    + "  'org-host-' || i, now(), now() - i * interval '1 second', '{}', now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 80000) AS i");
            // 40 groups of each big tenant, 1,000 of its hosts in each (and none of the other tenants' hosts)
            statement.execute("INSERT INTO groups (id, account, name, created_on, modified_on)"
                    + " SELECT gen_random_uuid(), 'big', 'group-' || g, now(), now() FROM generate_series(0, 39) AS g");
            statement.execute("INSERT INTO groups (id, org_id, name, created_on, modified_on)"
                    + " SELECT gen_random_uuid(), 'big-org', 'group-' || g, now(), now() FROM generate_series(0, 39) AS g");
            for (String[] tenant : new String[][] {{"account", "big"}, {"org_id", "big-org"}}) {
                statement.execute("UPDATE hosts SET group_id = g.id"
                        + " FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM hosts"
                        + "   WHERE " + tenant[0] + " = '" + tenant[1] + "') AS h"
                        + " JOIN groups g ON g." + tenant[0] + " = '" + tenant[1] + "' AND g.name = 'group-' || (h.n / 1000)"
                        + " WHERE hosts.id = h.id AND h.n < 40000");
            }
            // the other tenants' hosts are culled, not reaped yet: the group list must not read them to count its own
            statement.execute("UPDATE hosts SET stale_timestamp = now() - interval '30 days'"
                    + " WHERE account LIKE 'acct%' OR org_id LIKE 'org%'");
            statement.execute("VACUUM hosts");
            statement.execute("SET default_statistics_target = 1000");
            statement.execute("ANALYZE hosts");
            statement.execute("ANALYZE groups");
        }
        new HostCounts(new Transactions(dataSource, new WriteFailures(java.time.Clock.systemUTC()))).compact();
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    static String planOf(Tenant tenant, String rawQuery) throws SQLException {
        HostQueries.BuiltStatement statement = ListStatements.of(queries, tenant, rawQuery, Instant.now());
        return "-- " + statement.sql() + "\n-- " + statement.parameters() + "\n"
                + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
    }

    /** The tenant's index of all its hosts by modified_on: what a group filter must not walk. */
    static String wholeTenantIndex(Tenant tenant) {
        return tenant.byOrg() ? "hosts_org_modified_on_id" : "hosts_account_modified_on_id";
    }

    static String countPlanOf(Tenant tenant, String rawQuery) throws SQLException {
        HostQueries.BuiltStatement statement = ListStatements.count(queries, tenant, rawQuery, Instant.now());
        return "-- " + statement.sql() + "\n-- " + statement.parameters() + "\n"
                + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
    }

    @Test
    void aGroupNameFilterReadsTheGroupsRangeOfTheMembersIndex() throws SQLException {
        for (Tenant tenant : new Tenant[] {Tenant.ofAccount("big"), Tenant.ofOrg("big-org", null)}) {
            for (String query : new String[] {"group_name=group-7", "group_name=GROUP-7&order_by=display_name",
                    "group_name=group-7,group-8&per_page=100"}) {
                String plan = planOf(tenant, query);
                assertThat(plan).as(plan).containsAnyOf("hosts_group_members", "hosts_group_staleness")
                        .doesNotContainPattern(SCANS_HOSTS).doesNotContain(wholeTenantIndex(tenant));
                String count = countPlanOf(tenant, query);
                assertThat(count).as(count).contains("Index Only Scan using hosts_group_members")
                        .doesNotContainPattern(SCANS_HOSTS);
            }
            // one group in the list's order: the page reads the group's range in order and stops after its rows
            String page = planOf(tenant, "group_name=group-7");
            assertThat(page).as(page).contains("Index Scan using hosts_group_members").contains("Limit")
                    .doesNotContain("Sort");
        }
    }

    @Test
    void aDeepPageReadsTheGroupsOfTheHostsItShowsOnly() throws SQLException {
        for (Tenant tenant : new Tenant[] {Tenant.ofAccount("big"), Tenant.ofOrg("big-org", null)}) {
            // page 500 passes over 24,950 of the tenant's hosts, each of them in a group
            HostQueries.BuiltStatement statement = ListStatements.of(queries, tenant, "per_page=50&page=500",
                    Instant.now());
            String analyzed = QueryPlans.analyze(dataSource, statement.sql(), statement.parameters());
            java.util.regex.Matcher groupReads = java.util.regex.Pattern.compile("on groups g .*loops=(\\d+)")
                    .matcher(analyzed);
            assertThat(groupReads.find()).as(analyzed).isTrue();
            assertThat(Long.parseLong(groupReads.group(1))).as(analyzed).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void aGroupIdFilterReadsTheGroupsRangeOfTheMembersIndex() throws SQLException {
        String group;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT id FROM groups WHERE org_id = 'big-org' AND name = 'group-3'")) {
            rows.next();
            group = rows.getString(1);
        }
        String plan = planOf(Tenant.ofOrg("big-org", null), "group_id=" + group);
        assertThat(plan).as(plan).contains("hosts_group_members")
                .doesNotContainPattern(SCANS_HOSTS).doesNotContain("hosts_org_modified_on_id");
    }

    @Test
    void theUngroupedFilterReadsTheTenantsHostsWithoutScanningTheTable() throws SQLException {
        String plan = planOf(Tenant.ofOrg("big-org", null), "group_name=");
        assertThat(plan).as(plan).doesNotContainPattern(SCANS_HOSTS).contains("group_id IS NULL");
    }

    @Test
    void theGroupListCountsFromTheMaintainedCountsAndTheCulledFromTheMembersIndex() throws SQLException {
        for (Tenant tenant : new Tenant[] {Tenant.ofAccount("big"), Tenant.ofOrg("big-org", null)}) {
            for (GroupOrdering ordering : new GroupOrdering[] {GroupOrdering.NAME_ASC, GroupOrdering.HOST_COUNT_DESC}) {
                HostQueries.BuiltStatement statement = GroupRepository.countedStatement(tenant, null, null, ordering,
                        new PageRequest(1, 50), io.hbi.inventory.staleness.StalenessRules.of(StalenessWindow.DEFAULT),
                        Instant.now());
                String plan = "-- " + statement.sql() + "\n"
                        + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
                assertThat(plan).as(plan).contains("using hosts_group_staleness")
                        .doesNotContainPattern(SCANS_HOSTS).doesNotContain(wholeTenantIndex(tenant))
                        .doesNotContain("hosts_stale_timestamp");
            }
        }
    }

    @Test
    void theGroupsOfAnOrgWithAStalenessSettingCountTheirCulledMembersFromTheCheckInIndex() throws SQLException {
        Tenant tenant = Tenant.ofOrg("big-org", null);
        io.hbi.inventory.staleness.StalenessRules rules = io.hbi.inventory.staleness.StalenessRules.of(
                StalenessWindow.DEFAULT, List.of(new io.hbi.inventory.staleness.StalenessSetting(
                        java.util.UUID.randomUUID(), "big-org", 86_400, 172_800, 259_200, null, null)));
        HostQueries.BuiltStatement statement = GroupRepository.countedStatement(tenant, null, null,
                GroupOrdering.NAME_ASC, new PageRequest(1, 50), rules, Instant.now());
        String plan = "-- " + statement.sql() + "\n"
                + QueryPlans.explain(dataSource, statement.sql(), statement.parameters());
        assertThat(plan).as(plan).contains("using hosts_group_check_in").doesNotContainPattern(SCANS_HOSTS)
                .doesNotContain(wholeTenantIndex(tenant));
    }
}
