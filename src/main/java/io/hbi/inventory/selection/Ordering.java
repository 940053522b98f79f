package io.hbi.inventory.selection;

import io.hbi.inventory.host.InvalidInputException;

/** The host orderings of contract §1.6 ({@code order_by} and {@code order_how}); ties go to the newer id. */
public enum Ordering {
    DEFAULT,
    UPDATED_DESC,
    UPDATED_ASC,
    DISPLAY_NAME_ASC,
    DISPLAY_NAME_DESC;

    public static final String DIRECTION_WITHOUT_COLUMN = "Providing ordering direction without a column is not supported. "
            + "Provide order_by={updated,display_name}.";

    /**
     * @param by  {@code display_name}, {@code updated} or null
     * @param how {@code ASC}, {@code DESC} or null (the column's own default)
     */
    public static Ordering of(String by, String how) {
        if (by == null) {
            if (how != null) {
                throw new InvalidInputException(DIRECTION_WITHOUT_COLUMN);
            }
            return DEFAULT;
        }
        if (by.equals("updated")) {
            return "ASC".equals(how) ? UPDATED_ASC : UPDATED_DESC;
        }
        return "DESC".equals(how) ? DISPLAY_NAME_DESC : DISPLAY_NAME_ASC;
    }
}
