package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.NulCharacters;
import java.io.IOException;

/** A request body read as JSON; an empty body, {@code null} or text that is not JSON is a 400. */
public final class JsonBody {

    static final String NOT_JSON = "Request body is not valid JSON";

    private JsonBody() {
    }

    public static JsonNode read(ObjectMapper json, String body) {
        JsonNode document;
        try {
            document = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest(NOT_JSON);
        }
        if (document == null || document.isNull() || document.isMissingNode()) {
            throw ProblemException.badRequest(NOT_JSON);
        }
        return document;
    }

    /** A request body that must be a JSON object without NUL characters (which PostgreSQL cannot store). */
    public static ObjectNode object(ObjectMapper json, String body) {
        JsonNode document = read(json, body);
        if (!document.isObject()) {
            throw ProblemException.badRequest("Request body must be a JSON object");
        }
        refuseNul(document);
        return (ObjectNode) document;
    }

    /** A document with a NUL character in a key or a text is a 400. */
    public static void refuseNul(JsonNode document) {
        if (NulCharacters.holds(document)) {
            throw ProblemException.badRequest("Request body holds a NUL character, which cannot be stored");
        }
    }
}
