package io.hbi.inventory.camel;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Mounts the API a second time under {@code INVENTORY_LEGACY_API_URL} (contract §1.1): a request under the legacy
 * prefix is rerouted, with its method, headers, query and body, to the same path under the primary prefix, so both
 * prefixes are served by the same REST operations.
 */
public final class LegacyApiPrefix {

    private LegacyApiPrefix() {
    }

    public static void mount(Router router, String legacyPrefix, String apiPrefix) {
        router.route(legacyPrefix + "/*").order(-1000).handler(context -> {
            HttpServerRequest request = context.request();
            String rest = request.path().substring(legacyPrefix.length());
            String query = request.query();
            context.reroute(request.method(), apiPrefix + rest + (query == null ? "" : "?" + query));
        });
    }
}
