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
    void aLargeOutboxPayloadIsStoredOutOfLineWithoutCompression() throws Exception {
        var settings = TestInfrastructure.settings(Map.of());
        try (HikariDataSource dataSource = Database.open(settings)) {
            Database.migrate(dataSource);
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    // a fleet host's event: 40 KiB of very compressible JSON, which pglz would shrink several times
                    String payload = "{\"packages\": [" + "\"kernel-0:5.14.0-362.8.1.el9_3.x86_64\", ".repeat(1_000)
                            + "\"bash-0:5.1.8-6.el9.x86_64\"]}";
                    ResultSet inserted = statement.executeQuery("INSERT INTO event_outbox (topics, payload) VALUES"
                            + " ('{t}', '" + payload + "') RETURNING id");
                    inserted.next();
                    // read back: RETURNING shows the value before it was stored
                    ResultSet stored = statement.executeQuery("SELECT pg_column_compression(payload),"
                            + " pg_column_size(payload) FROM event_outbox WHERE id = " + inserted.getLong(1));
                    stored.next();
                    assertThat(stored.getString(1)).as("compression method").isNull();
                    assertThat(stored.getInt(2)).as("stored bytes").isGreaterThanOrEqualTo(payload.length());
                } finally {
                    connection.rollback();
                }
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

    @Test
    void tokensWrittenByTheServiceAreTheTokensTheDatabaseComputes() throws Exception {
        var settings = TestInfrastructure.settings(Map.of());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> samples = List.of(
                "{\"fqdn\": \"a.example.com\"}",
                "{\"insights_id\": \"3f1c2b6e-1f0a-4c5e-9a57-0b5d2f0c1e11\", \"ip_addresses\": [\"10.0.0.2\", \"10.0.0.1\", \"10.0.0.2\"],"
                        + " \"mac_addresses\": [\"52:54:00:00:00:01\"], \"external_id\": \"i-0abc, with \\\"quotes\\\" and spaces\"}",
                "{\"satellite_id\": \"ÄÖ unicode\", \"bios_uuid\": \"3f1c2b6e-1f0a-4c5e-9a57-0b5d2f0c1e12\"}");
        try (HikariDataSource dataSource = Database.open(settings); Connection connection = dataSource.getConnection()) {
            for (String facts : samples) {
                String[] java = io.hbi.inventory.host.CanonicalFacts.tokens("acct 1",
                        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(facts));
                try (var query = connection.prepareStatement("SELECT canonical_fact_tokens('acct 1', ?::jsonb)")) {
                    query.setString(1, facts);
                    ResultSet row = query.executeQuery();
                    row.next();
                    assertThat((String[]) row.getArray(1).getArray()).containsExactlyInAnyOrder(java);
                }
            }
            try (Statement statement = connection.createStatement()) {
                // plain SQL that leaves the tokens out gets them from the triggers, on insert and on update
                statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, canonical_facts, reporter)"
                        + " VALUES ('00000000-0000-0000-0000-000000000001', 'acct1', now(), now(),"
                        + " '{\"fqdn\": \"b.example.com\"}', 'puptoo')");
                statement.execute("UPDATE hosts SET canonical_facts = '{\"fqdn\": \"c.example.com\"}'"
                        + " WHERE id = '00000000-0000-0000-0000-000000000001'");
                ResultSet row = statement.executeQuery("SELECT canonical_fact_tokens::text FROM hosts"
                        + " WHERE id = '00000000-0000-0000-0000-000000000001'");
                row.next();
                assertThat(row.getString(1)).isEqualTo("{\"acct1 fqdn=c.example.com\"}");
            }
        }
    }
}
