package io.hbi.inventory.reaper;

import io.hbi.inventory.metrics.InventoryMetrics;
import io.hbi.inventory.edit.HostDeletion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host reaper (contract §5.3): one run deletes every host of every account that is culled at the start of the run,
 * in batches of {@code batchSize}, each host with its {@code delete} event, {@code concurrency} hosts at a time. The
 * scheduled route ({@code routes/reaper.camel.yaml}) and the {@code reaper} command both run it. A failed run is counted in
 * {@code inventory_reaper_fail_count}; the hosts it deleted before failing keep their events, and the next run carries
 * on.
 */
public final class HostReaper {

    /** The outcome of one run; {@code failure} is null when the run deleted every culled host. */
    public record Run(int deleted, int alreadyGone, int batches, Duration took, String failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HostReaper.class);

    private final HostDeletion deletion;
    private final int batchSize;
    private final int concurrency;
    private final InventoryMetrics metrics;
    private final Clock clock;

    public HostReaper(HostDeletion deletion, int batchSize, int concurrency, InventoryMetrics metrics, Clock clock) {
        this.deletion = deletion;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Deletes every culled host; never throws: a failure is counted, logged and returned. */
    public Run reapCulled() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        try {
            HostDeletion.Result result = deletion.deleteCulled(batchSize, concurrency, now);
            Run run = new Run(result.deleted().size(), result.alreadyGone(), result.batches(), since(started), null);
            LOG.info("Reaper deleted {} culled hosts ({} already gone) in {} batches of at most {} in {} ms",
                    run.deleted(), run.alreadyGone(), run.batches(), batchSize, run.took().toMillis());
            return run;
        } catch (RuntimeException e) {
            metrics.reaperFailed();
            LOG.error("Reaper run failed, the next run carries on: {}", e.getMessage(), e);
            return new Run(0, 0, 0, since(started), String.valueOf(e.getMessage()));
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
