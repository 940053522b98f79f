package io.hbi.inventory.reaper;

import io.hbi.inventory.InventoryService;
import io.hbi.inventory.Logging;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import io.hbi.inventory.notifications.StaleDetector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether the stale detector keeps up (issue 16): N hosts (default 1 000 000) of {@code orgs} orgs with a staleness
 * setting (default 100) checked in over 24 hours, so that each turns stale within the last 24 hours, and a detector
 * that last looked 24 hours ago: how long one run takes to announce all of them (the day's work at once), and until
 * Kafka has every notification, on a new PostgreSQL (fsync on, as in dev mode) and Kafka started here. Not a test: run
 * it by hand after the build,
 * <pre>
 *   mvn -q -B package -DskipTests
 *   java -cp target/host-inventory.jar:target/test-classes io.hbi.inventory.reaper.StaleDetectorBenchmark 1000000 100
 * </pre>
 */
public final class StaleDetectorBenchmark {

    private static final String SETTINGS = "INSERT INTO staleness (id, org_id, conventional_time_to_stale,"
            + " conventional_time_to_stale_warning, conventional_time_to_delete, created_on, modified_on)"
            + " SELECT gen_random_uuid(), 'org-' || g, 3600, 7200, 2592000, now(), now()"
            + " FROM generate_series(0, ? - 1) AS g";

    // checked in between 25 and 1 hours ago, evenly: stale (1 hour later) between 24 hours ago and now
    private static final String FILL = "INSERT INTO hosts (id, org_id, display_name, created_on, modified_on,"
            + " canonical_facts, system_profile_facts, stale_timestamp, reporter, last_check_in)"
            + " SELECT gen_random_uuid(), 'org-' || (g % ?), 'host-' || g, now(), now(),"
            + " jsonb_build_object('insights_id', gen_random_uuid()::text, 'fqdn', 'host-' || g || '.example.com'),"
            + " '{\"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4}}', now() + interval '1 day',"
            + " 'puptoo', now() - interval '1 hour' - (g::float8 / ? * 86400) * interval '1 second'"
            + " FROM generate_series(0, ? - 1) AS g";

    private StaleDetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int orgs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Settings defaults = Settings.load(Map.of("INVENTORY_LOG_FORMAT", "text", "INVENTORY_LOG_LEVEL", "WARN"));
        Logging.configure(defaults);
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(defaults, 0, 0, true)) {
            Map<String, String> env = new HashMap<>(infrastructure.environment(defaults, "insights"));
            env.put("LISTEN_PORT", String.valueOf(ReaperBenchmark.freePort()));
            // the service's own detector waits a day: this run is the measured one
            env.put("INVENTORY_STALE_DETECTOR_INTERVAL_MS", String.valueOf(Duration.ofDays(1).toMillis()));
            Settings settings = defaults.with(env);
            try (InventoryService service = InventoryService.start(settings)) {
                long fillStarted = System.nanoTime();
                try (Connection connection = service.dataSource().getConnection()) {
                    ReaperBenchmark.update(connection, SETTINGS, orgs);
                    for (int from = 0; from < hosts; from += 100_000) {
                        int rows = Math.min(100_000, hosts - from);
                        try (PreparedStatement fill = connection.prepareStatement(FILL.replace("FROM generate_series(0,"
                                + " ? - 1)", "FROM generate_series(" + from + ", " + (from + rows - 1) + ")"))) {
                            fill.setInt(1, orgs);
                            fill.setInt(2, hosts);
                            fill.executeUpdate();
                        }
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("VACUUM ANALYZE hosts");
                        statement.execute("UPDATE stale_detection SET detected_up_to = now() - interval '24 hours'");
                    }
                }
                System.out.printf("filled %d hosts of %d orgs with a staleness setting, checked in over 24 hours,"
                        + " in %.1f s%n", hosts, orgs, ReaperBenchmark.seconds(fillStarted));

                StaleDetector detector = service.bean("staleDetector", StaleDetector.class);
                long started = System.nanoTime();
                StaleDetector.Run run = detector.detect();
                double detecting = ReaperBenchmark.seconds(started);
                ReaperBenchmark.outboxEmptied(service, Duration.ofMinutes(30));
                double published = ReaperBenchmark.seconds(started);
                System.out.printf("stale detector: %d hosts that turned stale over 24 hours announced in %d slices in"
                                + " %.1f s (%.0f hosts/s; keeping up with %d hosts a day needs %.1f hosts/s); every"
                                + " notification on Kafka %.1f s after the start%n", run.announced(), run.slices(),
                        detecting, run.announced() / detecting, hosts, hosts / 86400.0, published);
            }
        }
        System.exit(0);
    }
}
