package io.hbi.inventory.host;

import java.time.OffsetDateTime;

/**
 * One reporter's last check-in of a host (hbi-later §L3.3, {@code per_reporter_staleness}): when it last reported or
 * checked the host in, and the stale_timestamp it sent then (2020's rule measures from it; null when unknown).
 */
public record ReporterCheckIn(OffsetDateTime lastCheckIn, OffsetDateTime staleTimestamp) {
}
