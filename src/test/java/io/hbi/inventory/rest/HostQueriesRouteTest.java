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
 * The read operations (routes/host-queries.camel.yaml) with the real YAML routes and the real authentication and answer
 * steps, and a stub of {@link ReadOperations} with the same parameter bindings: each route authenticates, calls its
 * read, answers through {@code direct:respond}; a request without identity is a 401 that never reaches the read.
 */
class HostQueriesRouteTest extends RestRouteTestSupport {

    private static final String IDS = "6e2ab0e8-2a65-4ec5-a4b3-8d7e7c9b0d41";

    private final StubReadOperations reads = new StubReadOperations();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("readOperations", reads);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/host-queries.camel.yaml");
        context.start();
    }

    @ParameterizedTest
    @CsvSource({"get-host-list, listHosts", "get-host-by-id, hostsById",
            "get-host-system-profile-by-id, systemProfiles", "get-host-tag-by-id, hostTags",
            "get-host-tag-count, hostTagCounts", "get-tags, accountTags"})
    void eachReadAuthenticatesThenReadsThenAnswers(String route, String method) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "host_id_list", IDS,
                "CamelHttpRawQuery", "per_page=5"), null);

        assertThat(answered.getException()).isNull();
        String ids = method.equals("listHosts") || method.equals("accountTags") ? "" : " " + IDS;
        assertThat(journal).containsExactly("authenticate " + ACCOUNT,
                method + " for " + ACCOUNT + ids + " ?per_page=5", "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(contentType(answered)).isEqualTo("application/json");
        assertThat(json(answered)).isEqualTo(json("{\"read\": \"" + method + "\"}"));
    }

    @ParameterizedTest
    @CsvSource({"get-host-list", "get-host-by-id", "get-host-system-profile-by-id", "get-host-tag-by-id",
            "get-host-tag-count", "get-tags"})
    void withoutIdentityTheAnswerIs401AndNothingIsRead(String route) {
        Exchange answered = send("direct:" + route, Map.of("host_id_list", IDS), null);

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate refused", "respond 401");
        assertThat(reads.calls).hasValue(0);
        assertThat(status(answered)).isEqualTo(401);
        assertThat(contentType(answered)).isEqualTo("application/problem+json");
        assertThat(json(answered)).isEqualTo(problem(401, "Unauthorized", "No authorization token provided"));
    }

    @Test
    void aReadThatRefusesItsParametersIsA400() {
        reads.failure = new InvalidInputException("per_page: must be at most 100");

        Exchange answered = send("direct:get-host-list", Map.of("x-rh-identity", IDENTITY,
                "CamelHttpRawQuery", "per_page=500"), null);

        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "listHosts for " + ACCOUNT + " ?per_page=500",
                "respond 400");
        assertThat(json(answered)).isEqualTo(problem(400, "Bad Request", "per_page: must be at most 100"));
    }

    /** The six reads of {@link ReadOperations}, with its parameter bindings: each records its call and answers. */
    public final class StubReadOperations {
        final AtomicInteger calls = new AtomicInteger();
        volatile RuntimeException failure;

        public ApiResponse listHosts(@ExchangeProperty("identity") Identity identity,
                                     @Header("CamelHttpRawQuery") String rawQuery) {
            return read("listHosts", identity, null, rawQuery);
        }

        public ApiResponse hostsById(@ExchangeProperty("identity") Identity identity,
                                     @Header("host_id_list") String hostIdList,
                                     @Header("CamelHttpRawQuery") String rawQuery) {
            return read("hostsById", identity, hostIdList, rawQuery);
        }

        public ApiResponse systemProfiles(@ExchangeProperty("identity") Identity identity,
                                          @Header("host_id_list") String hostIdList,
                                          @Header("CamelHttpRawQuery") String rawQuery) {
            return read("systemProfiles", identity, hostIdList, rawQuery);
        }

        public ApiResponse hostTags(@ExchangeProperty("identity") Identity identity,
                                    @Header("host_id_list") String hostIdList,
                                    @Header("CamelHttpRawQuery") String rawQuery) {
            return read("hostTags", identity, hostIdList, rawQuery);
        }

        public ApiResponse hostTagCounts(@ExchangeProperty("identity") Identity identity,
                                         @Header("host_id_list") String hostIdList,
                                         @Header("CamelHttpRawQuery") String rawQuery) {
            return read("hostTagCounts", identity, hostIdList, rawQuery);
        }

        public ApiResponse accountTags(@ExchangeProperty("identity") Identity identity,
                                       @Header("CamelHttpRawQuery") String rawQuery) {
            return read("accountTags", identity, null, rawQuery);
        }

        private ApiResponse read(String method, Identity identity, String hostIdList, String rawQuery) {
            calls.incrementAndGet();
            journal.add(method + " for " + who(identity) + (hostIdList == null ? "" : " " + hostIdList) + " ?"
                    + rawQuery);
            if (failure != null) {
                throw failure;
            }
            return ApiResponse.ok(Map.of("read", method));
        }
    }
}
