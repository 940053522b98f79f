package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.identity.Identity;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The write operations on existing hosts (routes/host-edits.camel.yaml) with the real YAML routes, the real
 * authentication, JSON check and answer steps, and a stub of {@link EditOperations} with the same parameter bindings:
 * authenticate, then (for the three with a body) require JSON, then the edit, then {@code direct:respond}; DELETE's
 * payload-tracker messages reach {@code mock:tracker}.
 */
class HostEditsRouteTest extends RestRouteTestSupport {

    private static final String IDS = "6e2ab0e8-2a65-4ec5-a4b3-8d7e7c9b0d41";

    private final StubEditOperations edits = new StubEditOperations();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("editOperations", edits);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/host-edits.camel.yaml");
        context.start();
    }

    @ParameterizedTest
    @CsvSource({"patch-by-id, patch", "merge-facts, mergeFacts", "replace-facts, replaceFacts"})
    void anEditWithABodyAuthenticatesRequiresJsonEditsThenAnswers(String route, String method) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "host_id_list", IDS,
                "namespace", "ns1", "Content-Type", "application/json"), "{\"a\": 1}");

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "require json",
                method + " for " + ACCOUNT + " " + IDS + namespaceOf(method) + ": {\"a\": 1}", "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(answered.getMessage().getBody(String.class)).isEqualTo("200");
    }

    @ParameterizedTest
    @CsvSource({"patch-by-id", "merge-facts", "replace-facts"})
    void aBodyThatIsNotJsonIs415AndNothingIsEdited(String route) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "host_id_list", IDS,
                "namespace", "ns1", "Content-Type", "text/plain"), "a=1");

        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "require json refused", "respond 415");
        assertThat(edits.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(415);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource({"patch-by-id", "merge-facts", "replace-facts", "delete-by-id"})
    void withoutIdentityTheAnswerIs401BeforeAnyOtherStep(String route) {
        Exchange answered = send("direct:" + route, Map.of("host_id_list", IDS, "namespace", "ns1",
                "Content-Type", "text/plain"), "a=1");

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("not even the JSON check").containsExactly("authenticate refused", "respond 401");
        assertThat(edits.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(401);
        assertThat(json(answered)).isEqualTo(problem(401, "Unauthorized", "No authorization token provided"));
    }

    @Test
    void aDeleteAuthenticatesDeletesAnswersAndSendsItsTrackerMessages() throws Exception {
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(1);

        Exchange answered = send("direct:delete-by-id", Map.of("x-rh-identity", IDENTITY, "host_id_list", IDS,
                "Content-Type", "text/plain", "x-rh-insights-request-id", "request-9"), "ignored");

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("no JSON check: DELETE has no body")
                .containsExactly("authenticate " + ACCOUNT, "delete for " + ACCOUNT + " " + IDS + " request-9",
                        "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(answered.getMessage().getBody()).isEqualTo("");
        assertThat(contentType(answered)).isNull();
        tracker.assertIsSatisfied(5_000);
        assertThat(tracker.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .containsExactly("{\"status\": \"received\"}", "{\"status\": \"success\"}");
    }

    private static String namespaceOf(String method) {
        return method.equals("patch") ? "" : " ns1";
    }

    /** The four edits of {@link EditOperations}, with its parameter bindings: each records its call and answers. */
    public final class StubEditOperations {
        final AtomicInteger calls = new AtomicInteger();

        public ApiResponse patch(@ExchangeProperty("identity") Identity identity,
                                 @Header("host_id_list") String hostIdList,
                                 @Header("CamelHttpRawQuery") String rawQuery,
                                 @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            return edited("patch for " + who(identity) + " " + hostIdList + ": " + body);
        }

        public ApiResponse mergeFacts(@ExchangeProperty("identity") Identity identity,
                                      @Header("host_id_list") String hostIdList, @Header("namespace") String namespace,
                                      @Header("CamelHttpRawQuery") String rawQuery,
                                      @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            return edited("mergeFacts for " + who(identity) + " " + hostIdList + " " + namespace + ": " + body);
        }

        public ApiResponse replaceFacts(@ExchangeProperty("identity") Identity identity,
                                        @Header("host_id_list") String hostIdList,
                                        @Header("namespace") String namespace,
                                        @Header("CamelHttpRawQuery") String rawQuery,
                                        @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            return edited("replaceFacts for " + who(identity) + " " + hostIdList + " " + namespace + ": " + body);
        }

        public ApiResponse delete(@ExchangeProperty("identity") Identity identity,
                                  @Header("host_id_list") String hostIdList,
                                  @Header("CamelHttpRawQuery") String rawQuery,
                                  @Header("x-rh-insights-request-id") String requestId) {
            calls.incrementAndGet();
            journal.add("delete for " + who(identity) + " " + hostIdList + " " + requestId);
            return new ApiResponse(200, null, List.of("{\"status\": \"received\"}", "{\"status\": \"success\"}"));
        }

        private ApiResponse edited(String call) {
            calls.incrementAndGet();
            journal.add(call);
            return ApiResponse.ok(200);
        }
    }
}
