package io.hbi.inventory.camel;

import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.Problems;
import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.store.StoreUnavailableException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the exception a REST route failed with into the status and problem body of its answer. */
public final class ProblemResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    public Map<String, Object> render(Exchange exchange) {
        Throwable error = cause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Map<String, Object> body;
        if (error instanceof ProblemException problem) {
            body = problem.body();
        } else if (error instanceof AuthenticationException authentication) {
            body = Problems.unauthorized(authentication.getMessage());
        } else if (error instanceof StoreUnavailableException unavailable) {
            LOG.warn("Request refused, database unavailable: {}", unavailable.getMessage());
            body = Problems.unavailable("The database is unavailable; try again later.");
        } else {
            LOG.error("Request failed", error);
            body = Problems.internalError();
        }
        exchange.getMessage().removeHeaders("*", "Camel*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, body.get("status"));
        return body;
    }

    /** The domain exception behind Camel's wrappers (bean invocation, expression evaluation). */
    private static Throwable cause(Throwable error) {
        Throwable current = error;
        while (current != null) {
            if (current instanceof ProblemException || current instanceof AuthenticationException
                    || current instanceof StoreUnavailableException) {
                return current;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return error;
    }
}
