package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.events.OutboxPublication;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.selection.AccountToOrg;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostAdoptions;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.Transactions;
import io.hbi.inventory.store.WriteFailures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.hbi.inventory.tenancy.MapAccountsCommand.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arguments and the file of {@code map-accounts}, read before anything else happens. */
class MapAccountsCommandTest {

    @TempDir
    Path folder;

    @Test
    void readsTheFileWithTheDefaultBatchSize() throws IOException {
        Path file = write("accounts.csv", "account,org_id\n0000001,org-1\n");

        Request request = MapAccountsCommand.read(List.of(file.toString()));

        assertThat(request.valid()).isTrue();
        assertThat(request.batchSize()).isEqualTo(1000);
        assertThat(request.mappings()).containsExactly(new AccountToOrg("0000001", "org-1"));
    }

    @Test
    void takesTheBatchSizeInEitherForm() throws IOException {
        Path file = write("accounts.csv", "0000001,org-1\r\n");

        assertThat(MapAccountsCommand.read(List.of("--batch-size", "2", file.toString())).batchSize()).isEqualTo(2);
        assertThat(MapAccountsCommand.read(List.of(file.toString(), "--batch-size=10000")).batchSize())
                .isEqualTo(10_000);
    }

    @Test
    void refusesBadArgumentsWithTheUsage() throws IOException {
        Path file = write("accounts.csv", "0000001,org-1\n");
        String usage = "usage: java -jar host-inventory.jar map-accounts [--batch-size N] <file.csv>";

        assertThat(MapAccountsCommand.read(List.of()).problems()).containsExactly("no file given", usage);
        assertThat(MapAccountsCommand.read(List.of(file.toString(), file.toString())).problems())
                .containsExactly("one file expected, 2 given", usage);
        assertThat(MapAccountsCommand.read(List.of("--dry-run", file.toString())).problems())
                .containsExactly("unknown option --dry-run", usage);
        for (String size : List.of("0", "10001", "many", "")) {
            assertThat(MapAccountsCommand.read(List.of("--batch-size=" + size, file.toString())).problems())
                    .containsExactly("--batch-size must be a whole number from 1 to 10000, but is '" + size + "'",
                            usage);
        }
        assertThat(MapAccountsCommand.read(List.of(file.toString(), "--batch-size")).problems())
                .containsExactly("--batch-size must be a whole number from 1 to 10000, but is ''", usage);
    }

    @Test
    void refusesAFileItCannotReadOrThatIsWrong() throws IOException {
        Path missing = folder.resolve("missing.csv");
        Path binary = folder.resolve("binary.csv");
        Files.write(binary, new byte[] {'0', ',', (byte) 0xC3, (byte) 0x28, '\n'});
        Path wrong = write("wrong.csv", "0000001,org-1\n0000001,org-2\n");

        assertThat(MapAccountsCommand.read(List.of(missing.toString())).problems())
                .containsExactly("cannot read " + missing + ": no such file");
        assertThat(MapAccountsCommand.read(List.of(binary.toString())).problems())
                .containsExactly("cannot read " + binary + ": not UTF-8 text");
        Request request = MapAccountsCommand.read(List.of(wrong.toString()));
        assertThat(request.mappings()).isEmpty();
        assertThat(request.problems()).containsExactly(
                wrong + ": line 2: account 0000001 is mapped to org org-2 here and to org org-1 on line 1");
    }

    @Test
    void aRefusedRequestPrintsEachProblemOnALineAndExitsTwo() throws IOException {
        Path wrong = write("wrong.csv", ",org-1\n0000002,\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = MapAccountsCommand.refused(MapAccountsCommand.read(List.of(wrong.toString())),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                wrong + ": line 1: account is empty", wrong + ": line 2: org_id is empty", "Nothing was written.");
    }

    @Test
    void aDatabaseThatCannotBeReachedStopsTheRunWithExitOne() {
        AtomicInteger connectionsAsked = new AtomicInteger();
        DataSource unreachable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection")) {
                        connectionsAsked.incrementAndGet();
                        throw new SQLException("Connection refused", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        Transactions transactions = new Transactions(unreachable, new WriteFailures(clock));
        EventOutbox outbox = new EventOutbox(json);
        AccountMapping mapping = new AccountMapping(transactions, new HostAdoptions(new HostRepository(json)), outbox,
                new OutboxEvents(new HostEvents(StalenessWindow.DEFAULT, clock),
                        new io.hbi.inventory.events.EventHeaders("test"),
                        new InventoryMetrics(new SimpleMeterRegistry()), "events", "egress"),
                new io.hbi.inventory.store.StalenessSettings(StalenessWindow.DEFAULT), clock, Duration.ZERO);
        Request request = new Request(List.of(new AccountToOrg("0000001", "org-1")), 1000, List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = MapAccountsCommand.run(mapping, request,
                new OutboxPublication(transactions, outbox, Duration.ofSeconds(1)),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(connectionsAsked).as("tried %s times, then gave up", AccountMapping.ATTEMPTS)
                .hasValue(AccountMapping.ATTEMPTS);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "Mapping the hosts without an org of 1 accounts to their orgs, in batches of 1,000 hosts",
                "Stopped: Database unavailable (SQLSTATE 08001: Connection refused). 0 hosts were mapped before, each"
                        + " committed with its event; running the command again carries on.");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }
}
