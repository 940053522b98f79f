package io.hbi.inventory.dev;

import io.hbi.inventory.InventoryService;
import io.hbi.inventory.Logging;
import io.hbi.inventory.Shutdown;
import io.hbi.inventory.config.RouteSources;
import io.hbi.inventory.config.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Dev mode: a local PostgreSQL (on INVENTORY_DB_PORT, default 5432, or a free port when that one is taken) and a local
 * Kafka broker (on the contract's default bootstrap address, localhost:29092), then the service against them, so that
 * the one-shot commands find them with the same variables. Ctrl-C stops the service first, then the servers.
 */
public final class DevMode {

    /** The identity the README's examples use: account 0000001. */
    public static final String DEV_IDENTITY =
            "eyJpZGVudGl0eSI6IHsiYWNjb3VudF9udW1iZXIiOiAiMDAwMDAwMSIsICJpbnRlcm5hbCI6IHsib3JnX2lkIjogIjAwMDAwMSJ9fX0=";

    private DevMode() {
    }

    public static void run(Map<String, String> env) {
        Map<String, String> devEnv = new HashMap<>(env);
        devEnv.putIfAbsent("INVENTORY_LOG_FORMAT", "text");
        Settings settings = Settings.load(devEnv);
        Logging.configure(settings);
        RouteSources routes = RouteSources.of(settings).reloadingOnChange();
        long started = System.nanoTime();
        int kafkaPort = Integer.parseInt(settings.get("inventory.kafka.bootstrap-servers")
                .replaceAll(".*:", ""));
        int postgresPort = settings.getInt("inventory.db.port");
        LocalInfrastructure infrastructure = LocalInfrastructure.start(settings, isFree(postgresPort) ? postgresPort : 0,
                kafkaPort, true);
        InventoryService service;
        try {
            settings = settings.with(infrastructure.environment(settings, settings.get("inventory.db.name")));
            service = InventoryService.start(settings, routes);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        printBanner(settings, routes, postgresPort, (System.nanoTime() - started) / 1_000_000);
        Shutdown.await(() -> {
            service.close();
            infrastructure.close();
        });
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void printBanner(Settings settings, RouteSources routes, int requestedPostgresPort, long millis) {
        String port = settings.get("inventory.db.port");
        String reaperEnv = port.equals(String.valueOf(requestedPostgresPort)) ? "" : "INVENTORY_DB_PORT=" + port + " ";
        String base = "http://localhost:" + settings.get("inventory.listen-port");
        String api = base + settings.apiPrefix();
        String text = String.join(System.lineSeparator(),
                "",
                "Host inventory is running in dev mode (started in " + millis + " ms)",
                "  API              " + api,
                "  Health/metrics   " + base + settings.managementPrefix() + "/health  "
                        + base + settings.managementPrefix() + "/metrics",
                "  Kafka bootstrap  " + settings.get("inventory.kafka.bootstrap-servers"),
                "  PostgreSQL       " + settings.jdbcUrl() + "  (user " + settings.get("inventory.db.user")
                        + ", password from INVENTORY_DB_PASS)",
                "  Try              curl -H 'x-rh-identity: " + DEV_IDENTITY + "' " + api + "/hosts",
                "  Routes           " + routes.watching(),
                "  Cull             " + reaperEnv + "java -jar target/host-inventory.jar reaper",
                "  Stop             Ctrl-C",
                "");
        System.out.println(text);
    }
}
