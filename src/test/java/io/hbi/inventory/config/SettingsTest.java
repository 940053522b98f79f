package io.hbi.inventory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreTheContractDefaults() {
        Settings settings = Settings.load(Map.of());
        assertThat(settings.apiPrefix()).isEqualTo("/api/inventory/v1");
        assertThat(settings.managementPrefix()).isEmpty();
        assertThat(settings.get("inventory.kafka.bootstrap-servers")).isEqualTo("localhost:29092");
        assertThat(settings.get("inventory.kafka.ingress-topic")).isEqualTo("platform.inventory.host-ingress");
        assertThat(settings.get("inventory.kafka.ingress-group")).isEqualTo("inventory-mq");
        assertThat(settings.get("inventory.kafka.event-topic")).isEqualTo("platform.inventory.events");
        assertThat(settings.getInt("inventory.db.pool-size")).isEqualTo(5);
        assertThat(settings.getInt("inventory.culling.culled-offset-days")).isEqualTo(14);
        assertThat(settings.getInt("inventory.listen-port")).isEqualTo(8080);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/insights?ApplicationName=host-inventory");
        assertThat(settings.version()).containsEntry("version", "Unknown");
    }

    @Test
    void prefixesAreBuiltFromTheirParts() {
        Settings settings = Settings.load(Map.of("PATH_PREFIX", "r/insights", "APP_NAME", "inv",
                "INVENTORY_MANAGEMENT_URL_PATH_PREFIX", "/mgmt/"));
        assertThat(settings.apiPrefix()).isEqualTo("/r/insights/inv/v1");
        assertThat(settings.managementPrefix()).isEqualTo("/mgmt");
    }

    @Test
    void verifyFullAddsTheRootCertificate() {
        Settings settings = Settings.load(Map.of("INVENTORY_DB_SSL_MODE", "verify-full", "INVENTORY_DB_SSL_CERT", "/ca.pem"));
        assertThat(settings.jdbcUrl()).endsWith("&sslmode=verify-full&sslrootcert=/ca.pem");
    }

    @Test
    void aMalformedValueIsRefusedWithOneLineThatNamesTheVariable() {
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_DB_POOL_SIZE", "0")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_DB_POOL_SIZE must be a whole number of at least 1, but is '0'");
        assertThatThrownBy(() -> Settings.load(Map.of("LISTEN_PORT", "70000")))
                .hasMessage("LISTEN_PORT must be a TCP port between 1 and 65535, but is '70000'");
        assertThatThrownBy(() -> Settings.load(Map.of("PAYLOAD_TRACKER_ENABLED", "yes")))
                .hasMessage("PAYLOAD_TRACKER_ENABLED must be true or false, but is 'yes'");
        assertThatThrownBy(() -> Settings.load(Map.of("BULK_QUERY_SOURCE", "elastic")))
                .hasMessage("BULK_QUERY_SOURCE must be db or xjoin, but is 'elastic'");
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_LEGACY_API_URL", "legacy")))
                .hasMessage("INVENTORY_LEGACY_API_URL must be empty or a path starting with /, but is 'legacy'");
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_LOG_FORMAT", "xml")))
                .hasMessage("INVENTORY_LOG_FORMAT must be json or text, but is 'xml'");
    }

    @Test
    void theReaperScheduleIsOffByDefaultAndMustBeAQuartzCronExpression() {
        Settings off = Settings.load(Map.of());
        assertThat(off.asProperties()).containsEntry("inventory.reaper.scheduled", "false");
        assertThat(off.getInt("inventory.reaper.batch-size")).isEqualTo(1000);
        Settings hourly = Settings.load(Map.of("INVENTORY_REAPER_SCHEDULE", " 0 0 * * * ? "));
        assertThat(hourly.asProperties()).containsEntry("inventory.reaper.scheduled", "true")
                .containsEntry("inventory.reaper.cron", "0 0 * * * ?");
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_REAPER_SCHEDULE", "0 3 * * *")))
                .hasMessage("INVENTORY_REAPER_SCHEDULE must be empty or a Quartz cron expression such as "
                        + "'0 0 * * * ?', but is '0 3 * * *'");
    }

    @Test
    void booleansAndLevelsAreCaseInsensitive() {
        Settings settings = Settings.load(Map.of("PAYLOAD_TRACKER_ENABLED", "TRUE", "INVENTORY_LOG_LEVEL", "warning"));
        assertThat(settings.getBoolean("inventory.payload-tracker.enabled")).isTrue();
        assertThat(settings.get("inventory.log.level")).isEqualTo("WARN");
    }

    @Test
    void secretsNeverAppearInTextAboutTheSettings() {
        Settings settings = Settings.load(Map.of("INVENTORY_DB_PASS", "s3cr3t-pass", "INVENTORY_SHARED_SECRET", "t0ken"));
        assertThat(settings.toString()).doesNotContain("s3cr3t-pass").doesNotContain("t0ken");
        assertThat(settings.jdbcUrl()).doesNotContain("s3cr3t-pass");
        assertThat(settings.databaseDescription()).doesNotContain("s3cr3t-pass");
    }

    @Test
    void everyVariableIsDocumentedInTheReadmeConfigurationTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting setting : Settings.DECLARED) {
            assertThat(readme).as("README row for %s", setting.env())
                    .contains("| `" + setting.env() + "` | `" + setting.defaultValue() + "` |");
        }
    }

    @Test
    void everyPropertyIsUniqueAndEveryDefaultPassesItsOwnCheck() {
        assertThat(Settings.DECLARED.stream().map(Setting::property).distinct().count())
                .isEqualTo(Settings.DECLARED.size());
        assertThat(Settings.DECLARED.stream().map(Setting::env).distinct().count()).isEqualTo(Settings.DECLARED.size());
        Settings.load(Map.of());
    }
}
