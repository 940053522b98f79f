package io.hbi.inventory.rest;

import io.hbi.inventory.host.Provider;
import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.selection.GroupFilter;
import io.hbi.inventory.selection.HostAttributeFilter;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.ProfileFilter;
import io.hbi.inventory.selection.TagFilter;
import io.hbi.inventory.selection.TimeRange;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The typed values of the read and edit operations, from their path and query parameters (contract §1.4–§1.6):
 * host ids, pages, filters and orderings. Every value that breaks a rule is a 400 that names the parameter.
 */
public final class HostRequests {

    public static final List<String> STALENESS_VALUES = List.of("fresh", "stale", "stale_warning", "unknown");

    private HostRequests() {
    }

    /**
     * The ids of a {@code host_id_list} path parameter: comma-separated, each passing the uuid checker of contract
     * §3.3 (hyphen-less and upper-case accepted); an empty item is a 400.
     */
    public static List<UUID> hostIds(String hostIdList) {
        return ids("host_id_list", hostIdList);
    }

    /** The comma-separated uuids of a path parameter ({@link #hostIds}'s rules), named {@code parameter} in errors. */
    static List<UUID> ids(String parameter, String list) {
        List<UUID> ids = new ArrayList<>();
        for (String item : (list == null ? "" : list).split(",", -1)) {
            ids.add(UuidFormat.parse(item.trim()).orElseThrow(() ->
                    ProblemException.badRequest(parameter + ": '" + item + "' is not a 'uuid'")));
        }
        return ids;
    }

    /** {@code page} (1-based) and {@code per_page} (1..100, default 50). */
    public static PageRequest paging(QueryParameters parameters) {
        return new PageRequest(parameters.integer("page", 1, 1, null),
                parameters.integer("per_page", PageRequest.DEFAULT_PER_PAGE, 1, PageRequest.MAX_PER_PAGE));
    }

    /** {@code order_by} (display_name, updated, operating_system, last_check_in) and {@code order_how}. */
    public static Ordering ordering(QueryParameters parameters) {
        String by = parameters.oneOf("order_by", Ordering.COLUMNS).orElse(null);
        String how = parameters.oneOf("order_how", List.of("ASC", "DESC")).orElse(null);
        return Ordering.of(by, how);
    }

    /** Every filter of GET /hosts: the first of fqdn, display_name, hostname_or_id, insights_id, and the rest. */
    public static HostFilter filter(QueryParameters parameters) {
        Optional<String> fqdn = parameters.single("fqdn");
        Optional<String> displayName = fqdn.isPresent() ? Optional.empty() : parameters.single("display_name");
        Optional<String> hostnameOrId = fqdn.isPresent() || displayName.isPresent()
                ? Optional.empty() : parameters.single("hostname_or_id");
        Optional<String> insightsId = parameters.single("insights_id");
        insightsId.ifPresent(id -> {
            if (!UuidFormat.isValid(id)) {
                throw ProblemException.badRequest("insights_id: '" + id + "' is not a 'uuid'");
            }
        });
        if (fqdn.isPresent() || displayName.isPresent() || hostnameOrId.isPresent()) {
            insightsId = Optional.empty();
        }
        return new HostFilter(fqdn, displayName, hostnameOrId, insightsId.map(UuidFormat::normalise),
                tags(parameters), staleness(parameters), registeredWith(parameters), attributes(parameters),
                ProfileFilter.NONE, groups(parameters));
    }

    /**
     * The group filters (hbi-later §L4.5, decisions.md 12): {@code group_name} (repeatable or comma-separated; exact,
     * case-insensitive; an empty value selects the hosts in no group) and {@code group_id} (repeatable uuids). An
     * operation that does not declare them has refused them already (QueryParameters).
     */
    static GroupFilter groups(QueryParameters parameters) {
        Set<UUID> ids = new HashSet<>();
        for (String item : parameters.array("group_id")) {
            ids.add(UuidFormat.parse(item.trim()).orElseThrow(() ->
                    ProblemException.badRequest("group_id: '" + item + "' is not a 'uuid'")));
        }
        return GroupFilter.of(parameters.array("group_name"), ids);
    }

    /**
     * The host filters GET /tags (and the system profile facets) accept: tags, staleness, registered_with, later HBI's
     * plain filters and the group filters.
     */
    public static HostFilter tagsFilter(QueryParameters parameters) {
        return HostFilter.forTags(tags(parameters), staleness(parameters), registeredWith(parameters))
                .withAttributes(attributes(parameters)).withGroups(groups(parameters));
    }

    /**
     * Later HBI's plain filters (hbi-later §0.4, §7.1): provider_id (any string), provider_type (enum),
     * updated_start/updated_end and last_check_in_start/last_check_in_end (date-times, {@link TimeRange}), system_type
     * (array of the enum). An operation that does not declare them has refused them already (QueryParameters).
     */
    static HostAttributeFilter attributes(QueryParameters parameters) {
        return new HostAttributeFilter(
                parameters.single("provider_id"),
                parameters.oneOf("provider_type", Provider.TYPES),
                TimeRange.parse("updated_start", parameters.single("updated_start"),
                        "updated_end", parameters.single("updated_end")),
                TimeRange.parse("last_check_in_start", parameters.single("last_check_in_start"),
                        "last_check_in_end", parameters.single("last_check_in_end")),
                new HashSet<>(parameters.arrayOf("system_type", HostAttributeFilter.SYSTEM_TYPES)));
    }

    private static List<TagFilter> tags(QueryParameters parameters) {
        List<TagFilter> tags = new ArrayList<>();
        for (String item : parameters.array("tags")) {
            tags.add(TagFilter.parse(item));
        }
        return tags;
    }

    private static Set<State> staleness(QueryParameters parameters) {
        if (!parameters.has("staleness")) {
            return HostFilter.DEFAULT_STALENESS;
        }
        Set<State> states = EnumSet.noneOf(State.class);
        for (String value : parameters.arrayOf("staleness", STALENESS_VALUES)) {
            states.add(State.valueOf(value.toUpperCase(Locale.ROOT)));
        }
        return states;
    }

    /** {@code registered_with}: any of its values (hbi-later §0.4), OR-ed. */
    private static Set<String> registeredWith(QueryParameters parameters) {
        return new HashSet<>(parameters.arrayOf("registered_with", HostFilter.REGISTERED_WITH));
    }
}
