package io.hbi.inventory.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code x-rh-identity} values of today's platform for tests (hbi-later §L1.1): a top-level {@code org_id}, so the
 * caller is scoped by org (decisions.md 10); a System identity sees only the hosts it owns (decisions.md 16).
 */
public final class TodaysIdentities {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TodaysIdentities() {
    }

    /** A User of the org, without an account number (as most of today's identities are). */
    public static String user(String orgId) {
        return user(orgId, null);
    }

    /** A User of the org with this {@code account_number} (null: none). */
    public static String user(String orgId, String accountNumber) {
        ObjectNode identity = base(orgId, accountNumber, "User", "jwt-auth");
        identity.putObject("user").put("username", "jdoe").put("email", "jdoe@example.com").put("user_id", "12345");
        return encode(identity);
    }

    /** A System (certificate) identity of the org with this {@code system.cn}. */
    public static String system(String orgId, String cn) {
        ObjectNode identity = base(orgId, null, "System", "cert-auth");
        identity.putObject("system").put("cert_type", "system").put("cn", cn);
        return encode(identity);
    }

    private static ObjectNode base(String orgId, String accountNumber, String type, String authType) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("org_id", orgId).put("type", type).put("auth_type", authType);
        if (accountNumber != null) {
            identity.put("account_number", accountNumber);
        }
        identity.putObject("internal").put("org_id", orgId);
        return identity;
    }

    private static String encode(ObjectNode identity) {
        ObjectNode document = JSON.createObjectNode();
        document.set("identity", identity);
        return Identities.encode(document.toString());
    }
}
