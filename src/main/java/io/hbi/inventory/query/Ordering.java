package io.hbi.inventory.query;

import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.QueryParameters;
import java.util.List;

/** The host orderings of contract §1.6, as ORDER BY clauses. */
public enum Ordering {
    DEFAULT("modified_on DESC, id DESC"),
    UPDATED_DESC("modified_on DESC, id DESC"),
    UPDATED_ASC("modified_on ASC, id DESC"),
    DISPLAY_NAME_ASC("display_name ASC, modified_on DESC, id DESC"),
    DISPLAY_NAME_DESC("display_name DESC, modified_on DESC, id DESC");

    static final String DIRECTION_WITHOUT_COLUMN = "Providing ordering direction without a column is not supported. "
            + "Provide order_by={updated,display_name}.";

    private final String sql;

    Ordering(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    /** From {@code order_by} and {@code order_how}; a direction without a column is a 400. */
    public static Ordering of(QueryParameters parameters) {
        String by = parameters.oneOf("order_by", List.of("display_name", "updated")).orElse(null);
        String how = parameters.oneOf("order_how", List.of("ASC", "DESC")).orElse(null);
        if (by == null) {
            if (how != null) {
                throw ProblemException.badRequest(DIRECTION_WITHOUT_COLUMN);
            }
            return DEFAULT;
        }
        if (by.equals("updated")) {
            return "ASC".equals(how) ? UPDATED_ASC : UPDATED_DESC;
        }
        return "DESC".equals(how) ? DISPLAY_NAME_DESC : DISPLAY_NAME_ASC;
    }
}
