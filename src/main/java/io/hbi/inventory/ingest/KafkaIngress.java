package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.events.PayloadStatus;
import io.hbi.inventory.events.PayloadTracker;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.metrics.InventoryMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Kafka door (contract §6.2–§6.3, decisions.md 5 and 9): a batch of ingress records becomes one ingestion
 * batch. Records that are not add_host envelopes are set aside for the dead-letter topic; invalid hosts are
 * reported (payload tracker, metrics, log) and skipped; every valid host of the batch is stored in one transaction.
 */
public final class KafkaIngress {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngress.class);

    /** One record as read from the ingress topic. */
    public record Received(byte[] value, String topic, int partition, long offset) {
    }

    /** A record for the dead-letter topic, with the reason it was refused. */
    public record DeadLetter(byte[] value, String reason, String topic, int partition, long offset) {
    }

    /** What became of a batch: the dead letters, the payload-tracker messages, and counts for the log. */
    public record BatchResult(List<DeadLetter> deadLetters, List<String> trackerMessages, int stored, int refused) {
    }

    private static String accountOf(HostSubmission submission) {
        return submission.host() != null && submission.host().path("account").isTextual()
                ? submission.host().get("account").asText() : null;
    }

    private final HostIngestion ingestion;
    private final PayloadTracker tracker;
    private final InventoryMetrics metrics;
    private final ObjectMapper json;

    public KafkaIngress(HostIngestion ingestion, PayloadTracker tracker, InventoryMetrics metrics, ObjectMapper json) {
        this.ingestion = ingestion;
        this.tracker = tracker;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * @throws io.hbi.inventory.store.StoreUnavailableException when the database is unavailable: nothing of the
     *                                                          batch was stored; retry the same batch
     */
    public BatchResult ingest(List<Received> records) {
        long bytes = 0;
        for (Received record : records) {
            bytes += record.value() == null ? 0 : record.value().length;
        }
        try (InflightBytes.Share share = ingestion.admit(bytes)) {
            return ingestAdmitted(records);
        }
    }

    private BatchResult ingestAdmitted(List<Received> records) {
        long started = System.nanoTime();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<HostSubmission> submissions = new ArrayList<>();
        List<HostOutcome> refusals = new ArrayList<>(); // per submission: why its identity refuses it, or null
        List<HostSubmission> admitted = new ArrayList<>();
        for (Received record : records) {
            long parsing = System.nanoTime();
            IngressMessage message = IngressMessage.parse(record.value(), json);
            metrics.parsing(Duration.ofNanos(System.nanoTime() - parsing));
            if (message instanceof IngressMessage.Unparseable bad) {
                metrics.parsingFailed(bad.cause());
                metrics.deadLettered();
                LOG.warn("Ingress message {}-{}@{} sent to the dead-letter topic: {}", record.topic(),
                        record.partition(), record.offset(), bad.reason());
                deadLetters.add(new DeadLetter(record.value(), bad.reason(), record.topic(), record.partition(),
                        record.offset()));
            } else {
                IngressMessage.Envelope envelope = (IngressMessage.Envelope) message;
                MessageIdentity sender = MessageIdentity.of(envelope.data(), envelope.platformMetadata());
                HostSubmission submission = new HostSubmission(envelope.data(), Door.MQ,
                        sender instanceof MessageIdentity.Known known ? known.identity() : null,
                        envelope.requestId(), envelope.platformMetadata());
                submissions.add(submission);
                if (sender instanceof MessageIdentity.Refused refused) {
                    refusals.add(new HostOutcome.Rejected("Invalid request", refused.detail()));
                } else {
                    refusals.add(null);
                    admitted.add(submission);
                }
            }
        }
        List<HostOutcome> outcomes = new ArrayList<>(refusals);
        List<HostOutcome> ingested = ingestion.ingest(admitted);
        for (int i = 0, next = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                outcomes.set(i, ingested.get(next++));
            }
        }
        List<String> trackerMessages = new ArrayList<>();
        int stored = 0;
        for (int i = 0; i < submissions.size(); i++) {
            HostSubmission submission = submissions.get(i);
            HostOutcome outcome = outcomes.get(i);
            PayloadTracker.Messages messages = tracker.start(submission.requestId(), null)
                    .add(PayloadStatus.RECEIVED, null, "message received")
                    .hostWritten(outcome.hostId(), outcome.detail());
            if (outcome instanceof HostOutcome.Stored host) {
                stored++;
                metrics.addHostSucceeded(host.created() ? "created" : "updated", submission.reporterLabel());
                messages.add(PayloadStatus.SUCCESS, null, null);
            } else {
                metrics.addHostFailed(outcome instanceof HostOutcome.Rejected ? "InventoryException" : "Exception",
                        submission.reporterLabel());
                try (MDC.MDCCloseable request = MDC.putCloseable("request_id", submission.requestId());
                     MDC.MDCCloseable account = MDC.putCloseable("account", accountOf(submission))) {
                    LOG.info("Host of request {} not stored: {}", submission.requestId(), outcome.detail());
                }
                messages.add(PayloadStatus.ERROR, null, null);
            }
            trackerMessages.addAll(messages.messages());
        }
        metrics.handler(Duration.ofNanos((System.nanoTime() - started) / Math.max(1, records.size())));
        return new BatchResult(deadLetters, trackerMessages, stored, submissions.size() - stored);
    }
}
