package io.hbi.inventory.staleness;

import io.hbi.inventory.staleness.StalenessWindow.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StalenessWindowTest {

    private static final StalenessWindow WINDOW = StalenessWindow.DEFAULT;
    private static final Instant NOW = Instant.parse("2020-07-21T10:00:00Z");
    private static final Duration NANO = Duration.ofNanos(1000);

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(-5));
    }

    private static State stateAt(Instant stale) {
        return WINDOW.stateOf(at(stale), NOW);
    }

    @Test
    void defaultsAreSevenAndFourteenDays() {
        assertThat(WINDOW.staleWarningOffset()).isEqualTo(Duration.ofDays(7));
        assertThat(WINDOW.culledOffset()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void derivedTimestamps() {
        OffsetDateTime stale = OffsetDateTime.parse("2020-07-07T10:00:00.123456+00:00");
        assertThat(WINDOW.staleWarningTimestamp(stale)).isEqualTo(OffsetDateTime.parse("2020-07-14T10:00:00.123456Z"));
        assertThat(WINDOW.culledTimestamp(stale)).isEqualTo(OffsetDateTime.parse("2020-07-21T10:00:00.123456Z"));
        assertThat(WINDOW.staleWarningTimestamp(null)).isNull();
        assertThat(WINDOW.culledTimestamp(null)).isNull();
        assertThat(StalenessWindow.ofDays(1, 2).culledTimestamp(stale))
                .isEqualTo(OffsetDateTime.parse("2020-07-09T10:00:00.123456Z"));
    }

    @Test
    void freshIsAfterNow() {
        assertThat(stateAt(NOW.plus(NANO))).isEqualTo(State.FRESH);
        assertThat(stateAt(NOW)).isEqualTo(State.STALE);
    }

    @Test
    void staleUntilTheWarningOffset() {
        Instant warn = NOW.minus(Duration.ofDays(7));
        assertThat(stateAt(warn.plus(NANO))).isEqualTo(State.STALE);
        assertThat(stateAt(warn)).isEqualTo(State.STALE_WARNING);
    }

    @Test
    void staleWarningUntilTheCulledOffset() {
        Instant culled = NOW.minus(Duration.ofDays(14));
        assertThat(stateAt(culled.plus(NANO))).isEqualTo(State.STALE_WARNING);
        assertThat(stateAt(culled)).isEqualTo(State.CULLED);
        assertThat(stateAt(culled.minus(Duration.ofDays(365)))).isEqualTo(State.CULLED);
    }

    @Test
    void nullIsUnknown() {
        assertThat(WINDOW.stateOf(null, NOW)).isEqualTo(State.UNKNOWN);
    }

    @Test
    void boundsForQueries() {
        assertThat(WINDOW.culledBefore(NOW)).isEqualTo(Instant.parse("2020-07-07T10:00:00Z"));
        assertThat(WINDOW.staleWarningBefore(NOW)).isEqualTo(Instant.parse("2020-07-14T10:00:00Z"));
    }

    @Test
    void parameterNames() {
        assertThat(State.STALE_WARNING.parameterName()).isEqualTo("stale_warning");
        assertThat(State.FRESH.parameterName()).isEqualTo("fresh");
    }
}
