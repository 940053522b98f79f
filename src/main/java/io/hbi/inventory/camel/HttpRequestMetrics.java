package io.hbi.inventory.camel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The HTTP request metrics of contract §9.1, for every REST operation (management endpoints excluded):
 * {@code inventory_http_request_duration_seconds{method,url_rule,status}} (histogram) and
 * {@code inventory_http_request_total{method,status}}, plus {@code inventory_request_processing_seconds}.
 */
public final class HttpRequestMetrics extends EventNotifierSupport {

    private final MeterRegistry registry;
    private final Set<String> excludedRoutes;

    public HttpRequestMetrics(MeterRegistry registry, Set<String> excludedRoutes) {
        this.registry = registry;
        this.excludedRoutes = excludedRoutes;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (exchange.getFromEndpoint() == null || !exchange.getFromEndpoint().getEndpointUri().startsWith("platform-http:")) {
            return;
        }
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        if (route == null || excludedRoutes.contains(route.getRouteId())) {
            return;
        }
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        Object code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE);
        String status = code != null ? code.toString() : exchange.getException() != null ? "500" : "200";
        String rule = urlRule(route.getEndpoint().getEndpointKey());
        Duration elapsed = Duration.ofMillis(exchange.getClock().elapsed());
        Timer.builder("inventory_http_request_duration_seconds").tags("method", method, "url_rule", rule, "status", status)
                .publishPercentileHistogram().register(registry).record(elapsed);
        registry.counter("inventory_http_request_total", "method", method, "status", status).increment();
        registry.timer("inventory_request_processing_seconds").record(elapsed);
    }

    /** The path template of a route's endpoint: {@code rest://get:/api/inventory/v1:/hosts/{ids}} gives the path. */
    static String urlRule(String endpointKey) {
        String key = endpointKey.replaceFirst("\\?.*$", "");
        if (key.startsWith("rest://")) {
            String[] parts = key.substring("rest://".length()).split(":", 3);
            return parts.length == 3 ? parts[1] + parts[2] : key;
        }
        return key.replaceFirst("^platform-http:/*", "/");
    }
}
