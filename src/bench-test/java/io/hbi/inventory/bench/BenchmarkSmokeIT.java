package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness works end to end (its own PostgreSQL and Kafka, the packaged service jar as a separate
 * process, every scenario in both host shapes, the Kafka and query scenarios with 2020 and today's identities) on small
 * tables: {@code host-inventory-bench.jar --smoke}, run in this JVM. It checks that every run's work was verified by
 * the harness (the 207 statuses, the created/updated events and the org they name, the row counts, the query answers
 * and the account and org of the hosts they list), that the server's durability settings were read and that every
 * scenario wrote its figures; it does not time anything.
 */
class BenchmarkSmokeIT {

    @Test
    void everyScenarioRunsVerifiesItsWorkAndWritesItsFigures(@TempDir Path directory) throws Exception {
        Path out = directory.resolve("results.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, printed), true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = Benchmark.run(new String[] {"--smoke", "--out", out.toString()});
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(output).isZero();
        assertThat(output).contains("Verification: every run verified (118 runs of 118 scenarios",
                "PostgreSQL (as measured, SHOW):", " fsync=on", " synchronous_commit=on", " full_page_writes=on",
                "Hosts, fleet shape:");

        JsonNode results = new ObjectMapper().readTree(Files.readString(out));
        List<String> scenarios = new ArrayList<>();
        int todays = 0;
        for (JsonNode result : results.get("results")) {
            scenarios.add(result.get("scenario").asText() + " (" + result.get("shape").asText() + ") @"
                    + result.get("table").asText());
            boolean today = result.get("scenario").asText().endsWith(" (org)");
            assertThat(result.get("identity").asText()).as(result.toString()).isEqualTo(today ? "today" : "2020");
            if (today) {
                todays++;
                String checked = result.get("runs").get(0).get("checked").asText();
                if (result.get("scenario").asText().startsWith("Kafka")) {
                    assertThat(checked).as(result.toString()).contains("host.org_id the message's org");
                    assertThat(result.get("load").asText()).containsPattern(" orgs?, no account");
                } else {
                    assertThat(result.get("load").asText()).contains("org of 2k");
                }
            }
            if (result.get("scenario").asText().startsWith("GET /hosts")) {
                assertThat(result.get("runs").get(0).get("checked").asText()).as(result.toString())
                        .contains("hosts of account 0000001 and org bench-org-0000001");
            }
            assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("verified");
            assertThat(result.get("rate").asDouble()).as(result.toString()).isPositive();
            for (JsonNode run : result.get("runs")) {
                assertThat(run.get("verified").asBoolean()).as(result.toString()).isTrue();
                assertThat(run.get("checked").asText()).as(result.toString()).isNotBlank();
            }
        }
        assertThat(scenarios).contains("JDBC ceiling, new rows, 1 connection (small) @1k",
                "JDBC ceiling, new rows, 2 connections (fleet) @1k", "JDBC ceiling, updated rows, 2 connections (small) @5k",
                "Kafka ingestion, new hosts (small) @1k", "Kafka ingestion, updates (small) @5k",
                "Kafka ingestion, new hosts (fleet) @1k", "Kafka ingestion, updates (fleet) @5k",
                "REST POST /hosts, new (small) @1k", "REST POST /hosts, updates (fleet) @1k",
                "GET /hosts?per_page=50 (small) @2k", "GET /hosts?per_page=50&page=39 (deep page) (small) @2k",
                "GET /hosts?per_page=50&display_name=frontend (29% of hosts) (small) @5k",
                "GET /tags?search=team-1 (small) @5k", "GET /tags (small) @5k",
                "GET /hosts?filter[system_profile][operating_system][RHEL][version][eq][]=9.4 (13% of hosts) (small) @2k",
                "GET /hosts?filter[system_profile][workloads][sap][sap_system]=true (5% of hosts) (org) (small) @5k",
                "GET /hosts?filter[system_profile][number_of_cpus][gt]=8 (25% of hosts) (small) @5k",
                "GET /hosts?per_page=50&fields[system_profile]=arch,number_of_cpus,operating_system (small) @2k",
                "GET /system_profile/operating_system (org) (small) @5k",
                "Kafka ingestion, new hosts (org) (small) @1k", "Kafka ingestion, updates (org) (small) @1k",
                "Kafka ingestion, new hosts (org) (small) @5k", "Kafka ingestion, updates (org) (small) @5k",
                "Kafka ingestion, new hosts (org) (fleet) @1k", "Kafka ingestion, updates (org) (fleet) @5k",
                "GET /hosts?per_page=50 (org) (small) @2k", "GET /hosts?per_page=50 (org) (small) @5k",
                "GET /hosts?per_page=50&page=39 (deep page) (org) (small) @2k",
                "GET /hosts?per_page=50&tags=insights-client/team=team-N (2% of hosts) (org) (small) @5k",
                "GET /hosts?hostname_or_id=host-NNNNNN (10 hosts) (org) (small) @5k",
                "GET /hosts/{10 ids} (org) (small) @5k", "GET /tags (org) (small) @2k",
                "GET /tags?search=team-1 (org) (small) @5k",
                "GET /hosts?per_page=50&group_name=group-NN (1% of hosts) (small) @2k",
                "GET /hosts?per_page=50&group_name=group-NN (1% of hosts) (org) (small) @5k",
                "GET /groups (small) @2k", "GET /groups (org) (small) @5k",
                "POST /groups/{id}/hosts (20 hosts, with their events) (small) @2k",
                "POST /groups/{id}/hosts (20 hosts, with their events) (org) (small) @5k").hasSize(118);
        assertThat(todays).isEqualTo(48);
        assertThat(results.get("ceiling_ratios")).hasSize(16);
        assertThat(results.get("verification").get("all_verified").asBoolean()).isTrue();
        assertThat(results.get("verification").get("failed_runs").asInt()).isZero();
        assertThat(results.get("verification").get("runs").asInt()).isEqualTo(118);
        JsonNode server = results.get("server_settings");
        assertThat(server.get("fsync").asText()).isEqualTo("on");
        assertThat(server.get("synchronous_commit").asText()).isEqualTo("on");
        assertThat(server.get("full_page_writes").asText()).isEqualTo("on");
        assertThat(server.get("max_connections").asInt()).isPositive();
        assertThat(server.get("max_locks_per_transaction").asInt()).isPositive();
        JsonNode fleet = results.get("shapes").get(1);
        assertThat(fleet.get("shape").asText()).isEqualTo("fleet");
        assertThat(fleet.get("median_bytes").asLong()).isBetween(20_000L, 60_000L);
        assertThat(fleet.get("bridged_hosts").asInt()).isPositive();
        assertThat(results.get("machine").get("cores").asInt()).isPositive();
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
