package io.hbi.inventory.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.rest.ApiResponse;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The steps every REST operation shares (routes/rest-support.camel.yaml) with the real YAML and the real
 * {@link RestResponses}: the answer step ({@code direct:respond}), the JSON check ({@code direct:require-json}) and
 * authentication ({@code direct:authenticate}), entered directly; the payload-tracker kamelet is {@code mock:tracker}.
 */
class RestSupportRouteTest extends RestRouteTestSupport {

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes();
        context.start();
    }

    // ---------------------------------------------------------------------------------------------------------
    // direct:respond

    @Test
    void anApiResponseBecomesItsStatusJsonContentTypeAndJsonBody() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "a");
        body.put("count", 2);

        Exchange answered = send("direct:respond", Map.of("x-rh-identity", IDENTITY, "Content-Type", "text/plain",
                "Authorization", "Bearer " + SECRET), new ApiResponse(201, body));

        assertThat(answered.getException()).isNull();
        assertThat(status(answered)).isEqualTo(201);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(json(answered)).isEqualTo(json("{\"id\": \"a\", \"count\": 2}"));
        assertThat(answered.getMessage().getHeaders()).as("request headers are not echoed")
                .doesNotContainKeys("x-rh-identity", "Authorization");
        assertNoTrackerMessages(answered);
    }

    @ParameterizedTest
    @CsvSource({"200, application/json", "207, application/json", "399, application/json",
            "400, application/problem+json", "404, application/problem+json", "503, application/problem+json"})
    void anErrorStatusIsServedAsProblemJson(int status, String expectedType) {
        Exchange answered = send("direct:respond", Map.of(), ApiResponse.problem(status, "Title", "detail"));

        assertThat(status(answered)).isEqualTo(status);
        assertThat(contentType(answered)).isEqualTo(expectedType);
        assertThat(json(answered)).isEqualTo(problem(status, "Title", "detail"));
    }

    /** A body Jackson writes as {"hosts": n} and whose text form counts how often something asked for it. */
    public static final class CountedBody {
        private final java.util.concurrent.atomic.AtomicInteger asText = new java.util.concurrent.atomic.AtomicInteger();

        public int getHosts() {
            return 50;
        }

        @Override
        public String toString() {
            asText.incrementAndGet();
            return "CountedBody";
        }
    }

    @Test
    void theAnswerIsWrittenOnceAsJsonAndNeverAsTextOnTheWay() {
        CountedBody body = new CountedBody();

        Exchange answered = send("direct:respond", Map.of(), new ApiResponse(200, body));

        assertThat(json(answered)).isEqualTo(json("{\"hosts\": 50}"));
        assertThat(body.asText).as("a page of hosts turned into text (once more) on its way to the marshal")
                .hasValue(0);
    }

    @Test
    void aNullBodyIsAnEmptyBodyWithoutContentType() {
        Exchange answered = send("direct:respond", Map.of("Content-Type", "application/json"),
                new ApiResponse(200, null));

        assertThat(status(answered)).isEqualTo(200);
        assertThat(answered.getMessage().getBody()).isEqualTo("");
        assertThat(answered.getMessage().getHeaders()).as("not even the request's")
                .doesNotContainKey(Exchange.CONTENT_TYPE);
    }

    @Test
    void aBodyThatIsNotAnApiResponseIsA200WithThatBody() {
        Exchange answered = send("direct:respond", Map.of(), Map.of("version", "abc123"));

        assertThat(status(answered)).isEqualTo(200);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(json(answered)).isEqualTo(json("{\"version\": \"abc123\"}"));
    }

    @Test
    void trackerMessagesOfTheAnswerGoToThePayloadTracker() throws Exception {
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(1);

        Exchange answered = send("direct:respond", Map.of(),
                new ApiResponse(207, Map.of("total", 1), List.of("{\"status\": \"received\"}", "{\"status\": \"success\"}")));

        assertThat(status(answered)).isEqualTo(207);
        assertThat(json(answered)).as("the messages are not part of the answer")
                .isEqualTo(json("{\"total\": 1}"));
        tracker.assertIsSatisfied(5_000);
        assertThat(tracker.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .containsExactly("{\"status\": \"received\"}", "{\"status\": \"success\"}");
    }

    @Test
    void anAnswerWithoutTrackerMessagesSendsNothingToThePayloadTracker() throws Exception {
        Exchange answered = send("direct:respond", Map.of(), new ApiResponse(207, Map.of("total", 0), List.of()));

        assertThat(status(answered)).isEqualTo(207);
        assertNoTrackerMessages(answered);
    }

    // ---------------------------------------------------------------------------------------------------------
    // direct:require-json

    @Test
    void aBodyThatIsNotJsonIsA415ProblemAnswer() throws Exception {
        Exchange answered = send("direct:require-json", Map.of("Content-Type", "text/plain"), "[{}]");

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("require json refused", "respond 415");
        assertThat(status(answered)).isEqualTo(415);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(415, "Unsupported Media Type",
                "Invalid Content-type (text/plain), expected JSON data"));
        assertNoTrackerMessages(answered);
    }

    @ParameterizedTest
    @CsvSource(value = {"application/json, [{}]", "application/vnd.api+json; charset=utf-8, {}", "text/plain, ''",
            "NULL, NULL"}, nullValues = "NULL")
    void aJsonBodyOrNoBodyPassesUnchanged(String type, String body) {
        Map<String, Object> headers = new HashMap<>();
        if (type != null) {
            headers.put("Content-Type", type);
        }

        Exchange passed = send("direct:require-json", headers, body);

        assertThat(passed.getException()).isNull();
        assertThat(journal).containsExactly("require json");
        assertThat(status(passed)).as("not answered yet").isNull();
        assertThat(passed.getMessage().getBody(String.class)).isEqualTo(body);
    }

    // ---------------------------------------------------------------------------------------------------------
    // direct:authenticate

    @Test
    void aValidIdentityBecomesTheIdentityProperty() {
        Exchange passed = send("direct:authenticate", Map.of("x-rh-identity", IDENTITY), "body");

        assertThat(passed.getException()).isNull();
        assertThat(journal).containsExactly("authenticate " + ACCOUNT);
        assertThat(passed.getProperty("identity")).isEqualTo(Identity.ofAccount(ACCOUNT));
        assertThat(status(passed)).as("not answered yet").isNull();
        assertThat(passed.getMessage().getBody()).isEqualTo("body");
    }

    @Test
    void aMissingIdentityIsA401ProblemAnswerAndCounted() throws Exception {
        Exchange answered = send("direct:authenticate", Map.of("Authorization", "Bearer " + SECRET), "body");

        assertThat(answered.getException()).isNull();
        assertThat(journal).as("the bearer token counts only where allowed")
                .containsExactly("authenticate refused", "respond 401");
        assertThat(status(answered)).isEqualTo(401);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(401, "Unauthorized", "No authorization token provided"));
        assertThat(answered.getProperty("identity")).isNull();
        assertThat(metrics.registry().get("inventory_login_failure_count").counter().count()).isEqualTo(1);
    }
}
