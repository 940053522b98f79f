package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scale-out of Kafka ingestion (README "Scaling out", issue 17): several service instances in one consumer group on
 * one ingress topic, one database. Starts PostgreSQL and Kafka as the benchmark does; then for each configuration
 * ({@code instances x partitions}) creates a fresh ingress topic of that many partitions, a fresh consumer group and a
 * fresh database, starts the instances one after the other (each its own JVM and HTTP port; the first migrates the
 * database), waits until the group has every partition assigned, warms them up (unmeasured), then sends
 * {@code --hosts} new small-shape hosts (2020 add_host messages of 20 accounts, partition {@code i % partitions},
 * produced at once), waits for every event, then the same hosts as updates. Each run is checked as the Kafka
 * scenario checks it (one event per message of the right type and host, the row count) and timed from the first
 * message sent to the last event seen. Each instance's {@code inventory_create_host_count} and
 * {@code inventory_update_host_count} are read from its {@code /metrics} every {@link #SAMPLE} during the run: the
 * hosts it stored and the span over which its count rose (to within one sample), which shows whether an instance
 * stopped while another still had a backlog.
 * <pre>
 *   java -cp target/host-inventory-bench.jar io.hbi.inventory.bench.ScaleOut [--configs 1x4,2x4,2x8,4x8]
 *        [--hosts 20000] [--warm-up 5000] [--service-jvm '&lt;options&gt;']
 * </pre>
 * Exit code: 0 when every run was verified, 3 when one failed its checks, 1 when the tool itself failed, 2 for bad
 * options.
 */
public final class ScaleOut {

    /** How often each instance's counters are read during a run. */
    static final Duration SAMPLE = Duration.ofMillis(500);
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration DUPLICATE_WINDOW = Duration.ofMillis(500);
    private static final String CREATED = "inventory_create_host_count_total";
    private static final String UPDATED = "inventory_update_host_count_total";
    /** The warm-up's hosts: numbers and accounts of their own, deleted after it. */
    private static final long WARM_UP_FIRST = 70_000_000L;
    private static final List<String> WARM_UP_ACCOUNTS = IntStream.range(0, 20)
            .mapToObj(i -> String.valueOf(2_300_000 + i)).toList();
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One configuration: so many instances on an ingress topic of so many partitions. */
    record Config(int instances, int partitions) {
        String label() {
            return instances + "x" + partitions;
        }

        static Config parse(String text) {
            String[] parts = text.trim().split("x");
            try {
                Config config = new Config(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                if (parts.length == 2 && config.instances >= 1 && config.partitions >= 1) {
                    return config;
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException bad) {
                // reported below
            }
            throw new IllegalArgumentException("Bad configuration " + text + " (instances x partitions, e.g. 2x4)");
        }
    }

    record Options(List<Config> configs, int hosts, int warmUp, List<String> serviceJvm) {
        static Options parse(String[] args) {
            List<Config> configs = List.of(new Config(1, 4), new Config(2, 4), new Config(2, 8), new Config(4, 8));
            int hosts = 20_000;
            int warmUp = 5_000;
            // Benchmark's service JVM: a fixed heap with a large young generation, the parallel collector
            List<String> jvm = List.of("-Xms384m", "-Xmx384m", "-Xmn224m", "-XX:+UseParallelGC",
                    "-XX:+ExitOnOutOfMemoryError");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--configs" -> configs = Arrays.stream(args[++i].split(",")).map(Config::parse).toList();
                    case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                    case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                    case "--service-jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("Unknown option " + args[i] + ". " + USAGE);
                }
            }
            if (configs.isEmpty() || hosts < 1 || warmUp < 0) {
                throw new IllegalArgumentException("Bad --configs, --hosts or --warm-up. " + USAGE);
            }
            return new Options(configs, hosts, warmUp, jvm);
        }
    }

    static final String USAGE = "Usage: java -cp target/host-inventory-bench.jar io.hbi.inventory.bench.ScaleOut"
            + " [--configs 1x4,2x4,2x8,4x8] [--hosts 20000] [--warm-up 5000] [--service-jvm '<options>']";

    /** What one instance did in one run: the hosts it stored and when its count first and last rose (s from start). */
    record Share(int instance, long hosts, double from, double to) {
    }

    /** One measured run: its rate (hosts/s), seconds, per-instance shares; or why it failed. */
    record Run(String name, double rate, double seconds, List<Share> shares, String checked, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Options options;
    private final BenchHosts generator = new BenchHosts(new ObjectMapper(), BenchHosts.Shape.SMALL);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Config, List<Run>> results = new java.util.LinkedHashMap<>();
    private LocalInfrastructure infrastructure;
    private Settings settings;
    private String eventTopic;

    private ScaleOut(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(new ScaleOut(options).run() ? 0 : Benchmark.RUN_FAILED);
        } catch (Exception e) {
            System.err.println("The scale-out measurement failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private boolean run() throws Exception {
        settings = Settings.load(new HashMap<>());
        eventTopic = settings.get("inventory.kafka.event-topic");
        Path work = Path.of("target", "bench").toAbsolutePath();
        ServiceProcess.productionJar();
        Files.createDirectories(work);
        log("Starting PostgreSQL and Kafka (fsync on, as in dev mode)");
        try (LocalInfrastructure started = LocalInfrastructure.start(settings, 0, 0, true)) {
            infrastructure = started;
            for (Config config : options.configs()) {
                try {
                    results.put(config, measure(config, work));
                } catch (Exception e) { // this configuration failed; the next ones are still measured
                    log("Configuration " + config.label() + " failed: " + e);
                    results.put(config, List.of(new Run("all", Double.NaN, Double.NaN, List.of(), null, e.toString())));
                }
            }
        }
        System.out.println();
        System.out.printf("Scale-out of Kafka ingestion on %s: %,d small hosts (2020 messages, 20 accounts) new,"
                + " then the same as updates, produced at once; first sent → last event; %d consumer threads per instance%n",
                Report.machine(), options.hosts(), consumersPerInstance());
        boolean allOk = true;
        for (Map.Entry<Config, List<Run>> entry : results.entrySet()) {
            Config config = entry.getKey();
            for (Run run : entry.getValue()) {
                allOk &= run.ok();
                if (!run.ok()) {
                    System.out.printf("%d instance(s), %d partitions, %s: FAILED: %s%n", config.instances(),
                            config.partitions(), run.name(), run.failure());
                    continue;
                }
                System.out.printf("%d instance(s), %d partitions, %s: %,.0f hosts/s (%.1f s)%n", config.instances(),
                        config.partitions(), run.name(), run.rate(), run.seconds());
                for (Share share : run.shares()) {
                    System.out.printf("    instance %d: %,6d hosts (%4.1f%%), stored from %.1f s to %.1f s%n",
                            share.instance(), share.hosts(), 100.0 * share.hosts() / options.hosts(), share.from(),
                            share.to());
                }
            }
        }
        return allOk;
    }

    private int consumersPerInstance() {
        return Integer.parseInt(settings.get("inventory.kafka.consumer.count"));
    }

    /** One configuration: its topic, group and database, its instances, a warm-up, then the new and update runs. */
    private List<Run> measure(Config config, Path work) throws Exception {
        String topic = "scaleout.host-ingress." + config.label();
        String group = "scaleout-" + config.label();
        String database = "scaleout_" + config.label();
        String user = settings.get("inventory.db.user");
        String password = settings.get("inventory.db.pass");
        String bootstrap = infrastructure.kafka().bootstrapServers();
        log(String.format("%d instance(s), %d partitions: topic %s, group %s, database %s", config.instances(),
                config.partitions(), topic, group, database));
        infrastructure.createDatabase(database, user, password);
        createTopic(bootstrap, topic, config.partitions());
        Map<String, String> env = new HashMap<>(infrastructure.environment(settings, database));
        env.put("INVENTORY_LOG_FORMAT", "json");
        env.put("KAFKA_HOST_INGRESS_TOPIC", topic);
        env.put("KAFKA_HOST_INGRESS_GROUP", group);
        env.put("KAFKA_CONSUMER_AUTO_OFFSET_RESET", "earliest"); // a fresh topic: nothing to skip
        List<ServiceProcess> instances = new ArrayList<>();
        try {
            for (int k = 0; k < config.instances(); k++) {
                env.put("HOSTNAME", "scaleout-" + k);
                Path log = work.resolve("scaleout-" + config.label() + "-" + k + ".log");
                instances.add(ServiceProcess.start(env, options.serviceJvm(), log, freePort()));
                log("Instance " + k + " is up at " + instances.get(k).baseUrl() + " (log: " + log + ")");
            }
            awaitAssignment(bootstrap, group, config);
            HostTable table = new HostTable(infrastructure.jdbcUrl(database), user, password);
            try (KafkaProducer<String, String> producer = producer(bootstrap);
                 KafkaConsumer<String, String> events = eventsConsumer(bootstrap)) {
                List<Run> runs = new ArrayList<>();
                if (options.warmUp() > 0) {
                    log("Warming up the instances (unmeasured)");
                    Load warm = new Load(WARM_UP_FIRST, options.warmUp(), WARM_UP_ACCOUNTS);
                    Run created = ingest(producer, events, table, instances, topic, config,
                            "warm-new-" + config.label(), warm, 0, null);
                    Run updated = created.ok() ? ingest(producer, events, table, instances, topic, config,
                            "warm-upd-" + config.label(), warm, 1, warm.ids) : created;
                    if (!updated.ok()) { // reported with the runs, and the measured runs are not made
                        runs.add(new Run("warm-up", Double.NaN, updated.seconds(), List.of(), null, updated.failure()));
                        return runs;
                    }
                    table.deleteTenants(WARM_UP_ACCOUNTS, List.of());
                }
                Load load = new Load(10_000_000L, options.hosts(), Scenarios.INGEST_ACCOUNTS);
                Run created = ingest(producer, events, table, instances, topic, config, "new-" + config.label(),
                        load, 0, null);
                runs.add(created);
                if (created.ok()) {
                    runs.add(ingest(producer, events, table, instances, topic, config, "upd-" + config.label(),
                            load, 1, load.ids));
                }
                return runs;
            }
        } finally {
            for (ServiceProcess instance : instances) {
                instance.close();
            }
        }
    }

    /** The hosts of a run: numbers {@code first …}, host {@code i} in account {@code i % accounts}; ids once created. */
    private static final class Load {
        final long first;
        final int count;
        final List<String> accounts;
        String[] ids;

        Load(long first, int count, List<String> accounts) {
            this.first = first;
            this.count = count;
            this.accounts = accounts;
        }
    }

    private Run ingest(KafkaProducer<String, String> producer, KafkaConsumer<String, String> events, HostTable table,
                    List<ServiceProcess> instances, String topic, Config config, String marker, Load load, int variant,
                    String[] expectedIds) throws Exception {
        int count = load.count;
        OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        List<String> messages = IntStream.range(0, count).mapToObj(i -> "{\"operation\":\"add_host\","
                + "\"platform_metadata\":{\"request_id\":\"" + marker + "-" + i + "\"},\"data\":"
                + generator.input(load.first + i, load.accounts.get(i % load.accounts.size()), variant, stale) + "}")
                .toList();
        String counter = variant == 0 ? CREATED : UPDATED;
        long before = table.count();
        events.seekToEnd(events.assignment());
        events.assignment().forEach(events::position);
        String expectedType = variant == 0 ? "created" : "updated";
        EventTally tally = new EventTally(count, expectedType, expectedIds, i -> null);
        AtomicInteger sendErrors = new AtomicInteger();
        AtomicReference<String> firstSendError = new AtomicReference<>();
        Sampler sampler = new Sampler(instances, counter);
        long started = System.nanoTime();
        sampler.start(started);
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % config.partitions(), null, messages.get(i)),
                    (metadata, error) -> {
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
                && System.nanoTime() - progress < STALL.toNanos()) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                int i = index(record.value(), needle);
                if (i >= 0 && tally.add(i, eventType(record), record.key(), EventTally.hostOrgId(record.value()))) {
                    last = System.nanoTime();
                    progress = last;
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
        List<Share> shares = sampler.stop();
        List<String> problems = new ArrayList<>();
        if (sendErrors.get() > 0) {
            problems.add(sendErrors.get() + " messages not accepted by the broker (first: " + firstSendError.get() + ")");
        }
        if (stalled && sendErrors.get() == 0) {
            problems.add(System.nanoTime() >= deadline ? "not done within the run's time bound"
                    : "stalled: no event for " + STALL.toSeconds() + " s");
        }
        if (tally.failure() != null) {
            problems.add(tally.failure());
        }
        long added = variant == 0 ? count : 0;
        long after = table.count();
        if (after != before + added) {
            problems.add(String.format("hosts table: %,d rows after the run, expected %,d", after, before + added));
        }
        long stored = shares.stream().mapToLong(Share::hosts).sum();
        if (stored != count) {
            problems.add(String.format("the instances' %s rose by %,d in all, expected %,d", counter, stored, count));
        }
        if (variant == 0) {
            load.ids = tally.ids();
        }
        double seconds = (last - started) / 1e9;
        String name = variant == 0 ? "new hosts" : "updates";
        if (!problems.isEmpty()) {
            String failure = String.join("; ", problems);
            log(String.format("kafka %s: FAILED (%d of %d events seen): %s", marker, tally.seen(), count, failure));
            return new Run(name, Double.NaN, seconds, shares, null, failure);
        }
        StringBuilder line = new StringBuilder(String.format("kafka %s: %d events in %.1f s, %.0f hosts/s, verified;",
                marker, count, seconds, count / seconds));
        for (Share share : shares) {
            line.append(String.format(" instance %d %,d hosts %.1f–%.1f s;", share.instance(), share.hosts(),
                    share.from(), share.to()));
        }
        log(line.toString());
        String checked = tally.checked() + String.format("; hosts rows %,d → %,d", before, after);
        return new Run(name, count / seconds, seconds, shares, checked, null);
    }

    /**
     * Reads one counter of every instance every {@link #SAMPLE} on a thread of its own: how much it rose during the
     * run, and when it first and last rose (seconds from the run's start; the time of the sample that saw it).
     */
    private final class Sampler {
        private final List<ServiceProcess> instances;
        private final String counter;
        private final double[] baseline;
        private final double[] latest;
        private final double[] from;
        private final double[] to;
        private volatile boolean running = true;
        private Thread thread;
        private long started;

        Sampler(List<ServiceProcess> instances, String counter) throws IOException, InterruptedException {
            this.instances = instances;
            this.counter = counter;
            int n = instances.size();
            baseline = new double[n];
            latest = new double[n];
            from = new double[n];
            to = new double[n];
            Arrays.fill(from, Double.NaN);
            Arrays.fill(to, Double.NaN);
            for (int k = 0; k < n; k++) {
                baseline[k] = metric(instances.get(k), counter);
                latest[k] = baseline[k];
            }
        }

        void start(long startedNanos) {
            started = startedNanos;
            thread = new Thread(() -> {
                while (running) {
                    try {
                        sample();
                        TimeUnit.MILLISECONDS.sleep(SAMPLE.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        // a missed sample: the next one sees the count
                    }
                }
            }, "scaleout-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() throws IOException, InterruptedException {
            for (int k = 0; k < instances.size(); k++) {
                double value = metric(instances.get(k), counter);
                double at = (System.nanoTime() - started) / 1e9;
                if (value > latest[k]) {
                    if (Double.isNaN(from[k])) {
                        from[k] = at;
                    }
                    to[k] = at;
                    latest[k] = value;
                }
            }
        }

        List<Share> stop() throws IOException, InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
            sample(); // the last count of each instance (its time: now, after the run)
            List<Share> shares = new ArrayList<>();
            for (int k = 0; k < instances.size(); k++) {
                shares.add(new Share(k, Math.round(latest[k] - baseline[k]), from[k], to[k]));
            }
            return shares;
        }
    }

    /** One unlabelled sample of an instance's {@code /metrics}; 0 when absent. */
    private double metric(ServiceProcess instance, String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : answer.body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    boolean led = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    if (led) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // the new topic's metadata has not reached the broker yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No leader for every partition of " + topic + " after 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /**
     * Waits (bounded) until the group is stable with every consumer thread of every instance a member and every
     * partition assigned, so that no message is produced while the instances still join.
     */
    private void awaitAssignment(String bootstrap, String group, Config config) throws Exception {
        int members = config.instances() * consumersPerInstance();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String seen = "nothing";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description;
                try {
                    description = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS)
                            .get(group);
                } catch (java.util.concurrent.ExecutionException notYet) {
                    seen = notYet.getCause().toString(); // no member has joined yet (the group does not exist)
                    TimeUnit.MILLISECONDS.sleep(500);
                    continue;
                }
                int assigned = description.members().stream()
                        .mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                seen = description.groupState() + ", " + description.members().size() + " members, " + assigned
                        + " partitions assigned";
                if (description.groupState() == GroupState.STABLE && description.members().size() == members
                        && assigned == config.partitions()) {
                    log("Consumer group " + group + ": " + seen);
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        throw new IllegalStateException("Consumer group " + group + " not ready after 90 s (expected " + members
                + " members): " + seen);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("linger.ms", "5");
        config.put("batch.size", String.valueOf(256 * 1024));
        config.put("buffer.memory", String.valueOf(256L * 1024 * 1024));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> eventsConsumer(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("max.poll.records", "5000");
        config.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> events = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        events.assign(events.partitionsFor(eventTopic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        return events;
    }

    private static int index(String value, String needle) {
        int at = value == null ? -1 : value.indexOf(needle);
        if (at < 0) {
            return -1;
        }
        int from = at + needle.length();
        return Integer.parseInt(value, from, value.indexOf('"', from), 10);
    }

    private static String eventType(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("event_type");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String message) {
        System.out.printf("[scaleout %s] %s%n", java.time.LocalTime.now().format(CLOCK), message);
    }
}
