package io.hbi.inventory.rest;

import java.util.Map;

/**
 * A request that is answered with an error status and a problem body (decisions.md 6):
 * {@code {"status", "title", "detail", "type": "about:blank"}}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return Problems.body(status, title, getMessage());
    }
}
