package io.hbi.inventory.camel;

import io.hbi.inventory.identity.Identity;

import org.slf4j.MDC;

/**
 * Puts the request id and account of the request being handled into the logging context; Camel's MDC support
 * ({@code camel.main.mdc-logging-keys-pattern}) carries them along the exchange and clears them after it.
 */
public final class RequestLogContext {

    public void enter(String requestId, Identity identity) {
        String account = identity == null ? null : identity.accountNumber();
        if (requestId != null && !requestId.isEmpty()) {
            MDC.put("request_id", requestId);
        }
        if (account != null) {
            MDC.put("account", account);
        }
    }
}
