package io.hbi.inventory.reaper;

import io.hbi.inventory.InventoryService;
import io.hbi.inventory.events.OutboxPublication;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.Logging;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long the reaper takes to delete N culled hosts (default 100 000) and to publish their delete events, on a new
 * PostgreSQL (fsync on, as in dev mode) and Kafka started here. Not a test: run it by hand after the build,
 * <pre>
 *   mvn -q -B -o package -DskipTests
 *   java -cp target/host-inventory.jar:target/test-classes io.hbi.inventory.reaper.ReaperBenchmark 100000 [orgs]
 * </pre>
 * With {@code orgs} (e.g. 100), the hosts are those of mixed orgs (decisions.md 13): half of the culled ones in
 * {@code orgs} orgs with a staleness setting (culled by their check-in, their stale_timestamp ahead), half in as many
 * orgs without one (culled by 2020's rule), so every deletion also writes its system-deleted notification; without,
 * the 2020 shape of the first measurement: accounts only. {@code INVENTORY_REAPER_CONCURRENCY} in the environment sets
 * how many hosts the reaper deletes at once.
 */
public final class ReaperBenchmark {

    private static final String FILL = "INSERT INTO hosts (id, account, display_name, created_on, modified_on,"
            + " canonical_facts, stale_timestamp, reporter)"
            + " SELECT gen_random_uuid(), lpad((g % 1000)::text, 7, '0'), 'host-' || g, now(), now(),"
            + " jsonb_build_object('insights_id', gen_random_uuid()::text, 'fqdn', 'host-' || g || '.example.com'),"
            + " now() - interval '15 days' - g * interval '1 second', 'puptoo'"
            + " FROM generate_series(1, ?) AS g";

    private static final String FILL_FRESH = "INSERT INTO hosts (id, account, display_name, created_on, modified_on,"
            + " canonical_facts, stale_timestamp, reporter)"
            + " SELECT gen_random_uuid(), lpad((g % 1000)::text, 7, '0'), 'fresh-' || g, now(), now(),"
            + " jsonb_build_object('fqdn', 'fresh-' || g || '.example.com'), now() + interval '1 day', 'puptoo'"
            + " FROM generate_series(1, ?) AS g";

    // mixed orgs: even hosts in an org with a setting (checked in 2 days ago, culled after 1), odd ones in an org
    // without one (stale_timestamp 15 days ago)
    private static final String FILL_ORGS = "INSERT INTO hosts (id, org_id, display_name, created_on, modified_on,"
            + " canonical_facts, stale_timestamp, reporter, last_check_in)"
            + " SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'with-' ELSE 'without-' END || (g / 2 % ?),"
            + " 'host-' || g, now(), now(),"
            + " jsonb_build_object('insights_id', gen_random_uuid()::text, 'fqdn', 'host-' || g || '.example.com'),"
            + " CASE WHEN g % 2 = 0 THEN now() + interval '1 day' ELSE now() - interval '15 days' END"
            + "   - g * interval '1 second', 'puptoo',"
            + " CASE WHEN g % 2 = 0 THEN now() - interval '2 days' - g * interval '1 second' ELSE now() END"
            + " FROM generate_series(1, ?) AS g";

    private static final String FILL_ORGS_FRESH = "INSERT INTO hosts (id, org_id, display_name, created_on,"
            + " modified_on, canonical_facts, stale_timestamp, reporter, last_check_in)"
            + " SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'with-' ELSE 'without-' END || (g / 2 % ?),"
            + " 'fresh-' || g, now(), now(), jsonb_build_object('fqdn', 'fresh-' || g || '.example.com'),"
            + " now() + interval '1 day', 'puptoo', now() FROM generate_series(1, ?) AS g";

    private static final String SETTINGS = "INSERT INTO staleness (id, org_id, conventional_time_to_stale,"
            + " conventional_time_to_stale_warning, conventional_time_to_delete, created_on, modified_on)"
            + " SELECT gen_random_uuid(), 'with-' || g, 3600, 7200, 86400, now(), now() FROM generate_series(0, ? - 1) AS g";

    private ReaperBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int culled = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int orgs = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Settings defaults = Settings.load(Map.of("INVENTORY_LOG_FORMAT", "text", "INVENTORY_LOG_LEVEL", "WARN"));
        Logging.configure(defaults);
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(defaults, 0, 0, true)) {
            Map<String, String> env = new HashMap<>(infrastructure.environment(defaults, "insights"));
            env.put("LISTEN_PORT", String.valueOf(freePort()));
            String concurrency = System.getenv("INVENTORY_REAPER_CONCURRENCY");
            if (concurrency != null) {
                env.put("INVENTORY_REAPER_CONCURRENCY", concurrency);
            }
            Settings settings = defaults.with(env);
            try (InventoryService service = InventoryService.start(settings)) {
                long fillStarted = System.nanoTime();
                try (Connection connection = service.dataSource().getConnection()) {
                    if (orgs > 0) {
                        update(connection, SETTINGS, orgs);
                        update(connection, FILL_ORGS, orgs, culled);
                        update(connection, FILL_ORGS_FRESH, orgs, culled / 10);
                    } else {
                        update(connection, FILL, culled);
                        update(connection, FILL_FRESH, culled / 10);
                    }
                    try (Statement analyze = connection.createStatement()) {
                        analyze.execute("ANALYZE hosts");
                    }
                }
                System.out.printf("filled %d culled and %d fresh hosts%s in %.1f s%n", culled, culled / 10,
                        orgs > 0 ? " of " + 2 * orgs + " orgs, " + orgs + " with a staleness setting" : "",
                        seconds(fillStarted));

                try (Connection connection = service.dataSource().getConnection();
                     Statement explain = connection.createStatement();
                     ResultSet plan = explain.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM hosts"
                             + " WHERE stale_timestamp <= now() - interval '14 days' ORDER BY stale_timestamp LIMIT 1000")) {
                    System.out.println("plan of the batch select:");
                    while (plan.next()) {
                        System.out.println("  " + plan.getString(1));
                    }
                }

                long started = System.nanoTime();
                HostReaper.Run run = service.hostReaper().reapCulled();
                double deleting = seconds(started);
                outboxEmptied(service, Duration.ofMinutes(5));
                double published = seconds(started);
                System.out.printf("reaper (%s at once): %d culled hosts deleted in %d batches in %.1f s (%.0f hosts/s);"
                                + " every delete event on Kafka %.1f s after the start; %d hosts left (fresh)%n",
                        settings.get("inventory.reaper.concurrency"), run.deleted(), run.batches(), deleting,
                        run.deleted() / deleting, published,
                        count(service, "SELECT count(*) FROM hosts"));
            }
        }
        System.exit(0);
    }

    /**
     * Waits until the relay has published every event written so far, as the reaper command does
     * ({@link OutboxPublication}); fails when events stop leaving for {@code patience}.
     */
    static void outboxEmptied(InventoryService service, Duration patience) {
        long waiting = new OutboxPublication(service.bean("transactions", Transactions.class),
                service.bean("eventOutbox", EventOutbox.class), patience).awaitPublished();
        if (waiting != 0) {
            throw new IllegalStateException(waiting + " events still in the outbox after " + patience
                    + " without progress");
        }
    }

    static void update(Connection connection, String sql, int... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setInt(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    static long count(InventoryService service, String sql) throws SQLException {
        try (Connection connection = service.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
