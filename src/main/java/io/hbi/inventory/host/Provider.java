package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cloud provider a reporter names for a host, {@code provider_type} with its {@code provider_id}, as later HBI
 * accepts them (its {@code CanonicalFactsSchema}; hbi-later §0.4, §L3.4). Both doors check them alike:
 * <ul>
 *   <li>each is optional, and null is the same as absent (later HBI's {@code allow_none});</li>
 *   <li>present, each must be a string: {@code provider_id} of 1 to 500 characters, {@code provider_type} of 1 to
 *       50 (field errors, reported with the other fields');</li>
 *   <li>then, when every field is valid (marshmallow runs schema checks only then), the pair: one without the other
 *       is "provider_type and provider_id are both required."; a type outside {@link #TYPES} (compared
 *       case-insensitively, as later HBI does) is "Unknown Provider Type"; an id of white space only is refused.
 *       These are reported under {@code _schema}, where marshmallow puts a schema check's error.</li>
 * </ul>
 * The type is stored lower case (one spelling, as decisions.md 2 does for ids), so the {@code provider_type} filter,
 * an exact enum, finds every host of a type. They are not canonical facts: the 2020 dedup rules stay
 * (decisions.md 11), so neither is compared when hosts are matched.
 */
public final class Provider {

    /** The provider types later HBI knows ({@code ProviderType}), in its order. */
    public static final List<String> TYPES = List.of("alibaba", "aws", "azure", "discovery", "gcp", "ibm");

    static final String BOTH_REQUIRED = "provider_type and provider_id are both required.";
    static final String BLANK_ID = "Provider id can not be just blank, whitespaces or tabs";

    private Provider() {
    }

    /** The field errors of {@code provider_id} and {@code provider_type} (type and length), in that order. */
    static List<FieldError> fieldErrors(JsonNode host) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode id = host.get("provider_id");
        if (id != null && !id.isNull()) {
            errors.addAll(FieldChecks.string(id, "provider_id", Length.between(1, 500)));
        }
        JsonNode type = host.get("provider_type");
        if (type != null && !type.isNull()) {
            errors.addAll(FieldChecks.string(type, "provider_type", Length.between(1, 50)));
        }
        return errors;
    }

    /** The schema-level error of a host whose fields are valid: the pair's rules; empty when they hold. */
    static Optional<String> pairError(JsonNode host) {
        String id = text(host, "provider_id");
        String type = text(host, "provider_type");
        if ((type != null) != (id != null)) {
            return Optional.of(BOTH_REQUIRED);
        }
        if (type != null && !TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            return Optional.of("Unknown Provider Type: \"" + type + "\".  Valid provider types are: "
                    + String.join(", ", TYPES) + ".");
        }
        if (id != null && id.isBlank()) {
            return Optional.of(BLANK_ID);
        }
        return Optional.empty();
    }

    /** The stored {@code provider_id} of a valid host: as given, null when absent. */
    static String id(JsonNode host) {
        return text(host, "provider_id");
    }

    /** The stored {@code provider_type} of a valid host: lower case, null when absent. */
    static String type(JsonNode host) {
        String type = text(host, "provider_type");
        return type == null ? null : type.toLowerCase(Locale.ROOT);
    }

    /** A present, non-empty string value (valid fields only), else null: "" counts as absent, as in Python. */
    private static String text(JsonNode host, String field) {
        JsonNode value = host.get(field);
        return value == null || !value.isTextual() || value.textValue().isEmpty() ? null : value.textValue();
    }
}
