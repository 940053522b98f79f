package io.hbi.inventory.selection;

import io.hbi.inventory.host.InvalidInputException;
import java.util.List;

/**
 * The host orderings of contract §1.6 and later HBI's (hbi-later §0.2: operating_system, last_check_in, group_name)
 * ({@code order_by} and {@code order_how}); ties go to the newer host, then the greater id.
 */
public enum Ordering {
    DEFAULT,
    UPDATED_DESC,
    UPDATED_ASC,
    DISPLAY_NAME_ASC,
    DISPLAY_NAME_DESC,
    OPERATING_SYSTEM_DESC,
    OPERATING_SYSTEM_ASC,
    LAST_CHECK_IN_DESC,
    LAST_CHECK_IN_ASC,
    /** Ungrouped hosts first, then by the name of their group (hbi-later §0.2). */
    GROUP_NAME_ASC,
    /** By the name of the hosts' group, descending, ungrouped hosts last. */
    GROUP_NAME_DESC;

    /** The {@code order_by} values, as the OpenAPI document lists them. */
    public static final List<String> COLUMNS = List.of("display_name", "updated", "operating_system", "last_check_in",
            "group_name");

    public static final String DIRECTION_WITHOUT_COLUMN = "Providing ordering direction without a column is not supported. "
            + "Provide order_by={updated,display_name,operating_system,last_check_in,group_name}.";

    /**
     * @param by  one of {@link #COLUMNS} or null
     * @param how {@code ASC}, {@code DESC} or null (the column's own default: ASC for display_name and group_name, DESC
     *            for the others)
     */
    public static Ordering of(String by, String how) {
        if (by == null) {
            if (how != null) {
                throw new InvalidInputException(DIRECTION_WITHOUT_COLUMN);
            }
            return DEFAULT;
        }
        boolean ascending = "ASC".equals(how);
        return switch (by) {
            case "updated" -> ascending ? UPDATED_ASC : UPDATED_DESC;
            case "operating_system" -> ascending ? OPERATING_SYSTEM_ASC : OPERATING_SYSTEM_DESC;
            case "last_check_in" -> ascending ? LAST_CHECK_IN_ASC : LAST_CHECK_IN_DESC;
            case "display_name" -> "DESC".equals(how) ? DISPLAY_NAME_DESC : DISPLAY_NAME_ASC;
            case "group_name" -> "DESC".equals(how) ? GROUP_NAME_DESC : GROUP_NAME_ASC;
            default -> throw new IllegalArgumentException("order_by " + by);
        };
    }
}
