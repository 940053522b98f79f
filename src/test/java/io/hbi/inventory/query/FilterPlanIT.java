package io.hbi.inventory.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.support.QueryPlans;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filters of GET /hosts find their matches through the indexes of db/migration V6, whatever the size of the
 * account: the tags filter through the account-scoped tag index, the name filters through the one trigram index
 * over both names. With 40,000 hosts, half of them in one account, neither plan scans {@code hosts}.
 */
class FilterPlanIT {

    static HikariDataSource dataSource;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Database.open(TestInfrastructure.settings(Map.of()));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, display_name, created_on, modified_on, canonical_facts, tags,"
                    + " stale_timestamp, reporter)"
                    + " SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'big' ELSE 'acct' || (i % 50) END,"
                    + "  'host-' || lpad(i::text, 7, '0'), now(), now(),"
                    + "  jsonb_build_object('fqdn', 'host-' || lpad(i::text, 7, '0') || '.example.com'),"
                    + "  jsonb_build_object('ns', jsonb_build_object('team', jsonb_build_array('team-' || (i % 50)))),"
                    + "  now() + interval '1 day', 'puptoo'"
                    + " FROM generate_series(1, 40000) AS i");
            statement.execute("ANALYZE hosts");
        }
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void theTagsFilterReadsTheAccountScopedTagIndex() throws SQLException {
        String plan = QueryPlans.of(dataSource, "SELECT id FROM hosts WHERE account = ?"
                        + " AND account_tags(account, tags) @> account_tags(?, ?::jsonb)", "text, text, jsonb",
                "'big', 'big', '{\"ns\": {\"team\": [\"team-8\"]}}'");
        assertThat(plan).as(plan).contains("hosts_account_tags").doesNotContain("Seq Scan on hosts");
    }

    @Test
    void theNameFiltersReadTheTrigramIndexOfBothNames() throws SQLException {
        String names = "lower(coalesce(display_name, '') || ' ' || coalesce(canonical_facts ->> 'fqdn', ''))";
        String plan = QueryPlans.of(dataSource, "SELECT id FROM hosts WHERE account = ? AND " + names + " LIKE ?"
                        + " AND (lower(display_name) LIKE ? OR lower(canonical_facts ->> 'fqdn') LIKE ?)",
                "text, text, text, text", "'big', '%host-001234%', '%host-001234%', '%host-001234%'");
        assertThat(plan).as(plan).contains("hosts_names_trgm").doesNotContain("Seq Scan on hosts");
    }
}
