package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 2020 system profile (contract §3.5) as the JSON Schema {@code schemas/system_profile.json}.
 *
 * <p>Validation first cleans a copy of the input, walking it alongside the schema: keys a schema object does not
 * list under {@code properties} are dropped and counted (decision 7), {@code baseurl} becomes {@code base_url}
 * where the schema knows {@code base_url} (decision 7), and on {@link Door#MQ} numeric strings of integer fields
 * become integers (contract §3.4). Objects without {@code properties} (DiskDevice {@code options}) are free-form
 * and kept whole. The cleaned copy is then validated; errors come back with their field path.
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

    private final JsonNode schemaNode;
    private final JsonSchema schema;

    private SystemProfileSchema(JsonNode schemaNode) {
        this.schemaNode = schemaNode;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode, config);
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
     * The schema reduced to the JSON types it declares ({@code type}, {@code properties}, {@code items}), without
     * lengths, key rules or references: what the REST request schema ({@link HostListSchema}) checks inside
     * {@code system_profile}. A new copy on every call.
     */
    public ObjectNode types() {
        return typesOf(schemaNode);
    }

    private static ObjectNode typesOf(JsonNode valueSchema) {
        ObjectNode types = JsonNodeFactory.instance.objectNode();
        if (valueSchema.has("type")) {
            types.set("type", valueSchema.get("type").deepCopy());
        }
        if (valueSchema.get("properties") instanceof ObjectNode properties) {
            ObjectNode projected = types.putObject("properties");
            properties.fields().forEachRemaining(p -> projected.set(p.getKey(), typesOf(p.getValue())));
        }
        if (valueSchema.get("items") instanceof ObjectNode items) {
            types.set("items", typesOf(items));
        }
        return types;
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
        int dropped = clean(cleaned, schemaNode, door == Door.MQ);
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
        JsonNode fieldSchema = schemaNode;
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
        return new FieldError(field.toString(), insideFreeForm
                ? Messages.INVALID_VALUE
                : describe(message, fieldSchema));
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
            default:
                return message.getMessage();
        }
    }
}
