package io.hbi.inventory.staleness;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * How long after its {@code stale_timestamp} a host turns stale_warning and culled (contract §5;
 * {@code CULLING_STALE_WARNING_OFFSET_DAYS}, {@code CULLING_CULLED_OFFSET_DAYS}).
 */
public record StalenessWindow(Duration staleWarningOffset, Duration culledOffset) implements StalenessRule,
        HostStaleness {

    /** The staleness of a host at query time (contract §5.2). */
    public enum State {
        FRESH, STALE, STALE_WARNING, CULLED, UNKNOWN;

        /** The name used by the {@code staleness} query parameter, e.g. {@code stale_warning}. */
        public String parameterName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final StalenessWindow DEFAULT = ofDays(7, 14);

    public StalenessWindow {
        Objects.requireNonNull(staleWarningOffset, "staleWarningOffset");
        Objects.requireNonNull(culledOffset, "culledOffset");
    }

    public static StalenessWindow ofDays(long staleWarningDays, long culledDays) {
        return new StalenessWindow(Duration.ofDays(staleWarningDays), Duration.ofDays(culledDays));
    }

    /** stale_timestamp + the stale-warning offset; null when {@code stale} is null. */
    public OffsetDateTime staleWarningTimestamp(OffsetDateTime stale) {
        return stale == null ? null : stale.plus(staleWarningOffset);
    }

    /** stale_timestamp + the culled offset; null when {@code stale} is null. */
    public OffsetDateTime culledTimestamp(OffsetDateTime stale) {
        return stale == null ? null : stale.plus(culledOffset);
    }

    /**
     * fresh: {@code stale > now}; stale: {@code now−warn < stale ≤ now}; stale_warning:
     * {@code now−culled < stale ≤ now−warn}; culled: {@code stale ≤ now−culled}; unknown: null.
     */
    public State stateOf(OffsetDateTime stale, Instant now) {
        if (stale == null) {
            return State.UNKNOWN;
        }
        Instant staleAt = stale.toInstant();
        if (staleAt.isAfter(now)) {
            return State.FRESH;
        }
        if (staleAt.isAfter(staleWarningBefore(now))) {
            return State.STALE;
        }
        if (staleAt.isAfter(culledBefore(now))) {
            return State.STALE_WARNING;
        }
        return State.CULLED;
    }

    /** A host is culled when {@code stale_timestamp ≤} this instant; non-culled hosts are {@code >} it (or null). */
    public Instant culledBefore(Instant now) {
        return now.minus(culledOffset);
    }

    /** A host is stale_warning or culled when {@code stale_timestamp ≤} this instant. */
    public Instant staleWarningBefore(Instant now) {
        return now.minus(staleWarningOffset);
    }

    @Override
    public boolean measuresCheckIn() {
        return false;
    }

    @Override
    public Bounds bounds(Instant now) {
        return new Bounds(culledBefore(now), staleWarningBefore(now), now);
    }

    @Override
    public Timestamps timestamps(OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn) {
        return staleTimestamp == null ? Timestamps.UNKNOWN
                : new Timestamps(staleTimestamp, staleWarningTimestamp(staleTimestamp), culledTimestamp(staleTimestamp));
    }

    /** The same rule for every org: 2020's. */
    @Override
    public Timestamps timestamps(String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn) {
        return timestamps(staleTimestamp, lastCheckIn);
    }
}
