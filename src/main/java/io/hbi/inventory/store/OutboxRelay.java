package io.hbi.inventory.store;

import io.hbi.inventory.metrics.InventoryMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox events (decisions.md 8): in one transaction, take the relay lead, read the oldest
 * events, hand them to the publisher (which returns once the broker acknowledged every one), delete them, commit.
 * A crash or a broker failure before the commit leaves the events in place, to be sent again: consumers may see a
 * duplicate, never a gap.
 */
public final class OutboxRelay {

    /** Sends events to Kafka and returns only when the broker has acknowledged all of them. */
    @FunctionalInterface
    public interface Publisher {
        void publish(List<OutboxEvent> events) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final Transactions transactions;
    private final EventOutbox outbox;
    private final Publisher publisher;
    private final InventoryMetrics metrics;
    private final int batchSize;
    private final int maxBatchesPerRun;

    public OutboxRelay(Transactions transactions, EventOutbox outbox, Publisher publisher, InventoryMetrics metrics,
                       int batchSize, int maxBatchesPerRun) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.publisher = publisher;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.maxBatchesPerRun = maxBatchesPerRun;
    }

    /** Publishes batches until the outbox is empty (or a bounded number of batches); returns how many events. */
    public int relayPending() {
        int total = 0;
        for (int batch = 0; batch < maxBatchesPerRun; batch++) {
            int sent = relayOnce();
            total += sent;
            if (sent < batchSize) {
                break;
            }
        }
        return total;
    }

    int relayOnce() {
        try {
            return transactions.inTransaction(connection -> {
                List<OutboxEvent> events = outbox.takeLeadAndReadPending(connection, batchSize);
                if (events.isEmpty()) {
                    return 0;
                }
                try {
                    publisher.publish(events);
                } catch (Exception e) {
                    metrics.eventsFailed(events.size());
                    throw new PublishFailedException(e);
                }
                metrics.eventsPublished(events.size());
                outbox.remove(connection, events);
                return events.size();
            });
        } catch (PublishFailedException e) {
            LOG.warn("Events not published, will retry: {}", e.getCause().getMessage());
            return 0;
        } catch (StoreUnavailableException e) {
            LOG.warn("Outbox unavailable, will retry: {}", e.getMessage());
            return 0;
        }
    }

    private static final class PublishFailedException extends RuntimeException {
        PublishFailedException(Exception cause) {
            super(cause);
        }
    }
}
