package io.hbi.inventory.selection;

import java.util.Locale;
import java.util.Objects;

/**
 * Whose hosts a request may see and change (decisions.md 10 and 16): an org for today's callers, an account for 2020
 * callers, and for a {@code System} identity also the owner: only the hosts whose {@code system_profile.owner_id} is
 * its certificate's CN.
 *
 * @param orgId   the org of a today's caller; null for a 2020 caller
 * @param account the account of a 2020 caller (its scope); for a today's caller its {@code account_number} or null,
 *                which never widens what it sees
 * @param owner   the owner id a System identity is restricted to, as {@link #ownerKey} compares it; null otherwise
 */
public record Tenant(String orgId, String account, String owner) {

    public Tenant {
        if (orgId == null && account == null) {
            throw new IllegalArgumentException("a tenant has an org or an account");
        }
        if (owner != null && orgId == null) {
            throw new IllegalArgumentException("only an org's System identity is restricted to an owner");
        }
    }

    /** A 2020 caller: every host of the account. */
    public static Tenant ofAccount(String account) {
        return new Tenant(null, Objects.requireNonNull(account), null);
    }

    /** A today's caller: every host of the org. */
    public static Tenant ofOrg(String orgId, String account) {
        return new Tenant(Objects.requireNonNull(orgId), account, null);
    }

    /** A today's System identity: the org's hosts it owns. */
    public static Tenant ofOwner(String orgId, String account, String cn) {
        return new Tenant(Objects.requireNonNull(orgId), account, ownerKey(Objects.requireNonNull(cn)));
    }

    /** Scoped by org (today's caller) rather than by account (2020 caller). */
    public boolean byOrg() {
        return orgId != null;
    }

    /**
     * An owner id or certificate CN as compared: lower case without hyphens, so the hyphenated CN of a certificate
     * equals the hyphen-less subscription_manager_id a reporter sends (the same expression as hosts_org_owner, V9).
     */
    public static String ownerKey(String id) {
        return id.toLowerCase(Locale.ROOT).replace("-", "");
    }
}
