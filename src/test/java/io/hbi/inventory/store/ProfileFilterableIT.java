package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.selection.ProfileFields;
import io.hbi.inventory.selection.ProfileFields.Kind;
import io.hbi.inventory.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * V14's inline copy of the filterable profile ({@code hosts.profile_filterable}): it holds exactly the schema's
 * top-level fields that are not arrays (what {@link ProfileConditions#column} reads from it), every kind of write
 * keeps it equal to {@code host_profile_filterable(system_profile_facts)}, and the migration fills the rows written
 * before it.
 */
class ProfileFilterableIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRIFTED = "SELECT count(*) FROM hosts"
            + " WHERE profile_filterable IS DISTINCT FROM host_profile_filterable(system_profile_facts)";

    @Test
    void theCopyHoldsExactlyTheSchemasFieldsThatAreNoArrays() throws Exception {
        Map<String, ProfileFields.Field> fields = ProfileFields.shared().topLevel();
        ObjectNode everyField = JSON.createObjectNode();
        Set<String> kept = new TreeSet<>();
        for (ProfileFields.Field field : fields.values()) {
            everyField.put(field.name(), "value");
            if (field.kind() != Kind.ARRAY) {
                kept.add(field.name());
            }
            assertThat(ProfileConditions.filterable(field.name())).as(field.name()).isEqualTo(field.kind() != Kind.ARRAY);
        }
        assertThat(kept).hasSizeLessThan(fields.size()).contains("operating_system", "workloads", "number_of_cpus");
        try (HikariDataSource dataSource = Database.open(TestInfrastructure.settings(Map.of()));
             Connection connection = dataSource.getConnection();
             PreparedStatement copy = connection.prepareStatement("SELECT host_profile_filterable(?::jsonb)::text")) {
            copy.setString(1, everyField.toString());
            ResultSet row = copy.executeQuery();
            row.next();
            assertThat(keys(JSON.readTree(row.getString(1)))).isEqualTo(kept);
        }
    }

    @Test
    void everyKindOfWriteKeepsTheCopyRight() throws Exception {
        try (HikariDataSource dataSource = Database.open(TestInfrastructure.settings(Map.of()));
             Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, canonical_facts,"
                    + " system_profile_facts, stale_timestamp, reporter) VALUES"
                    + " ('00000000-0000-0000-0000-000000000001', 'acct1', now(), now(), '{\"fqdn\": \"a.example.com\"}',"
                    + "  '{\"arch\": \"x86_64\", \"installed_packages\": [\"bash-5.1\"]}', now() + interval '1 day', 'puptoo'),"
                    + " ('00000000-0000-0000-0000-000000000002', 'acct1', now(), now(), '{\"fqdn\": \"b.example.com\"}',"
                    + "  DEFAULT, now() + interval '1 day', 'puptoo')");
            assertThat(copyOf(statement, 1)).isEqualTo("{\"arch\": \"x86_64\"}");
            assertThat(copyOf(statement, 2)).isEqualTo("{}");
            assertThat(count(statement, DRIFTED)).isZero();

            // the service's upsert, as an update of the profile
            statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, canonical_facts,"
                    + " system_profile_facts, stale_timestamp, reporter) VALUES ('00000000-0000-0000-0000-000000000001',"
                    + " 'acct1', now(), now(), '{\"fqdn\": \"a.example.com\"}', '{\"arch\": \"aarch64\", \"cpu_flags\": [\"fpu\"],"
                    + " \"workloads\": {\"sap\": {\"sap_system\": true}}}', now() + interval '1 day', 'puptoo')"
                    + " ON CONFLICT (id) DO UPDATE SET system_profile_facts = EXCLUDED.system_profile_facts");
            assertThat(copyOf(statement, 1)).isEqualTo("{\"arch\": \"aarch64\", \"workloads\": {\"sap\": {\"sap_system\": true}}}");

            // an update of other columns leaves the copy as it was; a write of the copy itself is overwritten
            statement.execute("UPDATE hosts SET display_name = 'renamed', tags = '{}'");
            statement.execute("UPDATE hosts SET profile_filterable = '{\"arch\": \"forged\"}'");
            statement.execute("UPDATE hosts SET system_profile_facts = system_profile_facts || '{\"number_of_cpus\": 4}'"
                    + " WHERE id = '00000000-0000-0000-0000-000000000002'");
            assertThat(copyOf(statement, 2)).isEqualTo("{\"number_of_cpus\": 4}");
            assertThat(count(statement, DRIFTED)).isZero();
            // kept on the row (STORAGE MAIN), not out of line with the profile it copies
            assertThat(count(statement, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'hosts'::regclass"
                    + " AND attname = 'profile_filterable' AND attstorage = 'm'")).isEqualTo(1);
        }
    }

    @Test
    void theMigrationFillsTheRowsWrittenBeforeIt() throws Exception {
        Settings defaults = Settings.load(Map.of());
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestInfrastructure.get().jdbcUrl(TestInfrastructure.newDatabase()));
        dataSource.setUser(defaults.get("inventory.db.user"));
        dataSource.setPassword(defaults.get("inventory.db.pass"));
        var before = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("13");
        before.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        before.load().migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // more rows than one batch of the backfill, and the smallest id there is
            statement.execute("INSERT INTO hosts (id, account, created_on, modified_on, canonical_facts,"
                    + " system_profile_facts, stale_timestamp, reporter)"
                    + " SELECT CASE WHEN i = 0 THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE gen_random_uuid() END,"
                    + "  'acct' || (i % 7), now(), now(), jsonb_build_object('fqdn', 'h' || i || '.example.com'),"
                    + "  jsonb_build_object('number_of_cpus', i % 16, 'installed_packages', jsonb_build_array('p' || i)),"
                    + "  now() + interval '1 day', 'puptoo' FROM generate_series(0, 4500) AS i");
            Database.migrate(dataSource);
            assertThat(count(statement, "SELECT count(*) FROM hosts WHERE profile_filterable IS NULL")).isZero();
            assertThat(count(statement, DRIFTED)).isZero();
            assertThat(copyOf(statement, 0)).isEqualTo("{\"number_of_cpus\": 0}");
            assertThat(count(statement, "SELECT count(*) FROM pg_index WHERE indisvalid"
                    + " AND indexrelid = 'hosts_profile_filterable'::regclass")).isEqualTo(1);
        }
    }

    private static String copyOf(Statement statement, int id) throws SQLException {
        ResultSet row = statement.executeQuery("SELECT profile_filterable::text FROM hosts WHERE id = '"
                + String.format("00000000-0000-0000-0000-%012d", id) + "'");
        row.next();
        return row.getString(1);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        ResultSet row = statement.executeQuery(sql);
        row.next();
        return row.getLong(1);
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }
}
