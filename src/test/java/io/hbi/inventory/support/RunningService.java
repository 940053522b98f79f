package io.hbi.inventory.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.InventoryService;
import io.hbi.inventory.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole service, started in-process against the real test PostgreSQL and Kafka with a database of its own,
 * plus an HTTP client to talk to it. Register it as a static {@code @RegisterExtension} field; it stops after the
 * test class.
 */
public final class RunningService implements AfterAllCallback {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final InventoryService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningService(Settings settings) {
        this.settings = settings;
        this.service = InventoryService.start(settings);
    }

    public static RunningService start() {
        return start(Map.of());
    }

    /** Starts the service with some environment variables replaced. */
    public static RunningService start(Map<String, String> env) {
        return new RunningService(TestInfrastructure.settings(env));
    }

    public Settings settings() {
        return settings;
    }

    public InventoryService service() {
        return service;
    }

    public String baseUrl() {
        return "http://localhost:" + settings.get("inventory.listen-port");
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        service.close();
    }
}
