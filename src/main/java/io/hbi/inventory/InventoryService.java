package io.hbi.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hbi.inventory.camel.HttpErrorBodies;
import io.hbi.inventory.camel.HttpRequestMetrics;
import io.hbi.inventory.camel.KafkaEventPublisher;
import io.hbi.inventory.camel.RouteFields;
import io.hbi.inventory.camel.LegacyApiPrefix;
import io.hbi.inventory.camel.KafkaIngressBatch;
import io.hbi.inventory.camel.ProblemResponses;
import io.hbi.inventory.camel.RequestLogContext;
import io.hbi.inventory.camel.RouteFolderReload;
import io.hbi.inventory.edit.HostEdits;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.host.HostValidator;
import io.hbi.inventory.http.OpenApiDocument;
import io.hbi.inventory.http.JsonContentType;
import io.hbi.inventory.http.RequestAuthentication;
import io.hbi.inventory.identity.Authenticator;
import io.hbi.inventory.query.HostCounts;
import io.hbi.inventory.query.HostQueries;
import io.hbi.inventory.query.HostReadApi;
import io.hbi.inventory.ingest.HostIngestion;
import io.hbi.inventory.ingest.KafkaIngress;
import io.hbi.inventory.ingest.PayloadTracker;
import io.hbi.inventory.ingest.RestIngress;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.reaper.HostReaper;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostDeletion;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.OutboxRelay;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.store.WriteFailures;
import java.time.Clock;
import java.util.Set;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import io.hbi.inventory.config.Database;
import io.hbi.inventory.config.RouteSources;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.hbi.inventory.health.HealthProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.CamelContext;
import io.vertx.ext.web.Router;
import org.apache.camel.StartupListener;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The service: the database migrated and pooled, then Camel started with the YAML routes of {@code routes/} and the
 * kamelets of {@code kamelets/}. Production mode, dev mode and the tests all start it through here.
 */
public final class InventoryService implements AutoCloseable {

