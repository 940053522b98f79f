package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of the MQ {@code tags} input (contract §3.7). The structured-list form reports every error at its item
 * path; the nested-object form stops at the first error and reports it on {@code tags}, as the 2020 service did.
 */
final class InputTags {

    private static final Length NAMESPACE = Length.atMost(255);
    private static final Length KEY = Length.between(1, 255);
    private static final Length VALUE = Length.atMost(255);

    private InputTags() {
    }

    /** Errors of a present {@code tags} value; null, lists and objects are the accepted forms. */
    static List<FieldError> validate(JsonNode tags) {
        if (tags.isNull()) {
            return List.of();
        }
        if (tags.isArray()) {
            return validateList(tags);
        }
        if (tags.isObject()) {
            return validateNested(tags).map(m -> List.of(new FieldError("tags", m))).orElse(List.of());
        }
        return List.of(new FieldError("tags", Messages.TAGS_NOT_CONTAINER));
    }

    private static List<FieldError> validateList(JsonNode tags) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            String path = "tags[" + i + "]";
            if (!tag.isObject()) {
                errors.add(new FieldError(path, Messages.INVALID_INPUT_TYPE));
                continue;
            }
            errors.addAll(nullableString(tag.get("namespace"), path + ".namespace", NAMESPACE));
            JsonNode key = tag.get("key");
            if (key == null) {
                errors.add(new FieldError(path + ".key", Messages.MISSING));
            } else {
                errors.addAll(FieldChecks.string(key, path + ".key", KEY));
            }
            errors.addAll(nullableString(tag.get("value"), path + ".value", VALUE));
        }
        return errors;
    }

    private static List<FieldError> nullableString(JsonNode value, String path, Length length) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        return FieldChecks.string(value, path, length);
    }

    private static Optional<String> validateNested(JsonNode tags) {
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = it.next();
            Optional<String> error = NAMESPACE.check(namespace.getKey())
                    .or(() -> validateNamespace(namespace.getValue()));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> validateNamespace(JsonNode keys) {
        if (keys.isNull()) {
            return Optional.empty();
        }
        if (!keys.isObject()) {
            return Optional.of(Messages.TAG_NAMESPACE_NOT_OBJECT);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> key = it.next();
            Optional<String> error = KEY.check(key.getKey()).or(() -> validateValues(key.getValue()));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> validateValues(JsonNode values) {
        if (values.isNull()) {
            return Optional.empty();
        }
        if (!values.isArray()) {
            return Optional.of(Messages.TAG_VALUES_NOT_ARRAY);
        }
        for (JsonNode value : values) {
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                return Optional.of(Messages.TAG_VALUE_NOT_STRING);
            }
            Optional<String> error = VALUE.check(value.textValue());
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }
}
