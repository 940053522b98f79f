package io.hbi.inventory.selection;

import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The filters of {@code GET /hosts} and {@code GET /tags} (contract §1.4, §1.7, decisions.md 2 and 3): one of
 * fqdn > display_name > hostname_or_id > insights_id (the first present wins, the others are empty), then tags (all
 * must match), staleness (any of the states), registered_with (any of its values, hbi-later §0.4), later HBI's plain
 * filters ({@code attributes}), the system profile filter and the group filter (decisions.md 12), AND-ed.
 *
 * @param registeredWith values of {@link #REGISTERED_WITH}: {@code insights} (a host with an insights_id), a reporter
 *                       (the host has that reporter's check-in and it is not culled), {@code !reporter} (it has not);
 *                       empty: no filter
 */
public record HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                         Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                         Set<String> registeredWith, HostAttributeFilter attributes, ProfileFilter systemProfile,
                         GroupFilter groups) {

    public static final Set<State> DEFAULT_STALENESS = EnumSet.of(State.FRESH, State.STALE, State.UNKNOWN);

    /** The values of {@code registered_with} (hbi-later §0.4), in later HBI's order. */
    public static final List<String> REGISTERED_WITH = List.of("insights", "yupana", "satellite", "discovery",
            "puptoo", "rhsm-conduit", "cloud-connector", "!yupana", "!satellite", "!discovery", "!puptoo",
            "!rhsm-conduit", "!cloud-connector");

    /** {@code registered_with=insights}: a host with an insights_id. */
    public static final String INSIGHTS = "insights";

    public HostFilter {
        systemProfile = systemProfile == null ? ProfileFilter.NONE : systemProfile;
        tags = List.copyOf(tags);
        staleness = staleness.isEmpty() ? EnumSet.noneOf(State.class) : EnumSet.copyOf(staleness);
        registeredWith = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(registeredWith));
        attributes = attributes == null ? HostAttributeFilter.NONE : attributes;
        groups = groups == null ? GroupFilter.NONE : groups;
    }

    /** The filters of 2020, later HBI's plain filters and the system profile filter, without a group filter. */
    public HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                      Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                      Set<String> registeredWith, HostAttributeFilter attributes, ProfileFilter systemProfile) {
        this(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWith, attributes, systemProfile,
                GroupFilter.NONE);
    }

    /** The filters of 2020 alone ({@code registeredWithInsights}: registered_with=insights). */
    public HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                      Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                      boolean registeredWithInsights) {
        this(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, insights(registeredWithInsights),
                HostAttributeFilter.NONE, ProfileFilter.NONE);
    }

    /** This filter with later HBI's plain filters. */
    public HostFilter withAttributes(HostAttributeFilter newAttributes) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWith,
                newAttributes, systemProfile, groups);
    }

    /** This filter and the {@code filter[system_profile]} conditions (hbi-later.md §L2.2). */
    public HostFilter withSystemProfile(ProfileFilter profile) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWith,
                attributes, profile, groups);
    }

    /** This filter and a group filter (decisions.md 12); {@link GroupFilter#NONE}: none. */
    public HostFilter withGroups(GroupFilter groupFilter) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWith,
                attributes, systemProfile, groupFilter);
    }

    /** The host filters GET /tags accepts: tags, staleness, registered_with=insights. */
    public static HostFilter forTags(List<TagFilter> tags, Set<State> staleness, boolean registeredWithInsights) {
        return forTags(tags, staleness, insights(registeredWithInsights));
    }

    /** The host filters GET /tags accepts: tags, staleness, registered_with. */
    public static HostFilter forTags(List<TagFilter> tags, Set<State> staleness, Set<String> registeredWith) {
        return new HostFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), tags, staleness,
                registeredWith, HostAttributeFilter.NONE, ProfileFilter.NONE);
    }

    private static Set<String> insights(boolean registeredWithInsights) {
        return registeredWithInsights ? Set.of(INSIGHTS) : Set.of();
    }

    /** The host id hostname_or_id names when it parses as a UUID. */
    public Optional<UUID> hostnameAsId() {
        return hostnameOrId.flatMap(UuidFormat::parse);
    }

    /** No filter but staleness. */
    public boolean onlyStaleness() {
        return fqdn.isEmpty() && displayName.isEmpty() && hostnameOrId.isEmpty() && insightsId.isEmpty()
                && tags.isEmpty() && registeredWith.isEmpty() && attributes.isEmpty() && systemProfile.isEmpty()
                && groups.isEmpty();
    }
}
