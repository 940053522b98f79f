package io.hbi.inventory.selection;

/**
 * An operator's mapping of a 2020 account to the org that adopts its hosts (decisions.md 10, hbi-later §L1.6): it
 * selects the hosts of {@code account} that have no org, and names the org they join. Hosts of the account that are in
 * an org already are not selected, whichever org that is.
 *
 * @param account a 2020 account number, 1..10 characters
 * @param orgId   an org id, 1..36 characters
 */
public record AccountToOrg(String account, String orgId) {

    /** The longest account and org id the hosts table stores. */
    public static final int ACCOUNT_MAX = 10;
    public static final int ORG_ID_MAX = 36;

    public AccountToOrg {
        requireLength("account", account, ACCOUNT_MAX);
        requireLength("org_id", orgId, ORG_ID_MAX);
    }

    private static void requireLength(String name, String value, int max) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + " characters");
        }
    }
}
