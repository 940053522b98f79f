package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.bench.BenchHosts.Shape;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scenarios of the benchmark; each runs {@code runs} times and returns one result per measured figure. Every run
 * checks the work it measured (the answers, the events, the rows) before its figures count: a run whose work is
 * wrong, or that does not finish within its time bound, is a failed run, reported as such and left out of the
 * medians.
 */
final class Scenarios {

    /**
     * One run of a scenario: rate (per second), latency percentiles in ms, the service's peak RSS in MiB, what was
     * checked; or, for a run whose work failed, why (and no figures).
     */
    record Run(double rate, double p50, double p99, double peakRssMib, String checked, String failure) {

        static Run verified(double rate, double p50, double p99, double peakRssMib, String checked) {
            return new Run(rate, p50, p99, peakRssMib, checked, null);
        }

        static Run failed(String failure) {
            return new Run(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, failure);
        }

        boolean ok() {
            return failure == null;
        }
    }

    /**
     * A scenario at one table size, with one host shape, sent by one kind of identity, and its runs. The scenario name
     * of a today's row ends in its {@link Tenancy#suffix}.
     */
    record Result(String scenario, String shape, String table, String load, String unit, List<Run> runs,
                  Tenancy tenancy) {

        /** A row of a 2020 identity (and of the ceiling, which has none). */
        Result(String scenario, String shape, String table, String load, String unit, List<Run> runs) {
            this(scenario, shape, table, load, unit, runs, Tenancy.ACCOUNT);
        }

        List<Run> verifiedRuns() {
            return runs.stream().filter(Run::ok).toList();
        }

        long failedRuns() {
            return runs.stream().filter(run -> !run.ok()).count();
        }
    }

    /** The sizes of the hosts of one shape that the benchmark sends, measured once. */
    record ShapeStats(String shape, int hosts, long minBytes, long medianBytes, long maxBytes, int minPackages,
                      int maxPackages, int bridged, long largestMessageBytes, long largestRestBodyBytes) {
    }

    /** The accounts the small-shape ingestion scenarios write to; emptied after each run. */
    static final List<String> INGEST_ACCOUNTS = IntStream.range(0, 20).mapToObj(i -> String.valueOf(2_000_000 + i))
            .toList();
    /** The one account of the fleet shape: a large organisation, whose hosts the dedup compares with each other. */
    static final String FLEET_ACCOUNT = "2100000";
    /** Every account a scenario writes to (and deletes after its run). */
    static final List<String> WRITE_ACCOUNTS = Stream.concat(INGEST_ACCOUNTS.stream(), Stream.of(FLEET_ACCOUNT))
            .toList();
    /** The orgs the today's variants write to, one per account of {@link #WRITE_ACCOUNTS} (deleted after each run). */
    static final List<String> WRITE_ORGS = WRITE_ACCOUNTS.stream().map(Benchmark::org).toList();

    private static final int REST_CLIENTS = 8;
    private static final int QUERY_CLIENTS = 8;
    private static final int CEILING_BATCH = 500;
    private static final int FLEET_PER_REQUEST = 50;
    /** A Kafka run that sees no new event of its own for this long has stalled: it fails, it is not waited for. */
    private static final Duration KAFKA_STALL = Duration.ofSeconds(30);
    /** After the last expected event, the events topic is read this much longer for duplicates (not timed). */
    private static final Duration DUPLICATE_WINDOW = Duration.ofMillis(500);

    private final Benchmark.Options options;
    private final ObjectMapper json;
    private final Map<Shape, BenchHosts> shapes = new HashMap<>();
    private final HostTable table;
    private final ServiceProcess service;
    private final String bootstrapServers;
    private final String ingressTopic;
    private final String ingressGroup;
    private final String eventTopic;
    private final long maxBodySize;
    private final String api;
    private final Consumer<String> log;
    private final HttpLoad http = new HttpLoad();
    /** Whether the service is being warmed up (a stall in a warm-up restarts the service without a new warm-up). */
    private boolean warmingUp;
    /** Failures outside the measured runs (the warm-up): reported with them. */
    private final List<String> otherFailures = new ArrayList<>();

    Scenarios(Benchmark.Options options, ObjectMapper json, HostTable table, ServiceProcess service, Settings settings,
              String bootstrapServers, Consumer<String> log) {
        this.options = options;
        this.json = json;
        for (Shape shape : Shape.values()) {
            shapes.put(shape, new BenchHosts(json, shape));
        }
        this.table = table;
        this.service = service;
        this.bootstrapServers = bootstrapServers;
        this.ingressTopic = settings.get("inventory.kafka.ingress-topic");
        this.ingressGroup = settings.get("inventory.kafka.ingress-group");
        this.eventTopic = settings.get("inventory.kafka.event-topic");
        this.maxBodySize = Long.parseLong(settings.get("inventory.max-body-size"));
        this.api = service.baseUrl() + settings.apiPrefix();
        this.log = log;
    }

    List<String> otherFailures() {
        return otherFailures;
    }

    // ---------------------------------------------------------------------------------------------- loads

    /**
     * The hosts one Kafka run (and the ceiling) writes: numbers {@code first …}, spread over the accounts; for a
     * today's run ({@link Tenancy#ORG}), over the orgs of those accounts instead, without an account.
     */
    record Hosts(BenchHosts generator, long first, int count, List<String> accounts, Tenancy tenancy) {
        long number(int i) {
            return first + i;
        }

        String account(int i) {
            return accounts.get(i % accounts.size());
        }

        /** The org of host {@code i} of a today's run; null in a 2020 run. */
        String org(int i) {
            return tenancy == Tenancy.ORG ? Benchmark.org(account(i)) : null;
        }

