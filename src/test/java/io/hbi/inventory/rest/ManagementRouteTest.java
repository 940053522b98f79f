package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.health.HealthReport;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management endpoints (routes/management.camel.yaml) with the real YAML routes, the real {@link ManagementAnswers}
 * and answer step, and stubs of the health probe and the metrics registry: each {@code platform-http} consumer is
 * replaced by {@code direct:<route id>}. None of them authenticates.
 */
class ManagementRouteTest extends RestRouteTestSupport {

    private final StubHealthProbe probe = new StubHealthProbe();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("healthProbe", probe);
        registry.bind("managementAnswers", new ManagementAnswers());
        registry.bind("metricsRegistry", new StubMetricsRegistry());
        registry.bind("settings", Settings.load(Map.of("OPENSHIFT_BUILD_COMMIT", "abc123")));
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/management.camel.yaml");
        for (String route : new String[] {"management-health", "management-metrics", "management-version"}) {
            AdviceWith.adviceWith(context, route, advice -> advice.replaceFromWith("direct:" + route));
        }
        context.start();
    }

    @Test
    void healthIsAnEmpty200WhenEverythingIsUp() {
        Exchange answered = send("direct:management-health", Map.of(), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("no authentication").containsExactly("health check", "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(answered.getMessage().getBody()).isEqualTo("");
        assertThat(contentType(answered)).isNull();
    }

    @Test
    void healthIsA503ProblemNamingWhatIsDown() {
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("database", "connection refused");
        probe.report = new HealthReport(failures);

        Exchange answered = send("direct:management-health", Map.of(), null);

        assertThat(journal).containsExactly("health check", "respond 503");
        assertThat(status(answered)).isEqualTo(503);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(json("{\"status\": 503, \"title\": \"Service Unavailable\","
                + " \"detail\": \"database unavailable: connection refused\", \"type\": \"about:blank\","
                + " \"checks\": {\"database\": \"connection refused\"}}"));
    }

    @Test
    void metricsAreThePrometheusTextOfTheRegistryNotAJsonAnswer() {
        Exchange answered = send("direct:management-metrics",
                Map.of("x-rh-identity", "secret-identity", "Cookie", "session=1"), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("not through direct:respond").containsExactly("scrape text/plain");
        assertThat(contentType(answered)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(answered.getMessage().getBody(String.class)).isEqualTo("inventory_create_host_count_total 3.0\n");
        assertThat(answered.getMessage().getHeaders()).as("the request's headers are not echoed")
                .doesNotContainKeys("x-rh-identity", "Cookie");
    }

    @Test
    void versionIsTheBuildCommitAsJson() {
        Exchange answered = send("direct:management-version", Map.of(), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("no authentication").containsExactly("respond");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(json(answered)).isEqualTo(json("{\"version\": \"abc123\"}"));
    }

    /** {@code HealthProbe.check()}: records the call, returns {@link #report} (everything up by default). */
    public final class StubHealthProbe {
        volatile HealthReport report = new HealthReport(Map.of());

        public HealthReport check() {
            journal.add("health check");
            return report;
        }
    }

    /** {@code PrometheusMeterRegistry.scrape(String)}: records the content type asked for. */
    public final class StubMetricsRegistry {
        public String scrape(String contentType) {
            journal.add("scrape " + contentType);
            return "inventory_create_host_count_total 3.0\n";
        }
    }
}
