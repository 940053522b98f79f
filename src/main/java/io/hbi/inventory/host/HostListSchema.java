package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The request schema of {@code POST /hosts} ({@code schemas/host_list.json}): the checks the 2020 JSON-schema layer
 * made on the whole body before any host was looked at (contract §1.7, §1.8, §3.2). A body that fails them is refused
 * whole (HTTP 400); every other problem of a host is that host's 400 in the 207 ({@link HostValidator}). Only the
 * REST door has this layer; Kafka messages do not.
 *
 * <p>Inside {@code system_profile} the types come from the system profile schema ({@link SystemProfileSchema#types}),
 * so there is one source of them. The schema is compiled once; an instance is immutable and thread-safe.
 */
public final class HostListSchema {

    public static final String RESOURCE = "/schemas/host_list.json";

    /** The reference in {@link #RESOURCE} that stands for the system profile's types. */
    private static final String SYSTEM_PROFILE_REF = "system_profile.json";
    /** Longest rendering of an offending value in a message; longer ones are cut (the input may be megabytes). */
    private static final int MAX_VALUE_REPR = 120;

    private final JsonSchema schema;

    private HostListSchema(JsonNode document) {
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(document, SchemaValidatorsConfig.builder().build());
        this.schema.initializeValidators();
    }

    private static final class Shared {
        static final HostListSchema INSTANCE = load(SystemProfileSchema.shared());
        static final HostListSchema TODAYS = loadTodays(SystemProfileSchema.shared());
    }

    /** The schema from the classpath with the shared system profile's types, loaded on first use. */
    public static HostListSchema shared() {
        return Shared.INSTANCE;
    }

    /**
     * The schema of the hosts of a today's identity (decisions.md 10): {@link #shared()} with the changes of its
     * {@code x-todays-host} (org_id required instead of account, which may be null).
     */
    public static HostListSchema sharedTodays() {
        return Shared.TODAYS;
    }

    /** Loads {@link #RESOURCE}, its {@code system_profile} being the types of {@code systemProfile}. */
    public static HostListSchema load(SystemProfileSchema systemProfile) {
        return new HostListSchema(document(systemProfile));
    }

    /** {@link #load} for the hosts of a today's identity ({@link #sharedTodays()}). */
    public static HostListSchema loadTodays(SystemProfileSchema systemProfile) {
        JsonNode document = document(systemProfile);
        JsonNode todays = document.path("x-todays-host");
        if (!todays.isObject()) {
            throw new IllegalStateException(RESOURCE + " has no x-todays-host");
        }
        ObjectNode items = (ObjectNode) document.get("items");
        items.set("required", todays.get("required").deepCopy());
        ((ObjectNode) items.get("properties")).setAll((ObjectNode) todays.get("properties").deepCopy());
        return new HostListSchema(document);
    }

    private static JsonNode document(SystemProfileSchema systemProfile) {
        try (InputStream in = HostListSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            JsonNode document = new ObjectMapper().readTree(in);
            if (!replaceReference(document, systemProfile.types())) {
                throw new IllegalStateException(RESOURCE + " does not refer to " + SYSTEM_PROFILE_REF);
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every {@code {"$ref": "system_profile.json"}} in {@code node} by {@code types}; false when none. */
    private static boolean replaceReference(JsonNode node, ObjectNode types) {
        boolean replaced = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isObject() && value.size() == 1 && SYSTEM_PROFILE_REF.equals(value.path("$ref").asText())) {
                    field.setValue(types.deepCopy());
                    replaced = true;
                } else {
                    replaced |= replaceReference(value, types);
                }
            }
        }
        return replaced;
    }

    /**
     * The first violation of the schema in {@code body} (the lowest host index first), worded as the 2020 service
     * (connexion, jsonschema) worded it: the message, then {@code " - '<path>'"} where the path names the host
     * index and the property, e.g. {@code None is not of type 'string' - '0.display_name'} or
     * {@code 'reporter' is a required property - '1'}. Empty when the body matches.
     */
    public Optional<String> violation(JsonNode body) {
        ValidationMessage first = null;
        int firstHost = Integer.MAX_VALUE;
        for (ValidationMessage message : schema.validate(body)) {
            int host = hostIndex(message.getInstanceLocation());
            if (first == null || host < firstHost) {
                first = message;
                firstHost = host;
            }
        }
        return Optional.ofNullable(first).map(HostListSchema::describe);
    }

    private static int hostIndex(JsonNodePath location) {
        return location.getNameCount() > 0 && location.getElement(0) instanceof Integer index ? index : -1;
    }

    private static String describe(ValidationMessage message) {
        String text = switch (message.getType()) {
            case "type" -> repr(message.getInstanceNode()) + " is not of type " + typeNames(message.getSchemaNode());
            case "required" -> ErrorRepr.pythonString(message.getProperty()) + " is a required property";
            case "minLength" -> repr(message.getInstanceNode()) + " is too short";
            default -> message.getMessage();
        };
        JsonNodePath location = message.getInstanceLocation();
        if (location.getNameCount() == 0) {
            return text;
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.append(i == 0 ? "" : ".").append(location.getElement(i));
        }
        return text + " - " + ErrorRepr.pythonString(path.toString());
    }

    private static String typeNames(JsonNode type) {
        if (type == null) {
            return "?";
        }
        if (!type.isArray()) {
            return ErrorRepr.pythonString(type.asText());
        }
        StringBuilder names = new StringBuilder();
        type.forEach(t -> names.append(names.length() == 0 ? "" : ", ").append(ErrorRepr.pythonString(t.asText())));
        return names.toString();
    }

    /** Python's {@code repr} of the parsed JSON value (None, True, 'text', [..], {..}), cut after a while. */
    static String repr(JsonNode value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.length() <= MAX_VALUE_REPR ? out.toString() : cut(out.toString()) + "...";
    }

    private static void append(StringBuilder out, JsonNode value) {
        if (out.length() > MAX_VALUE_REPR) {
            return;
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("None");
        } else if (value.isBoolean()) {
            out.append(value.booleanValue() ? "True" : "False");
        } else if (value.isTextual()) {
            out.append(shortString(value.textValue()));
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size() && out.length() <= MAX_VALUE_REPR; i++) {
                out.append(i == 0 ? "" : ", ");
                append(out, value.get(i));
            }
            out.append(']');
        } else if (value.isObject()) {
            out.append('{');
            boolean firstField = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext() && out.length() <= MAX_VALUE_REPR; ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.append(firstField ? "" : ", ").append(shortString(field.getKey())).append(": ");
                append(out, field.getValue());
                firstField = false;
            }
            out.append('}');
        } else {
            out.append(value.asText());
        }
    }

    /** The repr of a string of which only the start can be shown anyway. */
    private static String shortString(String text) {
        return ErrorRepr.pythonString(text.length() > MAX_VALUE_REPR ? cut(text) : text);
    }

    /** The first {@link #MAX_VALUE_REPR} characters, without splitting a surrogate pair. */
    private static String cut(String text) {
        int end = Character.isHighSurrogate(text.charAt(MAX_VALUE_REPR - 1)) ? MAX_VALUE_REPR - 1 : MAX_VALUE_REPR;
        return text.substring(0, end);
    }
}
