package io.hbi.inventory.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.camel.EventRecords;
import io.hbi.inventory.camel.ProblemResponses;
import io.hbi.inventory.camel.RequestLogContext;
import io.hbi.inventory.camel.RestResponses;
import io.hbi.inventory.camel.TransactionPolicy;
import io.hbi.inventory.events.OutboxRelay;
import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.identity.Authenticator;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.rest.ApiResponse;
import io.hbi.inventory.rest.JsonContentType;
import io.hbi.inventory.rest.ProblemException;
import io.hbi.inventory.rest.RequestAuthentication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;

/**
 * What the route tests of the REST operations share, in the manner of {@code ingest/IngestKafkaRouteTest}: the real
 * YAML of the shared steps ({@code routes/rest-support}, {@code error-handling}, {@code events}) beside the file under
 * test; the real adapters of the answer and error steps ({@link RestResponses}, {@link ProblemResponses},
 * {@link JsonContentType}, {@link RequestAuthentication}), the last two wrapped to write what they did into
 * {@link #journal}; the payload-tracker kamelet replaced by {@code mock:tracker}, the event kamelet by
 * {@code mock:events} and the relay's timer by {@code direct:outbox-relay}. Every answer writes
 * {@code "respond <status>"} into the journal as it enters {@code direct:respond}.
 */
public abstract class RestRouteTestSupport extends RouteTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** The account of {@link #IDENTITY}. */
    protected static final String ACCOUNT = "0000001";
    protected static final String IDENTITY = Identities.of(ACCOUNT);
    /** The bearer token of the trusted system. */
    protected static final String SECRET = "route-test-secret";

    /** What happened, in order: authentication, JSON check, the operation's bean, the answer. */
    protected final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    protected final InventoryMetrics metrics = new InventoryMetrics(new SimpleMeterRegistry());

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        registry.bind("requestAuthentication", new JournaledAuthentication(
                new RequestAuthentication(new Authenticator(SECRET), metrics), journal));
        registry.bind("jsonContentType", new JournaledJsonContentType(new JsonContentType(), journal));
        registry.bind("requestLogContext", new RequestLogContext());
        registry.bind("restResponses", new RestResponses());
        registry.bind("problemResponses", new ProblemResponses());
        registry.bind("inventoryMetrics", metrics);
        // the outbox relay of events.camel.yaml is built but never runs here (its timer is replaced)
        registry.bind("outboxTransaction", new TransactionPolicy(null));
        registry.bind("outboxRelay", new OutboxRelay(null, metrics, 1));
        registry.bind("eventRecords", new EventRecords());
    }

    /**
     * Loads the shared REST routes and {@code files}, and replaces the shared edges. The context is not started: the
     * test replaces the edges of its own routes, then calls {@code context.start()}.
     */
    protected void loadRoutes(String... files) throws Exception {
        List<String> all = new ArrayList<>(List.of("routes/rest-support.camel.yaml", "routes/error-handling.camel.yaml",
                "routes/events.camel.yaml"));
        all.addAll(List.of(files));
        YamlRoutes.load(context, all.toArray(String[]::new));
        AdviceWith.adviceWith(context, "respond", route -> route.weaveAddFirst().process(exchange -> {
            Object body = exchange.getMessage().getBody();
            journal.add("respond" + (body instanceof ApiResponse response ? " " + response.status() : ""));
        }));
        AdviceWith.adviceWith(context, "payload-tracker", route ->
                route.weaveByToUri("kamelet:payload-tracker-sink*").replace().to("mock:tracker"));
        AdviceWith.adviceWith(context, "outbox-relay", route -> route.replaceFromWith("direct:outbox-relay"));
        AdviceWith.adviceWith(context, "relay-batch", route ->
                route.weaveById("send-events").replace().to("mock:events"));
    }

    /** Sends {@code body} with {@code headers} to {@code uri}; returns the exchange as answered. */
    protected Exchange send(String uri, Map<String, Object> headers, Object body) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setHeaders(new HashMap<>(headers));
            exchange.getMessage().setBody(body);
        });
    }

    protected static Integer status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    protected static String contentType(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
    }

    protected static JsonNode json(Exchange exchange) {
        return json(exchange.getMessage().getBody(String.class));
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The problem body of decisions.md 6. */
    protected static JsonNode problem(int status, String title, String detail) {
        return JSON.createObjectNode().put("status", status).put("title", title).put("detail", detail)
                .put("type", "about:blank");
    }

    /**
     * The answer carries no payload-tracker messages and none reach the tracker: the decision is taken on the
     * request's thread (the property is null), the send would be on the side, so the mock is watched a while.
     */
    protected void assertNoTrackerMessages(Exchange answered) throws InterruptedException {
        assertThat(answered.getProperty(RestResponses.TRACKER_MESSAGES)).isNull();
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(0);
        tracker.setAssertPeriod(300);
        tracker.assertIsSatisfied();
    }

    /** Who an identity is, for journal lines. */
    protected static String who(Identity identity) {
        return identity == null ? "nobody" : identity.trusted() ? "trusted" : identity.accountNumber();
    }

    /**
     * The real {@link RequestAuthentication}, which writes into the journal {@code "authenticate <who>"} (or
     * {@code "authenticate or bearer <who>"}), or {@code "... refused"} when it throws.
     */
    public static final class JournaledAuthentication {
        private final RequestAuthentication authentication;
        private final List<String> journal;

        public JournaledAuthentication(RequestAuthentication authentication, List<String> journal) {
            this.authentication = authentication;
            this.journal = journal;
        }

        public Identity identity(String identityHeader) {
            return journaled("authenticate", () -> authentication.identity(identityHeader));
        }

        public Identity identityOrBearer(String identityHeader, String authorization) {
            return journaled("authenticate or bearer",
                    () -> authentication.identityOrBearer(identityHeader, authorization));
        }

        private Identity journaled(String step, Supplier<Identity> authenticate) {
            try {
                Identity identity = authenticate.get();
                journal.add(step + " " + who(identity));
                return identity;
            } catch (AuthenticationException e) {
                journal.add(step + " refused");
                throw e;
            }
        }
    }

    /** The real {@link JsonContentType}, which writes {@code "require json"} (or {@code "... refused"}). */
    public static final class JournaledJsonContentType {
        private final JsonContentType contentType;
        private final List<String> journal;

        public JournaledJsonContentType(JsonContentType contentType, List<String> journal) {
            this.contentType = contentType;
            this.journal = journal;
        }

        public void require(String type, String body) {
            try {
                contentType.require(type, body);
                journal.add("require json");
            } catch (ProblemException e) {
                journal.add("require json refused");
                throw e;
            }
        }
    }
}
