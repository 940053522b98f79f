package io.hbi.inventory.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who sends a scenario's requests or messages, and so which hosts it sees: a 2020 identity, scoped by its account, or
 * a today's identity (a top-level {@code org_id}), scoped by its org (decisions.md 10). The fill puts the query
 * account's hosts in an org as well, as {@code map-accounts} would, so both list the same hosts; a row of a today's
 * variant carries {@link #suffix} in its scenario name and {@code "identity": "today"} in the JSON.
 */
enum Tenancy {

    /** A 2020 identity ({@code account_number}, no top-level {@code org_id}); 2020 add_host messages. */
    ACCOUNT("2020", ""),
    /**
     * A today's identity of an org; today's add_host messages: {@code data.org_id} and a today's
     * {@code platform_metadata.b64_identity} of that org, no account.
     */
    ORG("today", " (org)");

    private final String option;
    private final String suffix;

    Tenancy(String option, String suffix) {
        this.option = option;
        this.suffix = suffix;
    }

    /** Its name in {@code --identities} and in the results JSON ({@code identity}). */
    String option() {
        return option;
    }

    /** What a row of this tenancy adds to its scenario's name: nothing for 2020 rows, {@code " (org)"}. */
    String suffix() {
        return suffix;
    }

    static Tenancy ofOption(String option) {
        String name = option.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.option.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown identity " + option + " (2020 or today)"));
    }
}