        /** The {@code data} of host {@code i}'s add_host message: of its account (2020) or of its org (today's). */
        ObjectNode data(int i, int variant, OffsetDateTime stale) {
            return tenancy == Tenancy.ORG ? generator.input(number(i), org(i), null, variant, stale)
                    : generator.input(number(i), account(i), variant, stale);
        }

        /** Who the hosts belong to, for the load column: {@code 20 accounts}, {@code 20 orgs, no account}. */
        String tenants() {
            int n = accounts.size();
            return tenancy == Tenancy.ORG ? n + (n == 1 ? " org" : " orgs") + ", no account"
                    : n + (n == 1 ? " account" : " accounts");
        }

        /** The first quarter of these hosts (at least one): the load of a shorter warm-up. */
        Hosts quarter() {
            return new Hosts(generator, first, Math.max(1, count / 4), accounts, tenancy);
        }
    }

    /** One REST load: request {@code q} sends hosts {@code base + q * perRequest …} of account {@code q % accounts}. */
    record RestLoad(String name, BenchHosts generator, long base, int perRequest, int requests, List<String> accounts) {
        int hostCount() {
            return perRequest * requests;
        }
    }

    /**
     * The hosts of a Kafka run of this shape; the same hosts (numbers, facts) in a 2020 and a today's run, so the two
     * differ only in who sends them.
     */
    Hosts kafkaHosts(Shape shape, Tenancy tenancy) {
        return shape == Shape.FLEET
                ? new Hosts(shapes.get(shape), 40_000_000L, options.fleetMessages(), List.of(FLEET_ACCOUNT), tenancy)
                : new Hosts(shapes.get(shape), 10_000_000L, options.messages(), INGEST_ACCOUNTS, tenancy);
    }

    private List<RestLoad> restLoads(Shape shape, int divisor) {
        List<String> clientAccounts = INGEST_ACCOUNTS.subList(0, REST_CLIENTS);
        BenchHosts hosts = shapes.get(shape);
        if (shape == Shape.FLEET) {
            return List.of(new RestLoad("fleet, 50 per request", hosts, 50_000_000L, FLEET_PER_REQUEST,
                    Math.max(2, options.fleetRestBatches() / divisor), List.of(FLEET_ACCOUNT)));
        }
        return List.of(new RestLoad("1 per request", hosts, 20_000_000L, 1, Math.max(8, options.restSingle() / divisor),
                        clientAccounts),
                new RestLoad("50 per request", hosts, 30_000_000L, 50, Math.max(8, options.restBatches() / divisor),
                        clientAccounts));
    }

