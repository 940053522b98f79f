package io.hbi.inventory.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's failures to do the service's work for a reason that is not the data's (read-only standby,
 * revoked privilege, missing table, full disk, lost connection…): counted, and remembered until a transaction
 * commits again, so that the health check shows a database that answers but refuses to write.
 */
public final class WriteFailures {

    /** How long a failure is shown after the last one when nothing has committed since (no work was tried). */
    static final Duration SHOWN_FOR = Duration.ofSeconds(30);

    private record Failure(String reason, Instant at) {
    }

    private final Clock clock;
    private final AtomicLong count = new AtomicLong();
    private volatile Failure last;

    public WriteFailures(Clock clock) {
        this.clock = clock;
    }

    void failed(String reason) {
        count.incrementAndGet();
        last = new Failure(reason, clock.instant());
    }

    /** A transaction that wrote has committed: the database works again. */
    void committed() {
        last = null;
    }

    /** Whether a failure is remembered (then a commit that wrote clears it). */
    boolean showing() {
        return last != null;
    }

    /** Failures so far (the metric). */
    public long count() {
        return count.get();
    }

    /** Why the last transaction failed, while no transaction has committed since; null when writes work. */
    public String current() {
        Failure failure = last;
        if (failure == null || failure.at().plus(SHOWN_FOR).isBefore(clock.instant())) {
            return null;
        }
        return failure.reason();
    }
}
