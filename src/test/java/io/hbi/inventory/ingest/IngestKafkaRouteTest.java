package io.hbi.inventory.ingest;

import io.hbi.inventory.support.RouteTestSupport;
import io.hbi.inventory.camel.EventRecords;
import io.hbi.inventory.camel.TransactionPolicy;
import io.hbi.inventory.events.OutboxRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.camel.KafkaIngressBatch;
import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.store.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.junit.jupiter.api.Test;

/**
 * The error branches of the Kafka ingress route (routes/ingest-kafka.camel.yaml, decisions 5 and 9) with the
 * real YAML routes and the real {@link KafkaIngressBatch} adapter: the {@code kafka:} consumer is replaced by
 * {@code direct:ingress} carrying a batch of record exchanges (with a recording {@link KafkaManualCommit} each),
 * the dead-letter and payload-tracker sends by mocks, and the Kafka door by a stub.
 */
public class IngestKafkaRouteTest extends RouteTestSupport {

    private static final String TOPIC = "ingress-topic";

    /** What happened, in order: ingest calls, dead-letter sends and offset commits. */
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final StubKafkaIngress ingress = new StubKafkaIngress(journal);
    private final InventoryMetrics metrics = new InventoryMetrics(new SimpleMeterRegistry());

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("kafkaIngress", ingress);
        registry.bind("kafkaIngressBatch", new KafkaIngressBatch(metrics));
        registry.bind("inventoryMetrics", metrics);
        // the relay of events.camel.yaml is built but never runs here (its timer is replaced below)
        registry.bind("outboxRelay", new OutboxRelay(null, metrics, 1));
        registry.bind("outboxTransaction", new TransactionPolicy(null));
        registry.bind("eventRecords", new EventRecords());
    }

    /** Loads the two YAML files, replaces the edges, starts the context. */
    private void startRoutes(boolean trackerFails) throws Exception {
        for (String file : List.of("routes/ingest-kafka.camel.yaml", "routes/events.camel.yaml")) {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
        }
        AdviceWith.adviceWith(context, "ingest-kafka", route -> {
            route.replaceFromWith("direct:ingress");
            route.weaveById("send-dead-letters").replace().to("mock:dlq");
        });
        AdviceWith.adviceWith(context, "payload-tracker", route -> {
            if (trackerFails) {
                route.weaveByToUri("kamelet:payload-tracker-sink*").replace()
                        .throwException(new IllegalStateException("payload-tracker broker unavailable"));
            } else {
                route.weaveByToUri("kamelet:payload-tracker-sink*").replace().to("mock:tracker");
            }
        });
        AdviceWith.adviceWith(context, "outbox-relay", route -> route.replaceFromWith("direct:relay-not-used"));
        context.start();
    }

    @Test
    void deadLettersAreSentToTheDeadLetterTopicBeforeTheOffsetsAreCommitted() throws Exception {
        startRoutes(false);
        ingress.result = new KafkaIngress.BatchResult(
                List.of(new KafkaIngress.DeadLetter(bytes("not json"), "message is not valid JSON", TOPIC, 0, 11)),
                List.of("{\"status\": \"received\"}", "{\"status\": \"success\"}"), 2, 0);
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        dlq.expectedMessageCount(1);
        dlq.whenAnyExchangeReceived(exchange -> journal.add("dead letters sent"));
        MockEndpoint tracker = getMockEndpoint("mock:tracker");
        tracker.expectedMessageCount(1);

        Exchange done = template.send("direct:ingress", exchange -> exchange.getMessage().setBody(
                List.of(record(0, 10, "{}"), record(0, 11, "not json"), record(1, 5, "{}"))));

        assertThat(done.getException()).isNull();
        dlq.assertIsSatisfied(5_000);
        assertThat(journal).containsExactly("ingest ok", "dead letters sent", "commit " + TOPIC + "-0@11",
                "commit " + TOPIC + "-1@5");
        List<?> records = dlq.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(records).hasSize(1);
        Message letter = (Message) records.get(0);
        assertThat(letter.getBody(byte[].class)).isEqualTo(bytes("not json"));
        assertThat(letter.getHeader("dlq_reason")).isEqualTo("message is not valid JSON");
        assertThat(letter.getHeader("dlq_original_topic")).isEqualTo(TOPIC);
        assertThat(letter.getHeader("dlq_original_partition")).isEqualTo("0");
        assertThat(letter.getHeader("dlq_original_offset")).isEqualTo("11");
        assertThat(ingress.calls).hasSize(1);
        assertThat(ingress.calls.get(0)).extracting(KafkaIngress.Received::offset).containsExactly(10L, 11L, 5L);

        tracker.assertIsSatisfied(5_000);
        assertThat(tracker.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .containsExactly("{\"status\": \"received\"}", "{\"status\": \"success\"}");
    }

    @Test
    void aBatchWithoutDeadLettersSendsNothingToTheDeadLetterTopicAndCommits() throws Exception {
        startRoutes(false);
        ingress.result = new KafkaIngress.BatchResult(List.of(), List.of(), 1, 0);

        Exchange done = template.send("direct:ingress", exchange -> exchange.getMessage().setBody(
                List.of(record(2, 7, "{}"))));

        assertThat(done.getException()).isNull();
        assertThat(getMockEndpoint("mock:dlq").getReceivedCounter()).isZero();
        assertThat(journal).containsExactly("ingest ok", "commit " + TOPIC + "-2@7");
    }

    @Test
    void aFailedDeadLetterSendIsRetriedBeforeTheCommitWithoutIngestingTheBatchAgain() throws Exception {
        startRoutes(false);
        ingress.result = new KafkaIngress.BatchResult(
                List.of(new KafkaIngress.DeadLetter(bytes("[]"), "message is not a JSON object", TOPIC, 0, 3)),
                List.of(), 0, 0);
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        AtomicInteger attempts = new AtomicInteger();
        dlq.whenAnyExchangeReceived(exchange -> {
            if (attempts.incrementAndGet() == 1) {
                journal.add("dead letters failed");
                throw new IllegalStateException("dead-letter topic unavailable");
            }
            journal.add("dead letters sent");
        });

        Exchange done = template.send("direct:ingress", exchange -> exchange.getMessage().setBody(
                List.of(record(0, 3, "[]"))));

        assertThat(done.getException()).isNull();
        assertThat(journal).containsExactly("ingest ok", "dead letters failed", "dead letters sent",
                "commit " + TOPIC + "-0@3");
        assertThat(ingress.calls).as("the stored batch is not stored again").hasSize(1);
    }

    @Test
    void whenTheDatabaseIsDownTheSameBatchIsRetriedAndCommittedOnceAfterSuccess() throws Exception {
        startRoutes(false);
        ingress.result = new KafkaIngress.BatchResult(List.of(), List.of("{\"status\": \"success\"}"), 2, 0);
        ingress.failuresLeft.set(2);
        NotifyBuilder handled = new NotifyBuilder(context).fromRoute("ingest-kafka").whenCompleted(1).create();

        CompletableFuture<Exchange> sent = template.asyncSend("direct:ingress", exchange -> exchange.getMessage()
                .setBody(List.of(record(0, 40, "{}"), record(0, 41, "{}"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.calls.size() >= 2);
        assertThat(journal).as("no commit while the database is down").noneMatch(entry -> entry.startsWith("commit"));
        assertThat(handled.matches(20, TimeUnit.SECONDS)).isTrue();
        Exchange done = sent.get(5, TimeUnit.SECONDS);

        assertThat(done.getException()).isNull();
        assertThat(journal).containsExactly("ingest failed", "ingest failed", "ingest ok", "commit " + TOPIC + "-0@41");
        assertThat(ingress.calls).hasSize(3);
        assertThat(ingress.calls).allSatisfy(call ->
                assertThat(call).extracting(KafkaIngress.Received::offset).containsExactly(40L, 41L));
        assertThat(ingress.calls.get(2)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{}", "{}");
    }

    @Test
    void aFailedPayloadTrackerSendNeitherFailsTheBatchNorPreventsTheCommit() throws Exception {
        startRoutes(true);
        ingress.result = new KafkaIngress.BatchResult(List.of(), List.of("{\"status\": \"received\"}"), 1, 0);
        NotifyBuilder trackerDone = new NotifyBuilder(context).fromCurrentRoute("payload-tracker").whenDone(1).create();

        Exchange done = template.send("direct:ingress", exchange -> exchange.getMessage().setBody(
                List.of(record(3, 99, "{}"))));

        assertThat(done.getException()).isNull();
        assertThat(trackerDone.matches(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics.registry()
                .get("inventory_payload_tracker_message_send_failure_count").counter().count()).isEqualTo(1));
        assertThat(journal).containsExactly("ingest ok", "commit " + TOPIC + "-3@99");
        assertThat(ingress.calls).as("not retried").hasSize(1);
    }

    @Test
    void aCommitRefusedBecauseARebalanceTookThePartitionIsGivenUpAndTheOtherPartitionsAreCommitted() throws Exception {
        startRoutes(false);
        ingress.result = new KafkaIngress.BatchResult(List.of(), List.of(), 3, 0);
        Exchange taken = record(0, 70, "{}");
        taken.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> {
            journal.add("commit refused " + TOPIC + "-0@70");
            throw new CommitFailedException();
        });

        // retried, the refused commit would hold the batch (and its consumer) forever
        CompletableFuture<Exchange> sent = template.asyncSend("direct:ingress", exchange -> exchange.getMessage()
                .setBody(List.of(record(0, 69, "{}"), taken, record(1, 12, "{}"))));
        Exchange done = sent.get(10, TimeUnit.SECONDS);

        assertThat(done.getException()).isNull();
        assertThat(journal).containsExactly("ingest ok", "commit refused " + TOPIC + "-0@70",
                "commit " + TOPIC + "-1@12");
        assertThat(ingress.calls).as("not ingested again").hasSize(1);
        assertThat(metrics.registry().get("inventory_ingress_offset_commit_given_up_count").counter().count())
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------

    private Exchange record(int partition, long offset, String value) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setBody(bytes(value));
        record.getMessage().setHeader(KafkaConstants.TOPIC, TOPIC);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT,
                (KafkaManualCommit) () -> journal.add("commit " + TOPIC + "-" + partition + "@" + offset));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The Kafka door: records each call, fails {@code failuresLeft} times (database down), then returns result. */
    public static final class StubKafkaIngress {
        final List<List<KafkaIngress.Received>> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile KafkaIngress.BatchResult result;
        private final List<String> journal;

        StubKafkaIngress(List<String> journal) {
            this.journal = journal;
        }

        public KafkaIngress.BatchResult ingest(List<KafkaIngress.Received> records) {
            calls.add(List.copyOf(records));
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                journal.add("ingest failed");
                throw new StoreUnavailableException("Database unavailable: connection refused", null);
            }
            journal.add("ingest ok");
            return result;
        }
    }
}
