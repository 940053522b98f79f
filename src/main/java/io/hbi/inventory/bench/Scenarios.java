package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hbi.inventory.config.Settings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The scenarios of the benchmark; each runs {@code runs} times and returns one result per measured figure. */
final class Scenarios {

    /** One run of a scenario: rate (per second), latency percentiles in ms, the service's peak RSS in MiB. */
    record Run(double rate, double p50, double p99, double peakRssMib, int errors) {
    }

    /** A scenario at one table size with its runs. */
    record Result(String scenario, String table, String load, String unit, List<Run> runs) {
    }

    /** The accounts the ingestion scenarios write to; emptied after each run so every run starts from the fill. */
    static final List<String> INGEST_ACCOUNTS = IntStream.range(0, 20).mapToObj(i -> String.valueOf(2_000_000 + i))
            .toList();

    private static final int REST_CLIENTS = 8;
    private static final int QUERY_CLIENTS = 8;
    private static final int CEILING_BATCH = 500;

    private final Benchmark.Options options;
    private final BenchHosts hosts;
    private final HostTable table;
    private final ServiceProcess service;
    private final String bootstrapServers;
    private final String ingressTopic;
    private final String eventTopic;
    private final String api;
    private final Consumer<String> log;
    private final HttpLoad http = new HttpLoad();

    Scenarios(Benchmark.Options options, BenchHosts hosts, HostTable table, ServiceProcess service, Settings settings,
              String bootstrapServers, Consumer<String> log) {
        this.options = options;
        this.hosts = hosts;
        this.table = table;
        this.service = service;
        this.bootstrapServers = bootstrapServers;
        this.ingressTopic = settings.get("inventory.kafka.ingress-topic");
        this.eventTopic = settings.get("inventory.kafka.event-topic");
        this.api = service.baseUrl() + settings.apiPrefix();
        this.log = log;
    }

    // ---------------------------------------------------------------------------------------------- warm-up

