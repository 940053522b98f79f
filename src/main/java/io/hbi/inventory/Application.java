package io.hbi.inventory;

import io.hbi.inventory.config.InvalidSettingException;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.hbi.inventory.dev.AddHostMessage;
import io.hbi.inventory.dev.DevMode;
import io.hbi.inventory.reaper.ReaperCommand;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.Transactions;
import java.time.Duration;

/**
 * Entry point of the jar.
 * <pre>
 *   java -jar host-inventory.jar          production mode: PostgreSQL and Kafka from INVENTORY_DB_* / KAFKA_*
 *   java -jar host-inventory.jar dev      dev mode: starts a local PostgreSQL and Kafka first
 *   java -jar host-inventory.jar add-host-message '{...}'   sends one add_host message and prints its event
 *   java -jar host-inventory.jar reaper   deletes every culled host, publishes their events, exits (0: done)
 * </pre>
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        try {
            switch (command) {
                case "serve" -> serve(Settings.load(System.getenv()));
                case "dev" -> DevMode.run(System.getenv());
                case "add-host-message" -> AddHostMessage.run(Settings.load(System.getenv()),
                        args.length > 1 ? args[1] : "{}");
                case "reaper" -> System.exit(reaper(Settings.load(System.getenv())));
                default -> {
                    System.err.println("Unknown command '" + command + "'. Usage: java -jar host-inventory.jar [serve|dev|add-host-message '<host json>'|reaper]");
                    System.exit(2);
                }
            }
        } catch (InvalidSettingException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
        } catch (StartupException e) {
            System.err.println("Cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the service until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops it cleanly. */
    static void serve(Settings settings) {
        Logging.configure(settings);
        InventoryService service = InventoryService.start(settings);
        Shutdown.await(service::close);
    }

    /** The one-shot reaper, with the service's database and event relay only; returns the exit code. */
    static int reaper(Settings settings) {
        Logging.configure(settings);
        try (InventoryService service = InventoryService.startEventRelay(settings)) {
            return ReaperCommand.run(service.hostReaper(), service.bean("transactions", Transactions.class),
                    service.bean("eventOutbox", EventOutbox.class),
                    Duration.ofSeconds(settings.getInt("inventory.reaper.publish-timeout-seconds")));
        } catch (RuntimeException e) {
            return ReaperCommand.failed(e);
        }
    }
}
