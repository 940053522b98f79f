package io.hbi.inventory.reaper;

import io.hbi.inventory.events.OutboxPublication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar host-inventory.jar reaper}: the shape of HBI's reaper cron job. Run with the service's database
 * (migrated) and event relay only (no HTTP server, no ingress consumer): deletes every culled host, then waits until
 * every event it wrote has been published to Kafka. Exit code 0 when both are done; 1 when the run failed or Kafka did
 * not take the events within {@code INVENTORY_REAPER_PUBLISH_TIMEOUT_SECONDS} of no progress, so that the job is
 * retried. Either way nothing is lost: each deletion committed with its event, and the events left in the outbox are
 * published by the service or by the next run.
 */
public final class ReaperCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ReaperCommand.class);

    private ReaperCommand() {
    }

    /** Runs once; returns the process exit code. */
    public static int run(HostReaper reaper, OutboxPublication publication) {
        try {
            HostReaper.Run run = reaper.reapCulled();
            if (!run.succeeded()) {
                return 1;
            }
            long waiting = publication.awaitPublished();
            if (waiting > 0) {
                LOG.error("Kafka did not take {} events within {} s; they stay in the outbox and are published by the "
                        + "service or the next run", waiting, publication.patience().toSeconds());
                return 1;
            }
            LOG.info("Reaper done: {} culled hosts deleted, their events published", run.deleted());
            return 0;
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** A run that could not start or ended with an error: logged; exit code 1. */
    public static int failed(RuntimeException e) {
        LOG.error("Reaper failed: {}", e.getMessage(), e);
        return 1;
    }
}
