package io.hbi.inventory.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code x-rh-identity} values for tests. */
public final class Identities {

    private Identities() {
    }

    public static String of(String account) {
        return encode("{\"identity\": {\"account_number\": \"" + account + "\", \"internal\": {\"org_id\": \"1\"}}}");
    }

    public static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
