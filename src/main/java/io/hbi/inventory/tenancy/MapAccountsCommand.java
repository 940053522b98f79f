package io.hbi.inventory.tenancy;

import io.hbi.inventory.events.OutboxPublication;
import io.hbi.inventory.selection.AccountToOrg;
import io.hbi.inventory.tenancy.AccountMapping.AccountOutcome;
import io.hbi.inventory.tenancy.AccountMapping.Progress;
import io.hbi.inventory.tenancy.AccountMapping.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code java -jar host-inventory.jar map-accounts [--batch-size N] <file.csv>}: maps accounts to orgs in bulk
 * ({@link AccountMapping}, the file {@link AccountOrgCsv}). The arguments and the whole file are checked before the
 * database is opened; a bad one writes nothing and exits 2 with one line per problem. Then it prints a progress line
 * after every batch and a summary, waits until the event relay has published the events it wrote (as the reaper
 * does), and exits 0; 1 when the database stayed unavailable (what was committed stays, and running again carries on)
 * or Kafka did not take the events in time (they stay in the outbox). Its output holds counts, and the accounts and
 * orgs of the file, never host data.
 */
public final class MapAccountsCommand {

    public static final String USAGE = "java -jar host-inventory.jar map-accounts [--batch-size N] <file.csv>";

    /** Hosts per transaction unless {@code --batch-size} says otherwise (as the reaper's, and HBI's jobs). */
    static final int DEFAULT_BATCH_SIZE = 1000;

    /** The largest batch: a transaction holds this many row locks and writes as many events. */
    static final int MAX_BATCH_SIZE = 10_000;

    /** What the arguments ask for, or why they cannot be done (then {@code mappings} is empty). */
    public record Request(List<AccountToOrg> mappings, int batchSize, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private MapAccountsCommand() {
    }

    /** Reads the arguments (after the command's name) and the file they name; touches nothing else. */
    public static Request read(List<String> arguments) {
        List<String> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        int batchSize = DEFAULT_BATCH_SIZE;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--batch-size") || argument.startsWith("--batch-size=")) {
                String value = argument.contains("=") ? argument.substring(argument.indexOf('=') + 1)
                        : i + 1 < arguments.size() ? arguments.get(++i) : "";
                Integer size = batchSize(value);
                if (size == null) {
                    problems.add("--batch-size must be a whole number from 1 to " + MAX_BATCH_SIZE + ", but is '"
                            + value + "'");
                } else {
                    batchSize = size;
                }
            } else if (argument.startsWith("--")) {
                problems.add("unknown option " + argument);
            } else {
                files.add(argument);
            }
        }
        if (files.size() != 1) {
            problems.add(files.isEmpty() ? "no file given" : "one file expected, " + files.size() + " given");
        }
        if (!problems.isEmpty()) {
            problems.add("usage: " + USAGE);
            return new Request(List.of(), batchSize, List.copyOf(problems));
        }
        Path file = Path.of(files.get(0));
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Request(List.of(), batchSize, List.of("cannot read " + file + ": no such file"));
        } catch (CharacterCodingException e) {
            return new Request(List.of(), batchSize, List.of("cannot read " + file + ": not UTF-8 text"));
        } catch (IOException e) {
            return new Request(List.of(), batchSize, List.of("cannot read " + file + ": " + e.getMessage()));
        }
        AccountOrgCsv.Parsed parsed = AccountOrgCsv.parse(lines);
        if (!parsed.valid()) {
            return new Request(List.of(), batchSize,
                    parsed.problems().stream().map(problem -> file + ": " + problem).toList());
        }
        return new Request(parsed.mappings(), batchSize, List.of());
    }

    /** Prints why the request cannot be done, one line per problem; the exit code, 2. */
    public static int refused(Request request, PrintStream err) {
        request.problems().forEach(err::println);
        err.println("Nothing was written.");
        return 2;
    }

    /**
     * Maps the accounts of a valid request, then waits until the relay has published the events; the exit code: 0
     * done, 1 the database stayed unavailable or Kafka did not take the events (they stay in the outbox).
     */
    public static int run(AccountMapping mapping, Request request, OutboxPublication publication, PrintStream out) {
        out.println("Mapping the hosts without an org of " + count(request.mappings().size())
                + " accounts to their orgs, in batches of " + count(request.batchSize()) + " hosts");
        ProgressLines progress = new ProgressLines(out);
        Summary summary;
        try {
            summary = mapping.map(request.mappings(), request.batchSize(), progress);
        } catch (RuntimeException e) {
            out.println("Stopped: " + e.getMessage() + ". " + count(progress.mapped())
                    + " hosts were mapped before, each committed with its event; running the command again"
                    + " carries on.");
            return 1;
        }
        print(summary, out);
        // also when this run mapped nothing: events an earlier run left in the outbox leave now
        try {
            long waiting = publication.awaitPublished();
            if (waiting > 0) {
                out.println("Kafka did not take " + count(waiting) + " events within "
                        + publication.patience().toSeconds() + " s; they stay in the outbox, and the service's"
                        + " event relay (or running the command again) publishes them.");
                return 1;
            }
        } catch (RuntimeException e) {
            out.println("Could not see the events published: " + e.getMessage() + ". They are in the outbox, and the"
                    + " service's event relay publishes them.");
            return 1;
        }
        out.println("Every event published.");
        return 0;
    }

    /** The service could not start (database unreachable, migration failed); the exit code, 1. */
    public static int failed(RuntimeException e, PrintStream err) {
        err.println("map-accounts could not run: " + e.getMessage());
        return 1;
    }

    private static void print(Summary summary, PrintStream out) {
        out.println("Done in " + seconds(summary.elapsed()) + ":");
        out.println("  accounts in the file:        " + count(summary.accounts().size()));
        out.println("  hosts mapped:                " + count(summary.mapped())
                + " (one updated event each, in the outbox)");
        out.println("  hosts already in an org:     " + count(summary.alreadyInAnOrg())
                + (summary.inOtherOrgs() == 0 ? "" : " (" + count(summary.inOtherOrgs())
                + " of them in another org than the file's; they stay there)"));
        out.println("  accounts with no hosts:      " + count(summary.accountsWithoutHosts()));
        out.println("  hosts left without an org:   " + count(summary.leftWithoutOrg()));
        for (AccountOutcome account : summary.accounts()) {
            String name = "  account " + account.mapping().account() + ": ";
            if (account.inOtherOrg() > 0) {
                out.println(name + "hosts in another org than " + account.mapping().orgId() + ", left there: "
                        + count(account.inOtherOrg()));
            }
            if (account.leftWithoutOrg() > 0) {
                out.println(name + "hosts left without an org (being written while the command ran; run it"
                        + " again): " + count(account.leftWithoutOrg()));
            }
        }
    }

    /** A progress line after every batch. */
    private static final class ProgressLines implements Consumer<Progress> {

        private final PrintStream out;
        private long batches;
        private long mapped;

        ProgressLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(Progress progress) {
            batches++;
            mapped = progress.mapped();
            out.println("batch " + count(batches) + ": mapped " + count(progress.mapped()) + " of "
                    + count(progress.toMap()) + " hosts of " + count(progress.accounts()) + " accounts, "
                    + seconds(progress.elapsed()));
        }

        long mapped() {
            return mapped;
        }
    }

    private static Integer batchSize(String value) {
        try {
            int size = Integer.parseInt(value.strip());
            return size >= 1 && size <= MAX_BATCH_SIZE ? size : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
