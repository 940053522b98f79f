package io.hbi.inventory.selection;

import java.util.List;
import java.util.Locale;

/**
 * The orderings of the group list (hbi-later.md §0.2): {@code order_by} name (default direction ASC), host_count
 * (default DESC) or updated (default DESC); {@code order_how} ASC or DESC in any case. Ties go to the name, then the id.
 */
public enum GroupOrdering {
    NAME_ASC,
    NAME_DESC,
    HOST_COUNT_ASC,
    HOST_COUNT_DESC,
    UPDATED_ASC,
    UPDATED_DESC;

    /** The {@code order_by} values, as the OpenAPI document lists them. */
    public static final List<String> COLUMNS = List.of("name", "host_count", "updated");

    /** The {@code order_how} values, compared without case. */
    public static final List<String> DIRECTIONS = List.of("ASC", "DESC");

    /**
     * @param by  one of {@link #COLUMNS}, or null for name
     * @param how ASC, DESC (any case) or null for the column's own default
     */
    public static GroupOrdering of(String by, String how) {
        String column = by == null ? "name" : by;
        String direction = how == null ? null : how.toUpperCase(Locale.ROOT);
        return switch (column) {
            case "name" -> "DESC".equals(direction) ? NAME_DESC : NAME_ASC;
            case "host_count" -> "ASC".equals(direction) ? HOST_COUNT_ASC : HOST_COUNT_DESC;
            case "updated" -> "ASC".equals(direction) ? UPDATED_ASC : UPDATED_DESC;
            default -> throw new IllegalArgumentException("order_by " + by);
        };
    }
}
