package io.hbi.inventory.wiring;

import io.hbi.inventory.camel.HttpErrorBodies;
import io.hbi.inventory.camel.HttpRequestMetrics;
import io.hbi.inventory.camel.LegacyApiPrefix;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;

/**
 * The HTTP server around the routes: request metrics for every REST operation (contract §9.1), and, once the server
 * is up, problem bodies for the errors the server answers itself and the legacy API prefix when set.
 */
public final class HttpServerSetup implements CamelConfiguration {

    private static final Set<String> UNMEASURED_ROUTES = Set.of("management-health", "management-metrics",
            "management-version");

    private final Settings settings;
    private final MeterRegistry registry;

    public HttpServerSetup(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getManagementStrategy().addEventNotifier(new HttpRequestMetrics(registry, UNMEASURED_ROUTES));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the HTTP server is not up yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                MainHttpServer server = started.hasService(MainHttpServer.class);
                if (server == null) {
                    throw new StartupException("the HTTP server did not start");
                }
                HttpErrorBodies.install(server.getRouter());
                if (!settings.legacyApiPrefix().isEmpty()) {
                    LegacyApiPrefix.mount(server.getRouter(), settings.legacyApiPrefix(), settings.apiPrefix());
                }
            }
        });
    }
}
