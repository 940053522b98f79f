package io.hbi.inventory.notifications;

import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.StaleDetection;
import io.hbi.inventory.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces each host of an org with a staleness setting that turns stale (hbi-later §L5, {@code system-became-stale}),
 * once per time it turns stale, across restarts and instances: a run takes the stretch of time from where detection
 * had got to up to now, a slice at a time, and in one transaction per slice writes the notification of every host
 * whose stale moment (check-in plus its org's stale seconds) falls in the slice to the outbox and moves the mark past
 * the slice. A crash loses nothing and repeats nothing: the slice's notifications and the mark commit together. One
 * instance runs at a time (the mark's row lock); the others skip their turn.
 *
 * <p>A host stale by a setting saved or shortened after its stale moment passed is not announced: it did not turn
 * stale, its org's rule changed (as in later HBI, which looks at the time since its last run).
 */
public final class StaleDetector {

    /** The longest stretch of time one transaction announces (a detector that was down catches up slice by slice). */
    static final Duration SLICE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StaleDetector.class);

    /** What one run did: hosts announced, slices committed, and how far it got (null: it moved nothing). */
    public record Run(int announced, int slices, Instant detectedUpTo) {
    }

    private final Transactions transactions;
    private final StaleDetection detection;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final Clock clock;

    public StaleDetector(Transactions transactions, StaleDetection detection, EventOutbox outbox, OutboxEvents events,
                         Clock clock) {
        this.transactions = transactions;
        this.detection = detection;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** Announces the hosts that turned stale since the last run, up to now. */
    public Run detect() {
        // the mark is stored at the database's precision (microseconds): a "now" finer than that would never be
        // reached, and the run would take an empty slice after an empty slice for ever
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int announced = 0;
        int slices = 0;
        Instant reached = null;
        while (true) {
            Slice slice = transactions.inTransaction(connection -> {
                Optional<Instant> from = detection.lead(connection);
                if (from.isEmpty() || !from.get().isBefore(now)) {
                    // another instance's detector runs, or this stretch is done
                    return new Slice(0, from.orElse(null), false);
                }
                Instant upTo = from.get().plus(SLICE).isBefore(now) ? from.get().plus(SLICE) : now;
                List<OutboxEvent> notifications = new ArrayList<>();
                for (Host host : detection.turnedStale(connection, from.get(), upTo)) {
                    events.becameStale(host).ifPresent(notifications::add);
                }
                outbox.append(connection, notifications);
                detection.advance(connection, upTo);
                return new Slice(notifications.size(), upTo, true);
            });
            if (!slice.advanced()) {
                break;
            }
            slices++;
            announced += slice.announced();
            reached = slice.reached();
        }
        if (announced > 0) {
            LOG.info("Stale detector announced {} hosts that turned stale, up to {}", announced, reached);
        }
        return new Run(announced, slices, reached);
    }

    /** One transaction's work: hosts announced, how far it got, whether it moved the mark. */
    private record Slice(int announced, Instant reached, boolean advanced) {
    }
}
