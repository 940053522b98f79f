package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.support.RestRouteTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET {prefix}/openapi.json} (routes/openapi.camel.yaml) with the real YAML routes and a stub of
 * {@link OpenApiDocument}: the {@code platform-http} consumer is replaced by {@code direct:openapi-document}. The
 * document is served without authentication, as is, not through {@code direct:respond}; a failure is a problem answer.
 */
class OpenApiRouteTest extends RestRouteTestSupport {

    private static final byte[] DOCUMENT = "{\"openapi\": \"3.1.0\"}".getBytes(StandardCharsets.UTF_8);

    private final StubOpenApiDocument document = new StubOpenApiDocument();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("openApiDocument", document);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/openapi.camel.yaml");
        AdviceWith.adviceWith(context, "openapi-document", route -> route.replaceFromWith("direct:openapi-document"));
        context.start();
    }

    @Test
    void theDocumentIsServedAsJsonWithoutAuthentication() {
        Exchange answered = send("direct:openapi-document", Map.of("x-rh-identity", "not even base64",
                "Accept", "text/html", "Content-Type", "text/plain"), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("openapi document");
        assertThat(answered.getMessage().getBody(byte[].class)).isEqualTo(DOCUMENT);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(answered.getMessage().getHeaders()).as("request headers are not echoed")
                .doesNotContainKeys("x-rh-identity", "Accept");
    }

    @Test
    void aFailureIsAProblemAnswer() {
        document.failure = new IllegalStateException("openapi/openapi.json missing");

        Exchange answered = send("direct:openapi-document", Map.of(), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("openapi document", "respond 500");
        assertThat(status(answered)).isEqualTo(500);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(500, "Internal Server Error",
                "The server could not complete the request."));
    }

    /** {@code OpenApiDocument.json()}: records the call, returns a fixed document or fails. */
    public final class StubOpenApiDocument {
        volatile RuntimeException failure;

        public byte[] json() {
            journal.add("openapi document");
            if (failure != null) {
                throw failure;
            }
            return DOCUMENT;
        }
    }
}
