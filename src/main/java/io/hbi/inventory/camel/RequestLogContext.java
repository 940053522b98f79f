package io.hbi.inventory.camel;

import io.hbi.inventory.identity.Identity;

import org.slf4j.MDC;

/**
 * Puts the request id, and the account and org of the caller, of the request being handled into the logging context;
 * Camel's MDC support ({@code camel.main.mdc-logging-keys-pattern}) carries them along the exchange and clears them
 * after it. Nothing else of the identity is logged.
 */
public final class RequestLogContext {

    public void enter(String requestId, Identity identity) {
        if (requestId != null && !requestId.isEmpty()) {
            MDC.put("request_id", requestId);
        }
        if (identity == null) {
            return;
        }
        if (identity.accountNumber() != null) {
            MDC.put("account", identity.accountNumber());
        }
        if (identity.orgId() != null) {
            MDC.put("org_id", identity.orgId());
        }
    }
}
