package io.hbi.inventory.events;

import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.OutboxEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The steps of the outbox relay (decisions.md 8) that {@code routes/events.camel.yaml} runs in one transaction: claim
 * the oldest committed events (taking the relay lead, so one relay runs across every instance and a host's events
 * leave in commit order), hand them to the event sink, which returns once the broker acknowledged every one, then mark
 * them published (delete them) and commit. A crash or a broker failure before the commit leaves the events in place,
 * to be sent again: consumers may see a duplicate, never a gap.
 */
public final class OutboxRelay {

    /**
     * The events one relay step claimed. Not a record on purpose: routes read its properties, and Camel looks a bean
     * up by its hash, which for a record would hash every event's payload.
     */
    public static final class Claim {

        private final List<OutboxEvent> events;
        private final boolean full;
        private final String notificationsTopic;

        Claim(List<OutboxEvent> events, boolean full) {
            this(events, full, null);
        }

        /** {@code notificationsTopic}: the topic whose events are notifications (null: none are). */
        Claim(List<OutboxEvent> events, boolean full, String notificationsTopic) {
            this.events = List.copyOf(events);
            this.full = full;
            this.notificationsTopic = notificationsTopic;
        }

        public List<OutboxEvent> getEvents() {
            return events;
        }

        /** The claimed events of hosts, in outbox order: for the event sink. */
        public List<OutboxEvent> getHostEvents() {
            return events.stream().filter(event -> !event.topic().equals(notificationsTopic)).toList();
        }

        /** The claimed notifications (hbi-later §L5), in outbox order: for the notification sink. */
        public List<OutboxEvent> getNotifications() {
            return events.stream().filter(event -> event.topic().equals(notificationsTopic)).toList();
        }

        public boolean isEmpty() {
            return events.isEmpty();
        }

        /** A whole batch: more may be waiting. */
        public boolean isFull() {
            return full;
        }
    }

    private final EventOutbox outbox;
    private final InventoryMetrics metrics;
    /**
     * The payload characters of one batch: 8 Mi, about 230 fleet-shaped events (36 KiB) and 2,000 small ones.
     * 1,000 fleet events held at once (as text, the driver's rows and the producer's records) exhausted a 384 MiB
     * heap beside two ingress batches of 500 fleet hosts.
     */
    public static final long BATCH_CHARS = 8L * 1024 * 1024;

    private final int batchSize;
    private final long batchChars;
    private final String notificationsTopic;

    public OutboxRelay(EventOutbox outbox, InventoryMetrics metrics, int batchSize) {
        this(outbox, metrics, batchSize, BATCH_CHARS, null);
    }

    /**
     * A batch is at most {@code batchSize} outbox rows and stops after the row whose payloads reach
     * {@code batchChars} characters; {@code notificationsTopic}: the outbox topic of notifications, which go to their
     * own sink (null: none).
     */
    public OutboxRelay(EventOutbox outbox, InventoryMetrics metrics, int batchSize, long batchChars,
                       String notificationsTopic) {
        this.outbox = outbox;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.batchChars = batchChars;
        this.notificationsTopic = notificationsTopic;
    }

    /**
     * In the caller's transaction: the oldest waiting events, when this relay takes the lead (none while another
     * instance's relay holds it). Events of one outbox row sent to several topics count as one row.
     */
    public Claim claim(Connection connection) throws SQLException {
        EventOutbox.Pending pending = outbox.takeLeadAndReadPending(connection, batchSize, batchChars);
        return new Claim(pending.events(), pending.full(), notificationsTopic);
    }

    /** In the same transaction, once the broker acknowledged every claimed event: they leave the outbox. */
    public void published(Connection connection, Claim claim) throws SQLException {
        outbox.remove(connection, claim.getEvents());
        metrics.eventsPublished(claim.getEvents().size());
    }

    /** The broker did not take the claimed events ({@code claim} null: none were claimed); they stay for a retry. */
    public void failed(Claim claim) {
        if (claim != null && !claim.isEmpty()) {
            metrics.eventsFailed(claim.getEvents().size());
        }
    }
}
