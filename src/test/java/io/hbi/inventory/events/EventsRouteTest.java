package io.hbi.inventory.events;

import io.hbi.inventory.support.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.camel.EventRecords;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.support.YamlRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Policy;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay and the payload-tracker route (routes/events.camel.yaml, decisions.md 8) with the real YAML and the
 * real {@link EventRecords}: the relay's timer is replaced by {@code direct:outbox-relay}, the two kamelets by
 * {@code mock:events} and {@code mock:tracker}; the transaction policy ({@code outboxTransaction}) and the relay's
 * store side ({@code outboxRelay}) are stubs that write what they did into one journal, so the order of claim, send,
 * mark published and commit is asserted.
 */
class EventsRouteTest extends RouteTestSupport {

    /** The most batches one run of the relay publishes (the route's loop). */
    private static final int BATCHES_PER_RUN = 20;

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final StubOutboxRelay relay = new StubOutboxRelay();
    private final InventoryMetrics metrics = new InventoryMetrics(new SimpleMeterRegistry());

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("outboxTransaction", new JournaledTransaction());
        registry.bind("outboxRelay", relay);
        registry.bind("eventRecords", new EventRecords());
        registry.bind("inventoryMetrics", metrics);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        YamlRoutes.load(context, "routes/events.camel.yaml");
        AdviceWith.adviceWith(context, "outbox-relay", route -> route.replaceFromWith("direct:outbox-relay"));
        AdviceWith.adviceWith(context, "relay-batch", route -> route.weaveById("send-events").replace().to("mock:events"));
        AdviceWith.adviceWith(context, "payload-tracker", route ->
                route.weaveByToUri("kamelet:payload-tracker-sink*").replace().to("mock:tracker"));
        getMockEndpoint("mock:events").whenAnyExchangeReceived(exchange ->
                journal.add("send " + exchange.getMessage().getBody(List.class).size()));
        context.start();
    }

    // ---------------------------------------------------------------------------------------------------------
    // the relay

    @Test
    void aBatchIsClaimedSentMarkedPublishedAndCommittedInThatOrder() throws Exception {
        relay.claims.add(new OutboxRelay.Claim(List.of(
                event(1, "platform.inventory.events", "host-a", "created", "{\"type\": \"created\"}"),
                event(1, "platform.inventory.host-egress", "host-a", "created", "{\"type\": \"created\"}"),
                event(2, "platform.inventory.events", "host-b", "delete", "{\"type\": \"delete\"}")), false));
        MockEndpoint events = getMockEndpoint("mock:events");
        events.expectedMessageCount(1);

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(journal).containsExactly("begin transaction 1", "claim in transaction 1", "send 3",
                "published 3 in transaction 1", "commit transaction 1");
        events.assertIsSatisfied(5_000);
        List<?> records = events.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(records).hasSize(3);
        assertThat(records).extracting(record -> ((Message) record).getHeader(KafkaConstants.OVERRIDE_TOPIC))
                .containsExactly("platform.inventory.events", "platform.inventory.host-egress",
                        "platform.inventory.events");
        assertThat(records).extracting(record -> ((Message) record).getHeader(KafkaConstants.KEY))
                .containsExactly("host-a", "host-a", "host-b");
        assertThat(records).extracting(record -> ((Message) record).getHeader("event_type"))
                .containsExactly("created", "created", "delete");
        assertThat(records).extracting(record -> ((Message) record).getBody(String.class))
                .containsExactly("{\"type\": \"created\"}", "{\"type\": \"created\"}", "{\"type\": \"delete\"}");
    }

    @Test
    void fullBatchesAreFollowedByAnotherInTheSameRunAndAPartialOneEndsTheRun() {
        relay.claims.add(claimOf(3, true));
        relay.claims.add(claimOf(3, true));
        relay.claims.add(claimOf(1, false));
        relay.claims.add(claimOf(3, true)); // for the next run

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(journal).containsExactly(
                "begin transaction 1", "claim in transaction 1", "send 3", "published 3 in transaction 1",
                "commit transaction 1",
                "begin transaction 2", "claim in transaction 2", "send 3", "published 3 in transaction 2",
                "commit transaction 2",
                "begin transaction 3", "claim in transaction 3", "send 1", "published 1 in transaction 3",
                "commit transaction 3");
        assertThat(relay.claims).as("the next run's batch is left for the next run").hasSize(1);
    }

    @Test
    void aRunPublishesAtMostTwentyBatchesWhileTheyComeFull() {
        relay.whenNoneQueued = claimOf(2, true);

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(relay.claimed).hasValue(BATCHES_PER_RUN);
        assertThat(journal).filteredOn(entry -> entry.startsWith("published")).hasSize(BATCHES_PER_RUN);
        assertThat(journal).filteredOn(entry -> entry.startsWith("commit")).hasSize(BATCHES_PER_RUN);
        assertThat(journal.get(journal.size() - 1)).isEqualTo("commit transaction " + BATCHES_PER_RUN);

        template.send("direct:outbox-relay", exchange -> { });
        assertThat(relay.claimed).as("the next run starts again").hasValue(2 * BATCHES_PER_RUN);
    }

    @Test
    void anEmptyClaimSendsNothingAndCommits() {
        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(journal).containsExactly("begin transaction 1", "claim in transaction 1", "commit transaction 1");
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
    }

    @Test
    void aFailedSendRollsBackNeverMarksPublishedCallsFailedAndEndsTheRunQuietly() {
        relay.whenNoneQueued = claimOf(4, true);
        getMockEndpoint("mock:events").whenAnyExchangeReceived(exchange -> {
            journal.add("send failed");
            throw new IllegalStateException("broker unavailable");
        });

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).as("the route does not throw").isNull();
        assertThat(journal).as("one batch: a failure ends the run although the batch was full").containsExactly(
                "begin transaction 1", "claim in transaction 1", "send failed", "rollback transaction 1",
                "failed 4");
    }

    @Test
    void anUnavailableOutboxEndsTheRunWithoutCountingEventsAsFailed() {
        relay.whenNoneQueued = claimOf(4, true);
        relay.claimFailure = new StoreUnavailableException("Database unavailable: connection refused", null);

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(journal).containsExactly("begin transaction 1", "claim in transaction 1",
                "rollback transaction 1");
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
    }

    @Test
    void aFailureToMarkPublishedRollsBackAndCountsTheEventsAsFailed() {
        relay.whenNoneQueued = claimOf(2, false);
        relay.publishedFailure = new IllegalStateException("outbox rows locked");

        Exchange run = template.send("direct:outbox-relay", exchange -> { });

        assertThat(run.getException()).isNull();
        assertThat(journal).containsExactly("begin transaction 1", "claim in transaction 1", "send 2",
                "published 2 in transaction 1", "rollback transaction 1", "failed 2");
    }

    // ---------------------------------------------------------------------------------------------------------
    // the payload tracker

    @Test
    void thePayloadTrackerSendsTheTrackerMessagesProperty() throws Exception {
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(1);

        Exchange sent = template.send("direct:payload-tracker", exchange -> {
            exchange.setProperty("trackerMessages", List.of("{\"status\": \"received\"}", "{\"status\": \"success\"}"));
            exchange.getMessage().setBody("the answer, not a tracker message");
        });

        assertThat(sent.getException()).isNull();
        tracker.assertIsSatisfied(5_000);
        assertThat(tracker.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .containsExactly("{\"status\": \"received\"}", "{\"status\": \"success\"}");
    }

    @Test
    void withoutTrackerMessagesThePayloadTrackerSendsNothing() {
        Exchange sent = template.send("direct:payload-tracker", exchange ->
                exchange.getMessage().setBody("the answer, not a tracker message"));

        assertThat(sent.getException()).isNull();
        assertThat(getMockEndpoint("mock:tracker").getReceivedCounter()).isZero();
    }

    @Test
    void aFailedPayloadTrackerSendIsCountedAndSwallowed() {
        getMockEndpoint("mock:tracker").whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("payload-tracker broker unavailable");
        });

        Exchange sent = template.send("direct:payload-tracker", exchange ->
                exchange.setProperty("trackerMessages", List.of("{\"status\": \"received\"}")));

        assertThat(sent.getException()).isNull();
        assertThat(getMockEndpoint("mock:tracker").getReceivedCounter()).isEqualTo(1);
        assertThat(metrics.registry().get("inventory_payload_tracker_message_send_failure_count").counter().count())
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static OutboxEvent event(long id, String topic, String key, String type, String payload) {
        return new OutboxEvent(id, topic, key, Map.of("event_type", type), payload);
    }

    private static OutboxRelay.Claim claimOf(int events, boolean full) {
        List<OutboxEvent> claimed = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            claimed.add(event(i + 1, "platform.inventory.events", "host-" + i, "created", "{}"));
        }
        return new OutboxRelay.Claim(claimed, full);
    }

    /** A connection that is only a name: the stubs below never run SQL. */
    private static Connection connection(String name) {
        return (Connection) Proxy.newProxyInstance(EventsRouteTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> name.hashCode();
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * The {@code outboxTransaction} policy: as {@code TransactionPolicy}, puts a connection into the exchange property
     * {@code inventoryConnection} while the wrapped steps run, then commits when they all succeeded, rolls back
     * otherwise; writes each into the journal.
     */
    private final class JournaledTransaction implements Policy {
        private final AtomicInteger transactions = new AtomicInteger();

        @Override
        public void beforeWrap(Route route, NamedNode definition) {
            // nothing to prepare
        }

        @Override
        public Processor wrap(Route route, Processor processor) {
            return new DelegateAsyncProcessor(processor) {
                @Override
                public boolean process(Exchange exchange, AsyncCallback callback) {
                    String name = "transaction " + transactions.incrementAndGet();
                    journal.add("begin " + name);
                    exchange.setProperty("inventoryConnection", connection(name));
                    return super.process(exchange, doneSync -> {
                        exchange.removeProperty("inventoryConnection");
                        boolean failed = exchange.getException() != null || exchange.isRollbackOnly();
                        journal.add((failed ? "rollback " : "commit ") + name);
                        callback.done(doneSync);
                    });
                }
            };
        }
    }

    /**
     * {@link OutboxRelay}'s three steps by name: {@code claim} returns the queued claims in order, then
     * {@link #whenNoneQueued} (an empty claim unless set); {@code published} and {@code failed} record their call.
     */
    public final class StubOutboxRelay {
        final Deque<OutboxRelay.Claim> claims = new ArrayDeque<>();
        final AtomicInteger claimed = new AtomicInteger();
        volatile OutboxRelay.Claim whenNoneQueued = new OutboxRelay.Claim(List.of(), false);
        volatile RuntimeException claimFailure;
        volatile RuntimeException publishedFailure;

        public OutboxRelay.Claim claim(Connection connection) {
            claimed.incrementAndGet();
            journal.add("claim in " + connection);
            if (claimFailure != null) {
                throw claimFailure;
            }
            OutboxRelay.Claim next = claims.poll();
            return next == null ? whenNoneQueued : next;
        }

        public void published(Connection connection, OutboxRelay.Claim claim) {
            journal.add("published " + claim.getEvents().size() + " in " + connection);
            if (publishedFailure != null) {
                throw publishedFailure;
            }
        }

        public void failed(OutboxRelay.Claim claim) {
            journal.add("failed " + (claim == null ? "nothing claimed" : claim.getEvents().size()));
        }
    }
}
