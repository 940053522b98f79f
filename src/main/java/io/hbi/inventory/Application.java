package io.hbi.inventory;

import io.hbi.inventory.config.InvalidSettingException;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.hbi.inventory.dev.AddHostMessage;
import io.hbi.inventory.dev.DevMode;
import io.hbi.inventory.events.OutboxPublication;
import io.hbi.inventory.reaper.ReaperCommand;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.tenancy.AccountMapping;
import io.hbi.inventory.tenancy.MapAccountsCommand;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the jar.
 * <pre>
 *   java -jar host-inventory.jar          production mode: PostgreSQL and Kafka from INVENTORY_DB_* / KAFKA_*
 *   java -jar host-inventory.jar dev      dev mode: starts a local PostgreSQL and Kafka first
 *   java -jar host-inventory.jar add-host-message '{...}'   sends one add_host message and prints its event
 *   java -jar host-inventory.jar reaper   deletes every culled host, publishes their events, exits (0: done)
 *   java -jar host-inventory.jar map-accounts [--batch-size N] &lt;file.csv&gt;
 *                                         gives the hosts of each account of the file that have no org the account's
 *                                         org, with their events; exits (0: done and the events published,
 *                                         1: database unavailable or events not taken by Kafka, 2: bad file)
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
                case "map-accounts" -> System.exit(mapAccounts(Settings.load(System.getenv()),
                        Arrays.asList(args).subList(1, args.length)));
                default -> {
                    System.err.println("Unknown command '" + command + "'. Usage: java -jar host-inventory.jar"
                            + " [serve|dev|add-host-message '<host json>'|reaper"
                            + "|map-accounts [--batch-size N] <file.csv>]");
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
            return ReaperCommand.run(service.hostReaper(), publication(service,
                    settings.getInt("inventory.reaper.publish-timeout-seconds")));
        } catch (RuntimeException e) {
            return ReaperCommand.failed(e);
        }
    }

    /**
     * The one-shot mapping of accounts to orgs: the arguments and the file are checked first, then it runs with the
     * service's database and event relay only (as {@link #reaper}) and waits for its events to be published; returns
     * the exit code.
     */
    static int mapAccounts(Settings settings, List<String> arguments) {
        MapAccountsCommand.Request request = MapAccountsCommand.read(arguments);
        if (!request.valid()) {
            return MapAccountsCommand.refused(request, System.err);
        }
        Logging.configure(settings);
        try (InventoryService service = InventoryService.startEventRelay(settings)) {
            return MapAccountsCommand.run(service.bean("accountMapping", AccountMapping.class), request,
                    publication(service, settings.getInt("inventory.map-accounts.publish-timeout-seconds")),
                    System.out);
        } catch (RuntimeException e) {
            return MapAccountsCommand.failed(e, System.err);
        }
    }

    /** How a one-shot command waits for its events to be published, with this many seconds of patience. */
    private static OutboxPublication publication(InventoryService service, int patienceSeconds) {
        return new OutboxPublication(service.bean("transactions", Transactions.class),
                service.bean("eventOutbox", EventOutbox.class), Duration.ofSeconds(patienceSeconds));
    }
}
