package io.hbi.inventory.config;

import static io.hbi.inventory.config.Setting.Type.BOOLEAN;
import static io.hbi.inventory.config.Setting.Type.BULK_SOURCE;
import static io.hbi.inventory.config.Setting.Type.CRON;
import static io.hbi.inventory.config.Setting.Type.FOLDER;
import static io.hbi.inventory.config.Setting.Type.LOG_LEVEL;
import static io.hbi.inventory.config.Setting.Type.NON_NEGATIVE_INT;
import static io.hbi.inventory.config.Setting.Type.OFFSET_RESET;
import static io.hbi.inventory.config.Setting.Type.PATH;
import static io.hbi.inventory.config.Setting.Type.PORT;
import static io.hbi.inventory.config.Setting.Type.POSITIVE_INT;
import static io.hbi.inventory.config.Setting.Type.SSL_MODE;
import static io.hbi.inventory.config.Setting.Type.TEXT;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The service's configuration: every environment variable of the HBI contract (and the few this service adds),
 * each mapped to one property that routes read as {@code {{property}}}. Values are checked once, at start-up;
 * a bad one stops the service with a single line naming the variable.
 */
public final class Settings {

    /** The whole table, in the order the README documents it. */
    public static final List<Setting> DECLARED = List.of(
            // database
            Setting.of("INVENTORY_DB_USER", "inventory.db.user", "insights", TEXT, "PostgreSQL user"),
            Setting.secret("INVENTORY_DB_PASS", "inventory.db.pass", "insights", "PostgreSQL password (never logged)"),
            Setting.of("INVENTORY_DB_HOST", "inventory.db.host", "localhost", TEXT, "PostgreSQL host"),
            Setting.of("INVENTORY_DB_PORT", "inventory.db.port", "5432", PORT, "PostgreSQL port (not in HBI 2020)"),
            Setting.of("INVENTORY_DB_NAME", "inventory.db.name", "insights", TEXT, "PostgreSQL database"),
            Setting.of("INVENTORY_DB_SSL_MODE", "inventory.db.ssl-mode", "", SSL_MODE,
                    "PostgreSQL sslmode; `verify-full` also uses INVENTORY_DB_SSL_CERT"),
            Setting.of("INVENTORY_DB_SSL_CERT", "inventory.db.ssl-cert", "", TEXT, "CA certificate file for verify-full"),
            Setting.of("INVENTORY_DB_POOL_SIZE", "inventory.db.pool-size", "5", POSITIVE_INT, "connection pool size"),
            Setting.of("INVENTORY_DB_POOL_TIMEOUT", "inventory.db.pool-timeout", "5", POSITIVE_INT,
                    "seconds to wait for a pooled connection (and to connect at start-up)"),
            Setting.of("INVENTORY_DB_REPLICA_HOST", "inventory.db.replica-host", "", TEXT,
                    "PostgreSQL read replica that serves the reads that may lag: host lists, tag lists and the system"
                            + " profile facets (empty: none, the primary serves every read); same database, user,"
                            + " password, TLS and pool size as the primary"),
            Setting.of("INVENTORY_DB_REPLICA_PORT", "inventory.db.replica-port", "5432", PORT,
                    "port of the read replica"),
            // HTTP
            Setting.of("LISTEN_PORT", "inventory.listen-port", "8080", PORT, "HTTP port of the API and management endpoints"),
            Setting.of("APP_NAME", "inventory.api.app-name", "inventory", TEXT, "API prefix part: /{PATH_PREFIX}/{APP_NAME}/v1"),
            Setting.of("PATH_PREFIX", "inventory.api.path-prefix", "api", TEXT, "API prefix part: /{PATH_PREFIX}/{APP_NAME}/v1"),
            Setting.of("INVENTORY_LEGACY_API_URL", "inventory.api.legacy-prefix", "", PATH,
                    "second prefix the same API is mounted under (empty: none)"),
            Setting.of("INVENTORY_MANAGEMENT_URL_PATH_PREFIX", "inventory.management.path-prefix", "/", PATH,
                    "prefix of /health, /metrics and /version"),
            Setting.of("INVENTORY_MAX_BODY_SIZE", "inventory.max-body-size", "5242880", POSITIVE_INT,
                    "largest request body in bytes; larger ones are refused with 413 before parsing (not in HBI 2020)"),
            Setting.secret("INVENTORY_SHARED_SECRET", "inventory.shared-secret", "",
                    "bearer token of trusted systems on POST /hosts (empty: bearer refused)"),
            // Kafka
            Setting.of("KAFKA_BOOTSTRAP_SERVERS", "inventory.kafka.bootstrap-servers", "localhost:29092", TEXT, "Kafka brokers"),
            Setting.of("KAFKA_HOST_INGRESS_TOPIC", "inventory.kafka.ingress-topic", "platform.inventory.host-ingress", TEXT,
                    "topic of add_host messages"),
            Setting.of("KAFKA_HOST_INGRESS_GROUP", "inventory.kafka.ingress-group", "inventory-mq", TEXT,
                    "consumer group of the ingress topic"),
            Setting.of("KAFKA_HOST_INGRESS_DLQ_TOPIC", "inventory.kafka.dlq-topic", "platform.inventory.host-ingress.dlq", TEXT,
                    "dead-letter topic for unparseable ingress messages (not in HBI 2020)"),
            Setting.of("KAFKA_HOST_EGRESS_TOPIC", "inventory.kafka.egress-topic", "platform.inventory.host-egress", TEXT,
                    "topic of MQ created/updated events"),
            Setting.of("KAFKA_EVENT_TOPIC", "inventory.kafka.event-topic", "platform.inventory.events", TEXT,
                    "topic of every host event"),
            Setting.of("KAFKA_NOTIFICATIONS_TOPIC", "inventory.kafka.notifications-topic",
                    "platform.notifications.ingress", TEXT, "topic of the notifications of hosts of orgs: "
                            + "system-deleted, system-became-stale (later HBI's; not in HBI 2020)"),
            Setting.of("KAFKA_SECONDARY_TOPIC_ENABLED", "inventory.kafka.secondary-topic-enabled", "false", BOOLEAN,
                    "accepted for compatibility; MQ events always go to the events topic too"),
            Setting.of("KAFKA_TOPIC", "inventory.kafka.system-profile-topic", "platform.system-profile", TEXT,
                    "declared by HBI 2020, unused"),
            Setting.of("KAFKA_PRODUCER_MAX_REQUEST_SIZE", "inventory.kafka.producer.max-request-size", "8388608",
                    POSITIVE_INT, "bytes of the largest record the service sends (a host's events, a dead letter): at"
                            + " least the largest ingress message, at most the topics' max.message.bytes (not in HBI 2020)"),
            Setting.of("KAFKA_CONSUMER_REQUEST_TIMEOUT_MS", "inventory.kafka.consumer.request-timeout-ms", "305000",
                    POSITIVE_INT, "ingress consumer request.timeout.ms"),
            Setting.of("KAFKA_CONSUMER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION",
                    "inventory.kafka.consumer.max-in-flight-requests-per-connection", "5", POSITIVE_INT,
                    "accepted for compatibility (a producer setting in Kafka)"),
            Setting.of("KAFKA_CONSUMER_AUTO_OFFSET_RESET", "inventory.kafka.consumer.auto-offset-reset", "latest",
                    OFFSET_RESET, "ingress consumer auto.offset.reset"),
            Setting.of("KAFKA_CONSUMER_AUTO_COMMIT_INTERVAL_MS", "inventory.kafka.consumer.auto-commit-interval-ms", "5000",
                    POSITIVE_INT, "accepted for compatibility (offsets are committed after each database commit)"),
            Setting.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "inventory.kafka.consumer.max-poll-records", "500", POSITIVE_INT,
                    "ingress records per batch, each batch one database transaction (HBI 2020: 10, one host at a time)"),
            Setting.of("INVENTORY_INGRESS_CONSUMERS", "inventory.kafka.consumer.count", "2", POSITIVE_INT,
                    "ingress consumer threads, each with its own partitions and transactions (not in HBI 2020)"),
            Setting.of("INVENTORY_INGEST_INFLIGHT_BYTES", "inventory.ingest.inflight-bytes", "4194304", POSITIVE_INT,
                    "JSON bytes of hosts being ingested at once (parsed to committed), over both doors; a larger batch"
                            + " runs alone (not in HBI 2020)"),
            Setting.of("INVENTORY_INGRESS_BATCHING_INTERVAL_MS", "inventory.kafka.consumer.batching-interval-ms", "100",
                    POSITIVE_INT, "longest wait to fill an ingress batch before it is processed (not in HBI 2020)"),
            Setting.of("KAFKA_CONSUMER_MAX_POLL_INTERVAL_MS", "inventory.kafka.consumer.max-poll-interval-ms", "300000",
                    POSITIVE_INT, "ingress consumer max.poll.interval.ms"),
            Setting.of("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "inventory.kafka.consumer.session-timeout-ms", "10000",
                    POSITIVE_INT, "ingress consumer session.timeout.ms"),
            Setting.of("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "inventory.kafka.consumer.heartbeat-interval-ms", "3000",
                    POSITIVE_INT, "ingress consumer heartbeat.interval.ms"),
            Setting.of("HOSTNAME", "inventory.events.producer", "", TEXT,
                    "the `producer` header of host events, the name of this pod (set by Kubernetes); empty: the local "
                            + "host name (not in HBI 2020; later HBI sends the pod's host name)"),
            Setting.of("INVENTORY_OUTBOX_POLL_INTERVAL_MS", "inventory.outbox.poll-interval-ms", "100", POSITIVE_INT,
                    "how often the relay looks for committed events to publish (not in HBI 2020)"),
            Setting.of("INVENTORY_HOST_COUNTS_COMPACTION_INTERVAL_MS", "inventory.host-counts.compaction-interval-ms",
                    "1000", POSITIVE_INT, "how often the per-account host and tag counts (totals of GET /hosts, GET /tags) "
                            + "fold in the changes recorded since; reads are exact either way (not in HBI 2020)"),
            // payload tracker
            Setting.of("PAYLOAD_TRACKER_KAFKA_TOPIC", "inventory.payload-tracker.topic", "platform.payload-status", TEXT,
                    "payload-tracker topic"),
            Setting.of("PAYLOAD_TRACKER_SERVICE_NAME", "inventory.payload-tracker.service-name", "inventory", TEXT,
                    "`service` field of payload-tracker messages"),
            Setting.of("PAYLOAD_TRACKER_ENABLED", "inventory.payload-tracker.enabled", "true", BOOLEAN,
                    "send payload-tracker messages"),
            // staleness and culling
            Setting.of("CULLING_STALE_WARNING_OFFSET_DAYS", "inventory.culling.stale-warning-offset-days", "7",
                    NON_NEGATIVE_INT, "days from stale_timestamp to stale_warning"),
            Setting.of("CULLING_CULLED_OFFSET_DAYS", "inventory.culling.culled-offset-days", "14", NON_NEGATIVE_INT,
                    "days from stale_timestamp to culled"),
            Setting.of("INVENTORY_STALE_DETECTOR_INTERVAL_MS", "inventory.stale-detector.interval-ms", "60000",
                    POSITIVE_INT, "how often the service looks for hosts of orgs with a staleness setting that turned "
                            + "stale since its last look, to notify each once (system-became-stale; not in HBI 2020)"),
            Setting.of("INVENTORY_HOST_URL", "inventory.notifications.host-url",
                    "https://console.redhat.com/insights/inventory", TEXT, "the console's page of hosts: a "
                            + "system-became-stale notification links to it, a slash and the host's id (not in HBI 2020)"),
            Setting.of("INVENTORY_REAPER_SCHEDULE", "inventory.reaper.schedule", "", CRON,
                    "when the service itself deletes culled hosts: a Quartz cron expression (seconds minutes hours "
                            + "day-of-month month day-of-week, e.g. `0 0 * * * ?` hourly); empty: never, the `reaper` "
                            + "command does it (not in HBI 2020)"),
            Setting.of("INVENTORY_REAPER_BATCH_SIZE", "inventory.reaper.batch-size", "1000", POSITIVE_INT,
                    "culled hosts the reaper selects at a time; each is deleted in a transaction of its own "
                            + "(not in HBI 2020, which always used 1000)"),
            Setting.of("INVENTORY_REAPER_CONCURRENCY", "inventory.reaper.concurrency", "2", POSITIVE_INT,
                    "culled hosts the reaper deletes at once, each in its own transaction on its own pooled "
                            + "connection (their commits share WAL flushes), so it takes as many of the pool's "
                            + "connections (not in HBI 2020: one at a time)"),
            Setting.of("INVENTORY_REAPER_PUBLISH_TIMEOUT_SECONDS", "inventory.reaper.publish-timeout-seconds", "60",
                    POSITIVE_INT, "seconds the `reaper` command waits for Kafka to take more of its events before it "
                            + "exits with 1; the events stay in the outbox (not in HBI 2020)"),
            Setting.of("INVENTORY_MAP_ACCOUNTS_PUBLISH_TIMEOUT_SECONDS", "inventory.map-accounts.publish-timeout-seconds",
                    "60", POSITIVE_INT, "seconds the `map-accounts` command waits for Kafka to take more of its events "
                            + "before it exits with 1; the events stay in the outbox (not in HBI 2020)"),
            // groups
            Setting.of("INVENTORY_GROUP_BATCH_SIZE", "inventory.groups.batch-size", "1000", POSITIVE_INT,
                    "hosts per transaction when a renamed group's members get their events and when a deleted group's "
                            + "hosts leave it (not in HBI)"),
            // routes and kamelets (config/RouteSources)
            Setting.of("INVENTORY_ROUTES_DIR", "inventory.routes.dir", "", FOLDER,
                    "folder of the route files (`*.camel.yaml`), which replace the jar's as a whole; empty: `routes/` of "
                            + "the working directory when it holds route files, else the jar's; a folder that does not "
                            + "exist stops start-up; dev mode reloads its files when they change (not in HBI 2020)"),
            Setting.of("INVENTORY_KAMELETS_DIR", "inventory.kamelets.dir", "", FOLDER,
                    "folder of kamelets (`<name>.kamelet.yaml`), looked up before the jar's, which serve the names it "
                            + "lacks; empty: `kamelets/` of the working directory when there is one, else the jar's only; "
                            + "a folder that does not exist stops start-up (not in HBI 2020)"),
            // accepted for compatibility
            Setting.of("XJOIN_GRAPHQL_URL", "inventory.xjoin.url", "http://localhost:4000/graphql", TEXT,
                    "accepted, no effect: every query is served from PostgreSQL"),
            Setting.of("BULK_QUERY_SOURCE", "inventory.bulk-query-source", "db", BULK_SOURCE, "accepted (db|xjoin), no effect"),
            Setting.of("BULK_QUERY_SOURCE_BETA", "inventory.bulk-query-source-beta", "db", BULK_SOURCE,
                    "accepted (db|xjoin), no effect"),
            Setting.of("PROMETHEUS_PUSHGATEWAY", "inventory.prometheus-pushgateway", "localhost:9091", TEXT,
                    "accepted, no effect: the scheduled reaper's metrics are served on /metrics, the `reaper` command logs its counts"),
            Setting.of("NAMESPACE", "inventory.namespace", "", TEXT, "accepted, no effect"),
            // build and logging
            Setting.of("OPENSHIFT_BUILD_COMMIT", "inventory.build-commit", "Unknown", TEXT, "reported by GET /version"),
            Setting.of("INVENTORY_LOG_LEVEL", "inventory.log.level", "INFO", LOG_LEVEL, "log level"),
            Setting.of("INVENTORY_LOG_FORMAT", "inventory.log.format", "json", TEXT,
                    "`json` (one object per line) or `text`; dev mode defaults to text (not in HBI 2020)"),
            Setting.of("INVENTORY_LOGGING_CONFIG_FILE", "inventory.log.config-file", "", TEXT,
                    "a log4j2 configuration file that replaces the built-in one (empty: built-in)"));

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads and checks every declared variable from {@code env}; unset or blank ones take their default. */
    public static Settings load(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : DECLARED) {
            String raw = env.get(setting.env());
            values.put(setting.property(), setting.check(raw == null ? setting.defaultValue() : raw));
        }
        if (!List.of("json", "text").contains(values.get("inventory.log.format"))) {
            throw new InvalidSettingException("INVENTORY_LOG_FORMAT must be json or text, but is '"
                    + values.get("inventory.log.format") + "'");
        }
        return new Settings(values);
    }

    /** A copy with some variables replaced (by environment-variable name), checked like the originals. */
    public Settings with(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        for (Setting setting : DECLARED) {
            merged.put(setting.env(), values.get(setting.property()));
        }
        merged.putAll(env);
        return load(merged);
    }

    public String get(String property) {
        String value = values.get(property);
        if (value == null) {
            throw new IllegalArgumentException("no such setting: " + property);
        }
        return value;
    }

    public int getInt(String property) {
        return Integer.parseInt(get(property));
    }

    public boolean getBoolean(String property) {
        return Boolean.parseBoolean(get(property));
    }

    /** The API prefix {@code /{PATH_PREFIX}/{APP_NAME}/v1}. */
    public String apiPrefix() {
        return joinPath(get("inventory.api.path-prefix"), get("inventory.api.app-name"), "v1");
    }

    /** The second prefix of the API ({@code INVENTORY_LEGACY_API_URL}) without a trailing slash; "" when unset. */
    public String legacyApiPrefix() {
        String legacy = get("inventory.api.legacy-prefix");
        return legacy.isEmpty() ? "" : joinPath(legacy);
    }

    /** The management prefix without a trailing slash ("" for the root). */
    public String managementPrefix() {
        String prefix = joinPath(get("inventory.management.path-prefix"));
        return prefix.equals("/") ? "" : prefix;
    }

    public String jdbcUrl() {
        return jdbcUrl(get("inventory.db.host"), get("inventory.db.port"));
    }

    /** The JDBC URL of the read replica, when one is set. */
    public java.util.Optional<String> replicaJdbcUrl() {
        String host = get("inventory.db.replica-host");
        return host.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(jdbcUrl(host, get("inventory.db.replica-port")));
    }

    private String jdbcUrl(String host, String port) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://")
                .append(host).append(':').append(port)
                .append('/').append(get("inventory.db.name"))
                .append("?ApplicationName=host-inventory");
        String sslMode = get("inventory.db.ssl-mode");
        if (!sslMode.isEmpty()) {
            url.append("&sslmode=").append(sslMode);
            if (sslMode.equals("verify-full") && !get("inventory.db.ssl-cert").isEmpty()) {
                url.append("&sslrootcert=").append(get("inventory.db.ssl-cert"));
            }
        }
        return url.toString();
    }

    /** Where the database is, for messages: never includes the password. */
    public String databaseDescription() {
        return get("inventory.db.user") + "@" + get("inventory.db.host") + ":" + get("inventory.db.port") + "/"
                + get("inventory.db.name");
    }

    /** Where the read replica is, for messages: never includes the password. */
    public String replicaDescription() {
        return get("inventory.db.user") + "@" + get("inventory.db.replica-host") + ":"
                + get("inventory.db.replica-port") + "/" + get("inventory.db.name");
    }

    /** The body of {@code GET /version}. */
    public Map<String, String> version() {
        return Map.of("version", get("inventory.build-commit"));
    }

    /** Every property plus the derived ones, as Camel property placeholders. */
    public Properties asProperties() {
        Properties properties = new Properties();
        properties.putAll(values);
        properties.put("inventory.api.prefix", apiPrefix());
        properties.put("inventory.management.prefix", managementPrefix());
        // the reaper route needs a valid expression even when it never starts
        String schedule = get("inventory.reaper.schedule");
        properties.put("inventory.reaper.scheduled", String.valueOf(!schedule.isEmpty()));
        properties.put("inventory.reaper.cron", schedule.isEmpty() ? "0 0 0 1 1 ? 2099" : schedule);
        return properties;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Settings{");
        for (Setting setting : DECLARED) {
            text.append(setting.env()).append('=')
                    .append(setting.secret() ? "****" : values.get(setting.property())).append(", ");
        }
        return text.append('}').toString();
    }

    private static String joinPath(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            for (String segment : part.split("/")) {
                if (!segment.isEmpty()) {
                    path.append('/').append(segment);
                }
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }
}
