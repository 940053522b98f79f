package io.hbi.inventory.store;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessRule;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.staleness.StalenessSetting;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The staleness conditions of a tenant's statements on {@code hosts} (decisions.md 13), as the rules its request read
 * make them: a state is a range of one column, {@code stale_timestamp} under 2020's rule, the check-in
 * ({@link HostQueries#LAST_CHECK_IN}) under an org's setting, with bounds computed here from {@code now}. A tenant with
 * one rule (an org, or a 2020 account none of whose hosts is in an org with a setting) gets that range alone, which
 * its indexes serve (V1, V9: stale_timestamp; V13: the check-in); a 2020 account whose hosts an org with a setting
 * adopted gets one range per rule, each for its own hosts.
 */
final class StalenessConditions {

    /** Every state a host is in until it is culled. */
    static final Set<State> NOT_CULLED = EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING, State.UNKNOWN);

    /** The hosts a count leaves out: those whose {@code column} is at or before {@code upTo}. */
    record Exclusion(String column, Instant upTo) {
    }

    private final Tenant tenant;
    private final StalenessRules rules;
    private final Instant now;

    StalenessConditions(Tenant tenant, StalenessRules rules, Instant now) {
        this.tenant = tenant;
        this.rules = rules;
        this.now = now;
    }

    StalenessRules rules() {
        return rules;
    }

    /** The hosts in any of {@code states}, AND-ed to {@code where}. */
    void in(SqlWhere where, Set<State> states) {
        byRule(where, (condition, rule) -> range(condition, rule, states));
    }

    /**
     * {@code registered_with} (hbi-later §0.4), AND-ed to {@code where}: any of the values. {@code insights}: a host
     * with an insights_id; a reporter: the host has that reporter's check-in and, by its org's rule, the reporter's own
     * staleness is not culled ({@code yupana} also names the reporters it was renamed to); {@code !reporter}: not so.
     */
    void registeredWith(SqlWhere where, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<String> alternatives = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (String value : values) {
            if (value.equals(HostFilter.INSIGHTS)) {
                alternatives.add("canonical_facts ->> 'insights_id' IS NOT NULL");
                continue;
            }
            boolean negated = value.startsWith("!");
            String reporter = negated ? value.substring(1) : value;
            SqlWhere reported = new SqlWhere();
            byRule(reported, (condition, rule) -> reportedBy(condition, rule, reporter));
            alternatives.add(negated ? "NOT coalesce(" + reported.sql() + ", false)" : reported.sql());
            parameters.addAll(reported.parameters());
        }
        where.and("(" + String.join(" OR ", alternatives) + ")", parameters.toArray());
    }

    /** The reporter names {@code registered_with=reporter} matches: yupana's renamed successors too. */
    static List<String> reporterNames(String reporter) {
        return reporter.equals("yupana") ? List.of("yupana", "satellite", "discovery") : List.of(reporter);
    }

    /**
     * The host has a check-in of one of the reporter's names that its rule does not cull: by the reporter's own
     * check-in under an org's setting, by the stale_timestamp it sent under 2020's rule (none: unknown, not culled).
     * A row not ingested since V20 has no per_reporter_staleness: its one reporter is the reporter column, checked in
     * when the host was.
     */
    private void reportedBy(SqlWhere where, StalenessRule rule, String reporter) {
        Timestamp culledUpTo = Timestamp.from(rule.bounds(now).culledUpTo());
        List<String> alternatives = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String name : reporterNames(reporter)) {
            if (rule.measuresCheckIn()) {
                alternatives.add("(per_reporter_staleness -> ? ->> 'last_check_in')::timestamptz > ?");
                values.add(name);
            } else {
                alternatives.add("(per_reporter_staleness -> ? IS NOT NULL"
                        + " AND coalesce((per_reporter_staleness -> ? ->> 'stale_timestamp')::timestamptz > ?, true))");
                values.add(name);
                values.add(name);
            }
            values.add(culledUpTo);
            alternatives.add("(per_reporter_staleness IS NULL AND reporter = ? AND coalesce(" + column(rule)
                    + " > ?, true))");
            values.add(name);
            values.add(culledUpTo);
        }
        where.and("coalesce(" + String.join(" OR ", alternatives) + ", false)", values.toArray());
    }

    /**
     * {@code condition(where, rule)} under the tenant's one rule; for a 2020 account whose hosts an org with a setting
     * adopted, the OR of each org's condition for its own hosts and 2020's for every other host.
     */
    private void byRule(SqlWhere where, java.util.function.BiConsumer<SqlWhere, StalenessRule> condition) {
        Optional<StalenessRule> single = single();
        if (single.isPresent()) {
            condition.accept(where, single.get());
            return;
        }
        Map<String, StalenessSetting> settings = rules.settings();
        List<String> alternatives = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        SqlWhere others = new SqlWhere().and("(org_id IS NULL OR NOT (org_id = ANY (?)))",
                (Object) settings.keySet().toArray(String[]::new));
        condition.accept(others, rules.window());
        alternatives.add("(" + others.sql() + ")");
        values.addAll(others.parameters());
        settings.forEach((orgId, setting) -> {
            SqlWhere ofOrg = new SqlWhere().and("org_id = ?", orgId);
            condition.accept(ofOrg, setting);
            alternatives.add("(" + ofOrg.sql() + ")");
            values.addAll(ofOrg.parameters());
        });
        where.and("(" + String.join(" OR ", alternatives) + ")", values.toArray());
    }

    /** Culled: the hosts the reaper deletes and no read shows (contract §5.2, hbi-later §L3.1). */
    void culled(SqlWhere where) {
        in(where, EnumSet.of(State.CULLED));
    }

    /** Non-culled: every state but culled (contract §5.2, hbi-later §L3.1). */
    void notCulled(SqlWhere where) {
        in(where, NOT_CULLED);
    }

    /**
     * When the hosts {@code states} leave out are exactly those whose measured column is at or before some bound (the
     * states are fresh up to some state, with unknown under 2020's rule, which has hosts without a stale_timestamp),
     * that column and bound: the maintained counts minus those hosts are the total ({@link HostCounts}). Empty for
     * other sets of states and for a tenant with more than one rule.
     */
    Optional<Exclusion> exclusion(Set<State> states) {
        Optional<StalenessRule> single = single();
        if (single.isEmpty()) {
            return Optional.empty();
        }
        StalenessRule rule = single.get();
        boolean unknownPossible = !rule.measuresCheckIn();
        if ((unknownPossible && !states.contains(State.UNKNOWN)) || !states.contains(State.FRESH)
                || states.contains(State.CULLED)) {
            return Optional.empty();
        }
        StalenessRule.Bounds bounds = rule.bounds(now);
        Instant upTo;
        if (!states.contains(State.STALE)) {
            if (states.contains(State.STALE_WARNING)) {
                return Optional.empty();
            }
            upTo = bounds.staleUpTo();
        } else {
            upTo = states.contains(State.STALE_WARNING) ? bounds.culledUpTo() : bounds.staleWarningUpTo();
        }
        return Optional.of(new Exclusion(column(rule), upTo));
    }

    /** The one rule of every host the tenant sees, when it has one. */
    private Optional<StalenessRule> single() {
        if (tenant.byOrg()) {
            return Optional.of(rules.ruleOf(tenant.orgId()));
        }
        return rules.single();
    }

    static String column(StalenessRule rule) {
        return rule.measuresCheckIn() ? HostQueries.LAST_CHECK_IN : "stale_timestamp";
    }

    /**
     * The OR of the requested states under one rule, adjacent states merged into one range of its column:
     * stale_warning (culled, warning], stale (warning, stale], fresh (stale, ∞); unknown is {@code stale_timestamp IS
     * NULL} under 2020's rule and no host under a setting (every host has a check-in).
     */
    private void range(SqlWhere where, StalenessRule rule, Set<State> states) {
        StalenessRule.Bounds bounds = rule.bounds(now);
        String column = column(rule);
        Instant[] upTo = {bounds.culledUpTo(), bounds.staleWarningUpTo(), bounds.staleUpTo()};
        State[] ranges = {State.STALE_WARNING, State.STALE, State.FRESH};
        List<String> alternatives = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        int i = 0;
        while (i < ranges.length) {
            if (!states.contains(ranges[i])) {
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < ranges.length && states.contains(ranges[end + 1])) {
                end++;
            }
            if (end == ranges.length - 1) {
                alternatives.add(column + " > ?");
                values.add(Timestamp.from(upTo[i]));
            } else {
                alternatives.add("(" + column + " > ? AND " + column + " <= ?)");
                values.add(Timestamp.from(upTo[i]));
                values.add(Timestamp.from(upTo[end + 1]));
            }
            i = end + 1;
        }
        if (states.contains(State.CULLED)) {
            alternatives.add(column + " <= ?");
            values.add(Timestamp.from(upTo[0]));
        }
        if (states.contains(State.UNKNOWN) && !rule.measuresCheckIn()) {
            alternatives.add("stale_timestamp IS NULL");
        }
        if (alternatives.isEmpty()) {
            where.and("FALSE");
        } else {
            where.and(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")",
                    values.toArray());
        }
    }
}
