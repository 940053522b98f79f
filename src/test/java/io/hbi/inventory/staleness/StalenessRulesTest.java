package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.staleness.StalenessRule.Timestamps;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each org's rule (decisions.md 13): an org with a setting measures from the check-in with its seconds, not chained;
 * every other host keeps 2020's window on its stale_timestamp.
 */
class StalenessRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final OffsetDateTime CHECK_IN = OffsetDateTime.parse("2026-03-01T11:00:00Z");
    static final OffsetDateTime STALE = OffsetDateTime.parse("2026-03-02T11:00:00Z");
    static final StalenessSetting SETTING = new StalenessSetting(UUID.randomUUID(), "with", 60, 120, 180, null, null);
    static final StalenessRules RULES = StalenessRules.of(StalenessWindow.DEFAULT, List.of(SETTING));

    @Test
    void anOrgWithASettingIsStaleThatManySecondsAfterItsCheckIn() {
        assertThat(RULES.timestamps("with", STALE, CHECK_IN)).isEqualTo(new Timestamps(CHECK_IN.plusSeconds(60),
                CHECK_IN.plusSeconds(120), CHECK_IN.plusSeconds(180)));
        assertThat(RULES.ruleOf("with")).isSameAs(SETTING);
    }

    @Test
    void everyOtherHostKeepsTheReportersStaleTimestampAndTheOffsets() {
        Timestamps expected = new Timestamps(STALE, STALE.plusDays(7), STALE.plusDays(14));
        assertThat(RULES.timestamps("without", STALE, CHECK_IN)).isEqualTo(expected);
        assertThat(RULES.timestamps(null, STALE, CHECK_IN)).isEqualTo(expected);
        assertThat(RULES.timestamps(null, null, CHECK_IN)).isEqualTo(Timestamps.UNKNOWN);
        assertThat(StalenessWindow.DEFAULT.timestamps("with", STALE, CHECK_IN)).as("2020's rule for every org")
                .isEqualTo(expected);
    }

    @Test
    void theStatesOfASettingAtTheirBoundaries() {
        Instant checkIn = NOW.minusSeconds(60);
        assertThat(state(checkIn.plusNanos(1000))).isEqualTo(State.FRESH);
        assertThat(state(checkIn)).as("stale at last_check_in + stale").isEqualTo(State.STALE);
        assertThat(state(NOW.minusSeconds(120).plusNanos(1000))).isEqualTo(State.STALE);
        assertThat(state(NOW.minusSeconds(120))).isEqualTo(State.STALE_WARNING);
        assertThat(state(NOW.minusSeconds(180).plusNanos(1000))).isEqualTo(State.STALE_WARNING);
        assertThat(state(NOW.minusSeconds(180))).isEqualTo(State.CULLED);
        assertThat(RULES.culled("with", null, at(NOW.minusSeconds(180)), NOW)).isTrue();
        assertThat(RULES.culled("with", null, at(NOW.minusSeconds(179)), NOW)).isFalse();
        assertThat(RULES.culled("with", null, null, NOW)).as("just written: no check-in to measure").isFalse();
    }

    @Test
    void theSystemDefaultsAreLaterHbisAndNoStoredRow() {
        StalenessSetting defaults = StalenessSetting.systemDefaults("org-9");
        assertThat(defaults.systemDefault()).isTrue();
        assertThat(List.of(defaults.staleSeconds(), defaults.staleWarningSeconds(), defaults.deleteSeconds()))
                .containsExactly(104400, 604800, 2592000);
        assertThat(defaults.created()).isNull();
    }

    private static State state(Instant checkIn) {
        return SETTING.stateOf(STALE, at(checkIn), NOW);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(2));
    }

    @Test
    void aTwentyTwentyAccountHasOneRuleOnlyWhenEveryHostIsUnderAlikeSettings() {
        StalenessSetting other = new StalenessSetting(UUID.randomUUID(), "other-org", SETTING.staleSeconds(),
                SETTING.staleWarningSeconds(), SETTING.deleteSeconds(), null, null);
        StalenessSetting longer = new StalenessSetting(UUID.randomUUID(), "longer-org", SETTING.staleSeconds() + 1,
                SETTING.staleWarningSeconds(), SETTING.deleteSeconds(), null, null);
        assertThat(StalenessRules.ofAccount(StalenessWindow.DEFAULT, List.of(), true).single())
                .contains(StalenessWindow.DEFAULT);
        assertThat(StalenessRules.ofAccount(StalenessWindow.DEFAULT, List.of(SETTING, other), true).single())
                .as("alike settings: one rule").containsInstanceOf(StalenessSetting.class);
        assertThat(StalenessRules.ofAccount(StalenessWindow.DEFAULT, List.of(SETTING), false).single())
                .as("some host is in no org, or in an org without a setting").isEmpty();
        assertThat(StalenessRules.ofAccount(StalenessWindow.DEFAULT, List.of(SETTING, longer), true).single())
                .as("settings that differ").isEmpty();
        assertThat(StalenessRules.of(StalenessWindow.DEFAULT, List.of(SETTING)).single()).isEmpty();
        assertThat(StalenessRules.of(StalenessWindow.DEFAULT).single()).contains(StalenessWindow.DEFAULT);
    }
}
