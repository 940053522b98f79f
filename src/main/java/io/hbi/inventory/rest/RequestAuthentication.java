package io.hbi.inventory.rest;

import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.identity.Authenticator;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.metrics.InventoryMetrics;

/** Authenticates REST requests (contract §2) and counts the failures in {@code inventory_login_failure_count}. */
public final class RequestAuthentication {

    private final Authenticator authenticator;
    private final InventoryMetrics metrics;

    public RequestAuthentication(Authenticator authenticator, InventoryMetrics metrics) {
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** Operations that accept only {@code x-rh-identity}. */
    public Identity identity(String identityHeader) {
        return authenticate(identityHeader, null, false);
    }

    /** {@code POST /hosts}, which also accepts the trusted system's bearer token. */
    public Identity identityOrBearer(String identityHeader, String authorization) {
        return authenticate(identityHeader, authorization, true);
    }

    private Identity authenticate(String identityHeader, String authorization, boolean bearerAllowed) {
        try {
            return authenticator.authenticate(identityHeader, authorization, bearerAllowed);
        } catch (AuthenticationException e) {
            metrics.loginFailed();
            throw e;
        }
    }
}
