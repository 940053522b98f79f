package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.staleness.StalenessSetting;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The staleness conditions of a tenant's statements (decisions.md 13): a range of stale_timestamp under 2020's rule, of
 * the check-in under an org's setting, with bounds from the rule; which state sets the maintained counts answer.
 */
class StalenessConditionsTest {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final StalenessWindow WINDOW = StalenessWindow.DEFAULT;
    static final StalenessSetting SETTING = new StalenessSetting(UUID.randomUUID(), "org-1", 60, 120, 180, null, null);
    static final StalenessRules NONE = StalenessRules.of(WINDOW);
    static final StalenessRules ORG_1 = StalenessRules.of(WINDOW, List.of(SETTING));

    static StalenessConditions of(Tenant tenant, StalenessRules rules) {
        return new StalenessConditions(tenant, rules, NOW);
    }

    @Test
    void twentyTwentysStateSetsThatLeaveOutOneRangeUpToABound() {
        StalenessConditions conditions = of(Tenant.ofOrg("org-2", null), ORG_1);
        assertThat(conditions.exclusion(HostFilter.DEFAULT_STALENESS))
                .hasValue(new StalenessConditions.Exclusion("stale_timestamp", WINDOW.staleWarningBefore(NOW)));
        assertThat(conditions.exclusion(EnumSet.of(State.FRESH, State.UNKNOWN)))
                .hasValue(new StalenessConditions.Exclusion("stale_timestamp", NOW));
        assertThat(conditions.exclusion(EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING, State.UNKNOWN)))
                .hasValue(new StalenessConditions.Exclusion("stale_timestamp", WINDOW.culledBefore(NOW)));
        for (EnumSet<State> others : List.of(EnumSet.of(State.UNKNOWN), EnumSet.of(State.FRESH, State.STALE),
                EnumSet.of(State.STALE, State.UNKNOWN), EnumSet.of(State.FRESH, State.STALE_WARNING, State.UNKNOWN),
                EnumSet.of(State.STALE_WARNING, State.STALE, State.UNKNOWN), EnumSet.noneOf(State.class))) {
            assertThat(conditions.exclusion(others)).as(others.toString()).isEmpty();
        }
    }

    @Test
    void anOrgsSettingLeavesOutTheHostsCheckedInUpToItsBoundsAndHasNoUnknownHosts() {
        StalenessConditions conditions = of(Tenant.ofOrg("org-1", null), ORG_1);
        String checkIn = HostQueries.LAST_CHECK_IN;
        assertThat(conditions.exclusion(HostFilter.DEFAULT_STALENESS))
                .hasValue(new StalenessConditions.Exclusion(checkIn, NOW.minusSeconds(120)));
        assertThat(conditions.exclusion(EnumSet.of(State.FRESH, State.STALE)))
                .as("unknown is no host of the org").hasValue(new StalenessConditions.Exclusion(checkIn,
                        NOW.minusSeconds(120)));
        assertThat(conditions.exclusion(EnumSet.of(State.FRESH)))
                .hasValue(new StalenessConditions.Exclusion(checkIn, NOW.minusSeconds(60)));
        assertThat(conditions.exclusion(EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING)))
                .hasValue(new StalenessConditions.Exclusion(checkIn, NOW.minusSeconds(180)));
        assertThat(conditions.exclusion(EnumSet.of(State.STALE))).isEmpty();
    }

    @Test
    void aStateIsARangeOfTheColumnTheRuleMeasures() {
        SqlWhere org = new SqlWhere();
        of(Tenant.ofOrg("org-1", null), ORG_1).in(org, EnumSet.of(State.STALE));
        assertThat(org.sql()).isEqualTo("(" + HostQueries.LAST_CHECK_IN + " > ? AND " + HostQueries.LAST_CHECK_IN
                + " <= ?)");
        assertThat(org.parameters()).containsExactly(Timestamp.from(NOW.minusSeconds(120)),
                Timestamp.from(NOW.minusSeconds(60)));

        SqlWhere account = new SqlWhere();
        of(Tenant.ofAccount("0000001"), NONE).in(account, EnumSet.of(State.FRESH, State.UNKNOWN));
        assertThat(account.sql()).isEqualTo("(stale_timestamp > ? OR stale_timestamp IS NULL)");
        assertThat(account.parameters()).containsExactly(Timestamp.from(NOW));

        SqlWhere unknownOfOrg = new SqlWhere();
        of(Tenant.ofOrg("org-1", null), ORG_1).in(unknownOfOrg, Set.of(State.UNKNOWN));
        assertThat(unknownOfOrg.sql()).isEqualTo("FALSE");
    }

    @Test
    void anAccountWhoseHostsAnOrgWithASettingAdoptedHasARangePerRuleAndNoCountedTotal() {
        StalenessConditions conditions = of(Tenant.ofAccount("0000001"), ORG_1);
        SqlWhere where = new SqlWhere();
        conditions.notCulled(where);
        assertThat(where.sql()).isEqualTo("(((org_id IS NULL OR NOT (org_id = ANY (?))) AND (stale_timestamp > ?"
                + " OR stale_timestamp IS NULL)) OR (org_id = ? AND " + HostQueries.LAST_CHECK_IN + " > ?))");
        assertThat(where.parameters()).hasSize(4).contains(Timestamp.from(WINDOW.culledBefore(NOW)),
                Timestamp.from(NOW.minusSeconds(180)), "org-1");
        assertThat(conditions.exclusion(HostFilter.DEFAULT_STALENESS)).isEmpty();
        assertThat(of(Tenant.ofAccount("0000001"), NONE).exclusion(HostFilter.DEFAULT_STALENESS)).isPresent();
    }

    @Test
    void registeredWithIsAnyOfItsValuesAndYupanaNamesItsSuccessors() {
        SqlWhere where = new SqlWhere();
        of(Tenant.ofOrg("org-1", null), ORG_1).registeredWith(where, new java.util.TreeSet<>(Set.of("insights",
                "!puptoo")));
        assertThat(where.sql()).startsWith("(NOT coalesce(").contains(" OR canonical_facts ->> 'insights_id' IS NOT NULL");
        assertThat(where.parameters()).contains("puptoo", Timestamp.from(NOW.minusSeconds(180)));
        assertThat(StalenessConditions.reporterNames("yupana")).containsExactly("yupana", "satellite", "discovery");
        assertThat(StalenessConditions.reporterNames("puptoo")).containsExactly("puptoo");
        SqlWhere none = new SqlWhere();
        of(Tenant.ofOrg("org-1", null), ORG_1).registeredWith(none, Set.of());
        assertThat(none.sql()).isEqualTo("TRUE");
    }
}
