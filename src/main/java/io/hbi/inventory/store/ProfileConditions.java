package io.hbi.inventory.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.selection.ProfileCondition;
import io.hbi.inventory.selection.ProfileCondition.AllOf;
import io.hbi.inventory.selection.ProfileCondition.AnyOf;
import io.hbi.inventory.selection.ProfileCondition.Compare;
import io.hbi.inventory.selection.ProfileCondition.Op;
import io.hbi.inventory.selection.ProfileCondition.OsName;
import io.hbi.inventory.selection.ProfileCondition.OsVersion;
import io.hbi.inventory.selection.ProfileCondition.Presence;
import io.hbi.inventory.selection.ProfileFields;
import io.hbi.inventory.selection.ProfileFields.Field;
import io.hbi.inventory.selection.ProfileFields.Kind;
import io.hbi.inventory.selection.ProfileFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of a {@link ProfileFilter} on a host's system profile (hbi-later.md §L2.2, §L2.6). A field outside the
 * profile's top-level arrays is read from {@code hosts.profile_filterable} (V14: the profile without those arrays,
 * inline on the row, kept by a trigger), the others from {@code hosts.system_profile_facts}; see {@link #column}.
 * Values are always bound parameters; the text of a statement varies only with the schema paths of the fields, which
 * come from the schema (never from the request). Equality on strings, booleans, integers, array items and the
 * operating system's name and version is JSONB containment ({@code profile_filterable @> ?::jsonb}), which V14's GIN
 * {@code jsonb_path_ops} index serves; ranges read a typed
 * value through a guard (a stored value of another JSON type, or a string that is no timestamp, compares as NULL
 * instead of failing the query); a wildcard is a case-insensitive LIKE with {@code %}, {@code _} and {@code \}
 * literal.
 */
final class ProfileConditions {

    static final String COLUMN = "system_profile_facts";

    /** The profile without its top-level arrays (V14's {@code host_profile_filterable}), inline on the row. */
    static final String FILTERABLE = "profile_filterable";

    /**
     * A string PostgreSQL casts to timestamptz without an error: an ISO 8601 date that exists (days per month, 29
     * February of leap years only), a time, an optional fraction and an offset within ±15:59.
     */
    private static final String TIMESTAMP = "'^(?!0000)("
            + "\\d{4}-(0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])"
            + "|\\d{4}-(0[469]|11)-(0[1-9]|[12]\\d|30)"
            + "|\\d{4}-02-(0[1-9]|1\\d|2[0-8])"
            + "|(\\d\\d(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29"
            + ")[T ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|z|[+-](0\\d|1[0-5])(:?[0-5]\\d)?)?$'";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> OS_PATH = List.of("operating_system");
    private static final List<String> OS_NAME = List.of("operating_system", "name");
    private static final String OS = jsonPath(OS_PATH);

    private ProfileConditions() {
    }

    /** Each condition of the filter AND-ed to {@code where}. */
    static SqlWhere and(SqlWhere where, ProfileFilter filter) {
        for (ProfileCondition condition : filter.conditions()) {
            List<Object> values = new ArrayList<>();
            String sql = sql(condition, values);
            where.and(sql, values.toArray());
        }
        return where;
    }

    /** The SQL of one condition; its values are appended to {@code values} in order. */
    static String sql(ProfileCondition condition, List<Object> values) {
        if (condition instanceof Presence presence) {
            return text(presence.field().path()) + (presence.present() ? " IS NOT NULL" : " IS NULL");
        }
        if (condition instanceof Compare compare) {
            return compare(compare, values);
        }
        if (condition instanceof OsName name) {
            return osName(name.name(), name.op(), values);
        }
        if (condition instanceof OsVersion version) {
            return osVersion(version, values);
        }
        List<ProfileCondition> parts = condition instanceof AnyOf any ? any.conditions() : ((AllOf) condition).conditions();
        String joint = condition instanceof AnyOf ? " OR " : " AND ";
        List<String> rendered = new ArrayList<>();
        for (ProfileCondition part : parts) {
            rendered.add(sql(part, values));
        }
        return "(" + String.join(joint, rendered) + ")";
    }

    private static String compare(Compare compare, List<Object> values) {
        Field field = compare.field();
        List<String> path = field.path();
        Op op = compare.op();
        if (op == Op.MATCHES) {
            values.add(pattern((String) compare.value()));
            return "lower(" + text(path) + ") LIKE ? ESCAPE '\\'";
        }
        if (field.kind() == Kind.DATE_TIME) {
            values.add(compare.value());
            return timestamp(path) + " " + operator(op) + " ?";
        }
        if (field.kind() == Kind.INTEGER && op != Op.EQ && op != Op.NEQ) {
            return matches(path, jsonPath(path) + " ? (@ " + operator(op) + " $v)", JSON.objectNode()
                    .set("v", json(compare.value())), values);
        }
        JsonNode leaf = json(compare.value());
        values.add(contained(path, field.kind() == Kind.ARRAY ? JSON.arrayNode().add(leaf) : leaf).toString());
        if (op == Op.NEQ) {
            return "(" + text(path) + " IS NOT NULL AND NOT " + column(path) + " @> ?::jsonb)";
        }
        return column(path) + " @> ?::jsonb";
    }

    /**
     * The operating system's name, compared case-insensitively: as containment of the schema's spelling of the name,
     * which the GIN index serves. The schema's enum is enforced at ingest, so a stored name is spelled so, and the
     * parser refuses a name outside it.
     */
    private static String osName(String name, Op op, List<Object> values) {
        values.add(contained(OS_NAME, JSON.textNode(spelling(name))).toString());
        if (op == Op.NEQ) {
            return "(" + text(OS_NAME) + " IS NOT NULL AND NOT " + FILTERABLE + " @> ?::jsonb)";
        }
        return FILTERABLE + " @> ?::jsonb";
    }

    /** The schema's spelling of an operating system name given in any case (the parser checked it is one). */
    private static String spelling(String name) {
        return ProfileFields.shared().at(OS_NAME).stream().flatMap(field -> field.allowed().stream())
                .filter(allowed -> allowed.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an operating system name of the schema"));
    }

    /**
     * A version of one OS: name, and major (and minor) compared; a range with a minor is major beyond it, or major
     * equal and minor within it. Equality is one containment of name and version (the GIN index finds the hosts),
     * inequality the name's without it; a range compares the numbers by one jsonpath filter on the operating_system
     * object rather than one read per number.
     */
    private static String osVersion(OsVersion version, List<Object> values) {
        Op op = version.op();
        if (op == Op.EQ || op == Op.NEQ) {
            ObjectNode os = JSON.objectNode().put("name", spelling(version.name())).put("major", version.major());
            if (version.minor() != null) {
                os.put("minor", version.minor());
            }
            String same = FILTERABLE + " @> ?::jsonb";
            if (op == Op.EQ) {
                values.add(contained(OS_PATH, os).toString());
                return same;
            }
            String name = osName(version.name(), Op.EQ, values);
            values.add(contained(OS_PATH, os).toString());
            return "(" + name + " AND NOT " + same + ")";
        }
        String name = osName(version.name(), Op.EQ, values);
        ObjectNode vars = JSON.objectNode().put("major", version.major());
        String test;
        if (version.minor() == null) {
            test = "@.\"major\" " + operator(op) + " $major";
        } else {
            String strict = switch (op) {
                case GT, GTE -> ">";
                default -> "<";
            };
            vars.put("minor", version.minor());
            test = "@.\"major\" " + strict + " $major || (@.\"major\" == $major && @.\"minor\" " + operator(op)
                    + " $minor)";
        }
        return "(" + name + " AND " + matches(OS_PATH, OS + " ? (" + test + ")", vars, values) + ")";
    }

    /**
     * Whether the jsonpath filter {@code path} selects anything in the profile column of {@code field}, its variables
     * bound as one JSON document: one read of the profile, and a value of another JSON type (a string where a number
     * is expected) or an absent one selects nothing, never an error. The jsonpath's text comes from schema paths and
     * operators only; every value is a variable.
     */
    private static String matches(List<String> field, String path, ObjectNode vars, List<Object> values) {
        values.add(path);
        values.add(vars.toString());
        return "jsonb_path_exists(" + column(field) + ", ?::jsonpath, ?::jsonb)";
    }

    /** The jsonpath of a schema path: {@code $."a"."b"}, each name quoted. */
    static String jsonPath(List<String> path) {
        StringBuilder jsonPath = new StringBuilder("$");
        for (String name : path) {
            jsonPath.append(".\"").append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return jsonPath.toString();
    }

    private static String operator(Op op) {
        return switch (op) {
            case EQ -> "=";
            case NEQ -> "<>";
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalArgumentException("no SQL operator for " + op);
        };
    }

    private static JsonNode json(Object value) {
        if (value instanceof Boolean bool) {
            return JSON.booleanNode(bool);
        }
        if (value instanceof BigDecimal number) {
            return JSON.numberNode(number);
        }
        return JSON.textNode(value.toString());
    }

    /** {@code {"a": {"b": leaf}}} for the path a.b: what a profile with that value contains. */
    static ObjectNode contained(List<String> path, JsonNode leaf) {
        ObjectNode root = JSON.objectNode();
        ObjectNode level = root;
        for (int i = 0; i < path.size() - 1; i++) {
            level = level.putObject(path.get(i));
        }
        level.set(path.get(path.size() - 1), leaf);
        return root;
    }

    /** The value at a path as text (NULL when absent or JSON null). */
    static String text(List<String> path) {
        return "(" + column(path) + " #>> " + pathLiteral(path) + ")";
    }

    /** The value at a path as JSONB. */
    static String jsonb(List<String> path) {
        return "(" + column(path) + " #> " + pathLiteral(path) + ")";
    }

    /**
     * The column a path of the profile is read from: {@link #FILTERABLE} unless its top-level field is an array of the
     * schema (V14's {@code host_profile_filterable} removes exactly those; {@code ProfileFilterableIT} holds the two
     * together) or no field of the schema, then the whole profile.
     */
    static String column(List<String> path) {
        return filterable(path.get(0)) ? FILTERABLE : COLUMN;
    }

    /** Whether a top-level field of the profile is kept in {@link #FILTERABLE}. */
    static boolean filterable(String topLevelField) {
        return ProfileFields.shared().top(topLevelField).map(field -> field.kind() != Kind.ARRAY).orElse(false);
    }

    /** The value at a path as timestamptz, NULL unless it is a string in ISO 8601 form. */
    private static String timestamp(List<String> path) {
        return "(CASE WHEN " + text(path) + " ~ " + TIMESTAMP + " THEN " + text(path) + "::timestamptz END)";
    }

    /**
     * A text[] literal of schema property names: {@code '{"a","b"}'}, each name quoted (\ and " escaped) and the
     * literal's ' doubled, so no name can leave it.
     */
    static String pathLiteral(List<String> path) {
        List<String> quoted = new ArrayList<>();
        for (String name : path) {
            quoted.add("\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return "'{" + String.join(",", quoted).replace("'", "''") + "}'";
    }

    /** The LIKE pattern of a wildcard value: lower case, {@code *} any run, {@code % _ \} literal. */
    static String pattern(String value) {
        return value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                .replace("*", "%");
    }

}
