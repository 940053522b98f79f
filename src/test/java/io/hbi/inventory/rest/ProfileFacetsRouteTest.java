package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The system profile facets (routes/system-profile-facets.camel.yaml) with the real YAML routes and the real
 * authentication and answer steps, and a stub of {@link FacetOperations} with the same parameter bindings.
 */
class ProfileFacetsRouteTest extends RestRouteTestSupport {

    private final StubFacetOperations facets = new StubFacetOperations();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("facetOperations", facets);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/system-profile-facets.camel.yaml");
        context.start();
    }

    @ParameterizedTest
    @CsvSource({"get-operating-system, operatingSystems", "get-sap-system, sapSystems", "get-sap-sids, sapSids"})
    void eachFacetAuthenticatesThenCountsThenAnswers(String route, String method) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY,
                "CamelHttpRawQuery", "per_page=5"), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate " + ACCOUNT, method + " for " + ACCOUNT + " ?per_page=5",
                "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(json(answered)).isEqualTo(json("{\"facet\": \"" + method + "\"}"));
    }

    @ParameterizedTest
    @CsvSource({"get-operating-system", "get-sap-system", "get-sap-sids"})
    void withoutIdentityTheAnswerIs401AndNothingIsCounted(String route) {
        Exchange answered = send("direct:" + route, Map.of(), null);

        assertThat(journal).containsExactly("authenticate refused", "respond 401");
        assertThat(facets.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(401);
    }

    @Test
    void aRefusedFilterIsA400() {
        facets.failure = new InvalidInputException("Invalid filter key 'foo'");

        Exchange answered = send("direct:get-sap-sids", Map.of("x-rh-identity", IDENTITY,
                "CamelHttpRawQuery", "filter[foo]=1"), null);

        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "sapSids for " + ACCOUNT + " ?filter[foo]=1",
                "respond 400");
        assertThat(json(answered)).isEqualTo(problem(400, "Bad Request", "Invalid filter key 'foo'"));
    }

    /** The three facets of {@link FacetOperations}, with its parameter bindings. */
    public final class StubFacetOperations {
        final AtomicInteger calls = new AtomicInteger();
        volatile RuntimeException failure;

        public ApiResponse operatingSystems(@ExchangeProperty("identity") Identity identity,
                                            @Header("CamelHttpRawQuery") String rawQuery) {
            return count("operatingSystems", identity, rawQuery);
        }

        public ApiResponse sapSystems(@ExchangeProperty("identity") Identity identity,
                                      @Header("CamelHttpRawQuery") String rawQuery) {
            return count("sapSystems", identity, rawQuery);
        }

        public ApiResponse sapSids(@ExchangeProperty("identity") Identity identity,
                                   @Header("CamelHttpRawQuery") String rawQuery) {
            return count("sapSids", identity, rawQuery);
        }

        private ApiResponse count(String method, Identity identity, String rawQuery) {
            calls.incrementAndGet();
            journal.add(method + " for " + who(identity) + " ?" + rawQuery);
            if (failure != null) {
                throw failure;
            }
            return ApiResponse.ok(Map.of("facet", method));
        }
    }
}
