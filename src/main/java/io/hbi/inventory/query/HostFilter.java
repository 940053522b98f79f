package io.hbi.inventory.query;

import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.QueryParameters;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The filters of {@code GET /hosts} and {@code GET /tags} (contract §1.4, §1.7, decisions.md 2 and 3): one of
 * fqdn > display_name > hostname_or_id > insights_id (the first present wins), then tags (all must match),
 * staleness (any of the states) and registered_with, AND-ed.
 */
public record HostFilter(Optional<String> fqdn, Optional<String> displayName, Optional<String> hostnameOrId,
                         Optional<String> insightsId, List<TagFilter> tags, Set<State> staleness,
                         boolean registeredWithInsights) {

    public static final Set<State> DEFAULT_STALENESS = EnumSet.of(State.FRESH, State.STALE, State.UNKNOWN);
    static final List<String> STALENESS_VALUES = List.of("fresh", "stale", "stale_warning", "unknown");

    /** Every filter of GET /hosts. */
    public static HostFilter of(QueryParameters parameters) {
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
                tags(parameters), staleness(parameters), registeredWith(parameters));
    }

    /** The host filters GET /tags accepts: tags, staleness, registered_with. */
    public static HostFilter forTags(QueryParameters parameters) {
        return new HostFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                tags(parameters), staleness(parameters), registeredWith(parameters));
    }

    static List<TagFilter> tags(QueryParameters parameters) {
        List<TagFilter> tags = new ArrayList<>();
        for (String item : parameters.array("tags")) {
            tags.add(TagFilter.parse(item));
        }
        return tags;
    }

    static Set<State> staleness(QueryParameters parameters) {
        if (!parameters.has("staleness")) {
            return DEFAULT_STALENESS;
        }
        Set<State> states = EnumSet.noneOf(State.class);
        for (String value : parameters.arrayOf("staleness", STALENESS_VALUES)) {
            states.add(State.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
        }
        return states;
    }

    static boolean registeredWith(QueryParameters parameters) {
        return parameters.oneOf("registered_with", List.of("insights")).isPresent();
    }

    /** The host id hostname_or_id names when it parses as a UUID. */
    Optional<UUID> hostnameAsId() {
        return hostnameOrId.flatMap(UuidFormat::parse);
    }
}
