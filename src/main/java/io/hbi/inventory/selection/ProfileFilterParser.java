package io.hbi.inventory.selection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.selection.ProfileCondition.AllOf;
import io.hbi.inventory.selection.ProfileCondition.Compare;
import io.hbi.inventory.selection.ProfileCondition.Op;
import io.hbi.inventory.selection.ProfileCondition.OsName;
import io.hbi.inventory.selection.ProfileCondition.OsVersion;
import io.hbi.inventory.selection.ProfileCondition.Presence;
import io.hbi.inventory.selection.ProfileFields.Field;
import io.hbi.inventory.selection.ProfileFields.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code filter} parameters of a request read into a {@link ProfileFilter} (hbi-later.md §L2.2, decisions.md 15):
 * the deepObject form {@code filter[system_profile][field][…][op]=value} (a trailing {@code []} takes several values)
 * and the JSON form ({@code filter={"system_profile": {…}}}, {@code filter[system_profile]={…}}, or a JSON object as
 * the value of a deeper key). Fields and their types come from {@link ProfileFields}; every mistake is an
 * {@link InvalidInputException} (400) whose text names it.
 *
 * <p>Combination: different fields or paths AND; several values of one scalar field with eq/neq OR, with a range
 * operator AND; several values of an array field AND (all contained); the presence checks of the direct children of
 * {@code workloads} OR across workload types; {@code operating_system} by its own rules (§L2.2, quirk included).
 */
public final class ProfileFilterParser {

    public static final String ROOT = "filter";
    public static final String SYSTEM_PROFILE = "system_profile";
    public static final String MULTIPLE_VALUES = "Param filter must be appended with [] to accept multiple values.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("filter((?:\\[[^\\[\\]]*\\])+)");
    private static final Pattern SEGMENT = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern UNENCODED_PLUS = Pattern.compile("^(.*\\d) ([0-9]{2}(:?[0-9]{2})?)$");
    private static final String NIL = "nil";
    private static final String NOT_NIL = "not_nil";

    /** The operators of the grammar by their spelling. */
    private static final Map<String, String> OPERATORS = Map.of("eq", "eq", "neq", "neq", "ne", "neq", "gt", "gt",
            "gte", "gte", "lt", "lt", "lte", "lte", "contains", "contains", "is", "is");
    private static final Set<String> RANGES = Set.of("gt", "gte", "lt", "lte");

    private final ProfileFields fields;

    public ProfileFilterParser(ProfileFields fields) {
        this.fields = fields;
    }

    /** One leaf of the filter: the keys under {@code system_profile}, its values, and whether it was a list. */
    private record Leaf(List<String> keys, List<String> values, boolean list) {
    }

    /**
     * @param parameters the decoded parameters named {@code filter} or {@code filter[…]}, each with its decoded
     *                   values in query order
     */
    public ProfileFilter parse(Map<String, List<String>> parameters) {
        List<Leaf> leaves = new ArrayList<>();
        parameters.forEach((name, values) -> leaves(name, values, leaves));
        return build(leaves);
    }

    // ---- the parameters as leaves ---------------------------------------------------------------------------

    private static void leaves(String name, List<String> values, List<Leaf> leaves) {
        if (name.equals(ROOT)) {
            if (values.size() > 1) {
                throw invalid(MULTIPLE_VALUES);
            }
            JsonNode document = jsonObject(values.get(0), ROOT);
            if (document == null) {
                throw invalid("Filter param 'filter' must be a JSON object.");
            }
            document.fields().forEachRemaining(entry -> {
                requireSystemProfile(entry.getKey());
                flattenRoot(entry.getValue(), "filter[" + entry.getKey() + "]", leaves);
            });
            return;
        }
        Matcher key = KEY.matcher(name);
        if (!key.matches()) {
            throw invalid("Invalid filter key '" + name + "'");
        }
        List<String> keys = new ArrayList<>();
        Matcher segment = SEGMENT.matcher(key.group(1));
        while (segment.find()) {
            keys.add(segment.group(1));
        }
        requireSystemProfile(keys.get(0));
        boolean list = keys.get(keys.size() - 1).isEmpty();
        if (list) {
            keys.remove(keys.size() - 1);
        } else if (values.size() > 1) {
            throw invalid(MULTIPLE_VALUES);
        }
        if (keys.isEmpty() || keys.stream().anyMatch(String::isEmpty)) {
            throw invalid("Invalid filter key '" + name + "'");
        }
        List<String> path = keys.subList(1, keys.size());
        if (path.isEmpty()) {
            if (list) {
                throw invalid("Filter param '" + name + "' must be a JSON object, not an array.");
            }
            flattenRoot(jsonObjectOrRefuse(values.get(0), name), name, leaves);
            return;
        }
        if (!list) {
            JsonNode object = jsonObject(values.get(0), name);
            if (object != null) {
                flatten(object, new ArrayList<>(path), leaves);
                return;
            }
        }
        leaves.add(new Leaf(List.copyOf(path), List.copyOf(values), list));
    }

