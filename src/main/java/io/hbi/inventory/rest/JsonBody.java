package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
