package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness works end to end (its own PostgreSQL and Kafka, the service as a separate process, every
 * scenario) on small tables: {@code bench --smoke}. It checks that every scenario ran without an error and wrote its
 * figures; it does not time anything.
 */
class BenchmarkSmokeIT {

    @Test
    void everyScenarioRunsAndWritesItsFigures(@TempDir Path directory) throws Exception {
        Path out = directory.resolve("results.json");
        assertThat(Benchmark.run(new String[] {"--smoke", "--out", out.toString()})).isZero();

        JsonNode results = new ObjectMapper().readTree(Files.readString(out));
        List<String> scenarios = new ArrayList<>();
        for (JsonNode result : results.get("results")) {
            scenarios.add(result.get("scenario").asText() + " @" + result.get("table").asText());
            assertThat(result.get("rate").asDouble()).as(result.toString()).isPositive();
            for (JsonNode run : result.get("runs")) {
                assertThat(run.get("errors").asInt()).as(result.toString()).isZero();
            }
        }
        assertThat(scenarios).contains("JDBC ceiling, new rows @1k", "Kafka ingestion, new hosts @1k",
                "Kafka ingestion, updates @5k", "REST POST /hosts, new @1k", "GET /hosts?per_page=50 @2k",
                "GET /tags @5k", "JDBC ceiling, updated rows @5k").hasSize(24);
        assertThat(results.get("ceiling_ratios")).hasSize(4);
        assertThat(results.get("machine").get("cores").asInt()).isPositive();
    }
}
