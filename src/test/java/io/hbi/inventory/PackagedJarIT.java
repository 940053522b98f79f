package io.hbi.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.FreePort;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicWriter;
import io.hbi.inventory.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as operators run it. */
class PackagedJarIT {

    @Test
    void refusesToStartWithOneClearLineWhenTheDatabaseIsUnreachable() {
        int closedPort = FreePort.find();
        try (JarProcess jar = JarProcess.start(Map.of("INVENTORY_DB_PORT", String.valueOf(closedPort),
                "INVENTORY_DB_POOL_TIMEOUT", "2"))) {
            assertThat(jar.awaitExit(60)).isEqualTo(1);
            assertThat(jar.stderr().strip()).isEqualTo("Cannot start: Cannot connect to PostgreSQL at insights@localhost:"
                    + closedPort + "/insights: Connection refused");
        }
    }

    @Test
    void refusesToStartWhenASettingIsMalformedAndNamesIt() {
        try (JarProcess jar = JarProcess.start(Map.of("LISTEN_PORT", "eighty"))) {
            assertThat(jar.awaitExit(30)).isEqualTo(2);
            assertThat(jar.stderr().strip())
                    .isEqualTo("Invalid configuration: LISTEN_PORT must be a whole number, but is 'eighty'");
        }
    }

    @Test
    void servesInProductionModeWithJsonLogsThatHoldNoSecretAndStopsOnSigterm() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {"INVENTORY_DB_HOST", "INVENTORY_DB_PORT", "INVENTORY_DB_NAME",
                "KAFKA_BOOTSTRAP_SERVERS", "LISTEN_PORT", "KAFKA_HOST_INGRESS_TOPIC", "KAFKA_HOST_EGRESS_TOPIC",
                "KAFKA_EVENT_TOPIC", "KAFKA_HOST_INGRESS_DLQ_TOPIC", "PAYLOAD_TRACKER_KAFKA_TOPIC",
                "KAFKA_CONSUMER_AUTO_OFFSET_RESET"}) {
            env.put(name, settings.get(io.hbi.inventory.config.Settings.DECLARED.stream()
                    .filter(s -> s.env().equals(name)).findFirst().orElseThrow().property()));
        }
        env.put("OPENSHIFT_BUILD_COMMIT", "feedbeef");
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://localhost:" + env.get("LISTEN_PORT") + "/health");
        try (JarProcess jar = JarProcess.start(env)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200);
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + env.get("LISTEN_PORT") + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(RunningService.json(version).get("version").asText()).isEqualTo("feedbeef");
            try (TopicWriter writer = new TopicWriter(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                writer.send(settings.get("inventory.kafka.ingress-topic"), "{\"operation\": \"add_host\", \"platform_metadata\":"
                        + " {\"request_id\": \"jar-request-1\"}, \"data\": {\"account\": \"0000091\", \"reporter\": \"x\"}}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.stdout().contains("\"request_id\":\"jar-request-1\""));

            jar.terminate();
            jar.awaitExit(30);
            String[] lines = jar.stdout().strip().split("\n");
            assertThat(lines.length).isGreaterThan(3);
            for (String line : lines) {
                JsonNode event = RunningService.JSON.readTree(line);
                assertThat(event.has("@timestamp") && event.has("level") && event.has("logger")
                        && event.has("message")).as("a JSON log event: %s", line).isTrue();
            }
            assertThat(jar.stdout()).contains("Apache Camel").doesNotContain("password=insights")
                    .doesNotContain(":insights@");
        }
    }
}
