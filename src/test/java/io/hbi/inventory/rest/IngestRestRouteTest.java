package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /hosts} (routes/ingest-rest.camel.yaml, route {@code add-host-list}) with the real YAML routes, the real
 * authentication, JSON check, answer and error steps, and a stub of {@link AddHostsOperation}: the route is entered at
 * {@code direct:add-host-list} (as the REST DSL hands over), the payload-tracker kamelet is {@code mock:tracker}.
 */
class IngestRestRouteTest extends RestRouteTestSupport {

    private static final String HOSTS = "[{\"account\": \"0000001\", \"fqdn\": \"a.example.com\"}]";

    private final StubAddHosts addHosts = new StubAddHosts();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("addHostsOperation", addHosts);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/ingest-rest.camel.yaml");
        context.start();
    }

    @Test
    void aBatchIsAuthenticatedCheckedAddedAndAnswered207WithItsTrackerMessagesSentOnTheSide() throws Exception {
        addHosts.answer = new ApiResponse(207, Map.of("total", 1, "errors", 0, "data", List.of(Map.of("status", 201))),
                List.of("{\"status\": \"received\"}", "{\"status\": \"success\"}"));
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(1);

        Exchange answered = send("direct:add-host-list", Map.of("x-rh-identity", IDENTITY,
                "Content-Type", "application/json", "x-rh-insights-request-id", "request-1"), HOSTS);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate or bearer " + ACCOUNT, "require json",
                "add hosts for " + ACCOUNT + ", request request-1: " + HOSTS, "respond 207");
        assertThat(status(answered)).isEqualTo(207);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(json(answered)).isEqualTo(json("{\"total\": 1, \"errors\": 0, \"data\": [{\"status\": 201}]}"));
        tracker.assertIsSatisfied(5_000);
        assertThat(tracker.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .containsExactly("{\"status\": \"received\"}", "{\"status\": \"success\"}");
    }

    @Test
    void theTrustedSystemsBearerTokenIsAnIdentityHere() {
        addHosts.answer = new ApiResponse(207, Map.of("total", 0));

        Exchange answered = send("direct:add-host-list", Map.of("Authorization", "Bearer " + SECRET,
                "Content-Type", "application/json"), "[]");

        assertThat(journal).containsExactly("authenticate or bearer trusted", "require json",
                "add hosts for trusted, request null: []", "respond 207");
        assertThat(status(answered)).isEqualTo(207);
    }

    @Test
    void withoutCredentialsTheAnswerIs401AndTheOperationIsNeverCalled() throws Exception {
        Exchange answered = send("direct:add-host-list", Map.of("Content-Type", "application/json"), HOSTS);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate or bearer refused", "respond 401");
        assertThat(addHosts.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(401);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(401, "Unauthorized", "No authorization token provided"));
        assertThat(metrics.registry().get("inventory_login_failure_count").counter().count()).isEqualTo(1);
        assertNoTrackerMessages(answered);
    }

    @Test
    void aWrongBearerTokenIs401() {
        Exchange answered = send("direct:add-host-list", Map.of("Authorization", "Bearer not-the-secret",
                "Content-Type", "application/json"), HOSTS);

        assertThat(journal).containsExactly("authenticate or bearer refused", "respond 401");
        assertThat(addHosts.calls).hasValue(0);
        assertThat(json(answered)).isEqualTo(problem(401, "Unauthorized", "Provided token is not valid"));
    }

    @Test
    void aBodyThatIsNotJsonIs415AndTheOperationIsNeverCalled() {
        Exchange answered = send("direct:add-host-list", Map.of("x-rh-identity", IDENTITY,
                "Content-Type", "text/plain"), HOSTS);

        assertThat(journal).containsExactly("authenticate or bearer " + ACCOUNT, "require json refused", "respond 415");
        assertThat(addHosts.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(415);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
    }

    @Test
    void aFailureOfTheOperationIsAnsweredByTheErrorMapping() {
        addHosts.failure = new StoreUnavailableException("Database unavailable: connection refused", null);

        Exchange answered = send("direct:add-host-list", Map.of("x-rh-identity", IDENTITY,
                "Content-Type", "application/json"), HOSTS);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate or bearer " + ACCOUNT, "require json",
                "add hosts for " + ACCOUNT + ", request null: " + HOSTS, "respond 503");
        assertThat(json(answered)).isEqualTo(problem(503, "Service Unavailable",
                "The database is unavailable; try again later."));
    }

    /** {@link AddHostsOperation#addHosts} with the same parameter bindings: records the call, answers or fails. */
    public final class StubAddHosts {
        final AtomicInteger calls = new AtomicInteger();
        volatile ApiResponse answer;
        volatile RuntimeException failure;

        public ApiResponse addHosts(@ExchangeProperty("identity") Identity identity,
                                    @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            calls.incrementAndGet();
            journal.add("add hosts for " + who(identity) + ", request " + requestId + ": " + body);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }
}
