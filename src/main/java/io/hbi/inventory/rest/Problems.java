package io.hbi.inventory.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Problem bodies of decisions.md 6, for every error status the API answers. */
public final class Problems {

    private Problems() {
    }

    public static Map<String, Object> body(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        body.put("type", "about:blank");
        return body;
    }

    public static Map<String, Object> unauthorized(String detail) {
        return body(401, "Unauthorized", detail);
    }

    public static Map<String, Object> unavailable(String detail) {
        return body(503, "Service Unavailable", detail);
    }

    public static Map<String, Object> internalError() {
        return body(500, "Internal Server Error", "The server could not complete the request.");
    }
}
