package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document of the REST API ({@code GET {prefix}/openapi.json}), read once from
 * {@code openapi/openapi.json} on the classpath.
 *
 * <p>A component schema written as a bare relative {@code $ref} to another JSON Schema file, such as
 * {@code "SystemProfile": {"$ref": "../schemas/system_profile.json"}}, is replaced by that file, so the document is
 * self-contained and describes exactly the schema the service validates with: the file's {@code $schema} and
 * {@code $id} are dropped and its internal references ({@code #/...}) are rewritten to point into the component.
 */
public final class OpenApiDocument {

    public static final String RESOURCE = "openapi/openapi.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final byte[] bytes;

    private OpenApiDocument(JsonNode document) {
        this.document = document;
        try {
            this.bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@link #RESOURCE} and embeds the schema files its components refer to. */
    public static OpenApiDocument load() {
        ObjectNode document = (ObjectNode) read(RESOURCE);
        JsonNode schemas = document.path("components").path("schemas");
        if (schemas instanceof ObjectNode components) {
            List<String> names = new ArrayList<>();
            components.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode schema = components.get(name);
                String ref = schema.size() == 1 ? schema.path("$ref").asText("") : "";
                if (!ref.isEmpty() && !ref.startsWith("#")) {
                    components.set(name, embedded(ref, "#/components/schemas/" + name));
                }
            }
        }
        return new OpenApiDocument(document);
    }

    /** The document (do not modify). */
    public JsonNode document() {
        return document;
    }

    /** The document as UTF-8 JSON. */
    public byte[] json() {
        return bytes.clone();
    }

    private static JsonNode embedded(String relativeRef, String pointer) {
        String path = URI.create(RESOURCE).resolve(relativeRef).getPath();
        ObjectNode schema = (ObjectNode) read(path);
        schema.remove("$schema");
        schema.remove("$id");
        rebase(schema, pointer);
        return schema;
    }

    /** Every reference internal to the embedded file ({@code #/...}) made relative to its new place. */
    private static void rebase(JsonNode node, String pointer) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()
                        && field.getValue().textValue().startsWith("#/")) {
                    field.setValue(TextNode.valueOf(pointer + field.getValue().textValue().substring(1)));
                } else {
                    rebase(field.getValue(), pointer);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> rebase(item, pointer));
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
