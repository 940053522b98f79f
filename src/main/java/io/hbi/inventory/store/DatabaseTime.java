package io.hbi.inventory.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Timestamps at the precision PostgreSQL stores (microseconds), so an event shows exactly what the row holds. */
public final class DatabaseTime {

    private DatabaseTime() {
    }

    /** Now, in UTC, truncated to microseconds. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
