package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WriteFailuresTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");

    @Test
    void aBackgroundJobThatStillCommitsDoesNotHideRefusedHostWrites() {
        WriteFailures failures = new WriteFailures(Clock.fixed(T0, ZoneOffset.UTC));
        failures.failed(Transactions.HOST_WRITES, "Database unavailable (SQLSTATE 42501: permission denied)");

        failures.committed("host count compaction");

        assertThat(failures.current()).isEqualTo(
                "host writes: Database unavailable (SQLSTATE 42501: permission denied)");
        assertThat(failures.showing(Transactions.HOST_WRITES)).isTrue();
        assertThat(failures.showing("host count compaction")).isFalse();
    }

    @Test
    void eachWorkIsClearedByItsOwnCommitAndTheOthersStillShow() {
        WriteFailures failures = new WriteFailures(Clock.fixed(T0, ZoneOffset.UTC));
        failures.failed("stale detector", "Database unavailable (SQLSTATE 42501)");
        failures.failed(Transactions.HOST_WRITES, "Database unavailable (SQLSTATE 25006)");

        failures.committed(Transactions.HOST_WRITES);

        assertThat(failures.current()).isEqualTo("stale detector: Database unavailable (SQLSTATE 42501)");
        failures.committed("stale detector");
        assertThat(failures.current()).isNull();
        assertThat(failures.count()).isEqualTo(2);
    }

    @Test
    void aFailureNoWorkHasTriedAgainIsShownForThirtySeconds() {
        MovableClock clock = new MovableClock();
        WriteFailures failures = new WriteFailures(clock);
        failures.failed(Transactions.HOST_WRITES, "Database unavailable (SQLSTATE 08006)");

        clock.now = T0.plusSeconds(30);
        assertThat(failures.current()).isNotNull();
        clock.now = T0.plusSeconds(31);
        assertThat(failures.current()).isNull();
    }

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
