package io.hbi.inventory.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's failures to do the service's work for a reason that is not the data's (read-only standby,
 * revoked privilege, missing table, full disk, lost connection…): counted, and remembered until a transaction
 * of the same work commits again, so that the health check shows a database that answers but refuses to write.
 * Each kind of work (the hosts' ingestion and edits, each background job) is remembered on its own: a background job
 * that still commits proves nothing about the hosts' writes that a revoked privilege refuses.
 */
public final class WriteFailures {

    /** How long a failure is shown after the last one when nothing has committed since (no work was tried). */
    static final Duration SHOWN_FOR = Duration.ofSeconds(30);

    private record Failure(String reason, Instant at) {
    }

    private final Clock clock;
    private final AtomicLong count = new AtomicLong();
    private final Map<String, Failure> last = new ConcurrentHashMap<>();

    public WriteFailures(Clock clock) {
        this.clock = clock;
    }

    void failed(String work, String reason) {
        count.incrementAndGet();
        last.put(work, new Failure(reason, clock.instant()));
    }

    /** A transaction of {@code work} that wrote has committed: the database does that work again. */
    void committed(String work) {
        last.remove(work);
    }

    /** Whether a failure of {@code work} is remembered (then a commit of that work that wrote clears it). */
    boolean showing(String work) {
        return last.containsKey(work);
    }

    /** Failures so far (the metric). */
    public long count() {
        return count.get();
    }

    /**
     * Why the last transaction of a work failed, while no transaction of that work has committed since (the work
     * named first); null when every work's writes work.
     */
    public String current() {
        Instant shownSince = clock.instant().minus(SHOWN_FOR);
        return last.entrySet().stream()
                .filter(entry -> !entry.getValue().at().isBefore(shownSince))
                .map(entry -> entry.getKey() + ": " + entry.getValue().reason())
                .sorted()
                .findFirst().orElse(null);
    }
}
