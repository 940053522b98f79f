package io.hbi.inventory.staleness;

import io.hbi.inventory.staleness.StalenessRule.Timestamps;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An org's staleness setting (hbi-later §L3.1, decisions.md 13): its hosts are stale {@code staleSeconds} after their
 * last check-in, stale_warning {@code staleWarningSeconds} after it and culled {@code deleteSeconds} after it (each
 * measured from the check-in, not chained). The system defaults are what an org gets once it saves a setting, shown
 * with {@code id} null ("system_default") until then.
 *
 * @param id      the stored row's id; null for the system defaults
 * @param created null for the system defaults
 * @param updated null for the system defaults
 */
public record StalenessSetting(UUID id, String orgId, int staleSeconds, int staleWarningSeconds, int deleteSeconds,
                               OffsetDateTime created, OffsetDateTime updated) implements StalenessRule {

    /** Later HBI's defaults: 29 hours, 7 days, 30 days. */
    public static final int DEFAULT_STALE = 104_400;
    public static final int DEFAULT_STALE_WARNING = 604_800;
    public static final int DEFAULT_DELETE = 2_592_000;

    /** The system defaults as the org sees them before it saves a setting of its own. */
    public static StalenessSetting systemDefaults(String orgId) {
        return new StalenessSetting(null, orgId, DEFAULT_STALE, DEFAULT_STALE_WARNING, DEFAULT_DELETE, null, null);
    }

    /** Not a stored row: the system defaults. */
    public boolean systemDefault() {
        return id == null;
    }

    /** These seconds as a stored row of the org. */
    public StalenessSetting stored(UUID newId, OffsetDateTime createdOn, OffsetDateTime updatedOn) {
        return new StalenessSetting(newId, orgId, staleSeconds, staleWarningSeconds, deleteSeconds, createdOn, updatedOn);
    }

    @Override
    public boolean measuresCheckIn() {
        return true;
    }

    @Override
    public Bounds bounds(Instant now) {
        return new Bounds(now.minusSeconds(deleteSeconds), now.minusSeconds(staleWarningSeconds),
                now.minusSeconds(staleSeconds));
    }

    @Override
    public Timestamps timestamps(OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn) {
        if (lastCheckIn == null) {
            return Timestamps.UNKNOWN;
        }
        return new Timestamps(lastCheckIn.plusSeconds(staleSeconds), lastCheckIn.plusSeconds(staleWarningSeconds),
                lastCheckIn.plusSeconds(deleteSeconds));
    }
}