    /** The sizes of the hosts the Kafka and REST scenarios send in this shape, as JSON. */
    ShapeStats shapeStats(Shape shape) {
        Hosts kafka = kafkaHosts(shape, Tenancy.ACCOUNT);
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        List<Long> sizes = new ArrayList<>();
        int minPackages = Integer.MAX_VALUE;
        int maxPackages = 0;
        int bridged = 0;
        for (int i = 0; i < kafka.count(); i++) {
            var host = kafka.generator().input(kafka.number(i), kafka.account(i), 0, stale);
            sizes.add((long) host.toString().length());
            int packages = host.path("system_profile").path("installed_packages").size();
            minPackages = Math.min(minPackages, packages);
            maxPackages = Math.max(maxPackages, packages);
            bridged += kafka.generator().bridged(kafka.number(i)) ? 1 : 0;
        }
        long largestRestBody = 0;
        for (RestLoad load : restLoads(shape, 1)) {
            for (int q = 0; q < load.requests(); q++) {
                long body = 1;
                for (int j = 0; j < load.perRequest(); j++) {
                    body += load.generator().input(load.base() + (long) q * load.perRequest() + j,
                            load.accounts().get(q % load.accounts().size()), 0, stale).toString().length() + 1;
                }
                largestRestBody = Math.max(largestRestBody, body);
            }
        }
        long[] sorted = sizes.stream().mapToLong(Long::longValue).sorted().toArray();
        // the add_host envelope around the host: operation and platform_metadata with the request id
        long envelope = 100;
        return new ShapeStats(shape.label(), sorted.length, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1], minPackages, maxPackages, bridged, sorted[sorted.length - 1] + envelope,
                largestRestBody);
    }

    long maxBodySize() {
        return maxBodySize;
    }

    // ---------------------------------------------------------------------------------------------- warm-up

    /**
     * Runs both doors once at full load (the fleet shape through REST only), unmeasured, so the measured runs see a
     * service whose code is compiled (as in production, after its first minutes) rather than the JIT compiler at
     * work; then removes what it wrote. Its work is checked too: a failure is reported with the failed runs.
     */
    void warmUp() throws Exception {
        warmingUp = true;
        try {
            warmUpDoors();
        } finally {
            warmingUp = false;
        }
    }

    private void warmUpDoors() throws Exception {
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> events = eventsConsumer()) {
            warmUpKafka(producer, events, "warm", kafkaHosts(Shape.SMALL, Tenancy.ACCOUNT));
            if (options.tenancies().contains(Tenancy.ORG)) {
                // the code of today's messages alone (their identity, the org's dedup): the rest is warm already
                warmUpKafka(producer, events, "warm-org", kafkaHosts(Shape.SMALL, Tenancy.ORG).quarter());
            }
        }
        for (Shape shape : options.shapes()) {
            for (RestLoad load : restLoads(shape, 4)) {
                RestOutcome created = restRun("warm-up " + load.name(), load, 0, null);
                warmUpCheck("warm-up, REST " + load.name() + ", new", created.run());
                // a smoke run warms nothing up that it measures: the update requests of its warm-up are left out
                if (created.run().ok() && !options.smoke()) {
                    warmUpCheck("warm-up, REST " + load.name() + ", update",
                            restRun("warm-up " + load.name(), load, 1, created.ids()).run());
                }
            }
        }
        removeWritten();
    }

    /** One unmeasured Kafka run of these hosts, new then updates, checked; the hosts stay until the warm-up's end. */
    private void warmUpKafka(KafkaProducer<String, String> producer, KafkaConsumer<String, String> events,
                             String marker, Hosts hosts) throws Exception {
        String name = "warm-up, Kafka" + hosts.tenancy().suffix();
        KafkaOutcome created = kafkaRun(producer, events, marker + "-new", hosts, 0, null);
        warmUpCheck(name + " new hosts", created.run());
        if (created.stalled()) {
            recover("the warm-up's Kafka run stalled");
        } else if (created.run().ok()) {
            KafkaOutcome updated = kafkaRun(producer, events, marker + "-upd", hosts, 1, created.ids());
            warmUpCheck(name + " updates", updated.run());
            if (updated.stalled()) {
                recover("the warm-up's Kafka run stalled");
            }
        }
    }

    private void warmUpCheck(String name, Run run) {
        if (!run.ok()) {
            otherFailures.add(name + ": " + run.failure());
        }
    }

    // ---------------------------------------------------------------------------------------------- the ceiling

    /**
     * The same rows as the Kafka scenario of this shape upserted straight into the table with the service's own
     * statement, on 1 and on 2 connections at once (the service writes from 2 consumers), new then updated.
     */
    List<Result> ceiling(String size, Shape shape) throws Exception {
        Hosts hosts = kafkaHosts(shape, Tenancy.ACCOUNT);
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<List<HostTable.Row>> rows = new ArrayList<>();
        for (int variant = 0; variant < 2; variant++) {
            int v = variant;
            rows.add(IntStream.range(0, hosts.count()).mapToObj(i -> HostTable.row(hosts.generator(), hosts.number(i),
                    null, hosts.account(i), v, now, stale)).toList());
        }
        int[] connections = {1, 2};
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int r = 0; r < options.runs(); r++) {
            for (int c : connections) {
                for (int variant = 0; variant < 2; variant++) {
                    long before = table.count();
                    Run run;
                    try {
                        long started = System.nanoTime();
                        long[] latencies = table.upsert(rows.get(variant), CEILING_BATCH, c);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        Arrays.sort(latencies);
                        String problem = rowCheck(before, variant == 0 ? hosts.count() : 0);
                        run = problem != null ? Run.failed(problem)
                                : Run.verified(hosts.count() / seconds, HttpLoad.percentile(latencies, 0.5),
                                HttpLoad.percentile(latencies, 0.99), Double.NaN, rowsChecked(before, variant == 0
                                        ? hosts.count() : 0));
                    } catch (Exception e) {
                        run = Run.failed("upsert failed: " + e);
                    }
                    runs.computeIfAbsent(ceilingName(variant, c), k -> new ArrayList<>()).add(run);
                    log.accept(String.format("ceiling %s %s, %d connection(s) at %s: %s", shape.label(),
                            variant == 0 ? "insert" : "update", c, size,
                            run.ok() ? String.format("%.0f rows/s", run.rate()) : "FAILED: " + run.failure()));
                }
                removeWritten();
            }
        }
        List<Result> results = new ArrayList<>();
        for (int variant = 0; variant < 2; variant++) {
            for (int c : connections) {
                String load = String.format("%,d rows, INSERT … ON CONFLICT, %d per transaction, %s", hosts.count(),
                        CEILING_BATCH, c == 1 ? "1 connection" : c + " connections at once, rows split");
                results.add(new Result(ceilingName(variant, c), shape.label(), size, load, "rows/s (p: per txn)",
                        runs.get(ceilingName(variant, c))));
            }
        }
        return results;
    }

    static String ceilingName(int variant, int connections) {
        return (variant == 0 ? "JDBC ceiling, new rows, " : "JDBC ceiling, updated rows, ") + connections
                + (connections == 1 ? " connection" : " connections");
    }

    // ---------------------------------------------------------------------------------------------- Kafka

    /**
     * The Kafka scenario of this shape, {@code runs} times for each identity of the options: a 2020 run and a today's
     * run in turn (so the two see the same state of the machine), each new hosts then the same hosts as updates, then
     * deleted.
     */
    List<Result> kafka(String size, Shape shape) throws Exception {
        Map<Tenancy, List<Run>> created = new EnumMap<>(Tenancy.class);
        Map<Tenancy, List<Run>> updated = new EnumMap<>(Tenancy.class);
        Map<Tenancy, String> stalled = new EnumMap<>(Tenancy.class);
        for (Tenancy tenancy : options.tenancies()) {
            created.put(tenancy, new ArrayList<>());
            updated.put(tenancy, new ArrayList<>());
        }
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> events = eventsConsumer()) {
            for (int r = 0; r < options.runs(); r++) {
                for (Tenancy tenancy : options.tenancies()) {
                    if (stalled.containsKey(tenancy)) {
                        created.get(tenancy).add(Run.failed("not run: " + stalled.get(tenancy)));
                        updated.get(tenancy).add(Run.failed("not run: " + stalled.get(tenancy)));
                        continue;
                    }
                    Hosts hosts = kafkaHosts(shape, tenancy);
                    String marker = (tenancy == Tenancy.ORG ? "org-" : "") + shape.label() + "-" + size + "-" + r;
                    KafkaOutcome made = kafkaRun(producer, events, "new-" + marker, hosts, 0, null);
                    created.get(tenancy).add(made.run());
                    if (made.stalled()) {
                        stalled.put(tenancy, "run " + (r + 1) + " of this scenario stalled");
                        updated.get(tenancy).add(Run.failed("not run: the new-host run before it failed"));
                        recover("a Kafka run stalled");
                        continue;
                    }
                    if (!made.run().ok()) {
                        updated.get(tenancy).add(Run.failed("not run: the new-host run before it failed"));
                    } else {
                        KafkaOutcome update = kafkaRun(producer, events, "upd-" + marker, hosts, 1, made.ids());
                        updated.get(tenancy).add(update.run());
                        if (update.stalled()) {
                            stalled.put(tenancy, "run " + (r + 1) + " of this scenario stalled");
                            recover("a Kafka run stalled");
                            continue;
                        }
                    }
                    removeWritten();
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Tenancy tenancy : options.tenancies()) {
            Hosts hosts = kafkaHosts(shape, tenancy);
            String load = String.format("%,d add_host messages, %s, produced at once; first sent → last event",
                    hosts.count(), hosts.tenants());
            results.add(new Result("Kafka ingestion, new hosts" + tenancy.suffix(), shape.label(), size, load,
                    "hosts/s (p: message → event)", created.get(tenancy), tenancy));
            results.add(new Result("Kafka ingestion, updates" + tenancy.suffix(), shape.label(), size, load,
                    "hosts/s (p: message → event)", updated.get(tenancy), tenancy));
        }
        return results;
    }

    /** A Kafka run: its figures (or failure), the host id each message ended in, and whether it stalled. */
    private record KafkaOutcome(Run run, String[] ids, boolean stalled) {
    }

    private KafkaOutcome kafkaRun(KafkaProducer<String, String> producer, KafkaConsumer<String, String> events,
                                  String marker, Hosts hosts, int variant, String[] expectedIds) throws Exception {
        int count = hosts.count();
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        // a today's message names its org in data.org_id and carries a today's identity of that org
        Map<String, String> identities = new HashMap<>();
        IntFunction<String> identity = i -> hosts.org(i) == null ? ""
                : ",\"b64_identity\":\"" + identities.computeIfAbsent(hosts.org(i), Benchmark::todaysIdentity) + "\"";
        List<String> messages = IntStream.range(0, count).mapToObj(i -> "{\"operation\":\"add_host\","
                + "\"platform_metadata\":{\"request_id\":\"" + marker + "-" + i + "\"" + identity.apply(i) + "},\"data\":"
                + hosts.data(i, variant, stale) + "}").toList();
        long before = table.count();
        events.seekToEnd(events.assignment());
        events.assignment().forEach(events::position);
        service.resetPeakMemory();
        String expectedType = variant == 0 ? "created" : "updated";
        EventTally tally = new EventTally(count, expectedType, expectedIds, hosts::org);
        AtomicInteger sendErrors = new AtomicInteger();
        AtomicReference<String> firstSendError = new AtomicReference<>();
        long[] sent = new long[count];
        long[] latencies = new long[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sent[i] = System.nanoTime();
            producer.send(new ProducerRecord<>(ingressTopic, messages.get(i)), (metadata, error) -> {
                if (error != null) {
                    sendErrors.incrementAndGet();
                    firstSendError.compareAndSet(null, error.toString());
                }
            });
        }
        producer.flush();
        String needle = "\"" + marker + "-";
        long last = started;
        long progress = System.nanoTime();
        long deadline = started + Duration.ofSeconds(60).toNanos() + count * Duration.ofMillis(5).toNanos();
        while (!tally.complete() && sendErrors.get() == 0 && System.nanoTime() < deadline
                && System.nanoTime() - progress < KAFKA_STALL.toNanos()) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                int i = index(record.value(), needle);
                if (i >= 0 && tally.add(i, eventType(record), record.key(), EventTally.hostOrgId(record.value()))) {
                    last = System.nanoTime();
                    progress = last;
                    latencies[i] = last - sent[i];
                }
            }
        }
        boolean stalled = !tally.complete();
        if (!stalled) {
            long window = System.nanoTime() + DUPLICATE_WINDOW.toNanos();
            while (System.nanoTime() < window) {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                    int i = index(record.value(), needle);
                    if (i >= 0) {
                        tally.add(i, eventType(record), record.key(), EventTally.hostOrgId(record.value()));
                    }
                }
            }
        }
        double peak = service.peakMemoryMib();
        List<String> problems = new ArrayList<>();
        if (sendErrors.get() > 0) {
            problems.add(sendErrors.get() + " messages not accepted by the broker (first: " + firstSendError.get() + ")");
        }
        if (stalled && sendErrors.get() == 0) {
            problems.add(System.nanoTime() >= deadline ? "not done within the run's time bound"
                    : "stalled: no event for " + KAFKA_STALL.toSeconds() + " s");
        }
        if (tally.failure() != null) {
            problems.add(tally.failure());
        }
        String rows = rowCheck(before, variant == 0 ? count : 0);
        if (rows != null) {
            problems.add(rows);
        }
        double seconds = (last - started) / 1e9;
        Run run;
        if (problems.isEmpty()) {
            Arrays.sort(latencies);
            run = Run.verified(count / seconds, HttpLoad.percentile(latencies, 0.5),
                    HttpLoad.percentile(latencies, 0.99), peak, tally.checked() + "; " + rowsChecked(before,
                            variant == 0 ? count : 0));
            log.accept(String.format("kafka %s: %d events in %.1f s, %.0f hosts/s, verified", marker, count, seconds,
                    run.rate()));
        } else {
            run = Run.failed(String.join("; ", problems));
            log.accept(String.format("kafka %s: FAILED (%d of %d events seen): %s", marker, tally.seen(), count,
                    run.failure()));
        }
        return new KafkaOutcome(run, tally.ids(), stalled);
    }

    /** The index of the run's message an event answers (from its request id), or -1 when it is not of this run. */
    private static int index(String value, String needle) {
        int at = value == null ? -1 : value.indexOf(needle);
        if (at < 0) {
            return -1;
        }
        int from = at + needle.length();
        int to = value.indexOf('"', from);
        return Integer.parseInt(value, from, to, 10);
    }

    private static String eventType(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("event_type");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * After a stalled Kafka run the service is still retrying a batch it cannot write, and would retry it for ever:
     * stop it, move its consumer group past every message on the ingress topic, remove what the scenarios wrote,
     * start it again and warm it up again, so that the next scenarios measure a working, warmed-up service.
     */
    private void recover(String why) throws Exception {
        log.accept("Restarting the service (" + why + "); its consumer group skips the messages left on "
                + ingressTopic);
        service.stop();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(ingressTopic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(ingressTopic).partitions().stream()
                    .map(p -> new TopicPartition(ingressTopic, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    // refused while the stopped service's consumers are still members of the group
                    admin.alterConsumerGroupOffsets(ingressGroup, ends).all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        }
        removeWritten();
        service.start();
        log.accept("The service is running again");
        if (!warmingUp) {
            // a new JVM: warmed up again before anything else is measured (a stall in a warm-up only restarts it)
            log.accept("Warming up the restarted service (unmeasured)");
            warmUp();
        }
    }

    /** Deletes what the scenarios wrote: the hosts of their accounts and of their orgs. */
    private void removeWritten() throws java.sql.SQLException {
        table.deleteTenants(WRITE_ACCOUNTS, WRITE_ORGS);
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

    List<Result> rest(String size, Shape shape) throws Exception {
        List<RestLoad> loads = restLoads(shape, 1);
        List<List<Run>> created = new ArrayList<>();
        List<List<Run>> updated = new ArrayList<>();
        loads.forEach(load -> {
            created.add(new ArrayList<>());
            updated.add(new ArrayList<>());
        });
        for (int r = 0; r < options.runs(); r++) {
            for (int l = 0; l < loads.size(); l++) {
                RestOutcome made = restRun(loads.get(l).name() + ", new", loads.get(l), 0, null);
                created.get(l).add(made.run());
                updated.get(l).add(made.run().ok()
                        ? restRun(loads.get(l).name() + ", update", loads.get(l), 1, made.ids()).run()
                        : Run.failed("not run: the new-host run before it failed"));
            }
            removeWritten();
        }
        String unit = "hosts/s (p: request)";
        List<Result> results = new ArrayList<>();
        for (int l = 0; l < loads.size(); l++) {
            RestLoad load = loads.get(l);
            String text = String.format("%,d requests × %d host%s, %d clients%s", load.requests(), load.perRequest(),
                    load.perRequest() == 1 ? "" : "s", REST_CLIENTS, load.accounts().size() == 1 ? ", 1 account" : "");
            results.add(new Result("REST POST /hosts, new", shape.label(), size, text, unit, created.get(l)));
            results.add(new Result("REST POST /hosts, updates", shape.label(), size, text, unit, updated.get(l)));
        }
        return results;
    }

    /** A REST run: its figures (or failure) and the host id each host sent got. */
    private record RestOutcome(Run run, String[] ids) {
    }

    private RestOutcome restRun(String name, RestLoad load, int variant, String[] expectedIds) throws Exception {
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        List<String> bodies = new ArrayList<>(load.requests());
        for (int q = 0; q < load.requests(); q++) {
            ArrayNode body = json.createArrayNode();
            String account = load.accounts().get(q % load.accounts().size());
            for (int j = 0; j < load.perRequest(); j++) {
                body.add(load.generator().input(load.base() + (long) q * load.perRequest() + j, account, variant, stale));
            }
            bodies.add(body.toString());
        }
        Map<String, String> identities = new HashMap<>();
        load.accounts().forEach(account -> identities.put(account, Benchmark.identity(account)));
        long before = table.count();
        service.resetPeakMemory();
        Duration limit = Duration.ofMinutes(3).plus(Duration.ofMillis(50L * load.requests()));
        HttpLoad.Result result = http.run(q -> HttpRequest.newBuilder(URI.create(api + "/hosts"))
                        .header("x-rh-identity", identities.get(load.accounts().get(q % load.accounts().size())))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(q))).build(),
                207, REST_CLIENTS, load.requests(), limit, true);
        double peak = service.peakMemoryMib();
        List<String> problems = new ArrayList<>();
        if (result.errors() > 0) {
            problems.add(result.errors() + " of " + load.requests() + " requests failed (first: " + result.firstError()
                    + ")");
        }
        RestAnswers.Checked answers = RestAnswers.check(json, result.bodies(), load.perRequest(),
                variant == 0 ? 201 : 200, expectedIds);
        if (answers.failure() != null) {
            problems.add(answers.failure());
        }
        String rows = rowCheck(before, variant == 0 ? load.hostCount() : 0);
        if (rows != null) {
            problems.add(rows);
        }
        Run run;
        if (problems.isEmpty()) {
            run = Run.verified(load.hostCount() / result.seconds(), result.p50(), result.p99(), peak,
                    answers.checked() + "; " + rowsChecked(before, variant == 0 ? load.hostCount() : 0));
            log.accept(String.format("REST %s: %.0f hosts/s, p50 %.1f ms, p99 %.1f ms, verified", name, run.rate(),
                    run.p50(), run.p99()));
        } else {
            run = Run.failed(String.join("; ", problems));
            log.accept(String.format("REST %s: FAILED: %s", name, run.failure()));
        }
        return new RestOutcome(run, answers.ids());
    }

    // ---------------------------------------------------------------------------------------------- rows

    /** Null when the table holds {@code before + added} rows; otherwise what it holds. */
    private String rowCheck(long before, long added) throws Exception {
        long after = table.count();
        return after == before + added ? null
                : String.format("hosts table: %,d rows after the run, expected %,d (%,d before + %,d)", after,
                before + added, before, added);
    }

    private static String rowsChecked(long before, long added) {
        return String.format("hosts rows %,d → %,d", before, before + added);
    }

    // ---------------------------------------------------------------------------------------------- queries

    /**
     * The queries of the query account's hosts, each {@code runs} times for each identity of the options: a 2020
     * identity of the account and a today's identity of its org in turn, which list the same hosts, so the answers
     * must be the same.
     */
    /** The fields of the sparse-fields query: two scalars and one object. */
    private static final String SPARSE_FIELDS = "arch,number_of_cpus,operating_system";

    List<Result> queries(String size) throws Exception {
        QueryAccount account = new QueryAccount(options.medium());
        long accountSize = options.medium();
        int deepPage = account.deepPage();
        IntFunction<String> hostNeedle = i -> BenchHosts.fqdn(random(i).nextLong(accountSize)).substring(0, 11);
        IntFunction<List<String>> ids = i -> random(i).longs(10, 0, accountSize)
                .mapToObj(n -> BenchHosts.uuid("host", n).toString()).toList();
        List<Query> queries = List.of(
                new Query("GET /hosts?per_page=50", i -> "/hosts?per_page=50",
                        body -> account.expectPage(body, 1, account.visible(), null), true),
                new Query("GET /hosts?per_page=50&order_by=display_name",
                        i -> "/hosts?per_page=50&order_by=display_name&order_how=ASC",
                        body -> account.expectPage(body, 1, account.visible(), account.firstDisplayName()), true),
                new Query("GET /hosts?per_page=50&tags=insights-client/team=team-N (2% of hosts)",
                        i -> "/hosts?per_page=50&tags=" + encode("insights-client/team=team-" + i % 50),
                        body -> account.expectPage(body, 1, account.count(n -> n % 50 == 0), null), true),
                new Query("GET /hosts?hostname_or_id=host-NNNNNN (10 hosts)",
                        i -> "/hosts?hostname_or_id=" + encode(hostNeedle.apply(i)),
                        body -> account.expectPage(body, 1,
                                account.count(n -> BenchHosts.fqdn(n).contains(hostNeedle.apply(0))), null), true),
                new Query("GET /hosts/{10 ids}", i -> "/hosts/" + String.join(",", ids.apply(i)),
                        body -> QueryAccount.expectTotal(body, ids.apply(0).stream().distinct().count()), true),
                new Query("GET /tags", i -> "/tags", body -> QueryAccount.expectTotal(body, account.tags("")), false),
                new Query("GET /hosts?per_page=50&page=" + deepPage + " (deep page)",
                        i -> "/hosts?per_page=50&page=" + deepPage,
                        body -> account.expectPage(body, deepPage, account.visible(), null), true),
                new Query("GET /hosts?per_page=50&display_name=" + BenchHosts.BROAD_NAME + " ("
                        + Math.round(100.0 * account.broadNames() / account.visible()) + "% of hosts)",
                        i -> "/hosts?per_page=50&display_name=" + BenchHosts.BROAD_NAME,
                        body -> account.expectPage(body, 1, account.broadNames(), null), true),
                new Query("GET /tags?search=" + QueryAccount.TAG_SEARCH, i -> "/tags?search=" + QueryAccount.TAG_SEARCH,
                        body -> QueryAccount.expectTotal(body, account.tags(QueryAccount.TAG_SEARCH)), false),
                new Query("GET /hosts?filter[system_profile][operating_system][RHEL][version][eq][]=9.4 (13% of hosts)",
                        i -> "/hosts?per_page=50&" + encode("filter[system_profile][operating_system][RHEL][version][eq][]")
                                + "=9.4",
                        body -> account.expectPage(body, 1,
                                account.count(n -> BenchHosts.osMajor(n) == 9 && BenchHosts.osMinor(n) == 4), null),
                        true),
                new Query("GET /hosts?filter[system_profile][workloads][sap][sap_system]=true (5% of hosts)",
                        i -> "/hosts?per_page=50&" + encode("filter[system_profile][workloads][sap][sap_system]")
                                + "=true",
                        body -> account.expectPage(body, 1, account.count(BenchHosts::sapSystem), null), true),
                new Query("GET /hosts?filter[system_profile][number_of_cpus][gt]=8 (25% of hosts)",
                        i -> "/hosts?per_page=50&" + encode("filter[system_profile][number_of_cpus][gt]") + "=8",
                        body -> account.expectPage(body, 1, account.count(n -> (2 << (n % 4)) > 8), null), true),
                new Query("GET /hosts?per_page=50&fields[system_profile]=" + SPARSE_FIELDS,
                        i -> "/hosts?per_page=50&" + encode("fields[system_profile]") + "=" + SPARSE_FIELDS,
                        body -> {
                            String problem = account.expectPage(body, 1, account.visible(), null);
                            return problem != null ? problem : QueryAccount.expectProfileFields(body, SPARSE_FIELDS);
                        }, true),
                new Query("GET /system_profile/operating_system", i -> "/system_profile/operating_system",
                        body -> account.expectOperatingSystems(body), false),
                new Query("GET /hosts?per_page=50&group_name=group-NN (1% of hosts)",
                        i -> "/hosts?per_page=50&group_name=" + Benchmark.groupName(i % Benchmark.GROUPS),
                        body -> account.expectPage(body, 1, account.count(n -> Benchmark.groupOf(n, accountSize) == 0),
                                null), true),
                new Query("GET /groups", i -> "/groups", body -> QueryAccount.expectGroups(body, Benchmark.GROUPS,
                        accountSize / Benchmark.GROUPS), false),
                new Query("GET /hosts?per_page=50&staleness=stale (" + Math.round(100.0
                        * account.count(Benchmark::stale) / account.visible()) + "% of hosts)",
                        i -> "/hosts?per_page=50&staleness=stale",
                        body -> account.expectPage(body, 1, account.count(Benchmark::stale), null), true),
                new Query("GET /hosts?per_page=50&staleness=fresh", i -> "/hosts?per_page=50&staleness=fresh",
                        body -> account.expectPage(body, 1, account.count(n -> !Benchmark.stale(n)), null), true),
                new Query("GET /hosts?per_page=50&staleness=fresh,stale,stale_warning",
                        i -> "/hosts?per_page=50&staleness=fresh,stale,stale_warning",
                        body -> account.expectPage(body, 1, account.size(), null), true));
        // -Dbench.staleness-orgs=N: the query account's org and N - 1 others save a staleness setting first, which
        // puts every host in the state 2020's rule does (Benchmark#fill), so the answers are the same
        int stalenessOrgs = Integer.getInteger("bench.staleness-orgs", 0);
        String withSettings = "";
        if (stalenessOrgs > 0) {
            List<String> orgs = new ArrayList<>(List.of(Benchmark.QUERY_ORG));
            for (int k = 1; k < stalenessOrgs; k++) {
                orgs.add(Benchmark.org(String.valueOf(1_000_000 + options.medium() / 1000 + k - 1)));
            }
            table.saveStalenessSettings(orgs, Benchmark.STALENESS_SETTING);
            withSettings = ", " + stalenessOrgs + " orgs with a staleness setting";
            log.accept("Saved the staleness setting of " + stalenessOrgs + " orgs, the query account's org among them");
        }
        List<Result> results = new ArrayList<>();
        queries = queries.stream().filter(query -> chosen(query.name())).toList();
        for (Query query : queries) {
            Map<Tenancy, List<Run>> runs = new EnumMap<>(Tenancy.class);
            for (int r = 0; r < options.runs(); r++) {
                for (Tenancy tenancy : options.tenancies()) {
                    Run run = queryRun(query, Benchmark.queryIdentity(tenancy));
                    runs.computeIfAbsent(tenancy, t -> new ArrayList<>()).add(run);
                    log.accept(String.format("%s%s at %s: %s", query.name(), tenancy.suffix(), size, run.ok()
                            ? String.format("%.0f req/s, p50 %.1f ms, p99 %.1f ms, verified", run.rate(), run.p50(),
                            run.p99())
                            : "FAILED: " + run.failure()));
                }
            }
            for (Tenancy tenancy : options.tenancies()) {
                results.add(new Result(query.name() + tenancy.suffix(), Shape.SMALL.label(), size, String.format(
                        "%d requests, %d clients, %s of %s%s", options.queries(), QUERY_CLIENTS,
                        tenancy == Tenancy.ORG ? "org" : "account", Benchmark.label(accountSize), withSettings),
                        "requests/s",
                        runs.get(tenancy), tenancy));
            }
        }
        return results;
    }

    /**
     * Whether a query-like scenario of this name runs: -Dbench.queries=&lt;name&gt;|&lt;name&gt;… runs only those (an A/B of
     * a few quick queries, run many times, without the minutes of the broad ones); without it, all. A name may leave
     * out its parenthesized share of hosts, which depends on the table: "GET /hosts?per_page=50&amp;staleness=stale".
     */
    private static boolean chosen(String name) {
        String only = System.getProperty("bench.queries", "");
        java.util.Set<String> names = java.util.Set.of(only.split("\\|"));
        return only.isEmpty() || names.contains(name) || names.contains(name.replaceFirst(" \\([^()]*\\)$", ""));
    }

    // ---------------------------------------------------------------------------------------------- group moves

    /** The moves of one run: each moves one of the fill's groups whole into a new group. */
    private static final int GROUP_MOVES = 10;
    /** The longest wait for a move's events on the topic. */
    private static final Duration GROUP_EVENTS = Duration.ofSeconds(60);

    /**
     * Adding a group's worth of hosts (1,000 at 100k) to a group in one request (issue 15): each run creates a new
     * group of the query account (unmeasured), moves one of the fill's groups whole into it with one POST
     * /groups/{id}/hosts (measured: the request, whose transaction writes the hosts' events), checks that the answer
     * counts them and that every one of their updated events, naming the new group, reaches the events topic, then
     * moves them back and deletes the new group (unmeasured, and waited for, so the next move does not share the
     * relay with it). Rate: hosts moved per second of request time.
     */
    List<Result> groupMoves(String size) throws Exception {
        long perGroup = options.medium() / Benchmark.GROUPS;
        String name = String.format("POST /groups/{id}/hosts (%,d hosts, with their events)", perGroup);
        if (!chosen(name)) {
            return List.of();
        }
        Map<Tenancy, List<Run>> runs = new EnumMap<>(Tenancy.class);
        // two unmeasured moves first, checked too, so that the measured ones do not wait for the JIT compiler
        Run warm = groupMoveRun(Benchmark.queryIdentity(options.tenancies().get(0)), perGroup, 0, 2);
        if (!warm.ok()) {
            otherFailures.add("warm-up, " + name + ": " + warm.failure());
        }
        int move = 2;
        for (int r = 0; r < options.runs(); r++) {
            for (Tenancy tenancy : options.tenancies()) {
                service.resetPeakMemory();
                Run run = groupMoveRun(Benchmark.queryIdentity(tenancy), perGroup, move, GROUP_MOVES);
                move += GROUP_MOVES;
                runs.computeIfAbsent(tenancy, t -> new ArrayList<>()).add(run);
                log.accept(String.format("%s%s at %s: %s", name, tenancy.suffix(), size, run.ok()
                        ? String.format("%.0f hosts/s, p50 %.1f ms, p99 %.1f ms, verified", run.rate(), run.p50(),
                        run.p99()) : "FAILED: " + run.failure()));
            }
        }
        List<Result> results = new ArrayList<>();
        for (Tenancy tenancy : options.tenancies()) {
            results.add(new Result(name + tenancy.suffix(), Shape.SMALL.label(), size, String.format(
                    "%d requests of %,d hosts, 1 client, %s of %s", GROUP_MOVES, perGroup,
                    tenancy == Tenancy.ORG ? "org" : "account", Benchmark.label(options.medium())), "hosts/s",
                    runs.get(tenancy), tenancy));
        }
        return results;
    }

    private Run groupMoveRun(String identity, long perGroup, int firstMove, int moves) {
        long[] latencies = new long[moves];
        long slowestEvents = 0;
        double peak;
        try (KafkaConsumer<String, String> events = eventsConsumer()) {
            events.seekToEnd(events.assignment());
            events.assignment().forEach(events::position);
            for (int m = 0; m < moves; m++) {
                int source = (firstMove + m) % Benchmark.GROUPS;
                List<String> hosts = new ArrayList<>();
                for (long n = source * perGroup; n < (source + 1) * perGroup; n++) {
                    hosts.add(BenchHosts.uuid("host", n).toString());
                }
                String body = json.writeValueAsString(hosts);
                String target = "moved-" + firstMove + "-" + m;
                JsonNode created = json.readTree(http.fetch(post(api + "/groups", identity,
                        "{\"name\": \"" + target + "\"}"), 201));
                String targetId = created.path("id").asText();
                long sent = System.nanoTime();
                JsonNode moved = json.readTree(http.fetch(post(api + "/groups/" + targetId + "/hosts", identity, body),
                        200));
                latencies[m] = System.nanoTime() - sent;
                if (moved.path("host_count").asLong() != perGroup) {
                    return Run.failed("move " + m + ": host_count " + moved.path("host_count") + ", expected " + perGroup);
                }
                String missing = awaitGroupEvents(events, hosts, target);
                if (missing != null) {
                    return Run.failed("move " + m + ": " + missing);
                }
                slowestEvents = Math.max(slowestEvents, System.nanoTime() - sent);
                http.fetch(post(api + "/groups/" + Benchmark.groupId(source) + "/hosts", identity, body), 200);
                missing = awaitGroupEvents(events, hosts, Benchmark.groupName(source));
                if (missing != null) {
                    return Run.failed("move " + m + " back: " + missing);
                }
                http.fetch(HttpRequest.newBuilder(URI.create(api + "/groups/" + targetId))
                        .header("x-rh-identity", identity).timeout(Duration.ofSeconds(60)).DELETE().build(), 204);
            }
            peak = service.peakMemoryMib();
        } catch (Exception e) {
            return Run.failed(e.getMessage());
        }
        double seconds = java.util.Arrays.stream(latencies).sum() / 1e9;
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        return Run.verified(moves * perGroup / seconds, HttpLoad.percentile(sorted, 0.5),
                HttpLoad.percentile(sorted, 0.99), peak, String.format("%d moves answered 200 with"
                        + " host_count %,d; every moved host's updated event naming its new group on the events topic,"
                        + " the last %.0f ms after its request was sent at the latest; moved back", moves, perGroup,
                        slowestEvents / 1e6));
    }

    /** Null once each of these hosts has an updated event naming the group {@code name}; else what is missing. */
    private String awaitGroupEvents(KafkaConsumer<String, String> events, List<String> hosts, String name) {
        java.util.Set<String> waiting = new java.util.HashSet<>(hosts);
        String named = "\"groups\":[{\"id\":";
        long deadline = System.nanoTime() + GROUP_EVENTS.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                String value = record.value();
                int group = value.lastIndexOf(named);
                if (group >= 0 && value.startsWith(name + "\"", value.indexOf("\"name\":\"", group) + 8)) {
                    waiting.remove(record.key());
                }
            }
        }
        return waiting.isEmpty() ? null : waiting.size() + " of " + hosts.size() + " hosts without an event naming "
                + name + " within " + GROUP_EVENTS.toSeconds() + " s";
    }

    private static HttpRequest post(String url, String identity, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("x-rh-identity", identity)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * One run of a query: an unmeasured request whose answer is checked (and whose hosts must be the query account's,
     * in its org), unmeasured requests, then the measured ones.
     */
    private Run queryRun(Query query, String identity) throws Exception {
        IntFunction<HttpRequest> request = i -> HttpLoad.get(api + query.path().apply(i), identity).build();
        String problem;
        try {
            JsonNode body = json.readTree(http.fetch(request.apply(0), 200));
            problem = query.check().problem(body);
            if (problem == null && query.listsHosts()) {
                problem = QueryAccount.expectTenants(body, Benchmark.QUERY_ACCOUNT, Benchmark.QUERY_ORG);
            }
        } catch (Exception e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            return Run.failed("the answer is wrong: " + problem);
        }
        http.run(request, 200, QUERY_CLIENTS, Math.max(8, options.queries() / 10));
        service.resetPeakMemory();
        HttpLoad.Result result = http.run(i -> request.apply(i + 1_000_000), 200, QUERY_CLIENTS,
                options.queries(), Duration.ofMinutes(3), false);
        return result.errors() > 0
                ? Run.failed(result.errors() + " of " + options.queries() + " requests failed (first: "
                + result.firstError() + ")")
                : Run.verified(result.perSecond(), result.p50(), result.p99(), service.peakMemoryMib(),
                "answer checked" + (query.listsHosts() ? " (hosts of account " + Benchmark.QUERY_ACCOUNT + " and org "
                        + Benchmark.QUERY_ORG + ")" : "") + "; " + options.queries() + " answers 200");
    }

    /** What a query's answer must show; {@link #problem} returns null when it does. */
    interface Check {
        String problem(JsonNode body);
    }

    /** A query: its name, its i-th path, the check of its answer, and whether it answers hosts (or tags). */
    private record Query(String name, IntFunction<String> path, Check check, boolean listsHosts) {
    }

    private static SplittableRandom random(int i) {
        return new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
