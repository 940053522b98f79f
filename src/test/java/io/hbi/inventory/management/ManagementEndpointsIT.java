package io.hbi.inventory.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.support.FreePort;
import io.hbi.inventory.support.RunningService;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ManagementEndpointsIT {

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("OPENSHIFT_BUILD_COMMIT", "abc123"));

    @Test
    void healthIs200WhenDatabaseAndKafkaAnswer() {
        HttpResponse<String> response = service.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void versionReportsTheBuildCommit() {
        HttpResponse<String> response = service.get("/version");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RunningService.json(response).get("version").asText()).isEqualTo("abc123");
    }

    @Test
    void metricsExposeJvmAndCamelRouteMetricsInPrometheusFormat() {
        service.get("/version");
        HttpResponse<String> response = service.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("camel_exchanges_total")
                .contains("routeId=\"management-version\"");
    }

    @Test
    void managementEndpointsNeedNoIdentityAndRefuseOtherMethods() {
        HttpResponse<String> response = service.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(service.baseUrl() + "/version")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void healthIs503WithTheReasonWhenKafkaIsUnreachable() {
        RunningService withoutKafka = RunningService.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + FreePort.find()));
        try {
            HttpResponse<String> response = withoutKafka.get("/health");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            var problem = RunningService.json(response);
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.get("detail").asText()).contains("kafka unavailable");
            assertThat(problem.get("checks").has("database")).isFalse();
        } finally {
            withoutKafka.afterAll(null);
        }
    }

    @Test
    void managementPrefixMovesTheEndpoints() {
        RunningService prefixed = RunningService.start(Map.of("INVENTORY_MANAGEMENT_URL_PATH_PREFIX", "/mgmt/"));
        try {
            assertThat(prefixed.get("/mgmt/version").statusCode()).isEqualTo(200);
            assertThat(prefixed.get("/version").statusCode()).isEqualTo(404);
        } finally {
            prefixed.afterAll(null);
        }
    }
}