    private static final int OUTBOX_BATCH = 1000;
    private static final int OUTBOX_BATCHES_PER_RUN = 20;

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
        return start(settings, RouteSources.of(settings));
    }

    /** As {@link #start(Settings)}, with the routes and kamelets of {@code routes} (dev mode has them reloaded). */
    public static InventoryService start(Settings settings, RouteSources routes) {
        return start(settings, routes, false);
    }

    /**
     * For one-shot commands ({@code reaper}): the migrated database, the same beans, and only the event relay of
     * {@code routes/events.camel.yaml}; no HTTP server, no ingress consumer, no schedule.
     */
    public static InventoryService startEventRelay(Settings settings) {
        return start(settings, RouteSources.of(settings).only("events.camel.yaml"), true);
    }

    private static InventoryService start(Settings settings, RouteSources routes, boolean eventRelayOnly) {
        HikariDataSource dataSource = Database.open(settings);
        Admin kafkaAdmin = kafkaAdmin(settings);
        Main main = new Main();
        main.setInitialProperties(settings.asProperties());
        routes.applyTo(main::addOverrideProperty);
        if (routes.watchedFolder() != null) {
            main.bind("routeFolderReload", new RouteFolderReload(routes.watchedFolder()));
        }
        if (eventRelayOnly) {
            main.addOverrideProperty("camel.server.enabled", "false");
        }
        bindBeans(main, settings, dataSource, kafkaAdmin, eventRelayOnly);
        InventoryService service = new InventoryService(main, dataSource, kafkaAdmin);
        try {
            main.start();
        } catch (Exception e) {
            service.close();
            throw new StartupException("Camel could not start: " + e.getMessage());
        }
        return service;
    }

    /** The domain objects the routes call, built once from the settings. */
    private static void bindBeans(Main main, Settings settings, HikariDataSource dataSource, Admin kafkaAdmin,
                                  boolean eventRelayOnly) {
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InventoryMetrics metrics = new InventoryMetrics(registry, settings.get("inventory.build-commit"));
        StalenessWindow staleness = StalenessWindow.ofDays(settings.getInt("inventory.culling.stale-warning-offset-days"),
                settings.getInt("inventory.culling.culled-offset-days"));
        HostEvents events = new HostEvents(staleness, clock);
        WriteFailures writeFailures = new WriteFailures(clock);
        metrics.countWriteFailures(writeFailures);
        Transactions transactions = new Transactions(dataSource, writeFailures);
        EventOutbox outbox = new EventOutbox(json);
        HostRepository hosts = new HostRepository(json);
        String eventTopic = settings.get("inventory.kafka.event-topic");
        HostIngestion ingestion = new HostIngestion(new HostValidator(), transactions, hosts, outbox,
                events, staleness, metrics, clock, json, eventTopic, settings.get("inventory.kafka.egress-topic"));
        PayloadTracker tracker = new PayloadTracker(settings.getBoolean("inventory.payload-tracker.enabled"),
                settings.get("inventory.payload-tracker.service-name"), events, metrics);
        HostDeletion deletion = new HostDeletion(transactions, hosts, outbox, events, staleness, metrics, eventTopic);

        main.bind("settings", settings);
        main.bind("dataSource", dataSource);
        main.bind("metricsRegistry", registry);
        main.bind("inventoryMetrics", metrics);
        main.bind("healthProbe", new HealthProbe(dataSource, writeFailures, kafkaAdmin,
                Duration.ofSeconds(settings.getInt("inventory.db.pool-timeout"))));
        main.bind("requestAuthentication", new RequestAuthentication(
                new Authenticator(settings.get("inventory.shared-secret")), metrics));
        main.bind("restIngress", new RestIngress(ingestion, tracker, staleness, metrics, json));
        main.bind("hostEdits", new HostEdits(transactions, hosts, outbox, events, staleness, clock, json, eventTopic,
                deletion, tracker));
        main.bind("hostReadApi", new HostReadApi(new HostQueries(dataSource, hosts, staleness),
                staleness, clock, json));
        main.bind("hostCounts", new HostCounts(transactions));
        main.bind("kafkaIngress", new KafkaIngress(ingestion, tracker, metrics, json));
        main.bind("kafkaIngressBatch", new KafkaIngressBatch());
        main.bind("routeFields", new RouteFields());
        main.bind("problemResponses", new ProblemResponses());
        main.bind("jsonContentType", new JsonContentType());
        main.bind("openApiDocument", OpenApiDocument.load());
        main.bind("requestLogContext", new RequestLogContext());
        main.bind("hostDeletion", deletion);
        main.bind("hostReaper", new HostReaper(deletion, settings.getInt("inventory.reaper.batch-size"), metrics, clock));
        // the relay publishes through a route, so it is built once the CamelContext exists
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                CamelContext context = configured.getCamelContext();
                context.getRegistry().bind("outboxRelay", new OutboxRelay(transactions, outbox,
                        new KafkaEventPublisher(context.createProducerTemplate(), "direct:publish-events"), metrics,
                        OUTBOX_BATCH, OUTBOX_BATCHES_PER_RUN));
                context.getManagementStrategy().addEventNotifier(new HttpRequestMetrics(registry,
                        Set.of("management-health", "management-metrics", "management-version")));
                if (!eventRelayOnly) {
                    try {
                        context.addStartupListener(new StartupListener() {
                            @Override
                            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                                // the HTTP server is not up yet
                            }

                            @Override
                            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                                customizeHttpServer(started.hasService(MainHttpServer.class).getRouter(), settings);
                            }
                        });
                    } catch (Exception e) {
                        throw new StartupException("Cannot set up the HTTP server: " + e.getMessage());
                    }
                }
            }
        });
    }

    /** Once the HTTP server is up: problem bodies for its own errors, and the legacy prefix when set. */
    private static void customizeHttpServer(Router router, Settings settings) {
        HttpErrorBodies.install(router);
        if (!settings.legacyApiPrefix().isEmpty()) {
            LegacyApiPrefix.mount(router, settings.legacyApiPrefix(), settings.apiPrefix());
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** The reaper the {@code host-reaper} route runs. */
    public HostReaper hostReaper() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("hostReaper", HostReaper.class);
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
