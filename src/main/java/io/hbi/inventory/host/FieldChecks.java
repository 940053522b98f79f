package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Checks of single typed fields, each returning the errors it found (empty = valid). */
final class FieldChecks {

    private FieldChecks() {
    }

    /** A string field that is present: not null, a JSON string, within {@code length}. */
    static List<FieldError> string(JsonNode value, String path, Length length) {
        Optional<String> typeError = stringTypeError(value);
        if (typeError.isPresent()) {
            return List.of(new FieldError(path, typeError.get()));
        }
        return length.check(value.textValue()).map(m -> List.of(new FieldError(path, m))).orElse(List.of());
    }

    /** A string field whose value must also satisfy {@code valid} ("Invalid value." otherwise). */
    static List<FieldError> string(JsonNode value, String path, Predicate<String> valid) {
        Optional<String> typeError = stringTypeError(value);
        if (typeError.isPresent()) {
            return List.of(new FieldError(path, typeError.get()));
        }
        return valid.test(value.textValue()) ? List.of() : List.of(new FieldError(path, Messages.INVALID_VALUE));
    }

    /** A list of strings: a JSON array of {@code listLength} items, each a string within {@code itemLength}. */
    static List<FieldError> stringList(JsonNode value, String path, Length listLength, Length itemLength) {
        if (value.isNull()) {
            return List.of(new FieldError(path, Messages.NULL));
        }
        if (!value.isArray()) {
            return List.of(new FieldError(path, Messages.NOT_LIST));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            errors.addAll(string(value.get(i), path + "[" + i + "]", itemLength));
        }
        listLength.check(value.size()).ifPresent(m -> errors.add(new FieldError(path, m)));
        return errors;
    }

    static Optional<String> stringTypeError(JsonNode value) {
        if (value.isNull()) {
            return Optional.of(Messages.NULL);
        }
        return value.isTextual() ? Optional.empty() : Optional.of(Messages.NOT_STRING);
    }

    /** True when {@code value} has an empty-string key in an object at any depth. */
    static boolean hasEmptyKey(JsonNode value) {
        if (value.isObject()) {
            var names = value.fieldNames();
            while (names.hasNext()) {
                if (names.next().isEmpty()) {
                    return true;
                }
            }
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                if (hasEmptyKey(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Python truthiness of a JSON value: null, "", [], {}, 0 and false are falsy. */
    static boolean isTruthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isContainerNode()) {
            return !value.isEmpty();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() != 0;
        }
        return true;
    }
}
