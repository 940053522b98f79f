package io.hbi.inventory.rest;

import io.hbi.inventory.selection.ProfileFields;
import io.hbi.inventory.selection.ProfileFilter;
import io.hbi.inventory.selection.ProfileFilterParser;
import io.hbi.inventory.selection.SparseFields;

/**
 * The system profile parameters of a request (hbi-later.md §L2.2, §L2.3): {@code filter[system_profile]…} and
 * {@code fields[system_profile]}, read with the fields of the schema the service validates with.
 */
public final class ProfileRequests {

    private static final ProfileFilterParser FILTERS = new ProfileFilterParser(ProfileFields.shared());

    private ProfileRequests() {
    }

    /** The {@code filter} parameters; {@link ProfileFilter#NONE} without any. */
    public static ProfileFilter filter(QueryParameters parameters) {
        var found = parameters.deepObject(ProfileFilterParser.ROOT);
        return found.isEmpty() ? ProfileFilter.NONE : FILTERS.parse(found);
    }

    /** The {@code fields} parameters; {@link SparseFields#NONE} without any. */
    public static SparseFields fields(QueryParameters parameters) {
        return SparseFields.parse(parameters.deepObject(SparseFields.ROOT), ProfileFields.shared());
    }
}
