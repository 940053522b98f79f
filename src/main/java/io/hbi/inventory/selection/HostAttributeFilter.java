package io.hbi.inventory.selection;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host filters later HBI added as plain query parameters of {@code GET /hosts} and {@code GET /tags}
 * (hbi-later §0.4, §7.1; decisions.md 11), AND-ed with each other and with the 2020 filters:
 *
 * @param providerId   {@code provider_id}: case-insensitive exact
 * @param providerType {@code provider_type}: one of {@link io.hbi.inventory.host.Provider#TYPES}, exact
 * @param updated      {@code updated_start}/{@code updated_end} on the host's {@code updated} (modified_on)
 * @param lastCheckIn  {@code last_check_in_start}/{@code last_check_in_end} on its last_check_in (for a row written
 *                     before V12 and not ingested since, its modified_on: host_last_check_in in db/migration V12)
 * @param systemTypes  {@code system_type}: any of these derived types (host_system_type, V12); empty: no filter
 */
public record HostAttributeFilter(Optional<String> providerId, Optional<String> providerType, TimeRange updated,
                                  TimeRange lastCheckIn, Set<String> systemTypes) {

    /** The derived system types of hbi-later §7.1, in later HBI's order. */
    public static final List<String> SYSTEM_TYPES = List.of("conventional", "bootc", "edge", "cluster");

    /** No filter. */
    public static final HostAttributeFilter NONE = new HostAttributeFilter(Optional.empty(), Optional.empty(),
            TimeRange.ANY, TimeRange.ANY, Set.of());

    public HostAttributeFilter {
        systemTypes = Set.copyOf(systemTypes);
    }

    public boolean isEmpty() {
        return providerId.isEmpty() && providerType.isEmpty() && updated.isAny() && lastCheckIn.isAny()
                && systemTypes.isEmpty();
    }
}
