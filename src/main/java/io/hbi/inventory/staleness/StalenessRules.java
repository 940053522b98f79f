package io.hbi.inventory.staleness;

import io.hbi.inventory.staleness.StalenessRule.Timestamps;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules of some hosts, as one read of the settings found them (decisions.md 13): the setting of each org that has
 * one, 2020's window for every other host (an org without a setting, or no org at all). Built anew by every request
 * and transaction that needs it, never cached, so that a change of a setting applies to the next one everywhere.
 */
public final class StalenessRules implements HostStaleness {

    private final StalenessWindow window;
    private final Map<String, StalenessSetting> settings;
    private final Optional<StalenessRule> single;

    private StalenessRules(StalenessWindow window, Map<String, StalenessSetting> settings,
                           Optional<StalenessRule> single) {
        this.window = window;
        this.settings = settings;
        this.single = single;
    }

    /** 2020's rule for every host. */
    public static StalenessRules of(StalenessWindow window) {
        return new StalenessRules(window, Map.of(), Optional.of(window));
    }

    /** These orgs' settings, 2020's window for every other host. */
    public static StalenessRules of(StalenessWindow window, Collection<StalenessSetting> settings) {
        Map<String, StalenessSetting> byOrg = byOrg(settings);
        return new StalenessRules(window, byOrg, byOrg.isEmpty() ? Optional.of(window) : Optional.empty());
    }

    /**
     * The rules of a 2020 account's hosts: the settings of the orgs that adopted some of them, 2020's window for the
     * others. {@code everyHostUnderASetting}: each of the account's hosts is in an org with a setting; when those
     * settings are alike (the same seconds, as when one org adopted the whole account), that one rule is every host's.
     */
    public static StalenessRules ofAccount(StalenessWindow window, Collection<StalenessSetting> settings,
                                           boolean everyHostUnderASetting) {
        Map<String, StalenessSetting> byOrg = byOrg(settings);
        if (byOrg.isEmpty()) {
            return new StalenessRules(window, byOrg, Optional.of(window));
        }
        StalenessSetting first = byOrg.values().iterator().next();
        boolean alike = byOrg.values().stream().allMatch(setting -> setting.staleSeconds() == first.staleSeconds()
                && setting.staleWarningSeconds() == first.staleWarningSeconds()
                && setting.deleteSeconds() == first.deleteSeconds());
        return new StalenessRules(window, byOrg,
                everyHostUnderASetting && alike ? Optional.of(first) : Optional.empty());
    }

    private static Map<String, StalenessSetting> byOrg(Collection<StalenessSetting> settings) {
        Map<String, StalenessSetting> byOrg = new TreeMap<>();
        for (StalenessSetting setting : settings) {
            byOrg.put(setting.orgId(), setting);
        }
        return Map.copyOf(byOrg);
    }

    /**
     * The one rule of every host these rules cover when there is one: 2020's without settings, or the common rule of
     * a 2020 account whose hosts are all under alike settings ({@link #ofAccount}); empty when the hosts follow
     * several rules.
     */
    public Optional<StalenessRule> single() {
        return single;
    }

    public StalenessWindow window() {
        return window;
    }

    /** The settings found, by org (sorted, so statements built from them are the same every time). */
    public Map<String, StalenessSetting> settings() {
        return new TreeMap<>(settings);
    }

    /** The rule of a host of {@code orgId} (null: a host without an org). */
    public StalenessRule ruleOf(String orgId) {
        StalenessSetting setting = orgId == null ? null : settings.get(orgId);
        return setting != null ? setting : window;
    }

    @Override
    public Timestamps timestamps(String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn) {
        return ruleOf(orgId).timestamps(staleTimestamp, lastCheckIn);
    }

    /** Whether a host of {@code orgId} with this stale_timestamp and last check-in is culled at {@code now}. */
    public boolean culled(String orgId, OffsetDateTime staleTimestamp, OffsetDateTime lastCheckIn, Instant now) {
        return ruleOf(orgId).stateOf(staleTimestamp, lastCheckIn, now) == State.CULLED;
    }
}
