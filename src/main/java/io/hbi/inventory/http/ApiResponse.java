package io.hbi.inventory.http;

/** What a REST operation answers: the status and the body (serialised as JSON; null for an empty body). */
public record ApiResponse(int status, Object body) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }
}
