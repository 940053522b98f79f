package io.hbi.inventory.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The rules of a today's identity (hbi-later §L1.1), checked in this order; the first broken one is the
 * {@link AuthenticationException}. Unknown keys are allowed everywhere; lengths count characters (code points).
 * <ul>
 *   <li>{@code org_id}: a string of 1..36 characters.</li>
 *   <li>{@code type}: exactly one of {@link #TYPES}.</li>
 *   <li>{@code auth_type}: a string that, lower-cased, is one of {@link #AUTH_TYPES} ({@code classic-proxy} is not).</li>
 *   <li>{@code account_number}: absent, null or a string of 0..36 characters; the empty string counts as none.</li>
 *   <li>User: {@code user} is optional; when present an object, whose {@code email}, when present, is an e-mail
 *       address as {@link #isEmailAddress} sees one. Its other keys are not read.</li>
 *   <li>System: {@code system} object with {@code cert_type} one of {@link #CERT_TYPES} in any case and {@code cn} a
 *       non-empty string.</li>
 *   <li>ServiceAccount and, as in later HBI, Associate: {@code service_account} object with non-empty strings
 *       {@code client_id} and {@code username}.</li>
 *   <li>X509: {@code x509} object with non-empty strings {@code subject_dn} and {@code issuer_dn}.</li>
 * </ul>
 * The per-type object of another type is not read (a User may carry a {@code system} object of any shape).
 */
final class TodaysIdentity {

    static final String INVALID = "Invalid identity: ";
    static final String ORG_ID = "org_id";
    static final int MAX_LENGTH = 36;
    static final List<String> TYPES = List.of("User", "System", "ServiceAccount", "Associate", "X509");
    static final List<String> AUTH_TYPES = List.of("basic-auth", "cert-auth", "jwt-auth", "uhc-auth", "saml-auth", "x509");
    static final List<String> CERT_TYPES = List.of("hypervisor", "rhui", "sam", "satellite", "system");

    private TodaysIdentity() {
    }

    /** @param identity the {@code identity} object of the document, which has an {@code org_id} key */
    static Identity read(JsonNode identity) {
        String orgId = orgId(identity.get(ORG_ID));
        String type = type(identity.get("type"));
        authType(identity.get("auth_type"));
        String accountNumber = accountNumber(identity.get("account_number"));
        String systemCn = null;
        switch (type) {
            case "User" -> user(identity.get("user"));
            case "System" -> systemCn = system(identity.get("system"));
            case "ServiceAccount", "Associate" -> serviceAccount(identity.get("service_account"));
            case "X509" -> x509(identity.get("x509"));
            default -> throw new IllegalStateException(type);
        }
        return Identity.ofOrg(orgId, accountNumber, type, systemCn);
    }

    private static String orgId(JsonNode value) {
        if (!value.isTextual() || !lengthWithin(value.textValue(), 1, MAX_LENGTH)) {
            throw invalid("identity.org_id must be a string of 1 to " + MAX_LENGTH + " characters");
        }
        return value.textValue();
    }

    private static String type(JsonNode value) {
        if (value == null) {
            throw invalid("identity.type is required");
        }
        if (!value.isTextual() || !TYPES.contains(value.textValue())) {
            throw invalid("identity.type must be one of " + String.join(", ", TYPES));
        }
        return value.textValue();
    }

    private static void authType(JsonNode value) {
        if (value == null) {
            throw invalid("identity.auth_type is required");
        }
        if (!value.isTextual() || !AUTH_TYPES.contains(value.textValue().toLowerCase(Locale.ROOT))) {
            throw invalid("identity.auth_type must be one of " + String.join(", ", AUTH_TYPES));
        }
    }

    /** The account, or null when absent, null or empty. */
    private static String accountNumber(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !lengthWithin(value.textValue(), 0, MAX_LENGTH)) {
            throw invalid("identity.account_number must be null or a string of at most " + MAX_LENGTH + " characters");
        }
        return value.textValue().isEmpty() ? null : value.textValue();
    }

    private static void user(JsonNode user) {
        if (user == null) {
            return;
        }
        if (!user.isObject()) {
            throw invalid("identity.user must be an object");
        }
        JsonNode email = user.get("email");
        if (email != null && !(email.isTextual() && isEmailAddress(email.textValue()))) {
            throw invalid("identity.user.email must be an e-mail address");
        }
    }

    /** The certificate's CN. */
    private static String system(JsonNode system) {
        requireObject(system, "identity.system");
        JsonNode certType = system.get("cert_type");
        if (certType == null || !certType.isTextual()
                || !CERT_TYPES.contains(certType.textValue().toLowerCase(Locale.ROOT))) {
            throw invalid("identity.system.cert_type must be one of " + String.join(", ", CERT_TYPES));
        }
        return nonEmpty(system, "cn", "identity.system");
    }

    private static void serviceAccount(JsonNode serviceAccount) {
        requireObject(serviceAccount, "identity.service_account");
        nonEmpty(serviceAccount, "client_id", "identity.service_account");
        nonEmpty(serviceAccount, "username", "identity.service_account");
    }

    private static void x509(JsonNode x509) {
        requireObject(x509, "identity.x509");
        nonEmpty(x509, "subject_dn", "identity.x509");
        nonEmpty(x509, "issuer_dn", "identity.x509");
    }

    private static void requireObject(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw invalid(path + " is required and must be an object");
        }
    }

    private static String nonEmpty(JsonNode object, String key, String path) {
        JsonNode value = object.get(key);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw invalid(path + "." + key + " must be a non-empty string");
        }
        return value.textValue();
    }

    /**
     * A plausible e-mail address, not RFC 5322: no whitespace, exactly one {@code @}, a non-empty local part before
     * it, and after it a domain of at least two non-empty dot-separated labels ({@code a@example.com}). Quoted local
     * parts and address literals ({@code a@[10.0.0.1]}) are refused.
     */
    static boolean isEmailAddress(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || value.codePoints().anyMatch(Character::isWhitespace)) {
            return false;
        }
        String[] labels = value.substring(at + 1).split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean lengthWithin(String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        return length >= min && length <= max;
    }

    private static AuthenticationException invalid(String what) {
        return new AuthenticationException(INVALID + what);
    }
}
