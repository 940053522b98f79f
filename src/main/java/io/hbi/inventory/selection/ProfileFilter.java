package io.hbi.inventory.selection;

import java.util.List;

/**
 * The {@code filter[system_profile]…} of a request (hbi-later.md §L2.2): conditions that all hold. Empty when the
 * request has none. Built by {@link ProfileFilterParser}.
 */
public record ProfileFilter(List<ProfileCondition> conditions) {

    public static final ProfileFilter NONE = new ProfileFilter(List.of());

    public ProfileFilter {
        conditions = List.copyOf(conditions);
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }
}
