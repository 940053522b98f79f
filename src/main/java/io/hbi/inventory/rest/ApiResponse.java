package io.hbi.inventory.rest;

import java.util.List;

/**
 * What a REST operation answers: the status, the body (serialised as JSON; null for an empty body) and the
 * payload-tracker messages the request produced (contract §7), which the route sends after answering.
 */
public record ApiResponse(int status, Object body, List<String> trackerMessages) {

    public ApiResponse {
        trackerMessages = trackerMessages == null ? List.of() : List.copyOf(trackerMessages);
    }

    public ApiResponse(int status, Object body) {
        this(status, body, List.of());
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    /** An error answer: the status and problem body of decisions.md 6. */
    public static ApiResponse problem(int status, String title, String detail) {
        return new ApiResponse(status, Problems.body(status, title, detail));
    }

    /** Whether the body is a problem (decisions.md 6), served as {@code application/problem+json}. */
    public boolean isProblem() {
        return status >= 400;
    }
}
