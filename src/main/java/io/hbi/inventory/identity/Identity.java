package io.hbi.inventory.identity;

import io.hbi.inventory.selection.Tenant;

/**
 * Who is calling: a 2020 identity (an account, from an {@code x-rh-identity} without a top-level {@code org_id}), a
 * today's identity (an org, with its type and, for a System, its certificate's CN; hbi-later §L1.1), or the trusted
 * system (a bearer token equal to {@code INVENTORY_SHARED_SECRET}), which has no tenant and may write hosts of any.
 *
 * @param accountNumber the account; always present for a 2020 identity, optional for a today's one
 * @param orgId         the org of a today's identity; null for a 2020 identity and the trusted system
 * @param type          a today's identity's {@code type} (User, System, ServiceAccount, Associate, X509); null otherwise
 * @param systemCn      a System identity's {@code system.cn}; null otherwise
 */
public record Identity(String accountNumber, String orgId, String type, String systemCn, boolean trusted) {

    public static final String SYSTEM = "System";

    /** A 2020 identity. */
    public static Identity ofAccount(String accountNumber) {
        return new Identity(accountNumber, null, null, null, false);
    }

    /** A today's identity. */
    public static Identity ofOrg(String orgId, String accountNumber, String type, String systemCn) {
        return new Identity(accountNumber, orgId, type, systemCn, false);
    }

    public static Identity trustedSystem() {
        return new Identity(null, null, null, null, true);
    }

    /** A today's identity, scoped by org (decisions.md 10). */
    public boolean byOrg() {
        return orgId != null;
    }

    /** A today's System identity, restricted to the hosts it owns (decisions.md 16). */
    public boolean isSystem() {
        return byOrg() && SYSTEM.equals(type);
    }

    /** The hosts this caller may see and change; the trusted system has none (it only writes). */
    public Tenant tenant() {
        if (trusted) {
            throw new IllegalStateException("the trusted system has no tenant");
        }
        if (!byOrg()) {
            return Tenant.ofAccount(accountNumber);
        }
        return isSystem() ? Tenant.ofOwner(orgId, accountNumber, systemCn) : Tenant.ofOrg(orgId, accountNumber);
    }
}
