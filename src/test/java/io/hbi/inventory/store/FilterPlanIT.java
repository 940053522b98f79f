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
 * The filters of GET /hosts find their matches through the indexes of db/migration V6, whatever the size of the
 * account: the tags filter through the account-scoped tag index, the name filters through the one trigram index
 * over both names. With 40,000 hosts, half of them in one account, neither plan scans {@code hosts}. The statements
 * explained are the ones {@link HostQueries} builds for the request, with the parameters it binds.
 */
class FilterPlanIT {

    static HikariDataSource dataSource;
    static HostQueries queries;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        queries = new HostQueries(dataSource, new HostRepository(new ObjectMapper()), StalenessWindow.DEFAULT);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts, tags,"
                    + " stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big' ELSE 'acct' || (i % 50) END,"
                    + "  'host-' || lpad(i::text, 7, '0'), now(), now(),"
                    + "  jsonb_build_object('fqdn', 'host-' || lpad(i::text, 7, '0') || '.example.com'),"
                    + "  jsonb_build_object('ns', jsonb_build_object('team', jsonb_build_array('team-' || (i % 50)))),"
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
        HostQueries.BuiltStatement statement = ListStatements.of(queries, Tenant.ofAccount("big"), rawQuery, Instant.now());
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
}
