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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    /** {@code POST {api}/hosts} with the identity of {@code account} (no identity when null). */
    public HttpResponse<String> postHosts(String account, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            all.addAll(List.of("Content-Type", "application/json"));
        }
        if (account != null) {
            all.addAll(List.of("x-rh-identity", Identities.of(account)));
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + settings.apiPrefix() + "/hosts"))
                .POST(HttpRequest.BodyPublishers.ofString(body)), all.toArray(String[]::new));
    }

    /** The value of a setting by its environment variable, e.g. a topic name. */
    public String env(String variable) {
        return settings.get(Settings.DECLARED.stream().filter(s -> s.env().equals(variable)).findFirst()
                .orElseThrow().property());
    }

    public String bootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS");
    }

    /** The first column of the first row of a query on the service's database. */
    public long queryLong(String sql, Object... parameters) {
        try (Connection connection = service.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement on the service's database (to place rows in states the API cannot reach). */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = service.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of one sample of /metrics, e.g. {@code inventory_create_host_count_total}; 0 when absent. */
    public double metric(String sample) {
        for (String line : get(settings.managementPrefix() + "/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
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
