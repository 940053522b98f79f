package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.HostInput;
import io.hbi.inventory.host.UuidFormat;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.selection.Tenant;
import java.util.Optional;

/**
 * Whether a caller may write a host, and what the write makes of it (decisions.md 10 and 16, hbi-later §L1.4–§L1.5).
 * A 2020 identity writes hosts of its account (contract §2). A today's identity writes hosts of its org; a host that
 * names an account must name the identity's (an org that wrote another account's number into its hosts would show
 * them to that account's 2020 callers and adopt that account's hosts) except on Kafka, whose producers are trusted
 * with the account as in 2020, when the identity carries none. A System identity writes only hosts it owns: an owner
 * id other than its CN is refused, and a host that names none becomes its. The trusted system and 2020 messages
 * (no identity) write any host.
 */
final class HostOwnership {

    static final String ACCOUNT_MISMATCH = "The account number associated with the user does not match the account "
            + "number associated with the host";
    static final String ORG_MISMATCH = "The org_id in the identity does not match the org_id in the host.";
    static final String OWNER_MISMATCH = "The owner in host does not match the owner in identity";

    private HostOwnership() {
    }

    /** Why {@code identity} may not write {@code host}, or empty when it may. */
    static Optional<String> refusal(Identity identity, HostInput host, Door door) {
        if (identity == null || identity.trusted()) {
            return Optional.empty();
        }
        if (!identity.byOrg()) {
            return identity.accountNumber().equals(host.account()) ? Optional.empty() : Optional.of(ACCOUNT_MISMATCH);
        }
        if (!identity.orgId().equals(host.orgId())) {
            return Optional.of(ORG_MISMATCH);
        }
        if (host.account() != null && (identity.accountNumber() == null
                ? door == Door.REST : !identity.accountNumber().equals(host.account()))) {
            return Optional.of(ACCOUNT_MISMATCH);
        }
        JsonNode owner = host.systemProfile() == null ? null : host.systemProfile().get("owner_id");
        if (identity.isSystem() && owner != null && owner.isTextual()
                && !Tenant.ownerKey(owner.textValue()).equals(Tenant.ownerKey(identity.systemCn()))) {
            return Optional.of(OWNER_MISMATCH);
        }
        return Optional.empty();
    }

    /** The host as a permitted write stores it: a System identity's host without an owner id gets the CN. */
    static HostInput owned(Identity identity, HostInput host) {
        if (identity == null || !identity.isSystem()
                || (host.systemProfile() != null && host.systemProfile().hasNonNull("owner_id"))) {
            return host;
        }
        ObjectNode profile = host.systemProfile() == null
                ? JsonNodeFactory.instance.objectNode() : host.systemProfile().deepCopy();
        String cn = identity.systemCn();
        profile.put("owner_id", UuidFormat.isValid(cn) ? UuidFormat.normalise(cn) : cn);
        return host.withSystemProfile(profile);
    }
}