    private static void requireSystemProfile(String key) {
        if (!key.equals(SYSTEM_PROFILE)) {
            throw invalid("Invalid filter key '" + key + "'");
        }
    }

    private static JsonNode jsonObjectOrRefuse(String value, String name) {
        JsonNode object = jsonObject(value, name);
        if (object == null) {
            throw invalid("Filter param '" + name + "' value must be a JSON object or use bracket notation for nested"
                    + " fields (e.g., " + name + "[field]=value).");
        }
        return object;
    }

    /**
     * The JSON object a value spells, or null when it does not look like one; a JSON array is a 400 (arrays are
     * given with {@code []}).
     */
    private static JsonNode jsonObject(String value, String name) {
        String text = value.strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (parsed != null && parsed.isArray()) {
            throw invalid("Filter param '" + name + "' must be a JSON object, not an array.");
        }
        return parsed != null && parsed.isObject() ? parsed : null;
    }

    private static void flattenRoot(JsonNode value, String name, List<Leaf> leaves) {
        if (!value.isObject()) {
            throw invalid("Filter param '" + name + "' must be a JSON object.");
        }
        flatten(value, new ArrayList<>(), leaves);
    }

    /** A JSON filter object as leaves: objects nest, arrays are lists of scalars, scalars are single values. */
    private static void flatten(JsonNode node, List<String> path, List<Leaf> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                List<String> deeper = new ArrayList<>(path);
                deeper.add(entry.getKey());
                flatten(entry.getValue(), deeper, leaves);
            }
            return;
        }
        if (path.isEmpty()) {
            throw invalid("Filter param 'filter[system_profile]' must be a JSON object.");
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isContainerNode()) {
                    throw invalid("'" + item + "' is an invalid value for field " + path.get(path.size() - 1));
                }
                values.add(item.asText());
            }
            leaves.add(new Leaf(List.copyOf(path), values, true));
            return;
        }
        leaves.add(new Leaf(List.copyOf(path), List.of(node.isNull() ? NIL : node.asText()), false));
    }

    // ---- leaves resolved against the schema -----------------------------------------------------------------

    /** A leaf resolved: its field, its operator (null: the field's default) and values. */
    private record Term(Field field, String op, List<String> values, boolean list) {
    }

    private ProfileFilter build(List<Leaf> leaves) {
        for (Leaf leaf : leaves) {
            if (leaf.values().stream().anyMatch(value -> value.indexOf('\u0000') >= 0)
                    || leaf.keys().stream().anyMatch(key -> key.indexOf('\u0000') >= 0)) {
                // PostgreSQL can neither store nor compare it; a JSON escape of it gets this far.
                throw invalid("filter: the value holds a NUL character");
            }
        }
        List<ProfileCondition> conditions = new ArrayList<>();
        List<ProfileCondition> workloadPresence = new ArrayList<>();
        Map<Field, List<Leaf>> operatingSystem = new LinkedHashMap<>();
        for (Leaf leaf : leaves) {
            String first = leaf.keys().get(0);
            Field field = fields.filterRoot(first).orElseThrow(() ->
                    invalid("Invalid operation or child node for system_profile: " + first));
            if (field.kind() == Kind.OPERATING_SYSTEM) {
                operatingSystem.computeIfAbsent(field, f -> new ArrayList<>())
                        .add(new Leaf(leaf.keys().subList(1, leaf.keys().size()), leaf.values(), leaf.list()));
                continue;
            }
            Term term = resolve(field, leaf);
            ProfileCondition condition = condition(term);
            if (isWorkloadPresence(term)) {
                workloadPresence.add(condition);
            } else {
                conditions.add(condition);
            }
        }
        if (!workloadPresence.isEmpty()) {
            conditions.add(0, ProfileCondition.anyOf(workloadPresence));
        }
        operatingSystem.forEach((field, osLeaves) -> conditions.add(operatingSystem(field, osLeaves)));
        return new ProfileFilter(conditions);
    }

    /** Walks the keys after the first down the schema's children; an operator may only be the last key. */
    private static Term resolve(Field root, Leaf leaf) {
        Field field = root;
        List<String> keys = leaf.keys();
        for (int i = 1; i < keys.size(); i++) {
            String key = keys.get(i);
            if (field.kind() == Kind.OBJECT && field.child(key).isPresent()) {
                field = field.child(key).get();
                continue;
            }
            String op = OPERATORS.get(key);
            if (op == null || i != keys.size() - 1) {
                throw invalid("Invalid operation or child node for " + field.name() + ": " + key);
            }
            return new Term(field, op, leaf.values(), leaf.list());
        }
        return new Term(field, null, leaf.values(), leaf.list());
    }

    /** A direct child of {@code workloads} tested for nil/not_nil (one value). */
    private static boolean isWorkloadPresence(Term term) {
        List<String> path = term.field().path();
        return path.size() == 2 && path.get(0).equals(ProfileFields.WORKLOADS) && term.values().size() == 1
                && isPresenceValue(term.values().get(0));
    }

    private static boolean isPresenceValue(String value) {
        return value.equals(NIL) || value.equals(NOT_NIL);
    }

    private static ProfileCondition condition(Term term) {
        Field field = term.field();
        checkOperator(field, term.op());
        List<ProfileCondition> each = new ArrayList<>();
        for (String value : term.values()) {
            each.add(condition(field, term.op(), value));
        }
        if (each.isEmpty()) {
            throw invalid("'' is an invalid value for field " + field.name());
        }
        boolean all = field.kind() == Kind.ARRAY || (term.op() != null && RANGES.contains(term.op()));
        return all ? ProfileCondition.allOf(each) : ProfileCondition.anyOf(each);
    }

    /** The operators each kind takes; {@code contains} on a non-array has its own text. */
    private static void checkOperator(Field field, String op) {
        if (op == null) {
            return;
        }
        if (op.equals("contains") && field.kind() != Kind.ARRAY) {
            throw invalid("'contains' is an invalid operation for non-array field " + field.name());
        }
        Set<String> allowed = switch (field.kind()) {
            case STRING, WILDCARD, BOOLEAN -> Set.of("eq", "neq", "is");
            case INTEGER, DATE_TIME -> Set.of("eq", "neq", "gt", "gte", "lt", "lte", "is");
            case ARRAY -> Set.of("eq", "neq", "contains", "is");
            case OBJECT, OPERATING_SYSTEM -> Set.of("eq", "is");
        };
        if (!allowed.contains(op)) {
            throw invalid("Invalid operation or child node for " + field.name() + ": " + op);
        }
    }

    private static ProfileCondition condition(Field field, String op, String value) {
        if (isPresenceValue(value)) {
            return new Presence(field, value.equals(NOT_NIL));
        }
        if ("is".equals(op)) {
            throw invalidValue(value, field);
        }
        Op compare = op == null ? null : switch (op) {
            case "eq" -> Op.EQ;
            case "neq" -> Op.NEQ;
            case "gt" -> Op.GT;
            case "gte" -> Op.GTE;
            case "lt" -> Op.LT;
            case "lte" -> Op.LTE;
            default -> Op.CONTAINS;
        };
        switch (field.kind()) {
            case STRING:
                return new Compare(field, compare == null ? Op.EQ : compare, value);
            case WILDCARD:
                return new Compare(field, compare == null ? (value.isEmpty() ? Op.EQ : Op.MATCHES) : compare, value);
            case ARRAY:
                if (value.isEmpty()) {
                    throw invalidValue(value, field);
                }
                Op arrayOp = compare == Op.NEQ ? Op.NEQ : Op.CONTAINS;
                if (field.itemKind() == Kind.OBJECT || field.itemKind() == Kind.ARRAY) {
                    throw invalidValue(value, field);
                }
                return new Compare(field, arrayOp, typed(field, field.itemKind(), value));
            default:
                return new Compare(field, compare == null ? Op.EQ : compare, typed(field, field.kind(), value));
        }
    }

    /** A value of a kind: a BigDecimal, Boolean, OffsetDateTime or String; anything else of it is a 400. */
    private static Object typed(Field field, Kind kind, String value) {
        switch (kind) {
            case INTEGER:
                if (!DIGITS.matcher(value).matches()) {
                    throw invalidValue(value, field);
                }
                return new BigDecimal(value);
            case BOOLEAN:
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw invalidValue(value, field);
                }
                return Boolean.valueOf(lower);
            case DATE_TIME:
                return instant(field, value);
            case OBJECT:
            case ARRAY:
            case OPERATING_SYSTEM:
                throw invalidValue(value, field);
            default:
                return value;
        }
    }

    private static OffsetDateTime instant(Field field, String value) {
        String text = value.strip();
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        // An unencoded '+' of an offset arrives as a space.
        text = UNENCODED_PLUS.matcher(text).replaceFirst("$1+$2");
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw invalidValue(value, field);
                }
            }
        }
    }

    // ---- operating_system ------------------------------------------------------------------------------------

    /**
     * The leaves under {@code operating_system}: {@code =nil|not_nil} (also {@code [is]}, {@code [eq]}),
     * {@code [name][eq|neq]=NAME}, {@code [NAME][version][op]=M[.m]}. The quirk of §L2.2: eq, neq and nil entries
     * are OR-ed, the range entries AND-ed into one term OR-ed with the rest.
     */
    private ProfileCondition operatingSystem(Field field, List<Leaf> leaves) {
        List<ProfileCondition> alternatives = new ArrayList<>();
        List<ProfileCondition> ranges = new ArrayList<>();
        for (Leaf leaf : leaves) {
            List<String> keys = leaf.keys();
            if (keys.isEmpty() || (keys.size() == 1 && (keys.get(0).equals("is") || keys.get(0).equals("eq")))) {
                for (String value : leaf.values()) {
                    if (!isPresenceValue(value)) {
                        throw invalidValue(value, field);
                    }
                    alternatives.add(new Presence(field, value.equals(NOT_NIL)));
                }
            } else if (keys.get(0).equals("name")) {
                String op = keys.size() == 1 ? "eq" : OPERATORS.get(keys.get(1));
                if (keys.size() > 2 || !("eq".equals(op) || "neq".equals(op))) {
                    throw invalid("Invalid operation or child node for name: " + keys.get(keys.size() - 1));
                }
                for (String name : leaf.values()) {
                    alternatives.add(new OsName(op.equals("eq") ? Op.EQ : Op.NEQ, osName(field, name)));
                }
            } else {
                String name = osName(field, keys.get(0));
                if (keys.size() < 2 || !keys.get(1).equals("version") || keys.size() > 3) {
                    throw invalid("Invalid operation or child node for operating_system: "
                            + (keys.size() < 2 ? keys.get(0) : keys.get(keys.size() - 1)));
                }
                String op = keys.size() == 2 ? "eq" : OPERATORS.get(keys.get(2));
                if (op == null || op.equals("contains") || op.equals("is")) {
                    throw invalid("Invalid operation or child node for version: " + keys.get(2));
                }
                for (String version : leaf.values()) {
                    ProfileCondition condition = osVersion(name, op, version);
                    (RANGES.contains(op) ? ranges : alternatives).add(condition);
                }
            }
        }
        if (!ranges.isEmpty()) {
            alternatives.add(ranges.size() == 1 ? ranges.get(0) : new AllOf(ranges));
        }
        return ProfileCondition.anyOf(alternatives);
    }

    /** A name of the schema's {@code operating_system.name} enum (any case), lower case; any name without an enum. */
    private static String osName(Field field, String name) {
        List<String> names = field.child("name").map(Field::allowed).orElse(List.of());
        if (!names.isEmpty() && names.stream().noneMatch(known -> known.equalsIgnoreCase(name))) {
            throw invalid("operating_system filter only supports these OS names: "
                    + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]")) + ".");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static ProfileCondition osVersion(String name, String op, String version) {
        String[] parts = version.split("\\.", -1);
        if (parts.length > 2) {
            throw invalid("operating_system filter can only have a major and minor version.");
        }
        for (String part : parts) {
            if (!DIGITS.matcher(part).matches() || part.length() > 9) {
                throw invalid("operating_system major and minor versions must be numerical.");
            }
        }
        Op compare = switch (op) {
            case "neq" -> Op.NEQ;
            case "gt" -> Op.GT;
            case "gte" -> Op.GTE;
            case "lt" -> Op.LT;
            case "lte" -> Op.LTE;
            default -> Op.EQ;
        };
        return new OsVersion(name, compare, Long.parseLong(parts[0]), parts.length == 2 ? Long.parseLong(parts[1]) : null);
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    private static InvalidInputException invalidValue(String value, Field field) {
        return invalid("'" + value + "' is an invalid value for field " + field.name());
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(detail);
    }

}
