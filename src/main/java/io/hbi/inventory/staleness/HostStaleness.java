package io.hbi.inventory.staleness;

import io.hbi.inventory.staleness.StalenessRule.Timestamps;
import java.time.OffsetDateTime;

/**
 * The staleness timestamps of hosts as their org's rule makes them: the same rule for every org
 * ({@link StalenessWindow}, 2020's), or each org's own ({@link StalenessRules}).
 */
public interface HostStaleness {

    /** The timestamps of a host of {@code orgId} (null: none) with this stale_timestamp and last check-in. */
    Timestamps timestamps(String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn);
}
