package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.support.CapturedLog;
import io.hbi.inventory.support.RestRouteTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The group operations (routes/groups.camel.yaml) with the real YAML routes, the real authentication, JSON check and
 * answer steps, and stubs of {@link GroupOperations} (same parameter bindings) and of the rename's events: authenticate,
 * require JSON for a body, the operation, answer; a rename's events are written after the answer, on the side, and a
 * failure there is logged for the timer to resume; the timer resumes stalled walks.
 */
class GroupsRouteTest extends RestRouteTestSupport {

    private static final String GROUP = "0c5a3e1e-9f4b-4d0a-8b57-2f7c1c1d5e11";

    private final StubGroupOperations operations = new StubGroupOperations();
    private final StubFanout fanout = new StubFanout();
    private CapturedLog log;

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("groupOperations", operations);
        registry.bind("groupEventFanout", fanout);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadRoutes("routes/groups.camel.yaml");
        AdviceWith.adviceWith(context, "group-event-fanout-resume", route ->
                route.replaceFromWith("direct:group-event-fanout-resume"));
        context.start();
        log = CapturedLog.of("group-event-fanout");
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @ParameterizedTest
    @CsvSource({"get-group-list, listGroups", "get-groups-by-id, groupsById", "get-host-list-by-group, groupHosts",
            "delete-groups, deleteGroups", "delete-hosts-from-group, removeHosts",
            "delete-hosts-from-different-groups, removeFromGroups"})
    void anOperationWithoutBodyAuthenticatesOperatesThenAnswers(String route, String method) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "group_id", GROUP,
                "group_id_list", GROUP, "host_id_list", GROUP, "Content-Type", "text/plain"), "ignored");

        assertThat(answered.getException()).isNull();
        assertThat(journal).containsExactly("authenticate " + ACCOUNT, method + " for " + ACCOUNT, "respond 200");
        assertThat(status(answered)).isEqualTo(200);
        assertThat(fanout.runs).hasValue(0);
    }

    @ParameterizedTest
    @CsvSource({"create-group, createGroup, 201", "add-host-list-to-group, addHosts, 200",
            "patch-group-by-id, patchGroup, 200"})
    void anOperationWithABodyRequiresJson(String route, String method, int status) {
        Exchange answered = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "group_id", GROUP,
                "group_id_list", GROUP, "Content-Type", "application/json"), "{\"host_ids\": []}");

        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "require json",
                method + " for " + ACCOUNT, "respond " + status);
        assertThat(status(answered)).isEqualTo(status);

        journal.clear();
        Exchange refused = send("direct:" + route, Map.of("x-rh-identity", IDENTITY, "group_id", GROUP,
                "group_id_list", GROUP, "Content-Type", "text/plain"), "a=1");
        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "require json refused", "respond 415");
        assertThat(status(refused)).isEqualTo(415);
    }

    @Test
    void withoutIdentityTheAnswerIs401BeforeAnyOtherStep() {
        Exchange answered = send("direct:create-group", Map.of("Content-Type", "text/plain"), "a=1");

        assertThat(journal).containsExactly("authenticate refused", "respond 401");
        assertThat(status(answered)).isEqualTo(401);
        assertThat(operations.calls).hasValue(0);
    }

    @Test
    void aRenameAnswersFirstThenWritesItsMembersEventsOnTheSide() {
        operations.rename = true;

        Exchange answered = send("direct:patch-group-by-id", Map.of("x-rh-identity", IDENTITY, "group_id_list", GROUP,
                "Content-Type", "application/json"), "{\"name\": \"new\"}");

        assertThat(status(answered)).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fanout.runs.get() == 1);
        assertThat(journal).containsExactly("authenticate " + ACCOUNT, "require json", "patchGroup for " + ACCOUNT,
                "respond 200", "fan out " + GROUP);
    }

    @Test
    void aPatchThatDoesNotRenameWritesNoMoreEvents() throws Exception {
        Exchange answered = send("direct:patch-group-by-id", Map.of("x-rh-identity", IDENTITY, "group_id_list", GROUP,
                "Content-Type", "application/json"), "{\"host_ids\": []}");

        assertThat(status(answered)).isEqualTo(200);
        assertThat(answered.getProperty(GroupOperations.RENAMED_GROUP)).isNull();
        assertThat(fanout.runs).hasValue(0);
    }

    @Test
    void aRenameWhoseEventsFailIsLoggedForTheTimer() {
        operations.rename = true;
        fanout.failure = new StoreUnavailableException("Database unavailable: connection refused", null);

        Exchange answered = send("direct:patch-group-by-id", Map.of("x-rh-identity", IDENTITY, "group_id_list", GROUP,
                "Content-Type", "application/json"), "{\"name\": \"new\"}");

        assertThat(status(answered)).as("the rename has committed").isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !log.lines().isEmpty());
        assertThat(log.lines()).containsExactly("WARN Events of a renamed group not all written, will resume:"
                + " Database unavailable: connection refused");
    }

    @Test
    void theTimerResumesStalledWalks() {
        Exchange tick = template.send("direct:group-event-fanout-resume", exchange -> { });

        assertThat(tick.getException()).isNull();
        assertThat(journal).containsExactly("resume stalled");
    }

    /** The operations of {@link GroupOperations}, with its parameter bindings: each records its call and answers. */
    public final class StubGroupOperations {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean rename;

        public ApiResponse listGroups(@ExchangeProperty("identity") Identity identity,
                                      @Header("CamelHttpRawQuery") String rawQuery) {
            return answered("listGroups", identity, 200);
        }

        public ApiResponse groupsById(@ExchangeProperty("identity") Identity identity,
                                      @Header("group_id_list") String groupIdList,
                                      @Header("CamelHttpRawQuery") String rawQuery) {
            return answered("groupsById", identity, 200);
        }

        public ApiResponse createGroup(@ExchangeProperty("identity") Identity identity,
                                       @Header("CamelHttpRawQuery") String rawQuery,
                                       @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            return answered("createGroup", identity, 201);
        }

        public ApiResponse patchGroup(@ExchangeProperty("identity") Identity identity,
                                      @Header("group_id_list") String groupId,
                                      @Header("CamelHttpRawQuery") String rawQuery,
                                      @Header("x-rh-insights-request-id") String requestId, @Body String body,
                                      @ExchangeProperties Map<String, Object> properties) {
            if (rename) {
                properties.put(GroupOperations.RENAMED_GROUP, UUID.fromString(groupId));
            }
            return answered("patchGroup", identity, 200);
        }

        public ApiResponse deleteGroups(@ExchangeProperty("identity") Identity identity,
                                        @Header("group_id_list") String groupIdList,
                                        @Header("CamelHttpRawQuery") String rawQuery,
                                        @Header("x-rh-insights-request-id") String requestId) {
            return answered("deleteGroups", identity, 200);
        }

        public ApiResponse groupHosts(@ExchangeProperty("identity") Identity identity,
                                      @Header("group_id") String groupId,
                                      @Header("CamelHttpRawQuery") String rawQuery) {
            return answered("groupHosts", identity, 200);
        }

        public ApiResponse addHosts(@ExchangeProperty("identity") Identity identity,
                                    @Header("group_id") String groupId,
                                    @Header("CamelHttpRawQuery") String rawQuery,
                                    @Header("x-rh-insights-request-id") String requestId, @Body String body) {
            return answered("addHosts", identity, 200);
        }

        public ApiResponse removeHosts(@ExchangeProperty("identity") Identity identity,
                                       @Header("group_id") String groupId,
                                       @Header("host_id_list") String hostIdList,
                                       @Header("CamelHttpRawQuery") String rawQuery,
                                       @Header("x-rh-insights-request-id") String requestId) {
            return answered("removeHosts", identity, 200);
        }

        public ApiResponse removeFromGroups(@ExchangeProperty("identity") Identity identity,
                                            @Header("host_id_list") String hostIdList,
                                            @Header("CamelHttpRawQuery") String rawQuery,
                                            @Header("x-rh-insights-request-id") String requestId) {
            return answered("removeFromGroups", identity, 200);
        }

        private ApiResponse answered(String method, Identity identity, int status) {
            calls.incrementAndGet();
            journal.add(method + " for " + who(identity));
            return new ApiResponse(status, Map.of("ok", true));
        }
    }

    /** {@link io.hbi.inventory.groups.GroupEventFanout}: records its calls, fails with {@link #failure} when set. */
    public final class StubFanout {
        final AtomicInteger runs = new AtomicInteger();
        volatile RuntimeException failure;

        public int run(UUID group) {
            journal.add("fan out " + group);
            runs.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return 1;
        }

        public int resumeStalled() {
            journal.add("resume stalled");
            return 0;
        }
    }
}
