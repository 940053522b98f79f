package io.hbi.inventory.identity;

/**
 * Who is calling: an account (from {@code x-rh-identity}) or the trusted system (a bearer token equal to
 * {@code INVENTORY_SHARED_SECRET}), which has no account and may write hosts of any account.
 */
public record Identity(String accountNumber, boolean trusted) {

    public static Identity ofAccount(String accountNumber) {
        return new Identity(accountNumber, false);
    }

    public static Identity trustedSystem() {
        return new Identity(null, true);
    }

    /** Whether this caller may write a host of {@code account}. */
    public boolean mayWrite(String account) {
        return trusted || accountNumber.equals(account);
    }
}
