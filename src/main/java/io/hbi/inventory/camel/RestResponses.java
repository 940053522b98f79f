package io.hbi.inventory.camel;

import io.hbi.inventory.rest.ApiResponse;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The shared answer step of every REST operation ({@code direct:respond}): an {@link ApiResponse} body becomes the
 * HTTP status, the content type of its body (exchange property {@value #CONTENT_TYPE}; {@code application/problem+json}
 * for an error) and the body to serialise (null for none); its payload-tracker messages go to the exchange property
 * {@value #TRACKER_MESSAGES} (null when there are none). Any other body is a 200 with that body.
 */
public final class RestResponses {

    public static final String TRACKER_MESSAGES = "trackerMessages";

    /** The exchange property with the content type of a non-empty body, to set once it is serialised. */
    public static final String CONTENT_TYPE = "responseContentType";

    public Object open(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        ApiResponse response = body instanceof ApiResponse api ? api : ApiResponse.ok(body);
        message.removeHeaders("*", "Camel*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        exchange.setProperty(CONTENT_TYPE, response.isProblem() ? "application/problem+json" : "application/json");
        List<String> tracker = response.trackerMessages();
        exchange.setProperty(TRACKER_MESSAGES, tracker.isEmpty() ? null : tracker);
        return response.body();
    }
}
