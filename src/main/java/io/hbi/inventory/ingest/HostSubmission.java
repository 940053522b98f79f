package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.identity.Identity;

/**
 * One host as it came through a door: the raw JSON, who sent it (REST: the caller; MQ: the identity of a today's
 * message, null for a 2020 message, whose account is trusted as in 2020), the request id ({@code "-1"} when none)
 * and, on the MQ path, the message's {@code platform_metadata}.
 */
public record HostSubmission(JsonNode host, Door door, Identity identity, String requestId, JsonNode platformMetadata) {

    /**
     * A host of a today's caller or message, which belongs to an org (decisions.md 10): sent by an identity with an
     * org, or by the trusted system or a message with a {@code data.org_id}. Otherwise a 2020 host.
     */
    public boolean byOrg() {
        if (identity != null && !identity.trusted()) {
            return identity.byOrg();
        }
        return host != null && host.hasNonNull("org_id");
    }

    /** The {@code reporter} as sent, for metric labels ("null" when missing or not text). */
    public String reporterLabel() {
        JsonNode reporter = host == null ? null : host.get("reporter");
        return reporter != null && reporter.isTextual() ? reporter.asText() : "null";
    }
}
