package io.hbi.inventory.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.camel.EventRecords;
import io.hbi.inventory.camel.KafkaIngressBatch;
import io.hbi.inventory.camel.ProblemResponses;
import io.hbi.inventory.camel.RequestLogContext;
import io.hbi.inventory.camel.RestResponses;
import io.hbi.inventory.camel.TransactionPolicy;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.edit.HostDeletion;
import io.hbi.inventory.edit.HostEdits;
import io.hbi.inventory.events.EventHeaders;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.Notifications;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.events.OutboxRelay;
import io.hbi.inventory.events.PayloadTracker;
import io.hbi.inventory.groups.GroupEdits;
import io.hbi.inventory.groups.GroupEventFanout;
import io.hbi.inventory.groups.GroupReads;
import io.hbi.inventory.health.HealthProbe;
import io.hbi.inventory.host.HostValidator;
import io.hbi.inventory.identity.Authenticator;
import io.hbi.inventory.ingest.HostCheckIn;
import io.hbi.inventory.ingest.HostIngestion;
import io.hbi.inventory.ingest.InflightBytes;
import io.hbi.inventory.ingest.KafkaIngress;
import io.hbi.inventory.ingest.RestIngress;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.notifications.StaleDetector;
import io.hbi.inventory.query.HostReads;
import io.hbi.inventory.query.ProfileFacetReads;
import io.hbi.inventory.rest.FacetOperations;
import io.hbi.inventory.selection.ProfileFields;
import io.hbi.inventory.store.ProfileFacets;
import io.hbi.inventory.reaper.HostReaper;
import io.hbi.inventory.rest.AddHostsOperation;
import io.hbi.inventory.rest.CheckInOperation;
import io.hbi.inventory.rest.StalenessOperations;
import io.hbi.inventory.rest.EditOperations;
import io.hbi.inventory.rest.GroupOperations;
import io.hbi.inventory.rest.JsonContentType;
import io.hbi.inventory.rest.ManagementAnswers;
import io.hbi.inventory.rest.OpenApiDocument;
import io.hbi.inventory.rest.ReadOperations;
import io.hbi.inventory.rest.RequestAuthentication;
import io.hbi.inventory.settings.OrgStalenessSettings;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.GroupQueries;
import io.hbi.inventory.store.GroupRepository;
import io.hbi.inventory.store.HostAdoptions;
import io.hbi.inventory.store.HostCounts;
import io.hbi.inventory.store.HostQueries;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.StaleDetection;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.store.WriteFailures;
import io.hbi.inventory.tenancy.AccountMapping;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.kafka.clients.admin.Admin;

/**
 * The beans the routes call, by the names the routes use, built once from the settings: the store, the use cases,
 * and the adapters between them and the routes. Nothing here runs; camel-main binds each {@link BindToRegistry}
 * method's result before it loads the routes.
 */
public final class InventoryBeans implements CamelConfiguration {

    /** Outbox rows the relay publishes per transaction. */
    static final int OUTBOX_BATCH = 1000;

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InventoryMetrics metrics;
    private final StalenessWindow staleness;
    private final StalenessSettings stalenessSettings;
    private final WriteFailures writeFailures;
    private final Transactions transactions;
    private final HostRepository hosts;
    private final GroupRepository groups = new GroupRepository();
    private final EventOutbox outbox;
    private final OutboxEvents outboxEvents;
    private final PayloadTracker tracker;
    private final HostDeletion deletion;
    private final HostIngestion ingestion;
    private final HealthProbe healthProbe;
    private final DataSource dataSource;
    private final DataSource laggingReads;

