package io.hbi.inventory.events;

import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.Transactions;
import java.time.Duration;

/**
 * How a one-shot command ({@code reaper}, {@code map-accounts}) waits for the event relay to publish the events it
 * wrote before it exits: until no event up to the newest one in the outbox waits, or until {@code patience} passed
 * without one leaving. Events that are still waiting then stay in the outbox, where the service's relay (or the next
 * run's) publishes them.
 */
public final class OutboxPublication {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Transactions transactions;
    private final EventOutbox outbox;
    private final Duration patience;

    public OutboxPublication(Transactions transactions, EventOutbox outbox, Duration patience) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.patience = patience;
    }

    public Duration patience() {
        return patience;
    }

    /** Waits for every event committed so far; returns how many still wait (0: all published). */
    public long awaitPublished() {
        long newest = transactions.inTransaction(outbox::newestId);
        long waiting = -1;
        long giveUpAt = 0;
        while (true) {
            long left = transactions.inTransaction(connection -> outbox.waitingUpTo(connection, newest));
            if (left == 0) {
                return 0;
            }
            if (left != waiting) {
                waiting = left;
                giveUpAt = System.nanoTime() + patience.toNanos();
            } else if (System.nanoTime() - giveUpAt > 0) {
                return left;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
        }
    }
}
