package io.hbi.inventory.selection;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The group filters of the host list (hbi-later.md §L4.5, §0.4; decisions.md 12): hosts in a group of the tenant with
 * one of {@code names} (exact, case-insensitive) or, when {@code ungrouped} (an empty {@code group_name}), in no group;
 * and hosts in one of the groups {@code ids}. The names (with ungrouped) OR, the ids OR, and the two filters AND.
 * Empty: no filter.
 *
 * @param names    group names as given (compared case-insensitively by the database)
 * @param ungrouped whether hosts without a group match
 * @param ids      group ids
 */
public record GroupFilter(List<String> names, boolean ungrouped, Set<UUID> ids) {

    /** No group filter. */
    public static final GroupFilter NONE = new GroupFilter(List.of(), false, Set.of());

    public GroupFilter {
        names = List.copyOf(names);
        ids = Set.copyOf(ids);
    }

    /** The hosts of one group (GET /groups/{id}/hosts). */
    public static GroupFilter of(UUID group) {
        return new GroupFilter(List.of(), false, Set.of(group));
    }

    /** {@code group_name} values (an empty one stands for the hosts in no group) and {@code group_id} values. */
    public static GroupFilter of(List<String> names, Set<UUID> ids) {
        return new GroupFilter(names.stream().filter(value -> !value.isEmpty()).distinct().toList(),
                names.stream().anyMatch(String::isEmpty), ids);
    }

    public boolean isEmpty() {
        return names.isEmpty() && !ungrouped && ids.isEmpty();
    }
}
