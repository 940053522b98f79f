package io.hbi.inventory;

import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.hbi.inventory.health.HealthProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The service: the database migrated and pooled, then Camel started with the YAML routes of {@code routes/} and the
 * kamelets of {@code kamelets/}. Production mode, dev mode and the tests all start it through here.
 */
public final class InventoryService implements AutoCloseable {

    private final Main main;
    private final HikariDataSource dataSource;
    private final Admin kafkaAdmin;

    private InventoryService(Main main, HikariDataSource dataSource, Admin kafkaAdmin) {
        this.main = main;
        this.dataSource = dataSource;
        this.kafkaAdmin = kafkaAdmin;
    }

    /**
     * Migrates the database and starts every route; returns once the service answers.
     *
     * @throws StartupException when a dependency cannot be reached or a route cannot start
     */
    public static InventoryService start(Settings settings) {
        HikariDataSource dataSource = Database.open(settings);
        Admin kafkaAdmin = kafkaAdmin(settings);
        Main main = new Main();
        main.setInitialProperties(settings.asProperties());
        main.bind("settings", settings);
        main.bind("dataSource", dataSource);
        main.bind("metricsRegistry", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        main.bind("healthProbe", new HealthProbe(dataSource, kafkaAdmin,
                Duration.ofSeconds(settings.getInt("inventory.db.pool-timeout"))));
        InventoryService service = new InventoryService(main, dataSource, kafkaAdmin);
        try {
            main.start();
        } catch (Exception e) {
            service.close();
            throw new StartupException("Camel could not start: " + e.getMessage());
        }
        return service;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** Stops the routes (letting in-flight work finish), then the connections. */
    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping: nothing else to do
        }
        kafkaAdmin.close(Duration.ofSeconds(5));
        dataSource.close();
    }

    private static Admin kafkaAdmin(Settings settings) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("inventory.kafka.bootstrap-servers"));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "inventory-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        return Admin.create(config);
    }
}