    /**
     * Runs both doors once at full load, unmeasured, so the measured runs see a service whose code is compiled (as
     * in production, after its first minutes) rather than the JIT compiler at work; then removes what it wrote.
     */
    void warmUp() throws Exception {
        int count = options.messages();
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> events = eventsConsumer()) {
            kafkaRun(producer, events, "warm-new", 0, count);
            kafkaRun(producer, events, "warm-upd", 1, count);
        }
        restRun("warm-up 1 per request", 20_000_000, 1, Math.max(8, options.restSingle() / 4), 0);
        restRun("warm-up 50 per request", 30_000_000, 50, Math.max(8, options.restBatches() / 4), 0);
        table.deleteAccounts(INGEST_ACCOUNTS);
    }

    // ---------------------------------------------------------------------------------------------- the ceiling

    List<Result> ceiling(String size) throws Exception {
        List<Run> created = new ArrayList<>();
        List<Run> updated = new ArrayList<>();
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        for (int r = 0; r < options.runs(); r++) {
            for (int variant = 0; variant < 2; variant++) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                int v = variant;
                List<HostTable.Row> rows = IntStream.range(0, options.messages())
                        .mapToObj(i -> HostTable.row(hosts, ingestNumber(i), ingestAccount(i), v, now, stale)).toList();
                long started = System.nanoTime();
                long[] latencies = table.upsert(rows, CEILING_BATCH);
                double seconds = (System.nanoTime() - started) / 1e9;
                Arrays.sort(latencies);
                Run run = new Run(rows.size() / seconds, HttpLoad.percentile(latencies, 0.5),
                        HttpLoad.percentile(latencies, 0.99), Double.NaN, 0);
                (variant == 0 ? created : updated).add(run);
                log.accept(String.format("ceiling %s at %s: %.0f rows/s", variant == 0 ? "insert" : "update", size,
                        run.rate()));
            }
            table.deleteAccounts(INGEST_ACCOUNTS);
        }
        String load = String.format("%,d rows, INSERT … ON CONFLICT, %d per transaction, 1 connection",
                options.messages(), CEILING_BATCH);
        return List.of(new Result("JDBC ceiling, new rows", size, load, "rows/s (p: per txn)", created),
                new Result("JDBC ceiling, updated rows", size, load, "rows/s (p: per txn)", updated));
    }

    // ---------------------------------------------------------------------------------------------- Kafka

    List<Result> kafka(String size) throws Exception {
        List<Run> created = new ArrayList<>();
        List<Run> updated = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> events = eventsConsumer()) {
            for (int r = 0; r < options.runs(); r++) {
                created.add(kafkaRun(producer, events, "new-" + size + "-" + r, 0, options.messages()));
                updated.add(kafkaRun(producer, events, "upd-" + size + "-" + r, 1, options.messages()));
                table.deleteAccounts(INGEST_ACCOUNTS);
            }
        }
        String load = String.format("%,d add_host messages, %d accounts, produced at once; first sent → last event",
                options.messages(), INGEST_ACCOUNTS.size());
        return List.of(new Result("Kafka ingestion, new hosts", size, load, "hosts/s (p: message → event)", created),
                new Result("Kafka ingestion, updates", size, load, "hosts/s (p: message → event)", updated));
    }

    private Run kafkaRun(KafkaProducer<String, String> producer, KafkaConsumer<String, String> events, String marker,
                         int variant, int count) throws Exception {
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        List<String> messages = IntStream.range(0, count).mapToObj(i -> "{\"operation\":\"add_host\","
                + "\"platform_metadata\":{\"request_id\":\"" + marker + "-" + i + "\"},\"data\":"
                + hosts.input(ingestNumber(i), ingestAccount(i), variant, stale) + "}").toList();
        events.seekToEnd(events.assignment());
        events.assignment().forEach(events::position);
        service.resetPeakMemory();
        long[] sent = new long[count];
        long[] latencies = new long[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sent[i] = System.nanoTime();
            producer.send(new ProducerRecord<>(ingressTopic, messages.get(i)));
        }
        producer.flush();
        BitSet seen = new BitSet(count);
        String needle = "\"" + marker + "-";
        long last = started;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (seen.cardinality() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                int at = record.value().indexOf(needle);
                if (at < 0) {
                    continue;
                }
                int from = at + needle.length();
                int to = record.value().indexOf('"', from);
                int i = Integer.parseInt(record.value(), from, to, 10);
                if (!seen.get(i)) {
                    seen.set(i);
                    last = System.nanoTime();
                    latencies[i] = last - sent[i];
                }
            }
        }
        int missing = count - seen.cardinality();
        double seconds = (last - started) / 1e9;
        Arrays.sort(latencies);
        Run run = new Run(seen.cardinality() / seconds, HttpLoad.percentile(latencies, 0.5),
                HttpLoad.percentile(latencies, 0.99), service.peakMemoryMib(), missing);
        log.accept(String.format("kafka %s: %d events in %.1f s, %.0f hosts/s%s", marker, seen.cardinality(), seconds,
                run.rate(), missing == 0 ? "" : ", " + missing + " MISSING"));
        return run;
    }

    private KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("linger.ms", "5");
        config.put("batch.size", String.valueOf(256 * 1024));
        config.put("buffer.memory", String.valueOf(256L * 1024 * 1024));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A reader of every partition of the events topic (no group: it only ever reads from the end). */
    private KafkaConsumer<String, String> eventsConsumer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("max.poll.records", "5000");
        config.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> events = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        events.assign(events.partitionsFor(eventTopic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        return events;
    }

    // ---------------------------------------------------------------------------------------------- REST

    List<Result> rest(String size) throws Exception {
        List<Run> singleNew = new ArrayList<>();
        List<Run> singleUpdate = new ArrayList<>();
        List<Run> batchNew = new ArrayList<>();
        List<Run> batchUpdate = new ArrayList<>();
        for (int r = 0; r < options.runs(); r++) {
            singleNew.add(restRun("1 per request, new", 20_000_000, 1, options.restSingle(), 0));
            singleUpdate.add(restRun("1 per request, update", 20_000_000, 1, options.restSingle(), 1));
            batchNew.add(restRun("50 per request, new", 30_000_000, 50, options.restBatches(), 0));
            batchUpdate.add(restRun("50 per request, update", 30_000_000, 50, options.restBatches(), 1));
            table.deleteAccounts(INGEST_ACCOUNTS);
        }
        String single = String.format("%,d requests × 1 host, %d clients", options.restSingle(), REST_CLIENTS);
        String batch = String.format("%,d requests × 50 hosts, %d clients", options.restBatches(), REST_CLIENTS);
        String unit = "hosts/s (p: request)";
        return List.of(new Result("REST POST /hosts, new", size, single, unit, singleNew),
                new Result("REST POST /hosts, updates", size, single, unit, singleUpdate),
                new Result("REST POST /hosts, new", size, batch, unit, batchNew),
                new Result("REST POST /hosts, updates", size, batch, unit, batchUpdate));
    }

    private Run restRun(String name, long base, int perRequest, int requests, int variant) throws Exception {
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        List<String> bodies = new ArrayList<>(requests);
        for (int q = 0; q < requests; q++) {
            ArrayNode body = hosts.json().createArrayNode();
            for (int j = 0; j < perRequest; j++) {
                body.add(hosts.input(base + (long) q * perRequest + j, INGEST_ACCOUNTS.get(q % REST_CLIENTS), variant,
                        stale));
            }
            bodies.add(body.toString());
        }
        String[] identities = INGEST_ACCOUNTS.stream().limit(REST_CLIENTS).map(Benchmark::identity)
                .toArray(String[]::new);
        service.resetPeakMemory();
        HttpLoad.Result result = http.run(q -> HttpRequest.newBuilder(URI.create(api + "/hosts"))
                .header("x-rh-identity", identities[q % REST_CLIENTS]).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(bodies.get(q))).build(),
                207, REST_CLIENTS, requests);
        Run run = new Run(result.requests() * perRequest / result.seconds(), result.p50(), result.p99(),
                service.peakMemoryMib(), result.errors());
        log.accept(String.format("REST %s: %.0f hosts/s, p50 %.1f ms, p99 %.1f ms%s", name, run.rate(), run.p50(),
                run.p99(), result.errors() == 0 ? "" : ", " + result.errors() + " ERRORS"));
        return run;
    }

    // ---------------------------------------------------------------------------------------------- queries

    List<Result> queries(String size) throws Exception {
        String identity = Benchmark.identity(Benchmark.QUERY_ACCOUNT);
        long accountSize = options.medium();
        List<Query> queries = List.of(
                new Query("GET /hosts?per_page=50", i -> "/hosts?per_page=50"),
                new Query("GET /hosts?per_page=50&order_by=display_name",
                        i -> "/hosts?per_page=50&order_by=display_name&order_how=ASC"),
                new Query("GET /hosts?per_page=50&tags=insights-client/team=team-N (2% of hosts)",
                        i -> "/hosts?per_page=50&tags=" + encode("insights-client/team=team-" + i % 50)),
                new Query("GET /hosts?hostname_or_id=host-NNNNNN (10 hosts)",
                        i -> "/hosts?hostname_or_id=" + encode(BenchHosts.fqdn(random(i).nextLong(accountSize))
                                .substring(0, 11))),
                new Query("GET /hosts/{10 ids}", i -> "/hosts/" + random(i).longs(10, 0, accountSize)
                        .mapToObj(n -> BenchHosts.uuid("host", n).toString()).collect(Collectors.joining(","))),
                new Query("GET /tags", i -> "/tags"));
        List<Result> results = new ArrayList<>();
        for (Query query : queries) {
            List<Run> runs = new ArrayList<>();
            IntFunction<HttpRequest> request = i -> HttpLoad.get(api + query.path().apply(i), identity).build();
            for (int r = 0; r < options.runs(); r++) {
                http.run(request, 200, QUERY_CLIENTS, Math.max(8, options.queries() / 10));
                service.resetPeakMemory();
                HttpLoad.Result result = http.run(i -> request.apply(i + 1_000_000), 200, QUERY_CLIENTS,
                        options.queries());
                runs.add(new Run(result.perSecond(), result.p50(), result.p99(), service.peakMemoryMib(),
                        result.errors()));
                log.accept(String.format("%s at %s: %.0f req/s, p50 %.1f ms, p99 %.1f ms%s", query.name(), size,
                        result.perSecond(), result.p50(), result.p99(),
                        result.errors() == 0 ? "" : ", " + result.errors() + " ERRORS"));
            }
            results.add(new Result(query.name(), size, String.format("%d requests, %d clients, account of %s",
                    options.queries(), QUERY_CLIENTS, Benchmark.label(accountSize)), "requests/s", runs));
        }
        return results;
    }

    private record Query(String name, IntFunction<String> path) {
    }

    private static SplittableRandom random(int i) {
        return new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static long ingestNumber(int i) {
        return 10_000_000L + i;
    }

    static String ingestAccount(int i) {
        return INGEST_ACCOUNTS.get(i % INGEST_ACCOUNTS.size());
    }
}
