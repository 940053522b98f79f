package io.hbi.inventory.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates a request by its {@code x-rh-identity} header or, where the operation allows it
 * ({@code POST /hosts}), by {@code Authorization: Bearer <INVENTORY_SHARED_SECRET>}.
 */
public final class Authenticator {

    static final String MISSING = "No authorization token provided";
    static final String BAD_TOKEN = "Provided token is not valid";

    private final byte[] sharedSecret;

    public Authenticator(String sharedSecret) {
        this.sharedSecret = sharedSecret == null || sharedSecret.isEmpty()
                ? null : sharedSecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param identityHeader the {@code x-rh-identity} value, or null
     * @param authorization  the {@code Authorization} value, or null
     * @param bearerAllowed  whether the operation accepts the trusted system's bearer token
     * @throws AuthenticationException when no credential is present or the one present is not valid
     */
    public Identity authenticate(String identityHeader, String authorization, boolean bearerAllowed) {
        if (identityHeader != null) {
            return IdentityHeader.parse(identityHeader);
        }
        if (bearerAllowed && authorization != null) {
            return bearer(authorization);
        }
        throw new AuthenticationException(MISSING);
    }

    private Identity bearer(String authorization) {
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException(BAD_TOKEN);
        }
        byte[] token = value.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (sharedSecret == null || !MessageDigest.isEqual(sharedSecret, token)) {
            throw new AuthenticationException(BAD_TOKEN);
        }
        return Identity.trustedSystem();
    }
}
