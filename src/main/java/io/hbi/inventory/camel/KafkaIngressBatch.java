package io.hbi.inventory.camel;

import io.hbi.inventory.ingest.KafkaIngress;
import io.hbi.inventory.metrics.InventoryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter between camel-kafka's batching consumer (a body of one exchange per record) and the Kafka door of the
 * domain, and the offset commit that ends every batch: for each partition, the offset after the last record of the
 * batch, committed only once the batch's database transaction has committed.
 */
public final class KafkaIngressBatch {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngressBatch.class);

    private final InventoryMetrics metrics;

    public KafkaIngressBatch(InventoryMetrics metrics) {
        this.metrics = metrics;
    }

    /** The records of a batch exchange. */
    public List<KafkaIngress.Received> records(List<Exchange> batch) {
        List<KafkaIngress.Received> records = new ArrayList<>(batch.size());
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            records.add(new KafkaIngress.Received(message.getBody(byte[].class),
                    message.getHeader(KafkaConstants.TOPIC, String.class),
                    message.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                    message.getHeader(KafkaConstants.OFFSET, 0L, Long.class)));
        }
        return records;
    }

    /**
     * Commits, per partition, the position after the last record of the batch (synchronously). When the group took
     * a partition away while the batch was in the database (a rebalance: a consumer joined, left or missed its
     * heartbeats), its commit cannot succeed any more, however often it is retried: it is given up, counted and
     * logged, and the partition's new owner reads those records again from the last committed offset (at least
     * once: their hosts are stored again and their events repeat, nothing is lost). Any other failure is thrown,
     * for the route to retry.
     */
    public void commit(List<Exchange> batch) {
        Map<String, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            String partition = message.getHeader(KafkaConstants.TOPIC, String.class) + "-"
                    + message.getHeader(KafkaConstants.PARTITION, Integer.class);
            KafkaManualCommit commit = message.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                lastPerPartition.put(partition, commit);
            }
        }
        lastPerPartition.forEach((partition, commit) -> {
            try {
                commit.commit();
            } catch (CommitFailedException | RebalanceInProgressException reassigned) {
                metrics.offsetCommitGivenUp();
                LOG.warn("Offsets of {} not committed, the partition was reassigned during the batch: its new owner"
                        + " reads the batch's records of it again ({})", partition,
                        reassigned.getClass().getSimpleName());
            }
        });
    }

    /**
     * What the route does with the result of a batch, as exchange properties: {@code deadLetters}, the Kafka records
     * for the dead-letter topic, and {@code trackerMessages}, the payload-tracker messages; each null when there
     * are none.
     */
    public void results(Exchange exchange, KafkaIngress.BatchResult batch) {
        exchange.setProperty("deadLetters", batch.deadLetters().isEmpty() ? null : deadLetters(exchange, batch));
        exchange.setProperty(RestResponses.TRACKER_MESSAGES,
                batch.trackerMessages().isEmpty() ? null : batch.trackerMessages());
    }

    /** The Kafka records of the dead-letter topic: the original value, with the reason and origin as headers. */
    List<Message> deadLetters(Exchange exchange, KafkaIngress.BatchResult batch) {
        List<KafkaIngress.DeadLetter> deadLetters = batch.deadLetters();
        List<Message> records = new ArrayList<>(deadLetters.size());
        for (KafkaIngress.DeadLetter letter : deadLetters) {
            Message record = new DefaultMessage(exchange);
            record.setBody(letter.value() == null ? new byte[0] : letter.value());
            record.setHeader("dlq_reason", letter.reason());
            record.setHeader("dlq_original_topic", letter.topic());
            record.setHeader("dlq_original_partition", String.valueOf(letter.partition()));
            record.setHeader("dlq_original_offset", String.valueOf(letter.offset()));
            records.add(record);
        }
        return records;
    }
}
