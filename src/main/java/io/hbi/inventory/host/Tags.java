package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Host tags (contract §3.7, §8.1). Stored form: {@code {namespace: {key: [values]}}} with namespace
 * {@code "null"} for "no namespace"; a key with {@code []} is a value-less tag. Every method returns new nodes
 * and leaves its arguments untouched.
 */
public final class Tags {

    /** The stored name of the "no namespace" namespace. */
    public static final String NULL_NAMESPACE = "null";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Tags() {
    }

    /**
     * Normalises valid input tags (structured list, nested object or null) into the stored form: null/""/"null"
     * namespaces become {@code "null"}; null and "" values are dropped; duplicates removed keeping first order;
     * a key left without values gets {@code []}. Namespaces given with no keys are kept (empty) so that an update
     * can delete them; {@link #forCreate} removes them.
     */
    public static ObjectNode normalise(JsonNode input) {
        ObjectNode stored = JSON.objectNode();
        if (input == null || input.isNull()) {
            return stored;
        }
        if (input.isArray()) {
            for (JsonNode tag : input) {
                ArrayNode values = valuesOf(stored, storedNamespace(tag.get("namespace")), tag.get("key").textValue());
                addValue(values, tag.get("value"));
            }
            return stored;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = it.next();
            ObjectNode keys = stored.withObjectProperty(storedNamespace(JSON.textNode(namespace.getKey())));
            JsonNode inputKeys = namespace.getValue();
            if (inputKeys == null || inputKeys.isNull()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keyIt = inputKeys.fields(); keyIt.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keyIt.next();
                ArrayNode values = keys.withArrayProperty(key.getKey());
                if (key.getValue() != null && key.getValue().isArray()) {
                    key.getValue().forEach(value -> addValue(values, value));
                }
            }
        }
        return stored;
    }

    private static String storedNamespace(JsonNode namespace) {
        if (namespace == null || namespace.isNull() || namespace.textValue().isEmpty()) {
            return NULL_NAMESPACE;
        }
        return namespace.textValue();
    }

    private static ArrayNode valuesOf(ObjectNode stored, String namespace, String key) {
        return stored.withObjectProperty(namespace).withArrayProperty(key);
    }

    private static void addValue(ArrayNode values, JsonNode value) {
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            return;
        }
        for (JsonNode existing : values) {
            if (existing.textValue().equals(value.textValue())) {
                return;
            }
        }
        values.add(value.textValue());
    }

    /** Tags stored on create: the normalised input without namespaces that have no keys. Null input → {}. */
    public static ObjectNode forCreate(ObjectNode input) {
        ObjectNode stored = JSON.objectNode();
        if (input == null) {
            return stored;
        }
        input.fields().forEachRemaining(namespace -> {
            if (!namespace.getValue().isEmpty()) {
                stored.set(namespace.getKey(), namespace.getValue().deepCopy());
            }
        });
        return stored;
    }

    /**
     * Tags after an update: each namespace of {@code input} with keys replaces the stored namespace, an empty one
     * deletes it; namespaces the input does not mention are kept. Null input changes nothing.
     */
    public static ObjectNode applyUpdate(ObjectNode stored, ObjectNode input) {
        ObjectNode updated = stored == null ? JSON.objectNode() : stored.deepCopy();
        if (input == null) {
            return updated;
        }
        input.fields().forEachRemaining(namespace -> {
            JsonNode keys = namespace.getValue();
            if (keys == null || keys.isNull() || keys.isEmpty()) {
                updated.remove(namespace.getKey());
            } else {
                updated.set(namespace.getKey(), keys.deepCopy());
            }
        });
        return updated;
    }

    /**
     * One {@code {namespace, key, value}} per stored value, namespace {@code "null"} rendered as JSON null, a
     * value-less key rendered once with {@code value: null}. Null tags → [].
     */
    public static ArrayNode render(ObjectNode stored) {
        ArrayNode rendered = JSON.arrayNode();
        if (stored == null) {
            return rendered;
        }
        stored.fields().forEachRemaining(namespace -> {
            String shownNamespace = isNullNamespace(namespace.getKey()) ? null : namespace.getKey();
            JsonNode keys = namespace.getValue();
            if (keys == null || !keys.isObject()) {
                return;
            }
            keys.fields().forEachRemaining(key -> {
                JsonNode values = key.getValue();
                if (values == null || !values.isArray() || values.isEmpty()) {
                    rendered.add(tag(shownNamespace, key.getKey(), null));
                } else {
                    values.forEach(value -> rendered.add(tag(shownNamespace, key.getKey(), value.asText())));
                }
            });
        });
        return rendered;
    }

    private static boolean isNullNamespace(String namespace) {
        return namespace.isEmpty() || namespace.equals(NULL_NAMESPACE);
    }

    private static ObjectNode tag(String namespace, String key, String value) {
        ObjectNode tag = JSON.objectNode();
        tag.put("namespace", namespace);
        tag.put("key", key);
        tag.put("value", value);
        return tag;
    }

    /** Tag count of a host: per key the number of values, 1 for a value-less key. Null tags → 0. */
    public static int count(ObjectNode stored) {
        int count = 0;
        if (stored == null) {
            return count;
        }
        for (JsonNode keys : stored) {
            for (JsonNode values : keys) {
                count += values.isArray() && !values.isEmpty() ? values.size() : 1;
            }
        }
        return count;
    }

    /**
     * Rendered tags whose namespace, key or value contains {@code search} (case-sensitive; null parts skipped).
     * A null search keeps everything, and so does the empty string.
     */
    public static ArrayNode search(ArrayNode rendered, String search) {
        ArrayNode kept = JSON.arrayNode();
        for (JsonNode tag : rendered) {
            if (search == null || contains(tag.get("namespace"), search) || contains(tag.get("key"), search)
                    || contains(tag.get("value"), search)) {
                kept.add(tag.deepCopy());
            }
        }
        return kept;
    }

    private static boolean contains(JsonNode part, String search) {
        return part != null && part.isTextual() && part.textValue().contains(search);
    }
}
