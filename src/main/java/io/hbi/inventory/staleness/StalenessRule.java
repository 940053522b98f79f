package io.hbi.inventory.staleness;

import io.hbi.inventory.staleness.StalenessWindow.State;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How the staleness of a host follows from what its row holds (decisions.md 13): 2020's rule ({@link StalenessWindow}:
 * the reporter's {@code stale_timestamp} plus the configured offsets) or an org's setting ({@link StalenessSetting}:
 * seconds after the host's last check-in). Either way a host's state at a moment is where one stored instant (its
 * "measure") falls between three bounds, so that a state filter is a range of one column.
 */
public sealed interface StalenessRule permits StalenessWindow, StalenessSetting {

    /** Whether the rule measures from the host's last check-in (an org's setting) rather than its stale_timestamp. */
    boolean measuresCheckIn();

    /** The bounds of the states at {@code now} on the measured instant. */
    Bounds bounds(Instant now);

    /** The stale, stale_warning and culled timestamps of a host; all null when its staleness is unknown. */
    Timestamps timestamps(OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn);

    /** The state of a host at {@code now}. */
    default State stateOf(OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn, Instant now) {
        OffsetDateTime measured = measuresCheckIn() ? lastCheckIn : staleTimestamp;
        return bounds(now).stateOf(measured == null ? null : measured.toInstant());
    }

    /**
     * A host is culled when its measured instant is at or before {@code culledUpTo}, stale_warning up to
     * {@code staleWarningUpTo}, stale up to {@code staleUpTo}, fresh after it; unknown when it has none (2020's legacy
     * rows without a stale_timestamp).
     */
    record Bounds(Instant culledUpTo, Instant staleWarningUpTo, Instant staleUpTo) {

        public State stateOf(Instant measured) {
            if (measured == null) {
                return State.UNKNOWN;
            }
            if (measured.isAfter(staleUpTo)) {
                return State.FRESH;
            }
            if (measured.isAfter(staleWarningUpTo)) {
                return State.STALE;
            }
            return measured.isAfter(culledUpTo) ? State.STALE_WARNING : State.CULLED;
        }
    }

    /** The three staleness timestamps a host shows; all null for a host of unknown staleness. */
    record Timestamps(OffsetDateTime stale, OffsetDateTime staleWarning, OffsetDateTime culled) {

        public static final Timestamps UNKNOWN = new Timestamps(null, null, null);
    }
}
