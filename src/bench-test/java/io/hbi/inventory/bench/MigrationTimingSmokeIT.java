package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The migration timing works end to end on a small table ({@code MigrationTiming --hosts 2000}, in this JVM): V7
 * filled, each later migration applied while the writer and the lock watch run, the end state verified. It times
 * nothing that matters.
 */
class MigrationTimingSmokeIT {

    @Test
    void migratesAFilledV7TableToOrgsAndVerifiesTheEndState() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = MigrationTiming.run(new String[] {"--hosts", "2000"});
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        console.print(output);
        assertThat(exitCode).as(output).isZero();
        assertThat(output).contains("| V8 orgs ", "| V9 org indexes ", "| V10 org or account checked ",
                "| total of the migrations ", "hosts_org_modified_on_id",
                "hosts_org_or_account validated", "tables rewritten (new relfilenode): none", "writes that failed: 0",
                "Verified.");
    }
}
