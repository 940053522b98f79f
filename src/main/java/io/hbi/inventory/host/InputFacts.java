package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code facts} input: a list of {@code {namespace, facts}} items (contract §3.2, §3.4, §3.8). */
final class InputFacts {

    private InputFacts() {
    }

    /**
     * Type and content checks of a present {@code facts} value. REST (JSON schema) also requires both keys of
     * every item and a non-empty namespace; MQ leaves a missing key to {@link #formatError}.
     */
    static List<FieldError> validate(JsonNode facts, Door door) {
        if (facts.isNull()) {
            return List.of(new FieldError("facts", Messages.NULL));
        }
        if (!facts.isArray()) {
            return List.of(new FieldError("facts", Messages.NOT_LIST));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            errors.addAll(validateItem(facts.get(i), "facts[" + i + "]", door));
        }
        return errors;
    }

    private static List<FieldError> validateItem(JsonNode item, String path, Door door) {
        if (item.isNull()) {
            return List.of(new FieldError(path, Messages.NULL));
        }
        if (!item.isObject()) {
            return List.of(new FieldError(path, Messages.INVALID_INPUT_TYPE));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode namespace = item.get("namespace");
        if (namespace != null) {
            Length length = door == Door.REST ? Length.atLeast(1) : new Length(null, null);
            errors.addAll(FieldChecks.string(namespace, path + ".namespace", length));
        } else if (door == Door.REST) {
            errors.add(new FieldError(path + ".namespace", Messages.MISSING));
        }
        JsonNode values = item.get("facts");
        if (values != null) {
            errors.addAll(validateValues(values, path + ".facts"));
        } else if (door == Door.REST) {
            errors.add(new FieldError(path + ".facts", Messages.MISSING));
        }
        return errors;
    }

    private static List<FieldError> validateValues(JsonNode values, String path) {
        if (values.isNull()) {
            return List.of(new FieldError(path, Messages.NULL));
        }
        if (!values.isObject()) {
            return List.of(new FieldError(path, Messages.NOT_MAPPING));
        }
        return FieldChecks.hasEmptyKey(values) ? List.of(new FieldError(path, Messages.INVALID_VALUE)) : List.of();
    }

    /** MQ: an item without {@code namespace} or {@code facts} is a malformed fact set (title "Bad Request"). */
    static Optional<String> formatError(JsonNode facts) {
        for (JsonNode item : facts) {
            if (!item.has("namespace") || !item.has("facts")) {
                return Optional.of(Messages.MALFORMED_FACT);
            }
        }
        return Optional.empty();
    }

    /** {@code {namespace: facts}} of valid input; a repeated namespace is merged, later keys win. Null when empty. */
    static ObjectNode read(JsonNode facts) {
        if (facts == null || !facts.isArray() || facts.isEmpty()) {
            return null;
        }
        ObjectNode byNamespace = JsonNodeFactory.instance.objectNode();
        for (JsonNode item : facts) {
            String namespace = item.get("namespace").textValue();
            ObjectNode values = (ObjectNode) item.get("facts").deepCopy();
            JsonNode existing = byNamespace.get(namespace);
            if (existing instanceof ObjectNode merged) {
                merged.setAll(values);
            } else {
                byNamespace.set(namespace, values);
            }
        }
        return byNamespace;
    }
}
