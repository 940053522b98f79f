package io.hbi.inventory.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.InventoryService;
import io.hbi.inventory.config.RouteSources;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dev mode's route reloading ({@code camel/RouteFolderReload}): the service started as dev mode starts it (routes
 * from a folder, reloaded on change), on a copy of the routes in a temporary folder. Files are written under another name and moved into place, as an
 * editor that saves atomically does, so the watcher never sees half a file.
 */
class RouteReloadIT {

    static final Duration RELOADED = Duration.ofSeconds(60);
    static final String ACCOUNT = "0000051";

    static Path routes;
    static Path kamelets;
    static Settings settings;
    static InventoryService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        routes = Files.createTempDirectory("inventory-reload-");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        kamelets = Files.createTempDirectory("inventory-reload-kamelets-");
        settings = TestInfrastructure.settings(Map.of("INVENTORY_ROUTES_DIR", routes.toString(),
                "INVENTORY_KAMELETS_DIR", kamelets.toString()));
        RouteSources sources = RouteSources.of(settings).reloadingOnChange();
        assertThat(sources.watchedFolder()).isEqualTo(routes);
        service = InventoryService.start(settings, sources);
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        for (Path folder : List.of(routes, kamelets)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void aRouteFileSavedAddedOrRemovedChangesTheRunningRoutesAndTheOthersRunAgain() throws Exception {
        CamelContext context = service.camelContext();
        Map<String, ServiceStatus> fileRoutes = fileRoutes(context);
        assertThat(fileRoutes).containsKeys("ingest-kafka", "outbox-relay", "relay-batch", "management-health");

        save("heartbeat.camel.yaml", heartbeat("first", "heartbeat"));
        await().atMost(RELOADED).until(() -> started(context, "heartbeat"));
        assertThat(context.getRoute("heartbeat").getDescription()).isEqualTo("first");

        save("heartbeat.camel.yaml", heartbeat("second", "heartbeat"));
        await().atMost(RELOADED).until(() -> started(context, "heartbeat")
                && "second".equals(context.getRoute("heartbeat").getDescription()));

        // a file that does not load is left out; the routes of the others run again
        save("heartbeat.camel.yaml", heartbeat("broken", "heartbeat ${body"));
        await().atMost(RELOADED).until(() -> context.getRoute("heartbeat") == null
                && fileRoutes(context).equals(fileRoutes));

        save("heartbeat.camel.yaml", heartbeat("fixed", "heartbeat"));
        await().atMost(RELOADED).until(() -> started(context, "heartbeat"));
        Files.delete(routes.resolve("heartbeat.camel.yaml"));
        // the routes are removed at the start of a reload: wait for the others to be back too. Every route of the
        // other files was stopped, loaded again and started each time: the service still works
        await().atMost(RELOADED).until(() -> context.getRoute("heartbeat") == null
                && fileRoutes(context).equals(fileRoutes));
        String base = "http://localhost:" + settings.get("inventory.listen-port");
        await().atMost(RELOADED).ignoreExceptions().until(() -> get(base + "/health").statusCode() == 200);
        try (TopicReader events = new TopicReader(settings.get("inventory.kafka.bootstrap-servers"),
                settings.get("inventory.kafka.event-topic"))) {
            HttpResponse<String> created = post(base + settings.apiPrefix() + "/hosts", "[{\"account\": \"" + ACCOUNT
                    + "\", \"fqdn\": \"reloaded.example.com\", \"stale_timestamp\": \"2030-01-01T00:00:00+00:00\", "
                    + "\"reporter\": \"puptoo\"}]");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(207);
            events.await(record -> "created".equals(record.header("event_type"))
                    && record.value().contains("reloaded.example.com"), 1, RELOADED);
        }
    }

    @Test
    void aKameletChangeTakesEffectWhenARouteFileIsNextSaved() throws Exception {
        CamelContext context = service.camelContext();
        Map<String, ServiceStatus> before = fileRoutes(context);
        Files.writeString(kamelets.resolve("beat-sink.kamelet.yaml"), beatSink("v1"));
        save("beats.camel.yaml", BEATS);
        await().atMost(RELOADED).until(() -> beats(context).contains("v1"));

        Files.writeString(kamelets.resolve("beat-sink.kamelet.yaml"), beatSink("v2"));
        save("beats.camel.yaml", BEATS);
        await().atMost(RELOADED).until(() -> beats(context).contains("v2"));

        Files.delete(routes.resolve("beats.camel.yaml"));
        // the routes are removed at the start of a reload: wait for the others to be back too
        await().atMost(RELOADED).until(() -> context.getRoute("beats") == null
                && fileRoutes(context).equals(before));
    }

    /** Once per start of its route, a beat through a kamelet of the kamelets folder. */
    static final String BEATS = """
            - route:
                id: beats
                from:
                  uri: "timer:beats"
                  parameters:
                    repeatCount: 1
                    delay: 100
                  steps:
                    - to: "kamelet:beat-sink"
            """;

    static String beatSink(String version) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: beat-sink
                  labels:
                    camel.apache.org/kamelet.type: "sink"
                spec:
                  definition:
                    title: "Beat Sink"
                    description: "Hands a beat marked with its version to mock:beats."
                    type: object
                  template:
                    from:
                      uri: "kamelet:source"
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: "mock:beats"
                """.formatted(version);
    }

    /** The bodies the mock endpoint of now received (a reload makes every endpoint anew). */
    static List<Object> beats(CamelContext context) {
        return context.getEndpoint("mock:beats", MockEndpoint.class).getReceivedExchanges().stream()
                .map(exchange -> exchange.getMessage().getBody()).toList();
    }

    static String heartbeat(String description, String message) {
        return """
                - route:
                    id: heartbeat
                    description: %s
                    from:
                      uri: "timer:heartbeat"
                      parameters:
                        period: 60000
                      steps:
                        - log: "%s"
                """.formatted(description, message);
    }

    static void save(String name, String content) throws IOException {
        Path draft = routes.resolve("." + name + ".draft");
        Files.writeString(draft, content);
        Files.move(draft, routes.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean started(CamelContext context, String routeId) {
        return context.getRoute(routeId) != null
                && context.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }

    /** The routes of the folder's files (not the ones kamelets make for the routes that use them), with their status. */
    static Map<String, ServiceStatus> fileRoutes(CamelContext context) {
        Map<String, ServiceStatus> routes = new TreeMap<>();
        for (Route route : context.getRoutes()) {
            if (!route.isCreatedByKamelet()) {
                routes.put(route.getRouteId(), context.getRouteController().getRouteStatus(route.getRouteId()));
            }
        }
        return routes;
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-rh-identity", Identities.of(ACCOUNT))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
