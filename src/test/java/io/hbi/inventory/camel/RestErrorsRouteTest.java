package io.hbi.inventory.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.rest.ProblemException;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The error mapping of the REST routes (routes/error-handling.camel.yaml, the {@code rest-errors} route configuration,
 * and the real {@link ProblemResponses}): a tiny route that uses {@code rest-errors} throws what each case names; the
 * answer is the problem of that failure, through {@code direct:respond}, and the route goes no further.
 */
class RestErrorsRouteTest extends RestRouteTestSupport {

    private volatile RuntimeException failure;

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fails").routeId("fails").routeConfigurationId("rest-errors")
                        .process(exchange -> journal.add("before the failure"))
                        .process(exchange -> {
                            throw failure;
                        })
                        .process(exchange -> journal.add("after the failure"));
            }
        });
        context.start();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new InvalidInputException("Invalid request", "display_name: too long"), 400,
                        "Invalid request", "display_name: too long"),
                Arguments.of(new InvalidInputException("account: Length must be between 1 and 10."), 400,
                        "Bad Request", "account: Length must be between 1 and 10."),
                Arguments.of(new NotFoundException("No hosts found for deletion."), 404, "Not Found",
                        "No hosts found for deletion."),
                Arguments.of(new AuthenticationException("Provided apikey is not valid"), 401, "Unauthorized",
                        "Provided apikey is not valid"),
                Arguments.of(new StoreUnavailableException("Database unavailable: connection refused",
                        new SQLException("connection refused", "08001")), 503, "Service Unavailable",
                        "The database is unavailable; try again later."),
                Arguments.of(new ProblemException(415, "Unsupported Media Type", "expected JSON data"), 415,
                        "Unsupported Media Type", "expected JSON data"),
                // behind Camel's wrapper, as a bean invocation or an expression throws it
                Arguments.of(new RuntimeCamelException(new NotFoundException("wrapped")), 404, "Not Found", "wrapped"),
                // anything else: no internals in the answer
                Arguments.of(new IllegalStateException("internal detail that must not leak"), 500,
                        "Internal Server Error", "The server could not complete the request."),
                Arguments.of(new RuntimeCamelException(new IllegalArgumentException("internal")), 500,
                        "Internal Server Error", "The server could not complete the request."));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailureIsAnsweredWithItsProblem(RuntimeException thrown, int status, String title, String detail) {
        failure = thrown;

        Exchange answered = send("direct:fails", Map.of("x-rh-identity", IDENTITY), "request body");

        assertThat(answered.getException()).as("handled").isNull();
        assertThat(journal).containsExactly("before the failure", "respond " + status);
        assertThat(status(answered)).isEqualTo(status);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(status, title, detail));
        assertThat(answered.getMessage().getHeaders()).doesNotContainKey("x-rh-identity");
    }
}
