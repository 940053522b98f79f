package io.hbi.inventory.selection;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.SystemProfileSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of the system profile as the filter grammar and the sparse fieldsets see them (hbi-later.md §L2.2, §L2.3,
 * decisions.md 15), read once from the one JSON schema that validates the profile: every property with its filter
 * {@link Kind}, objects with their children. Nothing here names a field, except the two rules later HBI defines by
 * name: {@code operating_system} has its own grammar, and the legacy root names of the workloads ({@link #ALIASES}).
 * Adding a property to the schema makes it filterable and selectable.
 */
public final class ProfileFields {

    /** The filter type of a field (§L2.2). */
    public enum Kind {
        /** Exact, case-sensitive. */
        STRING,
        /** A string with {@code x-wildcard: true}: without an operator, a case-insensitive pattern ({@code *}). */
        WILDCARD,
        /** {@code integer} or {@code number}: compared as a number. */
        INTEGER,
        BOOLEAN,
        /** A string of {@code format: date-time}: compared as an instant. */
        DATE_TIME,
        /** Default operator {@code contains}; several values must all be contained. */
        ARRAY,
        /** Only nil/not_nil and its children. */
        OBJECT,
        /** {@code operating_system}: its own name/version grammar. */
        OPERATING_SYSTEM
    }

    /**
     * One field: its path from the profile's root (schema property names), its kind, its children (objects), the
     * kind of its items (arrays) and its enum (empty when none).
     */
    public record Field(List<String> path, Kind kind, Map<String, Field> children, Kind itemKind,
                        List<String> allowed) {
        public Field {
            path = List.copyOf(path);
            children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
            allowed = List.copyOf(allowed);
        }

        /** The property name (the last step of the path). */
        public String name() {
            return path.get(path.size() - 1);
        }

        public Optional<Field> child(String name) {
            return Optional.ofNullable(children.get(name));
        }
    }

    /** The property later HBI filters with its own grammar (§L2.2). */
    public static final String OPERATING_SYSTEM = "operating_system";

    /** The object whose direct children's presence checks are OR-ed (§L2.2, HBI #3839). */
    public static final String WORKLOADS = "workloads";

    /**
     * Legacy root names of the workloads (§L2.2): as later HBI does, a filter on one of them is read as its
     * {@code workloads.*} path whenever the schema has that path, even when the schema keeps a root property of the
     * name for compatibility (that property stays selectable with {@code fields[system_profile]}); only a schema
     * without the path filters the root property itself.
     */
    public static final Map<String, List<String>> ALIASES = aliases();

    private static Map<String, List<String>> aliases() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        aliases.put("sap_system", List.of(WORKLOADS, "sap", "sap_system"));
        aliases.put("sap_sids", List.of(WORKLOADS, "sap", "sids"));
        aliases.put("sap_instance_number", List.of(WORKLOADS, "sap", "instance_number"));
        aliases.put("sap_version", List.of(WORKLOADS, "sap", "version"));
        for (String workload : List.of("sap", "ansible", "mssql", "intersystems", "rhel_ai")) {
            aliases.put(workload, List.of(WORKLOADS, workload));
        }
        return Collections.unmodifiableMap(aliases);
    }

    private static final class Shared {
        static final ProfileFields INSTANCE = of(SystemProfileSchema.shared().schemaNode());
    }

    private final Map<String, Field> roots;

    private ProfileFields(Map<String, Field> roots) {
        this.roots = Collections.unmodifiableMap(roots);
    }

    /** The fields of the schema ingestion validates with, read on first use. */
    public static ProfileFields shared() {
        return Shared.INSTANCE;
    }

    /** The fields of a system profile JSON schema (its root {@code properties}). */
    public static ProfileFields of(JsonNode schema) {
        return new ProfileFields(children(schema, schema, List.of()));
    }

    /** The top-level fields, in schema order. */
    public Map<String, Field> topLevel() {
        return roots;
    }

    /** The top-level field of that name, without aliases (what {@code fields[system_profile]} selects). */
    public Optional<Field> top(String name) {
        return Optional.ofNullable(roots.get(name));
    }

    /** The field at a path (schema names), or empty. */
    public Optional<Field> at(List<String> path) {
        Map<String, Field> level = roots;
        Field field = null;
        for (String step : path) {
            field = level.get(step);
            if (field == null) {
                return Optional.empty();
            }
            level = field.children();
        }
        return Optional.ofNullable(field);
    }

    /**
     * The field a filter's first key names: the workloads field a legacy name stands for when the schema has it, else
     * the top-level field of that name; empty when neither exists.
     */
    public Optional<Field> filterRoot(String name) {
        List<String> alias = ALIASES.get(name);
        Optional<Field> workload = alias == null ? Optional.empty() : at(alias);
        return workload.isPresent() ? workload : Optional.ofNullable(roots.get(name));
    }

    private static Map<String, Field> children(JsonNode document, JsonNode objectSchema, List<String> parent) {
        Map<String, Field> fields = new LinkedHashMap<>();
        JsonNode properties = resolve(document, objectSchema).path("properties");
        properties.fields().forEachRemaining(property -> {
            List<String> path = new ArrayList<>(parent);
            path.add(property.getKey());
            fields.put(property.getKey(), field(document, resolve(document, property.getValue()), path));
        });
        return fields;
    }

    private static Field field(JsonNode document, JsonNode schema, List<String> path) {
        Kind kind = path.size() == 1 && path.get(0).equals(OPERATING_SYSTEM) ? Kind.OPERATING_SYSTEM : kindOf(schema);
        Map<String, Field> children = kind == Kind.OBJECT || kind == Kind.OPERATING_SYSTEM
                ? children(document, schema, path) : Map.of();
        Kind itemKind = kind == Kind.ARRAY ? kindOf(resolve(document, schema.path("items"))) : null;
        List<String> allowed = new ArrayList<>();
        schema.path("enum").forEach(value -> allowed.add(value.asText()));
        return new Field(path, kind, children, itemKind, allowed);
    }

    private static Kind kindOf(JsonNode schema) {
        String type = typeOf(schema);
        return switch (type) {
            case "integer", "number" -> Kind.INTEGER;
            case "boolean" -> Kind.BOOLEAN;
            case "array" -> Kind.ARRAY;
            case "object" -> Kind.OBJECT;
            default -> {
                if ("date-time".equals(schema.path("format").asText())) {
                    yield Kind.DATE_TIME;
                }
                yield schema.path("x-wildcard").asBoolean(false) ? Kind.WILDCARD : Kind.STRING;
            }
        };
    }

    /** The declared type; of a list of types ({@code ["string", "null"]}) the first that is not null. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!"null".equals(one.asText())) {
                    return one.asText();
                }
            }
            return "string";
        }
        if (type.isMissingNode() && schema.has("properties")) {
            return "object";
        }
        return type.asText("string");
    }

    /**
     * Follows a local {@code $ref} ({@code #/$defs/X}) of a schema that declares neither a type nor properties of its
     * own; other schemas are returned as they are.
     */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; depth < 16 && current.has("$ref") && !current.has("type") && !current.has("properties")
                && current.get("$ref").asText().startsWith("#"); depth++) {
            JsonNode target = document.at(current.get("$ref").asText().substring(1));
            if (target.isMissingNode()) {
                break;
            }
            current = target;
        }
        return current;
    }
}
