package io.hbi.inventory.rest;

import java.util.Locale;

/** Operations that take a JSON body refuse any other non-empty body with 415 (contract §1.8). */
public final class JsonContentType {

    public void require(String contentType, String body) {
        if (body == null || body.isEmpty()) {
            return;
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "Invalid Content-type (" + (contentType == null ? "" : contentType) + "), expected JSON data");
        }
    }
}
