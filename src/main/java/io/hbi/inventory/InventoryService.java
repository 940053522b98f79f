package io.hbi.inventory;

import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.camel.RouteFolderReload;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.RouteSources;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.hbi.inventory.reaper.HostReaper;
import io.hbi.inventory.wiring.HttpServerSetup;
import io.hbi.inventory.wiring.InventoryBeans;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The service's lifecycle: the database migrated and pooled, then Camel started with the beans of
 * {@link InventoryBeans}, the YAML routes and the kamelets of {@link RouteSources} (the {@code routes/} and
 * {@code kamelets/} folders, or the jar's); stopped in the reverse order. Production mode, dev mode, the one-shot commands and the tests all start it through here.
 */
public final class InventoryService implements AutoCloseable {

    private final Main main;
    private final HikariDataSource dataSource;
    private final Optional<HikariDataSource> replica;
    private final Admin kafkaAdmin;

    private InventoryService(Main main, HikariDataSource dataSource, Optional<HikariDataSource> replica,
                             Admin kafkaAdmin) {
        this.main = main;
        this.dataSource = dataSource;
        this.replica = replica;
        this.kafkaAdmin = kafkaAdmin;
    }

    /**
     * Migrates the database and starts every route; returns once the service answers.
     *
     * @throws StartupException when a dependency cannot be reached or a route cannot start
     */
    public static InventoryService start(Settings settings) {
        return start(settings, RouteSources.of(settings));
    }

    /** As {@link #start(Settings)}, with the routes and kamelets of {@code routes} (dev mode has them reloaded). */
    public static InventoryService start(Settings settings, RouteSources routes) {
        return start(settings, routes, false);
    }

    /**
     * For one-shot commands ({@code reaper}, {@code map-accounts}): the migrated database, the same beans, and only the
     * event relay of {@code routes/events.camel.yaml}; no HTTP server, no ingress consumer, no schedule.
     */
    public static InventoryService startEventRelay(Settings settings) {
        return start(settings, RouteSources.of(settings).only("events.camel.yaml"), true);
    }

    /** The services started in this JVM: one in production, several in tests. */
    private static final java.util.concurrent.atomic.AtomicInteger SERVICES = new java.util.concurrent.atomic.AtomicInteger();

    private static InventoryService start(Settings settings, RouteSources routes, boolean eventRelayOnly) {
        HikariDataSource dataSource = Database.open(settings);
        Optional<HikariDataSource> replica;
        try {
            replica = Database.openReplica(settings);
        } catch (StartupException e) {
            dataSource.close();
            throw e;
        }
        Admin kafkaAdmin = kafkaAdmin(settings);
        Main main = new Main();
        main.setInitialProperties(settings.asProperties());
        routes.applyTo(main::addOverrideProperty);
        // one Quartz scheduler per service (application.properties)
        main.addOverrideProperty("camel.component.quartz.properties[org.quartz.scheduler.instanceName]",
                "host-inventory-" + SERVICES.incrementAndGet());
        InventoryBeans beans = new InventoryBeans(settings, dataSource, replica.<DataSource>map(r -> r).orElse(dataSource),
                kafkaAdmin);
        // bound before the configuration classes: camel-micrometer and camel-main's context customizers look for
        // these while camel-main configures the context, before it binds the beans of configuration classes
        main.bind(InventoryBeans.METRICS_REGISTRY, beans.meterRegistry());
        if (routes.watchedFolder() != null) {
            main.bind("routeFolderReload", new RouteFolderReload(routes.watchedFolder()));
        }
        main.configure().addConfiguration(beans);
        if (eventRelayOnly) {
            main.addOverrideProperty("camel.server.enabled", "false");
        } else {
            main.configure().addConfiguration(new HttpServerSetup(settings, beans.meterRegistry()));
        }
        InventoryService service = new InventoryService(main, dataSource, replica, kafkaAdmin);
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

    /** A bean of the running service, by the name the routes use. */
    public <T> T bean(String name, Class<T> type) {
        T bean = main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " of " + type.getSimpleName());
        }
        return bean;
    }

    /** The reaper the {@code host-reaper} route runs. */
    public HostReaper hostReaper() {
        return bean("hostReaper", HostReaper.class);
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
        replica.ifPresent(HikariDataSource::close);
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
