package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or JSONB, so a document that holds one anywhere, in a
 * key or a value, is refused as input instead of failing in the database.
 */
public final class NulCharacters {

    public static final String MESSAGE = "Null character is not allowed.";

    private NulCharacters() {
    }

    /** One error per top-level field of {@code document} that holds a NUL somewhere. */
    public static List<FieldError> find(JsonNode document) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = document.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (contains(field.getKey()) || holds(field.getValue())) {
                errors.add(new FieldError(field.getKey(), MESSAGE));
            }
        }
        return errors;
    }

    /** Whether any string of {@code node} (keys included) holds a NUL. */
    public static boolean holds(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return contains(node.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (contains(field.getKey()) || holds(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (holds(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean contains(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }
}
