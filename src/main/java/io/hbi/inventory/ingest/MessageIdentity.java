package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.identity.IdentityHeader;
import java.util.Set;

/**
 * Who sent a message of the ingress topic (hbi-later §L1.5, decisions.md 10). A message whose {@code data} carries an
 * {@code org_id} is a today's message: its {@code platform_metadata.b64_identity} is a today's identity, required but
 * for the subscription reporters, which get a System identity named after the host's subscription. A message
 * without {@code data.org_id} is a 2020 message, whose account is trusted as in 2020: it has no identity.
 */
public sealed interface MessageIdentity {

    /** The reporters that publish hosts of subscriptions without an identity of their own (§L1.5 rule 1). */
    Set<String> SUBSCRIPTION_REPORTERS = Set.of("rhsm-conduit", "rhsm-system-profile-bridge");

    /** The message may be ingested as {@code identity} (null for a 2020 message). */
    record Known(Identity identity) implements MessageIdentity {
    }

    /** The message's host is refused: {@code detail} says why (a validation error of that host). */
    record Refused(String detail) implements MessageIdentity {
    }

    static MessageIdentity of(JsonNode data, JsonNode platformMetadata) {
        if (data == null || !data.hasNonNull("org_id")) {
            return new Known(null);
        }
        JsonNode identity = platformMetadata == null ? null : platformMetadata.get("b64_identity");
        if (identity == null || identity.isNull()) {
            JsonNode subscription = data.get("subscription_manager_id");
            if (data.path("reporter").isTextual() && SUBSCRIPTION_REPORTERS.contains(data.get("reporter").asText())
                    && subscription != null && subscription.isTextual() && data.get("org_id").isTextual()) {
                String cn = UuidFormat.isValid(subscription.asText())
                        ? UuidFormat.normalise(subscription.asText()) : subscription.asText();
                return new Known(Identity.ofOrg(data.get("org_id").asText(), null, Identity.SYSTEM, cn));
            }
            return new Refused(platformMetadata == null ? "platform_metadata is mandatory"
                    : "platform_metadata.b64_identity is mandatory");
        }
        if (!identity.isTextual()) {
            return new Refused("platform_metadata.b64_identity: Not a valid string.");
        }
        try {
            return new Known(IdentityHeader.parseToday(identity.asText()));
        } catch (AuthenticationException e) {
            return new Refused("platform_metadata.b64_identity: " + e.getMessage());
        }
    }
}
