package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark harness (README "Benchmarks"), its own jar built beside the production one: starts PostgreSQL and
 * Kafka as dev mode does, runs the production jar ({@code host-inventory.jar}, see {@link ServiceProcess}) as a
 * separate production-mode service, fills the hosts table with COPY, runs every scenario {@code --runs} times with
 * bounded loads on loopback, in two host shapes (small and fleet) and, for the Kafka and query scenarios, with 2020
 * and today's identities ({@link Tenancy}), checks the work of every run (answers, events, rows), prints the server's
 * durability settings and one table of medians of the verified runs, writes it as JSON, then stops everything.
 * <pre>
 *   java -jar target/host-inventory-bench.jar [--runs 3] [--out target/bench/results.json] [--smoke] [--without-1m]
 *        [--only ceiling,kafka,rest,queries] [--shapes small,fleet] [--identities 2020,today] [--tables 10k,100k,1M]
 *        [--service-jvm '&lt;options&gt;']
 * </pre>
 * {@code --smoke} runs every scenario once on small tables (a check that the harness works, not a measurement). The
 * exit code is 0 when every run was verified, 3 when a run (or the warm-up) failed its checks, 1 when the harness
 * itself failed, 2 for bad options.
 */
public final class Benchmark {

    /** The account holding the 100k hosts the queries read (and the first 10k of the table). */
    static final String QUERY_ACCOUNT = "0000001";
    /** The prefix of the orgs the benchmark gives accounts: account A maps to org {@code bench-org-A}. */
    static final String ORG_PREFIX = "bench-org-";
    /** The org the query account's hosts belong to as well (as after map-accounts): a today's identity reads them. */
    static final String QUERY_ORG = org(QUERY_ACCOUNT);
    /** The groups the fill splits the query account's hosts into (issue 15: an account of 100k in 100 groups). */
    static final int GROUPS = 100;
    /** The exit code of a benchmark that ran to its end but some of whose runs (or the warm-up) failed their checks. */
    static final int RUN_FAILED = 3;
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Options options;
    private final ObjectMapper json = new ObjectMapper();
    private final BenchHosts hosts = new BenchHosts(json, BenchHosts.Shape.SMALL);
    private final List<Scenarios.Result> results = new ArrayList<>();
    /** The PostgreSQL and Kafka of the run, once started (the fill checkpoints through its superuser). */
    private LocalInfrastructure infrastructure;

    private Benchmark(Options options) {
        this.options = options;
    }

