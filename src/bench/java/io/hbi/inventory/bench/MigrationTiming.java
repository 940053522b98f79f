package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * How long moving a 2020 database to orgs takes, and how long it keeps writers out (README "Migrating to orgs at 1M
 * hosts"): starts PostgreSQL as dev mode does, migrates to V7 (the 2020 schema), fills {@code hosts} with the
 * benchmark's hosts (small shape, the first tenth in the query account, the rest in accounts of 1,000) by COPY, folds
 * the counts as the service's compaction would, VACUUM ANALYZE, then applies each later migration on its own while
 * <ul>
 *   <li>a lock watch polls {@code pg_locks} every 10 ms for the locks on {@code hosts} and the count tables that stop
 *   writers (Share, ShareRowExclusive, Exclusive, AccessExclusive) or that CREATE INDEX CONCURRENTLY and VALIDATE
 *   CONSTRAINT take (ShareUpdateExclusive, which does not), and keeps the longest continuous hold of each mode;</li>
 *   <li>an ingestion writer upserts one host at a time (a new host, then an existing one re-reported, …) with the
 *   2020 service's statement, 10 ms apart, and keeps the latency of each write.</li>
 * </ul>
 * It prints per migration the time it took, the longest hold of each lock and the writer's max and p99 latency, then
 * checks the end state (every index of {@code hosts} valid, the org-or-account constraint validated, no table
 * rewritten, the counts still equal to the rows, every write done).
 * <pre>
 *   java -cp target/host-inventory-bench.jar io.hbi.inventory.bench.MigrationTiming [--hosts 1000000]
 * </pre>
 * Exit code: 0 when the end state is right and no write failed, 3 when not, 1 when the tool itself failed, 2 for bad
 * options.
 */
public final class MigrationTiming {

    /** The schema of 2020, the last before orgs. */
    static final String BEFORE_ORGS = "7";

    /** The columns of {@code hosts} at V7 (HostRepository.COLUMNS without org_id), in the order of HostTable.Row. */
    private static final String V7_COLUMNS = "id, account, display_name, ansible_host, created_on, modified_on, facts,"
            + " tags, canonical_facts, system_profile_facts, stale_timestamp, reporter, canonical_fact_tokens";
    private static final int ORG_ID = 2;
    /** The values of a HostTable.Row that V7 has columns for (all but org_id among them): the first 13. */
    private static final int V7_VALUES = 13;

    /** The 2020 service's upsert (V7 columns): what a running 2020 instance keeps writing while the database moves. */
    private static final String UPSERT_2020 = "INSERT INTO hosts (" + V7_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET account = EXCLUDED.account, display_name = EXCLUDED.display_name,"
            + " ansible_host = EXCLUDED.ansible_host, modified_on = EXCLUDED.modified_on, facts = EXCLUDED.facts,"
            + " tags = EXCLUDED.tags, canonical_facts = EXCLUDED.canonical_facts,"
            + " canonical_fact_tokens = EXCLUDED.canonical_fact_tokens,"
            + " system_profile_facts = EXCLUDED.system_profile_facts, stale_timestamp = EXCLUDED.stale_timestamp,"
            + " reporter = EXCLUDED.reporter";

    /** The 2020 compaction of the counts (V3, before V8 keyed them by tenant). */
    private static final List<String> COMPACT_2020 = List.of(
            "WITH taken AS (DELETE FROM host_count_deltas RETURNING account, delta),"
                    + " summed AS (SELECT account, sum(delta) AS delta FROM taken GROUP BY account HAVING sum(delta) <> 0)"
                    + " INSERT INTO host_counts AS c (account, count) SELECT account, delta FROM summed"
                    + " ON CONFLICT (account) DO UPDATE SET count = c.count + excluded.count",
            "WITH taken AS (DELETE FROM host_tag_count_deltas RETURNING account, namespace, key, value, delta),"
                    + " summed AS (SELECT account, namespace, key, value, sum(delta) AS delta FROM taken"
                    + "   GROUP BY account, namespace, key, value HAVING sum(delta) <> 0)"
                    + " INSERT INTO host_tag_counts AS c (account, tag_digest, namespace, key, value, count)"
                    + " SELECT account, host_tag_digest(namespace, key, value), namespace, key, value, delta FROM summed"
                    + " ON CONFLICT (account, tag_digest) DO UPDATE SET count = c.count + excluded.count");

    /** The tables a migration to orgs alters. */
    static final List<String> WATCHED_TABLES = List.of("hosts", "host_counts", "host_count_deltas", "host_tag_counts",
            "host_tag_count_deltas");

    /** The lock modes that stop an INSERT/UPDATE/DELETE (they conflict with RowExclusiveLock). */
    static final Set<String> BLOCKING_WRITES = Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
            "AccessExclusiveLock");
    /** Watched as well: what CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT hold; writers go on beside it. */
    static final String SHARE_UPDATE_EXCLUSIVE = "ShareUpdateExclusiveLock";
    private static final List<String> MODES = List.of("AccessExclusiveLock", "ExclusiveLock", "ShareRowExclusiveLock",
            "ShareLock", SHARE_UPDATE_EXCLUSIVE);

    private static final long POLL_MILLIS = 10;
    private static final long WRITE_PAUSE_MILLIS = 10;
    private static final long BASELINE_SECONDS = 5;
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final long hosts;
    private final BenchHosts shapes = new BenchHosts(new ObjectMapper(), BenchHosts.Shape.SMALL);
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    private MigrationTiming(long hosts) {
        this.hosts = hosts;
    }

    static final String USAGE = "Usage: java -cp target/host-inventory-bench.jar io.hbi.inventory.bench.MigrationTiming"
            + " [--hosts 1000000]";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the measurement; returns the exit code (0: end state right, every write done; 3: not; 1: failed; 2: usage). */
    public static int run(String[] args) {
        long hosts = 1_000_000;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--hosts") && i + 1 < args.length) {
                    hosts = Long.parseLong(args[++i].replace("_", ""));
                } else {
                    throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            if (hosts < 1_000) {
                throw new IllegalArgumentException("--hosts must be at least 1000");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + ". " + USAGE);
            return 2;
        }
        try {
            return new MigrationTiming(hosts).run() ? 0 : Benchmark.RUN_FAILED;
        } catch (Exception e) {
            System.err.println("The migration timing failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The measurements of one stretch of time: the baseline at V7, or one migration. */
    static final class Phase {
        final String name;
        long elapsedNanos;
        int flywayMillis = -1;
        final List<Long> writeNanos = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger writeErrors = new AtomicInteger();
        /** Longest hold per table and lock mode. */
        final Map<String, Hold> longest = new ConcurrentHashMap<>();

        Phase(String name) {
            this.name = name;
        }

        void held(Hold hold) {
            longest.merge(hold.table() + ' ' + hold.mode(), hold, (a, b) -> a.nanos() >= b.nanos() ? a : b);
        }

        /** The longest hold of any of these modes, or null. */
        Hold longestOf(Set<String> modes) {
            return longest.values().stream().filter(h -> modes.contains(h.mode()))
                    .max((a, b) -> Long.compare(a.nanos(), b.nanos())).orElse(null);
        }

        long maxWriteNanos() {
            synchronized (writeNanos) {
                return writeNanos.stream().mapToLong(Long::longValue).max().orElse(0);
            }
        }

        long percentileWriteNanos(double p) {
            long[] sorted;
            synchronized (writeNanos) {
                sorted = writeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        }
    }

    /** A lock held on {@code table} in {@code mode} for at most {@code nanos} (see {@link LockWatch}). */
    record Hold(String table, String mode, long nanos) {
    }

    /** A hold the lock watch still sees: since {@code start} (System.nanoTime), counted for {@code phase}. */
    private record OpenHold(String table, String mode, long start, Phase phase) {
    }

    private boolean run() throws Exception {
        long started = System.nanoTime();
        Settings settings = Settings.load(new HashMap<>());
        log("Starting PostgreSQL as dev mode does (fsync on; Kafka too, idle)");
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(settings, 0, 0, true)) {
            String url = infrastructure.jdbcUrl(settings.get("inventory.db.name"));
            String user = settings.get("inventory.db.user");
            String password = settings.get("inventory.db.pass");
            HostTable table = new HostTable(url, user, password);
            Map<String, String> server = table.serverSettings();

            flyway(url, user, password, BEFORE_ORGS).load().migrate();
            log("Migrated to V" + BEFORE_ORGS + " (2020 schema); filling " + String.format(Locale.ROOT, "%,d", hosts)
                    + " hosts by COPY");
            long fillStarted = System.nanoTime();
            fill(table);
            // the migrations start from a quiet server, not in the middle of the checkpoint the fill would cause
            try (Connection superuser = infrastructure.postgres().getPostgresDatabase().getConnection();
                 Statement statement = superuser.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            log(String.format(Locale.ROOT, "Filled, counts folded, VACUUM ANALYZE done in %.1f min: %,d rows, %s",
                    (System.nanoTime() - fillStarted) / 60e9, table.count(), sizes(table)));
            Map<String, Long> filesBefore = relfilenodes(table);

            Flyway latest = flyway(url, user, password, "latest").load();
            MigrationInfo[] pending = latest.info().pending();
            List<Phase> phases = new ArrayList<>();
            Phase baseline = new Phase("V" + BEFORE_ORGS + ", no migration (" + BASELINE_SECONDS + " s)");
            phases.add(baseline);
            IngestionWriter writer = new IngestionWriter(table, baseline);
            LockWatch watch = new LockWatch(table, baseline);
            writer.start();
            watch.start();
            try {
                TimeUnit.SECONDS.sleep(BASELINE_SECONDS);
                baseline.elapsedNanos = TimeUnit.SECONDS.toNanos(BASELINE_SECONDS);
                for (MigrationInfo migration : pending) {
                    String version = migration.getVersion().getVersion();
                    Phase phase = new Phase("V" + version + " " + migration.getDescription());
                    phases.add(phase);
                    Flyway one = flyway(url, user, password, version).load();
                    log("Applying " + phase.name);
                    writer.phase = phase;
                    watch.phase = phase;
                    long t0 = System.nanoTime();
                    MigrateResult result = one.migrate();
                    phase.elapsedNanos = System.nanoTime() - t0;
                    phase.flywayMillis = result.migrations.stream().mapToInt(m -> m.executionTime).sum();
                    log(String.format(Locale.ROOT, "%s: %.2f s", phase.name, phase.elapsedNanos / 1e9));
                }
                // the writes and holds that started in the last migration end in it
                TimeUnit.MILLISECONDS.sleep(10 * POLL_MILLIS);
            } finally {
                writer.stop();
                watch.stop();
            }

            System.out.println();
            System.out.println(report(phases, server));
            boolean right = verify(table, latest, filesBefore, writer);
            log(String.format(Locale.ROOT, "Done in %.1f min", (System.nanoTime() - started) / 60e9));
            return right;
        }
    }

    /**
     * Flyway as {@code config.Database#migrate} configures it (a session-level lock, so that CREATE INDEX
     * CONCURRENTLY does not wait for Flyway's own transaction), up to {@code target}.
     */
    static FluentConfiguration flyway(String url, String user, String password, String target) {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .target(target);
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return flyway;
    }

    /** The account of host {@code n}: the first tenth in the query account, the others in accounts of 1,000. */
    String accountOf(long n) {
        return n < hosts / 10 ? Benchmark.QUERY_ACCOUNT : String.valueOf(1_000_000 + n / 1000);
    }

    /** Host {@code n} as the benchmark fills it (HostTable#row), {@code variant} 0, or re-reported with 1. */
    HostTable.Row row(long n, int variant) {
        OffsetDateTime stale = Benchmark.staleWarning(n) ? now.minusDays(8) : now.plusHours(n % 72 - 24);
        OffsetDateTime updated = variant == 0 ? now.minusSeconds(n % 86_400) : OffsetDateTime.now(ZoneOffset.UTC);
        return HostTable.row(shapes, n, null, accountOf(n), variant, updated, stale);
    }

    /**
     * The V7 table as the benchmark fills it: secondary indexes dropped, COPY on 2 connections, indexes built again,
     * then the counts folded (the 2020 service's compaction) and VACUUM ANALYZE of the database.
     */
    private void fill(HostTable table) throws Exception {
        List<String> indexes = table.dropSecondaryIndexes();
        int streams = 2;
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Future<?>> copies = new ArrayList<>();
            long size = (hosts + streams - 1) / streams;
            for (int s = 0; s < streams; s++) {
                long from = s * size;
                long to = Math.min(hosts, from + size);
                copies.add(pool.submit(() -> {
                    copy(table, from, to);
                    return null;
                }));
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = table.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET maintenance_work_mem = '512MB'");
            for (String index : indexes) {
                statement.execute(index);
            }
            statement.execute("RESET maintenance_work_mem");
            connection.setAutoCommit(false);
            for (String compaction : COMPACT_2020) {
                statement.executeUpdate(compaction);
            }
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("VACUUM ANALYZE");
        }
    }

    private void copy(HostTable table, long from, long to) throws SQLException, IOException {
        try (Connection connection = table.connect()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                    "COPY hosts (" + V7_COLUMNS + ") FROM STDIN WITH (FORMAT csv)", 1 << 20), StandardCharsets.UTF_8),
                    1 << 20)) {
                for (long n = from; n < to; n++) {
                    HostTable.Row row = row(n, 0);
                    String[] values = row.values();
                    for (int i = 0; i < V7_VALUES; i++) {
                        if (i == ORG_ID) {
                            continue;
                        }
                        if (i > 0) {
                            out.write(',');
                        }
                        if (values[i] != null) {
                            out.write('"');
                            out.write(values[i].replace("\"", "\"\""));
                            out.write('"');
                        }
                    }
                    out.write(",\"");
                    out.write(row.tokenLiteral().replace("\"", "\"\""));
                    out.write("\"\n");
                }
            }
        }
    }

    /**
     * A 2020 instance ingesting while the database moves: one upsert at a time, autocommit, {@link #WRITE_PAUSE_MILLIS}
     * apart, alternately a new host and an existing one re-reported (other facts and a changed tag, so the count
     * triggers have work). Each write's latency goes to the phase it started in; a failed write is counted there.
     */
    private final class IngestionWriter {
        volatile Phase phase;
        final AtomicLong created = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();
        private final HostTable table;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private Connection connection;
        private PreparedStatement upsert;
        private long writes;

        IngestionWriter(HostTable table, Phase phase) {
            this.table = table;
            this.phase = phase;
        }

        void start() throws SQLException {
            connection = table.connect();
            upsert = connection.prepareStatement(UPSERT_2020);
            timer.scheduleWithFixedDelay(this::write, 0, WRITE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void write() {
            Phase current = phase;
            boolean fresh = writes++ % 2 == 0;
            long n = fresh ? hosts + created.get() : ThreadLocalRandom.current().nextLong(hosts);
            HostTable.Row row = row(n, fresh ? 0 : 1);
            long started = System.nanoTime();
            try {
                row.bind(upsert, false);
                upsert.executeUpdate();
                current.writeNanos.add(System.nanoTime() - started);
                if (fresh) {
                    created.incrementAndGet();
                }
            } catch (SQLException e) {
                current.writeErrors.incrementAndGet();
                if (errors.incrementAndGet() <= 5) {
                    log("A write failed during " + current.name + ": " + e.getMessage());
                }
            }
        }

        void stop() throws InterruptedException, SQLException {
            timer.shutdown();
            timer.awaitTermination(1, TimeUnit.MINUTES);
            if (connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Polls {@code pg_locks} every {@link #POLL_MILLIS} for the relation locks of {@link #MODES} granted on
     * {@link #WATCHED_TABLES}. A hold is one holder (backend and transaction) keeping one mode on one table across
     * consecutive polls; its length is counted from the start of the last poll that did not see it to the end of the
     * first poll that no longer does, so it is an upper bound (by up to two poll intervals), and a hold shorter than
     * a poll may go unseen. It counts for the phase it started in.
     */
    private final class LockWatch {
        private static final String HELD = "SELECT c.relname, l.mode, l.pid, l.virtualtransaction FROM pg_locks l"
                + " JOIN pg_class c ON c.oid = l.relation"
                + " WHERE l.locktype = 'relation' AND l.granted AND c.relname = ANY (?) AND l.mode = ANY (?)"
                + " AND c.relnamespace = current_schema()::regnamespace AND l.pid <> pg_backend_pid()";

        volatile Phase phase;
        private final HostTable table;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Map<String, OpenHold> open = new HashMap<>();
        private Connection connection;
        private PreparedStatement held;
        private long previousPollStart = -1;

        LockWatch(HostTable table, Phase phase) {
            this.table = table;
            this.phase = phase;
        }

        void start() throws SQLException {
            connection = table.connect();
            held = connection.prepareStatement(HELD);
            held.setArray(1, connection.createArrayOf("text", WATCHED_TABLES.toArray()));
            held.setArray(2, connection.createArrayOf("text", MODES.toArray()));
            timer.scheduleAtFixedRate(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void poll() {
            long pollStart = System.nanoTime();
            Set<String> seen = new HashSet<>();
            try (ResultSet rows = held.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1);
                    String mode = rows.getString(2);
                    String key = table + '|' + mode + '|' + rows.getInt(3) + '|' + rows.getString(4);
                    seen.add(key);
                    open.computeIfAbsent(key, k -> new OpenHold(table, mode,
                            previousPollStart < 0 ? pollStart : previousPollStart, phase));
                }
            } catch (SQLException e) {
                log("The lock watch could not read pg_locks: " + e.getMessage());
                return;
            }
            long pollEnd = System.nanoTime();
            for (String key : new ArrayList<>(open.keySet())) {
                if (!seen.contains(key)) {
                    close(key, pollEnd);
                }
            }
            previousPollStart = pollStart;
        }

        private void close(String key, long end) {
            OpenHold hold = open.remove(key);
            hold.phase().held(new Hold(hold.table(), hold.mode(), end - hold.start()));
        }

        void stop() throws InterruptedException, SQLException {
            timer.shutdown();
            timer.awaitTermination(1, TimeUnit.MINUTES);
            long end = System.nanoTime();
            for (String key : new ArrayList<>(open.keySet())) {
                close(key, end);
            }
            if (connection != null) {
                connection.close();
            }
        }
    }

    private String report(List<Phase> phases, Map<String, String> server) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Migrating %,d hosts (small shape) from V%s to orgs, on %s; PostgreSQL %s%n",
                hosts, BEFORE_ORGS, Report.machine(), server.get("server_version")));
        out.append("Server (SHOW):");
        server.forEach((name, value) -> out.append(' ').append(name).append('=').append(value));
        out.append('\n');
        out.append(String.format(Locale.ROOT, "Writer: one 2020 upsert at a time, %d ms apart (new host / re-reported"
                + " host alternately). Locks: longest continuous hold, polled every %d ms (upper bound).%n%n",
                WRITE_PAUSE_MILLIS, POLL_MILLIS));
        String format = "| %-44s | %9s | %9s | %-42s | %-40s | %6s | %13s | %10s | %6s |%n";
        out.append(String.format(Locale.ROOT, format, "migration", "elapsed s", "Flyway ms",
                "longest lock stopping writers", "longest ShareUpdateExclusive", "writes", "writer max ms",
                "writer p99", "errors"));
        out.append(String.format(Locale.ROOT, format, "-".repeat(44), "-".repeat(9), "-".repeat(9), "-".repeat(42),
                "-".repeat(40), "-".repeat(6), "-".repeat(13), "-".repeat(10), "-".repeat(6)));
        long total = 0;
        long totalFlyway = 0;
        long totalMax = 0;
        long totalWrites = 0;
        int totalErrors = 0;
        Hold worst = null;
        for (Phase phase : phases) {
            boolean migration = phase.flywayMillis >= 0;
            Hold blocking = phase.longestOf(BLOCKING_WRITES);
            out.append(String.format(Locale.ROOT, format, phase.name, seconds(phase.elapsedNanos),
                    migration ? String.valueOf(phase.flywayMillis) : "–", describe(blocking),
                    describe(phase.longestOf(Set.of(SHARE_UPDATE_EXCLUSIVE))), phase.writeNanos.size(),
                    millis(phase.maxWriteNanos()), millis(phase.percentileWriteNanos(0.99)), phase.writeErrors.get()));
            if (migration) {
                total += phase.elapsedNanos;
                totalFlyway += phase.flywayMillis;
                totalMax = Math.max(totalMax, phase.maxWriteNanos());
                totalWrites += phase.writeNanos.size();
                totalErrors += phase.writeErrors.get();
                if (blocking != null && (worst == null || blocking.nanos() > worst.nanos())) {
                    worst = blocking;
                }
            }
        }
        out.append(String.format(Locale.ROOT, format, "total of the migrations", seconds(total),
                String.valueOf(totalFlyway), describe(worst), "", totalWrites, millis(totalMax), "", totalErrors));
        out.append("\nEvery lock seen, longest hold per table and mode (upper bound):\n");
        for (Phase phase : phases) {
            List<Hold> holds = new ArrayList<>(phase.longest.values());
            holds.sort((a, b) -> a.mode().equals(b.mode()) ? Long.compare(b.nanos(), a.nanos())
                    : Integer.compare(MODES.indexOf(a.mode()), MODES.indexOf(b.mode())));
            out.append("  ").append(phase.name).append(": ")
                    .append(holds.isEmpty() ? "none seen" : String.join(", ", holds.stream().map(MigrationTiming::describe)
                            .toList()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String describe(Hold hold) {
        return hold == null ? "none seen" : String.format(Locale.ROOT, "%s on %s %s ms", hold.mode(), hold.table(),
                millis(hold.nanos()));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    private static String sizes(HostTable table) throws SQLException {
        try (Connection connection = table.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_size_pretty(pg_table_size('hosts')),"
                     + " pg_size_pretty(pg_indexes_size('hosts')), (SELECT count(*) FROM host_counts),"
                     + " (SELECT count(*) FROM host_tag_counts)")) {
            rows.next();
            return "hosts " + rows.getString(1) + " + indexes " + rows.getString(2) + "; host_counts "
                    + rows.getLong(3) + " rows, host_tag_counts " + rows.getLong(4) + " rows";
        }
    }

    /** The file of each watched table: a new one after a migration means the migration rewrote the table. */
    private static Map<String, Long> relfilenodes(HostTable table) throws SQLException {
        Map<String, Long> files = new LinkedHashMap<>();
        try (Connection connection = table.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT relname, relfilenode FROM pg_class"
                     + " WHERE relname = ANY (?) AND relnamespace = current_schema()::regnamespace ORDER BY relname")) {
            statement.setArray(1, connection.createArrayOf("text", WATCHED_TABLES.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return files;
    }

    /** Checks and prints the end state; returns whether all of it is right. */
    private boolean verify(HostTable table, Flyway latest, Map<String, Long> filesBefore, IngestionWriter writer)
            throws SQLException {
        List<String> wrong = new ArrayList<>();
        System.out.println("End state:");
        MigrationInfo current = latest.info().current();
        int pending = latest.info().pending().length;
        System.out.println("  schema at V" + current.getVersion() + ", " + pending + " pending");
        if (pending > 0) {
            wrong.add(pending + " migrations pending");
        }
        try (Connection connection = table.connect(); Statement statement = connection.createStatement()) {
            List<String> invalid = new ArrayList<>();
            List<String> orgIndexes = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT c.relname, i.indisvalid AND i.indisready,"
                    + " pg_get_indexdef(i.indexrelid) LIKE '%org_id%' FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE i.indrelid = 'hosts'::regclass ORDER BY c.relname")) {
                while (rows.next()) {
                    if (!rows.getBoolean(2)) {
                        invalid.add(rows.getString(1));
                    }
                    if (rows.getBoolean(3)) {
                        orgIndexes.add(rows.getString(1));
                    }
                }
            }
            System.out.println("  " + orgIndexes.size() + " indexes of hosts on org_id " + orgIndexes + "; invalid"
                    + " indexes of hosts (pg_index.indisvalid/indisready false): " + (invalid.isEmpty() ? "none" : invalid));
            if (!invalid.isEmpty() || orgIndexes.isEmpty()) {
                wrong.add("invalid indexes " + invalid + " or no org index");
            }
            try (ResultSet rows = statement.executeQuery("SELECT conname, convalidated FROM pg_constraint"
                    + " WHERE conrelid = 'hosts'::regclass AND contype = 'c' ORDER BY conname")) {
                List<String> constraints = new ArrayList<>();
                while (rows.next()) {
                    constraints.add(rows.getString(1) + (rows.getBoolean(2) ? " validated" : " NOT VALIDATED"));
                    if (!rows.getBoolean(2)) {
                        wrong.add("constraint " + rows.getString(1) + " not validated");
                    }
                }
                System.out.println("  check constraints of hosts: " + constraints);
                if (constraints.isEmpty()) {
                    wrong.add("no check constraint on hosts");
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM hosts),"
                    + " (SELECT count(*) FROM hosts WHERE account IS NOT NULL),"
                    + " (SELECT coalesce(sum(count), 0) FROM host_counts WHERE tenant_kind = 'a')"
                    + " + (SELECT coalesce(sum(delta), 0) FROM host_count_deltas WHERE tenant_kind = 'a')")) {
                rows.next();
                long expected = hosts + writer.created.get();
                System.out.printf(Locale.ROOT, "  %,d host rows (%,d filled + %,d created by the writer); account"
                        + " counts (compacted + pending) say %,d%n", rows.getLong(1), hosts, writer.created.get(),
                        rows.getLong(3));
                if (rows.getLong(1) != expected || rows.getLong(2) != rows.getLong(3)) {
                    wrong.add("rows or counts do not add up");
                }
            }
        }
        Map<String, Long> filesAfter = relfilenodes(table);
        List<String> rewritten = filesBefore.keySet().stream()
                .filter(name -> !filesBefore.get(name).equals(filesAfter.get(name))).toList();
        System.out.println("  tables rewritten (new relfilenode): " + (rewritten.isEmpty() ? "none" : rewritten));
        if (rewritten.contains("hosts")) {
            wrong.add("hosts was rewritten");
        }
        System.out.println("  writes that failed: " + writer.errors.get());
        if (writer.errors.get() > 0) {
            wrong.add(writer.errors.get() + " writes failed");
        }
        System.out.println(wrong.isEmpty() ? "Verified." : "NOT VERIFIED: " + wrong);
        return wrong.isEmpty();
    }

    private static void log(String message) {
        System.out.printf("[migration-timing %s] %s%n", java.time.LocalTime.now().format(CLOCK), message);
    }
}
