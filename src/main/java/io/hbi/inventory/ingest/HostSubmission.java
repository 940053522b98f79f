package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.identity.Identity;

/**
 * One host as it came through a door: the raw JSON, who sent it (REST only; the MQ path trusts the account in the
 * message as in 2020), the request id ({@code "-1"} when none) and, on the MQ path, the message's
 * {@code platform_metadata}.
 */
public record HostSubmission(JsonNode host, Door door, Identity identity, String requestId, JsonNode platformMetadata) {

    /** The {@code reporter} as sent, for metric labels ("null" when missing or not text). */
    public String reporterLabel() {
        JsonNode reporter = host == null ? null : host.get("reporter");
        return reporter != null && reporter.isTextual() ? reporter.asText() : "null";
    }
}
