package io.hbi.inventory.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** An OpenAPI 3.1 document read for tests: its operations, references and schemas (JSON Schema 2020-12). */
final class OpenApi {

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    private static final String BASE = "https://inventory.test/openapi.json";
    private static final String TARGET = "__target";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON Schema 2020-12, plus the members of an OpenAPI document's root, which are not schema keywords. */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keywords(Stream.of("openapi", "jsonSchemaDialect", "info", "paths", "components", "security", "tags",
                    "externalDocs", "webhooks", "servers").<Keyword>map(NonValidationKeyword::new).toList())
            .build();

    /** One operation: its path template, lower-case method and operation object. */
    record Operation(String path, String method, JsonNode node) {
        String id() {
            return node.path("operationId").asText(null);
        }
    }

    private final JsonNode document;

    OpenApi(JsonNode document) {
        this.document = document;
    }

    JsonNode document() {
        return document;
    }

    /** Every operation of {@code paths}, by operationId (an operation without one is keyed by method and path). */
    Map<String, Operation> operations() {
        Map<String, Operation> operations = new LinkedHashMap<>();
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().get(method);
            if (operation != null) {
                String id = operation.path("operationId").asText(method + " " + path.getKey());
                operations.put(id, new Operation(path.getKey(), method, operation));
            }
        }));
        return operations;
    }

    Operation operation(String operationId) {
        Operation operation = operations().get(operationId);
        if (operation == null) {
            throw new AssertionError("no operation " + operationId + " in the document");
        }
        return operation;
    }

    /** The node a local reference ({@code #/a/b~1c}) names, or null when there is none. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode node = document.at(ref.substring(1));
        return node.isMissingNode() ? null : node;
    }

    /** The node itself, or what its {@code $ref} names (followed until a node without {@code $ref}). */
    JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref") && current.size() == 1; hops++) {
            if (hops > 20) {
                throw new AssertionError("reference loop at " + node);
            }
            current = resolve(current.get("$ref").asText());
        }
        if (current == null) {
            throw new AssertionError("unresolvable reference " + node);
        }
        return current;
    }

    /** The (dereferenced) parameters of an operation, path-level ones included. */
    List<JsonNode> parameters(Operation operation) {
        List<JsonNode> parameters = new ArrayList<>();
        document.path("paths").path(operation.path()).path("parameters").forEach(p -> parameters.add(deref(p)));
        operation.node().path("parameters").forEach(p -> parameters.add(deref(p)));
        return parameters;
    }

    /** The schema of a documented response, for its status and content type; fails when it is not documented. */
    JsonNode responseSchema(String operationId, int status, String contentType) {
        JsonNode responses = operation(operationId).node().path("responses");
        JsonNode response = responses.get(String.valueOf(status));
        if (response == null) {
            throw new AssertionError(operationId + " documents no " + status + " response; it has "
                    + iterable(responses.fieldNames()));
        }
        JsonNode media = deref(response).path("content").get(contentType);
        if (media == null) {
            throw new AssertionError(operationId + " " + status + " documents no content " + contentType + ": "
                    + deref(response));
        }
        return media.get("schema");
    }

    /** Validation messages of {@code instance} against {@code schema}, whose references resolve in this document. */
    Set<ValidationMessage> validate(JsonNode schema, JsonNode instance) {
        ObjectNode copy = document.deepCopy();
        ((ObjectNode) copy.path("components").path("schemas")).set(TARGET, schema);
        String text = copy.toString();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(DIALECT).schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, text))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema compiled = factory.getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + TARGET), config);
        return compiled.validate(instance);
    }

    /** Validation messages of {@code schema} against the JSON Schema 2020-12 meta-schema. */
    static Set<ValidationMessage> metaValidate(JsonNode schema) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return factory.getSchema(SchemaLocation.of(META_SCHEMA)).validate(schema);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage());
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
