package io.hbi.inventory.dev;

import io.hbi.inventory.Application;
import io.hbi.inventory.InventoryService;
import io.hbi.inventory.Logging;
import io.hbi.inventory.config.Settings;
import java.util.HashMap;
import java.util.Map;

/**
 * Dev mode: a local PostgreSQL and a local Kafka broker (on the contract's default bootstrap address,
 * localhost:29092), then the service against them. Ctrl-C stops the service first, then the servers.
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
        long started = System.nanoTime();
        int kafkaPort = Integer.parseInt(settings.get("inventory.kafka.bootstrap-servers")
                .replaceAll(".*:", ""));
        LocalInfrastructure infrastructure = LocalInfrastructure.start(settings, kafkaPort, true);
        InventoryService service;
        try {
            settings = settings.with(infrastructure.environment(settings, settings.get("inventory.db.name")));
            service = InventoryService.start(settings);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        printBanner(settings, infrastructure, (System.nanoTime() - started) / 1_000_000);
        Application.awaitShutdown(() -> {
            service.close();
            infrastructure.close();
        });
    }

    private static void printBanner(Settings settings, LocalInfrastructure infrastructure, long millis) {
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
                "  Stop             Ctrl-C",
                "");
        System.out.println(text);
    }
}