    /**
     * The beans of the service on the primary {@code dataSource}; {@code laggingReads} serves the reads that may lag
     * behind it (host lists, tag lists, facets): the read replica when one is set, else the primary again.
     */
    public InventoryBeans(Settings settings, DataSource dataSource, DataSource laggingReads, Admin kafkaAdmin) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.laggingReads = laggingReads;
        metrics = new InventoryMetrics(registry, settings.get("inventory.build-commit"));
        staleness = StalenessWindow.ofDays(settings.getInt("inventory.culling.stale-warning-offset-days"),
                settings.getInt("inventory.culling.culled-offset-days"));
        stalenessSettings = new StalenessSettings(staleness);
        writeFailures = new WriteFailures(clock);
        metrics.countWriteFailures(writeFailures);
        transactions = new Transactions(dataSource, writeFailures);
        hosts = new HostRepository(json);
        outbox = new EventOutbox(json);
        HostEvents events = new HostEvents(staleness, clock);
        // the producer header names this pod (HOSTNAME) or host, looked up once
        String producer = EventHeaders.producerName(settings.get("inventory.events.producer"));
        EventHeaders headers = new EventHeaders(producer);
        outboxEvents = new OutboxEvents(events, headers, metrics, settings.get("inventory.kafka.event-topic"),
                settings.get("inventory.kafka.egress-topic"),
                new Notifications(clock, producer, settings.get("inventory.notifications.host-url")),
                settings.get("inventory.kafka.notifications-topic"));
        tracker = new PayloadTracker(settings.getBoolean("inventory.payload-tracker.enabled"),
                settings.get("inventory.payload-tracker.service-name"), events, metrics);
        deletion = new HostDeletion(transactions, hosts, outbox, outboxEvents, stalenessSettings, metrics);
        ingestion = new HostIngestion(new HostValidator(), transactions, hosts, outbox, outboxEvents, stalenessSettings,
                metrics, clock, new InflightBytes(settings.getInt("inventory.ingest.inflight-bytes")));
        healthProbe = new HealthProbe(dataSource, writeFailures, kafkaAdmin,
                Duration.ofSeconds(settings.getInt("inventory.db.pool-timeout")));
    }

    /** The bean name of the registry of every metric, served by the management route. */
    public static final String METRICS_REGISTRY = "metricsRegistry";

    /**
     * The registry of every metric. Not bound by a method here: camel-micrometer looks for it while camel-main
     * configures the context, before configuration classes bind their beans, so the lifecycle binds it first
     * ({@link #METRICS_REGISTRY}).
     */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    // --- what the management and shared routes read

    @BindToRegistry("settings")
    public Settings settings() {
        return settings;
    }

    @BindToRegistry("dataSource")
    public DataSource dataSource() {
        return dataSource;
    }

    @BindToRegistry("inventoryMetrics")
    public InventoryMetrics inventoryMetrics() {
        return metrics;
    }

    @BindToRegistry("healthProbe")
    public HealthProbe healthProbe() {
        return healthProbe;
    }

    @BindToRegistry("transactions")
    public Transactions transactions() {
        return transactions;
    }

    @BindToRegistry("eventOutbox")
    public EventOutbox eventOutbox() {
        return outbox;
    }

    // --- the REST adapter (routes/rest-*.camel.yaml, host-*.camel.yaml, ingest-rest, management)

    @BindToRegistry("requestAuthentication")
    public RequestAuthentication requestAuthentication() {
        return new RequestAuthentication(new Authenticator(settings.get("inventory.shared-secret")), metrics);
    }

    @BindToRegistry("requestLogContext")
    public RequestLogContext requestLogContext() {
        return new RequestLogContext();
    }

    @BindToRegistry("jsonContentType")
    public JsonContentType jsonContentType() {
        return new JsonContentType();
    }

    @BindToRegistry("readOperations")
    public ReadOperations readOperations() {
        return new ReadOperations(new HostReads(new HostQueries(laggingReads, hosts, staleness),
                new HostQueries(dataSource, hosts, staleness), clock));
    }

    @BindToRegistry("facetOperations")
    public FacetOperations facetOperations() {
        HostQueries queries = new HostQueries(laggingReads, hosts, staleness);
        return new FacetOperations(new ProfileFacetReads(new ProfileFacets(laggingReads, queries, ProfileFields.shared()),
                clock));
    }

    @BindToRegistry("editOperations")
    public EditOperations editOperations() {
        return new EditOperations(new HostEdits(transactions, hosts, outbox, outboxEvents, stalenessSettings, clock,
                deletion, tracker), json);
    }

    @BindToRegistry("stalenessOperations")
    public StalenessOperations stalenessOperations() {
        return new StalenessOperations(new OrgStalenessSettings(transactions, stalenessSettings, clock), json);
    }

    @BindToRegistry("checkInOperation")
    public CheckInOperation checkInOperation() {
        return new CheckInOperation(new HostCheckIn(transactions, hosts, outbox, outboxEvents, stalenessSettings, clock),
                json);
    }

    @BindToRegistry("groupOperations")
    public GroupOperations groupOperations() {
        return new GroupOperations(new GroupReads(new GroupQueries(dataSource, stalenessSettings),
                new HostQueries(dataSource, hosts, staleness), clock),
                new GroupEdits(transactions, hosts, groups, outbox, outboxEvents, stalenessSettings, clock,
                        groupBatch()), json);
    }

    /** The events of renamed groups' members, a batch per transaction (routes/groups.camel.yaml). */
    @BindToRegistry("groupEventFanout")
    public GroupEventFanout groupEventFanout() {
        return new GroupEventFanout(transactions.forWork("group event fan-out"), hosts, groups, outbox, outboxEvents, stalenessSettings, clock,
                groupBatch());
    }

    private int groupBatch() {
        return settings.getInt("inventory.groups.batch-size");
    }

    @BindToRegistry("addHostsOperation")
    public AddHostsOperation addHostsOperation() {
        return new AddHostsOperation(new RestIngress(ingestion, tracker, metrics), json);
    }

    @BindToRegistry("managementAnswers")
    public ManagementAnswers managementAnswers() {
        return new ManagementAnswers();
    }

    @BindToRegistry("restResponses")
    public RestResponses restResponses() {
        return new RestResponses();
    }

    @BindToRegistry("problemResponses")
    public ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @BindToRegistry("openApiDocument")
    public OpenApiDocument openApiDocument() {
        return OpenApiDocument.load();
    }

    // --- the Kafka door (routes/ingest-kafka.camel.yaml)

    @BindToRegistry("kafkaIngress")
    public KafkaIngress kafkaIngress() {
        return new KafkaIngress(ingestion, tracker, metrics, json);
    }

    @BindToRegistry("kafkaIngressBatch")
    public KafkaIngressBatch kafkaIngressBatch() {
        return new KafkaIngressBatch(metrics);
    }

    // --- events and maintenance (routes/events, host-counts, reaper)

    @BindToRegistry("outboxTransaction")
    public TransactionPolicy outboxTransaction() {
        return new TransactionPolicy(transactions.forWork("event relay"));
    }

    @BindToRegistry("outboxRelay")
    public OutboxRelay outboxRelay() {
        return new OutboxRelay(outbox, metrics, OUTBOX_BATCH, OutboxRelay.BATCH_CHARS,
                outboxEvents.notificationsTopic());
    }

    @BindToRegistry("eventRecords")
    public EventRecords eventRecords() {
        return new EventRecords();
    }

    @BindToRegistry("hostCounts")
    public HostCounts hostCounts() {
        return new HostCounts(transactions.forWork("host count compaction"));
    }

    @BindToRegistry("hostDeletion")
    public HostDeletion hostDeletion() {
        return deletion;
    }

    @BindToRegistry("staleDetector")
    public StaleDetector staleDetector() {
        return new StaleDetector(transactions.forWork("stale detector"), new StaleDetection(hosts), outbox, outboxEvents, clock);
    }

    @BindToRegistry("hostReaper")
    public HostReaper hostReaper() {
        return new HostReaper(deletion, settings.getInt("inventory.reaper.batch-size"),
                settings.getInt("inventory.reaper.concurrency"), metrics, clock);
    }

    /** The bulk adoption of accounts' hosts by orgs, run by the {@code map-accounts} command. */
    @BindToRegistry("accountMapping")
    public AccountMapping accountMapping() {
        return new AccountMapping(transactions, new HostAdoptions(hosts), outbox, outboxEvents, stalenessSettings, clock,
                Duration.ofSeconds(2));
    }
}