    /** The sizes and loads of one invocation. */
    record Options(int runs, Path out, long small, long medium, long large, int messages, int restSingle,
                   int restBatches, int queries, int fleetMessages, int fleetRestBatches, List<String> serviceJvm,
                   boolean withLarge, Set<String> only, List<BenchHosts.Shape> shapes, boolean smoke,
                   List<Tenancy> tenancies, Set<String> tables) {

        static final Set<String> SCENARIOS = Set.of("ceiling", "kafka", "rest", "queries");

        boolean runs(String scenario) {
            return only.isEmpty() || only.contains(scenario);
        }

        /** Whether the scenarios are measured at the table of this size (its label: 10k, 100k, 1M); all when none given. */
        boolean measuresAt(String table) {
            return tables.isEmpty() || tables.contains(table);
        }

        static Options parse(String[] args) {
            int runs = 3;
            Path out = Path.of("target", "bench", "results.json");
            boolean smoke = false;
            boolean withLarge = true;
            Set<String> only = Set.of();
            List<BenchHosts.Shape> shapes = List.of(BenchHosts.Shape.values());
            List<Tenancy> tenancies = List.of(Tenancy.values());
            Set<String> tables = Set.of();
            // the JVM options README "Running" recommends for production: a fixed heap with a large young generation
            // (a batch in flight is garbage soon after its commit) and the parallel collector, which measured 10–15%
            // more ingestion than G1 on 2 cores
            List<String> jvm = List.of("-Xms384m", "-Xmx384m", "-Xmn224m", "-XX:+UseParallelGC",
                    "-XX:+ExitOnOutOfMemoryError");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--smoke" -> smoke = true;
                    case "--without-1m" -> withLarge = false;
                    case "--only" -> only = Set.of(args[++i].split(","));
                    case "--shapes" -> shapes = java.util.Arrays.stream(args[++i].split(","))
                            .map(name -> BenchHosts.Shape.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)))
                            .distinct().sorted().toList();
                    case "--identities" -> tenancies = java.util.Arrays.stream(args[++i].split(","))
                            .map(Tenancy::ofOption).distinct().sorted().toList();
                    case "--tables" -> tables = Set.of(args[++i].split(","));
                    case "--service-jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("Unknown option " + args[i] + ". " + USAGE);
                }
            }
            if (!SCENARIOS.containsAll(only) || shapes.isEmpty() || tenancies.isEmpty() || runs < 1) {
                throw new IllegalArgumentException("Bad --only, --shapes, --identities or --runs. " + USAGE);
            }
            // fleet loads are bounded (2,000 hosts a run through Kafka, 40 requests of 50 through REST): a fleet host is
            // about 9 times the bytes of a small one, and its dedup compares it with the account's other fleet hosts
            Options options = smoke
                    ? new Options(1, out, 1_000, 2_000, 5_000, 500, 80, 16, 40, 60, 4, jvm, withLarge, only, shapes, true,
                    tenancies, tables)
                    // -Dbench.query-requests=N: fewer measured requests per query run (the slow profile filters)
                    : new Options(runs, out, 10_000, 100_000, 1_000_000, 20_000, 2_400, 400,
                    Integer.getInteger("bench.query-requests", 400), 2_000, 40, jvm,
                    withLarge, only, shapes, false, tenancies, tables);
            List<String> sizes = withLarge ? List.of(label(options.small()), label(options.medium()),
                    label(options.large())) : List.of(label(options.small()), label(options.medium()));
            if (!sizes.containsAll(tables)) {
                throw new IllegalArgumentException("Bad --tables " + String.join(",", tables) + ": the tables of this run"
                        + " are " + String.join(",", sizes) + ". " + USAGE);
            }
            return options;
        }
    }

    static final String USAGE = "Usage: java -jar target/host-inventory-bench.jar [--runs N] [--out file.json]"
            + " [--smoke] [--without-1m] [--only ceiling,kafka,rest,queries] [--shapes small,fleet]"
            + " [--identities 2020,today] [--tables 10k,100k,1M] [--service-jvm '<options>']";

    /** The entry point of {@code host-inventory-bench.jar}; exits with the code of {@link #run(String[])}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the benchmark; returns the exit code (0: every run verified; 3: a run or the warm-up failed its checks;
     * 1: the harness failed; 2: bad options).
     */
    public static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            return new Benchmark(options).run() ? 0 : RUN_FAILED;
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /**
     * {@code -Dbench.service-env=NAME=value,NAME=value}: settings of the measured service beyond the defaults (for
     * trying one, e.g. {@code INVENTORY_INGRESS_CONSUMERS=4}); the report's figures are then not the defaults'.
     */
    private Map<String, String> extraServiceEnvironment() {
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        String given = System.getProperty("bench.service-env", "").trim();
        for (String pair : given.isEmpty() ? new String[0] : given.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("bench.service-env: expected NAME=value, got " + pair);
            }
            extra.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        if (!extra.isEmpty()) {
            log("Service settings beyond the defaults: " + extra);
        }
        return extra;
    }

    /** Returns whether every run (and the warm-up) was verified. */
    private boolean run() throws Exception {
        long started = System.nanoTime();
        Map<String, String> server;
        List<Scenarios.ShapeStats> shapes = new ArrayList<>();
        List<String> otherFailures;
        Map<String, String> env = new HashMap<>();
        Settings settings = Settings.load(env);
        Path work = options.out().toAbsolutePath().getParent();
        Path jar = ServiceProcess.productionJar(); // before anything starts: without it there is nothing to measure
        Files.createDirectories(work);
        log("Starting PostgreSQL and Kafka (fsync on, as in dev mode)");
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(settings, 0, 0, true)) {
            this.infrastructure = infrastructure;
            String database = settings.get("inventory.db.name");
            Map<String, String> serviceEnv = new HashMap<>(infrastructure.environment(settings, database));
            serviceEnv.put("INVENTORY_LOG_FORMAT", "json");
            serviceEnv.putAll(extraServiceEnvironment());
            log("Starting the service: " + String.join(" ", options.serviceJvm()) + " -cp " + jar + " … serve (log: "
                    + work.resolve("service.log") + ")");
            try (ServiceProcess service = ServiceProcess.start(serviceEnv, options.serviceJvm(),
                    work.resolve("service.log"), freePort())) {
                HostTable table = new HostTable(infrastructure.jdbcUrl(database), settings.get("inventory.db.user"),
                        settings.get("inventory.db.pass"));
                server = table.serverSettings();
                Scenarios scenarios = new Scenarios(options, json, table, service, settings,
                        infrastructure.kafka().bootstrapServers(), this::log);
                for (BenchHosts.Shape shape : options.shapes()) {
                    shapes.add(scenarios.shapeStats(shape));
                }
                Report preview = new Report(json, results, options.runs(), server, shapes, List.of());
                log(preview.serverLine());
                preview.shapeLines().forEach(this::log);
                for (Scenarios.ShapeStats shape : shapes) {
                    if (shape.largestRestBodyBytes() > scenarios.maxBodySize()) {
                        log("WARNING: the largest REST body of the " + shape.shape() + " shape is over the service's"
                                + " INVENTORY_MAX_BODY_SIZE (" + scenarios.maxBodySize() + " bytes): expect 413s");
                    }
                }
                measure(table, scenarios);
                otherFailures = scenarios.otherFailures();
            }
        }
        Report report = new Report(json, results, options.runs(), server, shapes, otherFailures);
        String printed = report.table();
        System.out.println();
        System.out.println("Benchmark of " + LocalDate.now(ZoneOffset.UTC) + " on " + Report.machine() + " (" + options.runs()
                + " run(s) per scenario)");
        System.out.println(report.serverLine());
        report.shapeLines().forEach(System.out::println);
        System.out.println(printed);
        Files.writeString(options.out(), report.json(LocalDate.now(ZoneOffset.UTC)).toPrettyString());
        log(String.format("Done in %.1f min; figures in %s", (System.nanoTime() - started) / 60e9, options.out()));
        return report.allVerified();
    }

    /**
     * Fills the table in three steps (10k, 100k, 1M) and measures the scenarios chosen at each: ceiling, Kafka and
     * REST at the first; queries at the second; queries, ceiling and Kafka at the third. A table is filled only when
     * something is measured at it or after it.
     */
    private void measure(HostTable table, Scenarios scenarios) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        fill(table, 0, options.small(), now);
        log("Warming up the service (unmeasured)");
        scenarios.warmUp();
        String small = label(options.small());
        String medium = label(options.medium());
        String large = label(options.large());
        if (options.measuresAt(small)) {
            if (options.runs("ceiling")) {
                for (BenchHosts.Shape shape : options.shapes()) {
                    results.addAll(scenarios.ceiling(small, shape));
                }
            }
            if (options.runs("kafka")) {
                for (BenchHosts.Shape shape : options.shapes()) {
                    results.addAll(scenarios.kafka(small, shape));
                }
            }
            if (options.runs("rest")) {
                for (BenchHosts.Shape shape : options.shapes()) {
                    results.addAll(scenarios.rest(small, shape));
                }
            }
        }
        boolean atMedium = options.measuresAt(medium) && options.runs("queries");
        boolean atLarge = options.withLarge() && options.measuresAt(large)
                && (options.runs("queries") || options.runs("ceiling") || options.runs("kafka"));
        if (!atMedium && !atLarge) {
            return;
        }

        fill(table, options.small(), options.medium(), now);
        fillGroups(table);
        if (atMedium) {
            results.addAll(scenarios.queries(medium));
            results.addAll(scenarios.groupMoves(medium));
        }
        if (!atLarge) {
            hold(table, medium);
            return;
        }

        fill(table, options.medium(), options.large(), now);
        if (options.runs("queries")) {
            results.addAll(scenarios.queries(large));
            results.addAll(scenarios.groupMoves(large));
        }
        hold(table, large);
        if (options.runs("ceiling")) {
            for (BenchHosts.Shape shape : options.shapes()) {
                results.addAll(scenarios.ceiling(large, shape));
            }
        }
        if (options.runs("kafka")) {
            for (BenchHosts.Shape shape : options.shapes()) {
                results.addAll(scenarios.kafka(large, shape));
            }
        }
    }

    /**
     * -Dbench.hold=&lt;file&gt;: after the queries of the largest table the run fills ({@code size}: 100k when it stops
     * there, 1M otherwise), the run waits (PostgreSQL and the service up) until that file exists, so that one can
     * EXPLAIN the service's statements at that size (psql with the dev settings' user and password).
     */
    private void hold(HostTable table, String size) throws InterruptedException {
        String hold = System.getProperty("bench.hold");
        if (hold == null) {
            return;
        }
        log("Holding at " + size + " until " + hold + " exists: PostgreSQL at " + table.jdbcUrl());
        while (!Files.exists(Path.of(hold))) {
            Thread.sleep(1_000);
        }
    }

    /**
     * Hosts numbered {@code first … last - 1}: the first {@code medium} in the query account and its org, the rest in
     * accounts of 1,000 hosts, most of them in an org too (see {@link #filledOrg}); 1 in 100 in stale_warning (left
     * out by the default filter), the others fresh or stale ({@link #stale}). Their check-ins put them in the same
     * states under {@link #STALENESS_SETTING} as their stale_timestamps do under 2020's rule: stale_warning 8 days
     * ago, stale 3 days ago, fresh within the last day.
     */
    private void fill(HostTable table, long first, long last, OffsetDateTime now) throws Exception {
        long started = System.nanoTime();
        table.fill(first, last, n -> {
            OffsetDateTime stale = staleWarning(n) ? now.minusDays(8) : now.plusHours(n % 72 - 24);
            OffsetDateTime updated = now.minusSeconds(n % 86_400);
            OffsetDateTime checkIn = staleWarning(n) ? now.minusDays(8) : stale(n) ? now.minusDays(3) : updated;
            return HostTable.row(hosts, n, filledOrg(n, options.medium()), filledAccount(n, options.medium()), 0,
                    updated, stale, checkIn);
        }, 2, last - first > 50_000);
        // a CHECKPOINT, as after any bulk load: otherwise the checkpoint of the fill's writes (hundreds of MiB at 1M,
        // more with every index) runs during the first measured runs and they measure its I/O
        try (java.sql.Connection superuser = infrastructure.postgres().getPostgresDatabase().getConnection();
             java.sql.Statement statement = superuser.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        log(String.format("Filled hosts %d–%d by COPY in %.1f s (%d rows in the table), checkpointed", first,
                last - 1, (System.nanoTime() - started) / 1e9, table.count()));
    }

    /**
     * Splits the query account's hosts (the first {@code medium}) into {@link #GROUPS} groups of the account and its
     * org, as map-accounts leaves an account's groups, so that a 2020 and a today's identity see the same groups.
     */
    private void fillGroups(HostTable table) throws Exception {
        long started = System.nanoTime();
        table.fillGroups(QUERY_ORG, QUERY_ACCOUNT, GROUPS, options.medium());
        log(String.format("Put hosts 0–%d into %d groups in %.1f s", options.medium() - 1, GROUPS,
                (System.nanoTime() - started) / 1e9));
    }

    /** The group of the query account's host {@code n} (of {@code medium}): {@code medium / GROUPS} hosts each. */
    static int groupOf(long n, long medium) {
        return (int) (n / (medium / GROUPS));
    }

    /** The name of group {@code g} of the fill. */
    static String groupName(int g) {
        return String.format("group-%02d", g);
    }

    /** The id of group {@code g} of the fill. */
    static java.util.UUID groupId(int g) {
        return BenchHosts.uuid("group", g);
    }

    /** The account of filled host {@code n}: the query account for the first {@code medium}, then one per 1,000. */
    static String filledAccount(long n, long medium) {
        return n < medium ? QUERY_ACCOUNT : String.valueOf(1_000_000 + n / 1000);
    }

    /**
     * The org of filled host {@code n}, as {@code map-accounts} would have made it: its account's {@link #org}, but
     * for 1 account in 10 of the accounts of 1,000 (those whose number ends in 3), left without an org; the query
     * account has its org, {@link #QUERY_ORG}.
     */
    static String filledOrg(long n, long medium) {
        return n >= medium && n / 1000 % 10 == 3 ? null : org(filledAccount(n, medium));
    }

    /** The org the benchmark gives account {@code account}. */
    static String org(String account) {
        return ORG_PREFIX + account;
    }

    /** Whether filled host {@code n} is in stale_warning (1 in 100), so the default staleness filter leaves it out. */
    static boolean staleWarning(long n) {
        return n % 100 == 0;
    }

    /** Whether filled host {@code n}, unless in stale_warning, is stale (its stale_timestamp is up to now): 25 in 72. */
    static boolean stale(long n) {
        return n % 72 <= 24;
    }

    /**
     * The staleness setting the orgs of {@code -Dbench.staleness-orgs=N} save: stale 2 days, stale_warning 7 days,
     * culled 14 days after the check-in, which puts every filled host in the state 2020's rule puts it in.
     */
    static final int[] STALENESS_SETTING = {172_800, 604_800, 1_209_600};

    static String label(long size) {
        return size >= 1_000_000 ? size / 1_000_000 + "M" : size >= 1000 ? size / 1000 + "k" : String.valueOf(size);
    }

    /** A 2020 identity of {@code account} (no top-level org_id), base64-encoded: its requests see the account's hosts. */
    static String identity(String account) {
        String text = "{\"identity\":{\"account_number\":\"" + account + "\",\"type\":\"User\",\"internal\":{\"org_id\":\""
                + account + "\"}}}";
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A today's identity of {@code org} (a User, no account_number), base64-encoded: its requests see the org's hosts,
     * and it is the {@code b64_identity} of a today's add_host message of that org.
     */
    static String todaysIdentity(String org) {
        String text = "{\"identity\":{\"org_id\":\"" + org + "\",\"type\":\"User\",\"auth_type\":\"jwt-auth\","
                + "\"user\":{\"username\":\"bench\"},\"internal\":{\"org_id\":\"" + org + "\"}}}";
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The identity a request of {@code tenancy} sends for the query account's hosts. */
    static String queryIdentity(Tenancy tenancy) {
        return tenancy == Tenancy.ORG ? todaysIdentity(QUERY_ORG) : identity(QUERY_ACCOUNT);
    }

    private void log(String message) {
        System.out.printf("[bench %s] %s%n", java.time.LocalTime.now().format(CLOCK), message);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
