package io.hbi.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationIT {

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAreIdempotent() throws Exception {
        var settings = TestInfrastructure.settings(Map.of());
        try (HikariDataSource dataSource = Database.open(settings)) {
            Database.migrate(dataSource);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                ResultSet history = statement.executeQuery(
                        "SELECT count(*) FILTER (WHERE NOT success), count(*) FROM flyway_schema_history");
                history.next();
                assertThat(history.getInt(1)).isZero();
                assertThat(history.getInt(2)).isPositive();

                List<String> indexes = new ArrayList<>();
                ResultSet rows = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'hosts'");
                while (rows.next()) {
                    indexes.add(rows.getString(1));
                }
                assertThat(indexes).contains("hosts_pkey", "hosts_account_modified_on_id", "hosts_account_insights_id",
                        "hosts_account_subscription_manager_id", "hosts_canonical_fact_tokens", "hosts_stale_timestamp");
            }
        }
    }

    @Test
    void canonicalFactTokensTurnJsonbContainmentIntoSetContainment() throws Exception {
        var settings = TestInfrastructure.settings(Map.of());
        try (HikariDataSource dataSource = Database.open(settings);
             Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            ResultSet row = statement.executeQuery("SELECT canonical_fact_tokens('acct1', "
                    + "'{\"fqdn\": \"a.example.com\", \"ip_addresses\": [\"10.0.0.1\", \"10.0.0.2\"]}')::text");
            row.next();
            assertThat(row.getString(1))
                    .isEqualTo("{\"acct1 fqdn=a.example.com\",\"acct1 ip_addresses=10.0.0.1\",\"acct1 ip_addresses=10.0.0.2\"}");
        }
    }
}
