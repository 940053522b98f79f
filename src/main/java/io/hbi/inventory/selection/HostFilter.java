package io.hbi.inventory.selection;

import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The filters of {@code GET /hosts} and {@code GET /tags} (contract §1.4, §1.7, decisions.md 2 and 3): one of
 * fqdn > display_name > hostname_or_id > insights_id (the first present wins, the others are empty), then tags (all
 * must match), staleness (any of the states), registered_with, later HBI's plain filters ({@code attributes}), the
 * system profile filter and the group filter (decisions.md 12), AND-ed.
 */
public record HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                         Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                         boolean registeredWithInsights, HostAttributeFilter attributes, ProfileFilter systemProfile,
                         GroupFilter groups) {

    public static final Set<State> DEFAULT_STALENESS = EnumSet.of(State.FRESH, State.STALE, State.UNKNOWN);

    public HostFilter {
        systemProfile = systemProfile == null ? ProfileFilter.NONE : systemProfile;
        tags = List.copyOf(tags);
        staleness = staleness.isEmpty() ? EnumSet.noneOf(State.class) : EnumSet.copyOf(staleness);
        attributes = attributes == null ? HostAttributeFilter.NONE : attributes;
        groups = groups == null ? GroupFilter.NONE : groups;
    }

    /** The filters of 2020, later HBI's plain filters and the system profile filter, without a group filter. */
    public HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                      Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                      boolean registeredWithInsights, HostAttributeFilter attributes, ProfileFilter systemProfile) {
        this(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWithInsights, attributes,
                systemProfile, GroupFilter.NONE);
    }

    /** The filters of 2020 alone. */
    public HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                      Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                      boolean registeredWithInsights) {
        this(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWithInsights,
                HostAttributeFilter.NONE, ProfileFilter.NONE);
    }

    /** This filter with later HBI's plain filters. */
    public HostFilter withAttributes(HostAttributeFilter newAttributes) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWithInsights,
                newAttributes, systemProfile, groups);
    }

    /** This filter and the {@code filter[system_profile]} conditions (hbi-later.md §L2.2). */
    public HostFilter withSystemProfile(ProfileFilter profile) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWithInsights,
                attributes, profile, groups);
    }

    /** This filter and a group filter (decisions.md 12); {@link GroupFilter#NONE}: none. */
    public HostFilter withGroups(GroupFilter groupFilter) {
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId, tags, staleness, registeredWithInsights,
                attributes, systemProfile, groupFilter);
    }

    /** The host filters GET /tags accepts: tags, staleness, registered_with. */
    public static HostFilter forTags(List<TagFilter> tags, Set<State> staleness, boolean registeredWithInsights) {
        return new HostFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), tags, staleness,
                registeredWithInsights);
    }

    /** The host id hostname_or_id names when it parses as a UUID. */
    public Optional<UUID> hostnameAsId() {
        return hostnameOrId.flatMap(UuidFormat::parse);
    }

    /** No filter but staleness. */
    public boolean onlyStaleness() {
        return fqdn.isEmpty() && displayName.isEmpty() && hostnameOrId.isEmpty() && insightsId.isEmpty()
                && tags.isEmpty() && !registeredWithInsights && attributes.isEmpty() && systemProfile.isEmpty()
                && groups.isEmpty();
    }
}
