package io.hbi.inventory.selection;

import io.hbi.inventory.selection.ProfileFields.Field;
import java.util.List;

/**
 * One condition on the system profile of a host, as the filter grammar produced it (hbi-later.md §L2.2): typed values,
 * schema fields, no SQL. The store renders it.
 */
public sealed interface ProfileCondition {

    /** The comparisons of the grammar; {@link #MATCHES} is a wildcard field's pattern, {@link #CONTAINS} an array's. */
    enum Op { EQ, NEQ, GT, GTE, LT, LTE, CONTAINS, MATCHES }

    /** The field is present (not null) or absent ({@code nil} / {@code not_nil}). */
    record Presence(Field field, boolean present) implements ProfileCondition {
    }

    /**
     * The field compared with a value: a String (string, wildcard pattern with {@code *}), a BigDecimal (integer), a
     * Boolean, an OffsetDateTime (date-time); for {@link Op#CONTAINS} and an array's {@link Op#NEQ}, one item of the
     * array's item type.
     */
    record Compare(Field field, Op op, Object value) implements ProfileCondition {
    }

    /** {@code operating_system.name}, compared case-insensitively ({@code name} is lower case). */
    record OsName(Op op, String name) implements ProfileCondition {
    }

    /**
     * A version of one operating system: {@code name} (lower case) and, with {@code op}, its major and optionally
     * minor version (§L2.2: {@code [gte]=8.4} is major &gt; 8 or major 8 and minor &ge; 4).
     */
    record OsVersion(String name, Op op, long major, Long minor) implements ProfileCondition {
    }

    /** Any of the conditions. */
    record AnyOf(List<ProfileCondition> conditions) implements ProfileCondition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** All of the conditions. */
    record AllOf(List<ProfileCondition> conditions) implements ProfileCondition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** One condition of several: {@link AnyOf} or {@link AllOf}, or the single one itself. */
    static ProfileCondition anyOf(List<ProfileCondition> conditions) {
        return conditions.size() == 1 ? conditions.get(0) : new AnyOf(conditions);
    }

    static ProfileCondition allOf(List<ProfileCondition> conditions) {
        return conditions.size() == 1 ? conditions.get(0) : new AllOf(conditions);
    }
}
