package io.hbi.inventory.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.RunningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service started with INVENTORY_ROUTES_DIR and INVENTORY_KAMELETS_DIR naming folders an operator edited: a copy
 * of the routes plus one route of their own (a tap of delete events, through the {@code inventory-host-events-source}
 * kamelet, into a kamelet only the folder has), and a kamelets folder with that sink and a changed copy of the source.
 * The kamelets the folder lacks (the event and payload-tracker sinks) still come from the jar.
 */
class RouteFolderIT {

    static final String ACCOUNT = "0000041";

    static final String TAP = """
            - route:
                id: deletes-tap
                from:
                  uri: "kamelet:inventory-host-events-source"
                  parameters:
                    bootstrapServers: "{{inventory.kafka.bootstrap-servers}}"
                    topic: "{{inventory.kafka.event-topic}}"
                    groupId: deletes-tap
                    eventTypes: delete
                    autoOffsetReset: earliest
                  steps:
                    - to: "kamelet:tap-sink"
            """;

    static final String TAP_SINK = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: tap-sink
              labels:
                camel.apache.org/kamelet.type: "sink"
            spec:
              definition:
                title: "Tap Sink"
                description: "Hands what it receives to mock:tapped."
                type: object
              template:
                from:
                  uri: "kamelet:source"
                  steps:
                    - to: "mock:tapped"
            """;

    static Path routes;
    static Path kamelets;

    @RegisterExtension
    static RunningService service = RunningService.start(editedFolders());

    static Map<String, String> editedFolders() {
        try {
            routes = Files.createTempDirectory("inventory-routes-");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                    Files.copy(file, routes.resolve(file.getFileName()));
                }
            }
            Files.writeString(routes.resolve("deletes-tap.camel.yaml"), TAP);
            kamelets = Files.createTempDirectory("inventory-kamelets-");
            Files.writeString(kamelets.resolve("tap-sink.kamelet.yaml"), TAP_SINK);
            // the folder's copy of a kamelet wins over the jar's: this one marks what it passes
            String source = Files.readString(Path.of("kamelets/inventory-host-events-source.kamelet.yaml"));
            String step = "              - to: \"kamelet:sink\"";
            String marked = source.replace(step, String.join("\n",
                    "              - setHeader:",
                    "                  name: kamelet_origin",
                    "                  constant: folder",
                    step));
            assertThat(marked).isNotEqualTo(source);
            Files.writeString(kamelets.resolve("inventory-host-events-source.kamelet.yaml"), marked);
            return Map.of("INVENTORY_ROUTES_DIR", routes.toString(), "INVENTORY_KAMELETS_DIR", kamelets.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFolders() throws IOException {
        for (Path folder : new Path[] {routes, kamelets}) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void theRoutesOfTheFolderRunAndTheOperatorsTapSeesOnlyDeleteEvents() throws Exception {
        CamelContext context = service.service().camelContext();
        Route tap = context.getRoute("deletes-tap");
        assertThat(tap).isNotNull();
        assertThat(tap.getSourceResource().getLocation()).startsWith("file:" + routes);
        assertThat(context.getRoute("ingest-kafka").getSourceResource().getLocation()).startsWith("file:" + routes);
        MockEndpoint tapped = context.getEndpoint("mock:tapped", MockEndpoint.class);
        tapped.expectedMessageCount(1);

        HttpResponse<String> created = service.postHosts(ACCOUNT, "[{\"account\": \"" + ACCOUNT + "\", \"fqdn\": "
                + "\"tapped.example.com\", \"stale_timestamp\": \"2030-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\"}]");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(207);
        String id = RunningService.json(created).get("data").get(0).get("host").get("id").asText();
        HttpResponse<String> deleted = service.send(HttpRequest.newBuilder(
                URI.create(service.baseUrl() + service.settings().apiPrefix() + "/hosts/" + id)).DELETE(),
                "x-rh-identity", Identities.of(ACCOUNT));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        // the created event comes first on the host's partition: had it passed, it would be the one received
        tapped.assertIsSatisfied(60_000);
        Exchange event = tapped.getReceivedExchanges().get(0);
        assertThat(event.getMessage().getHeader("event_type")).isEqualTo("delete");
        assertThat(event.getMessage().getHeader(KafkaConstants.KEY)).isEqualTo(id);
        assertThat(event.getMessage().getHeader("kamelet_origin")).as("the folder's copy of the kamelet").isEqualTo("folder");
        JsonNode body = RunningService.JSON.readTree(event.getMessage().getBody(String.class));
        assertThat(body.get("type").asText()).isEqualTo("delete");
        assertThat(body.get("id").asText()).isEqualTo(id);
    }

    @Test
    void aNamedFolderThatDoesNotExistStopsTheJarWithOneLineThatNamesIt() {
        for (String command : new String[] {"serve", "dev", "reaper"}) {
            try (JarProcess jar = JarProcess.start(Map.of("INVENTORY_ROUTES_DIR", "/no/such/routes"), command)) {
                assertThat(jar.awaitExit(60)).as(command).isEqualTo(2);
                assertThat(jar.stderr().strip()).as(command).isEqualTo("Invalid configuration: INVENTORY_ROUTES_DIR must "
                        + "be empty or an existing folder, but is '/no/such/routes'");
            }
        }
    }
}
