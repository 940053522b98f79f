package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The system profile as the JSON Schema {@code schemas/system_profile.json}: later HBI's fields, a superset of the
 * 2020 profile (contract §3.5) whose 2020 fields keep their 2020 rules (decisions.md 11, 15).
 *
 * <p>Validation first cleans a copy of the input, walking it alongside the schema: keys a schema object does not
 * list under {@code properties} are dropped and counted (decision 7), {@code baseurl} becomes {@code base_url}
 * where the schema knows {@code base_url} (decision 7), and on {@link Door#MQ} numeric strings of integer fields
 * become integers (contract §3.4). Objects without {@code properties} (DiskDevice {@code options}) are free-form
 * and kept whole. The cleaned copy is then validated; errors come back with their field path. {@code format} is an
 * annotation, never checked: 2020 took any string as {@code last_boot_time}.
 *
 * <p>The walks (cleaning, error paths, {@link #types}, {@link #field}) go through the schema with its references
 * to {@code $defs} written out in place ({@link #resolved}); a definition that refers to itself
 * ({@code noEmptyKeys}) stays a reference, and is free-form to the walks.
 *
 * <p>The schema is loaded once; an instance is immutable and safe to share between threads.
 */
public final class SystemProfileSchema {

    /** The result of one validation: the cleaned profile, how many unknown keys were dropped, and the errors. */
    public record Outcome(ObjectNode profile, int droppedKeys, List<FieldError> errors) {
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    public static final String RESOURCE = "/schemas/system_profile.json";

    /** Input spellings accepted for a schema property: alias → property. */
    private static final Map<String, String> ALIASES = Map.of("baseurl", "base_url");
    private static final Pattern PYTHON_INT = Pattern.compile("\\s*[+-]?[0-9]+\\s*");
    private static final String ROOT = "system_profile";

    private static final String LOCAL_DEFINITION = "#/$defs/";
    /** Keywords of ours in the schema file: annotations the validator must know, so that it does not warn. */
    private static final List<String> ANNOTATIONS = List.of("x-wildcard");

    private final JsonNode schemaNode;
    /** {@link #schemaNode} with its local references written out in place: what the walks read. */
    private final JsonNode resolved;
    private final JsonSchema schema;

    private SystemProfileSchema(JsonNode schemaNode) {
        this.schemaNode = schemaNode;
        this.resolved = resolve(schemaNode, schemaNode.path("$defs"), new ArrayDeque<>());
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keywords(ANNOTATIONS.stream().map(AnnotationKeyword::new).toList())
                .build();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        builder -> builder.metaSchema(metaSchema))
                .getSchema(schemaNode, config);
        this.schema.initializeValidators();
    }

    private static final class Shared {
        static final SystemProfileSchema INSTANCE = load();
    }

    /** The schema from the classpath, loaded on first use and shared. */
    public static SystemProfileSchema shared() {
        return Shared.INSTANCE;
    }

    /** Loads a fresh instance from {@link #RESOURCE}. */
    /** An instance of another schema document (a test's copy with a property added). */
    public static SystemProfileSchema of(JsonNode schemaNode) {
        return new SystemProfileSchema(schemaNode);
    }

    public static SystemProfileSchema load() {
        try (InputStream in = SystemProfileSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new SystemProfileSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document (read-only). */
    public JsonNode schemaNode() {
        return schemaNode;
    }

    /**
     * The schema with its references to {@code $defs} written out in place (those of a definition to itself stay
     * references), without {@code $defs}: every field's keywords ({@code type}, {@code format}, {@code x-wildcard},
     * ...) where the field is. A new copy on every call.
     */
    public ObjectNode resolved() {
        return (ObjectNode) resolved.deepCopy();
    }

    /**
     * The schema of the field at {@code path} (property names from the root, e.g. {@code workloads, sap, sids};
     * an array's items are its field's {@code items}), references written out; empty when the schema has no such
     * field. The node is shared: do not modify it.
     */
    public Optional<JsonNode> field(List<String> path) {
        JsonNode field = resolved;
        for (String name : path) {
            field = field.path("properties").get(name);
            if (field == null) {
                return Optional.empty();
            }
        }
        return Optional.of(field);
    }

    /**
     * The schema reduced to the JSON types it declares ({@code type}, {@code properties}, {@code items}), without
     * lengths, key rules or references: what the REST request schema ({@link HostListSchema}) checks inside
     * {@code system_profile}. A new copy on every call.
     */
    public ObjectNode types() {
        return typesOf(resolved);
    }

    private static ObjectNode typesOf(JsonNode valueSchema) {
        ObjectNode types = JsonNodeFactory.instance.objectNode();
        String type = valueSchema.path("type").asText("");
        if (valueSchema.has("type")) {
            types.set("type", valueSchema.get("type").deepCopy());
        }
        if (valueSchema.get("properties") instanceof ObjectNode properties) {
            ObjectNode projected = types.putObject("properties");
            properties.fields().forEachRemaining(p -> projected.set(p.getKey(), typesOf(p.getValue())));
        }
        if (type.equals("array") && valueSchema.get("items") instanceof ObjectNode items) {
            types.set("items", typesOf(items));
        }
        return types;
    }

    /**
     * {@code node} with every {@code {"$ref": "#/$defs/name", ...}} replaced by the definition, the reference's
     * other keywords (its {@code description}, ...) added over it. A reference to a definition being written out
     * (a definition that refers to itself) stays as it is. {@code $defs} itself is left out.
     */
    private static JsonNode resolve(JsonNode node, JsonNode definitions, Deque<String> expanding) {
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(resolve(item, definitions, expanding)));
            return copy;
        }
        if (!(node instanceof ObjectNode object)) {
            return node.deepCopy();
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        String ref = object.path("$ref").asText("");
        if (ref.startsWith(LOCAL_DEFINITION) && !expanding.contains(ref)) {
            JsonNode definition = definitions.get(ref.substring(LOCAL_DEFINITION.length()));
            if (definition == null) {
                throw new IllegalStateException("no definition for " + ref + " in " + RESOURCE);
            }
            expanding.push(ref);
            copy.setAll((ObjectNode) resolve(definition, definitions, expanding));
            expanding.pop();
        }
        object.fields().forEachRemaining(field -> {
            boolean expanded = field.getKey().equals("$ref") && copy.size() > 0;
            if (!expanded && !field.getKey().equals("$defs")) {
                copy.set(field.getKey(), resolve(field.getValue(), definitions, expanding));
            }
        });
        return copy;
    }

    /** Cleans and validates a present {@code system_profile} value; {@code profile} itself is not modified. */
    public Outcome validate(JsonNode profile, Door door) {
        if (profile.isNull()) {
            return new Outcome(null, 0, List.of(new FieldError(ROOT, Messages.NULL)));
        }
        if (!profile.isObject()) {
            return new Outcome(null, 0, List.of(new FieldError(ROOT, Messages.INVALID_INPUT_TYPE)));
        }
        ObjectNode cleaned = ((ObjectNode) profile).deepCopy();
        int dropped = clean(cleaned, resolved, door == Door.MQ);
        Set<ValidationMessage> messages = schema.validate(cleaned);
        if (messages.isEmpty()) {
            return new Outcome(cleaned, dropped, List.of());
        }
        Set<FieldError> errors = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            errors.add(toFieldError(message));
        }
        return new Outcome(cleaned, dropped, List.copyOf(errors));
    }

    // ---- cleaning ------------------------------------------------------------------------------------------

    private static int clean(JsonNode value, JsonNode valueSchema, boolean numericStrings) {
        if (value instanceof ObjectNode object && valueSchema.get("properties") instanceof ObjectNode properties) {
            return cleanObject(object, properties, numericStrings);
        }
        if (value instanceof ArrayNode array && valueSchema.get("items") instanceof ObjectNode items) {
            int dropped = 0;
            for (int i = 0; i < array.size(); i++) {
                if (numericStrings) {
                    JsonNode coerced = integerOf(array.get(i), items);
                    if (coerced != null) {
                        array.set(i, coerced);
                    }
                }
                dropped += clean(array.get(i), items, numericStrings);
            }
            return dropped;
        }
        return 0;
    }

    private static int cleanObject(ObjectNode object, ObjectNode properties, boolean numericStrings) {
        int dropped = applyAliases(object, properties);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode fieldSchema = properties.get(field.getKey());
            if (fieldSchema == null) {
                it.remove();
                dropped++;
                continue;
            }
            if (numericStrings) {
                JsonNode coerced = integerOf(field.getValue(), fieldSchema);
                if (coerced != null) {
                    field.setValue(coerced);
                }
            }
            dropped += clean(field.getValue(), fieldSchema, numericStrings);
        }
        return dropped;
    }

    /** Renames aliases in place, keeping the key order; an alias next to its property is dropped (counted). */
    private static int applyAliases(ObjectNode object, ObjectNode properties) {
        boolean hasAlias = false;
        for (String alias : ALIASES.keySet()) {
            hasAlias |= object.has(alias) && properties.has(ALIASES.get(alias)) && !properties.has(alias);
        }
        if (!hasAlias) {
            return 0;
        }
        int dropped = 0;
        ObjectNode renamed = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String target = ALIASES.get(field.getKey());
            if (target == null || !properties.has(target) || properties.has(field.getKey())) {
                renamed.set(field.getKey(), field.getValue());
            } else if (object.has(target)) {
                dropped++;
            } else {
                renamed.set(target, field.getValue());
            }
        }
        object.removeAll();
        object.setAll(renamed);
        return dropped;
    }

    /** On MQ, a numeric string for an integer field is stored as that integer (Python {@code int()}). */
    private static JsonNode integerOf(JsonNode value, JsonNode valueSchema) {
        if (!value.isTextual() || !"integer".equals(valueSchema.path("type").asText())
                || !PYTHON_INT.matcher(value.textValue()).matches()) {
            return null;
        }
        BigInteger number = new BigInteger(value.textValue().strip());
        if (number.bitLength() < 32) {
            return JsonNodeFactory.instance.numberNode(number.intValue());
        }
        if (number.bitLength() < 64) {
            return JsonNodeFactory.instance.numberNode(number.longValue());
        }
        return JsonNodeFactory.instance.numberNode(number);
    }

    // ---- errors --------------------------------------------------------------------------------------------

    private FieldError toFieldError(ValidationMessage message) {
        JsonNodePath location = message.getInstanceLocation();
        StringBuilder field = new StringBuilder(ROOT);
        JsonNode fieldSchema = resolved;
        int consumed = 0;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            JsonNode next = null;
            if (element instanceof String name) {
                next = fieldSchema.path("properties").get(name);
            } else if (element instanceof Integer && fieldSchema.has("items")) {
                next = fieldSchema.get("items");
            }
            if (next == null) {
                break;
            }
            field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
            fieldSchema = next;
            consumed++;
        }
        boolean insideFreeForm = consumed < location.getNameCount() || "propertyNames".equals(message.getType());
        if (insideFreeForm) {
            return new FieldError(field.toString(), Messages.INVALID_VALUE);
        }
        if ("required".equals(message.getType())) {
            return new FieldError(field + "." + message.getProperty(), Messages.MISSING);
        }
        return new FieldError(field.toString(), describe(message, fieldSchema));
    }

    /** A marshmallow 2 {@code validate.Range} message. */
    private static String range(JsonNode fieldSchema) {
        String min = fieldSchema.path("minimum").asText(null);
        String max = fieldSchema.path("maximum").asText(null);
        if (min != null && max != null) {
            return "Must be between " + min + " and " + max + ".";
        }
        return min != null ? "Must be at least " + min + "." : "Must be at most " + max + ".";
    }

    private static String describe(ValidationMessage message, JsonNode fieldSchema) {
        switch (message.getType()) {
            case "type":
                JsonNode instance = message.getInstanceNode();
                if (instance == null || instance.isNull()) {
                    return Messages.NULL;
                }
                return switch (fieldSchema.path("type").asText()) {
                    case "string" -> Messages.NOT_STRING;
                    case "integer" -> Messages.NOT_INTEGER;
                    case "boolean" -> Messages.NOT_BOOLEAN;
                    case "array" -> Messages.NOT_LIST;
                    case "object" -> fieldSchema.has("properties") ? Messages.INVALID_INPUT_TYPE : Messages.NOT_MAPPING;
                    default -> message.getMessage();
                };
            case "minLength":
            case "maxLength":
                Integer min = fieldSchema.has("minLength") ? fieldSchema.get("minLength").asInt() : null;
                Integer max = fieldSchema.has("maxLength") ? fieldSchema.get("maxLength").asInt() : null;
                return new Length(min, max).message();
            case "minimum":
            case "maximum":
                return range(fieldSchema);
            case "enum":
                return Messages.NOT_A_CHOICE;
            case "pattern":
                return Messages.NO_PATTERN_MATCH;
            case "uniqueItems":
                return Messages.NOT_UNIQUE;
            default:
                return message.getMessage();
        }
    }
}
