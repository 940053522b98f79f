package io.hbi.inventory.camel;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.host.NotFoundException;
import io.hbi.inventory.identity.AuthenticationException;
import io.hbi.inventory.rest.ApiResponse;
import io.hbi.inventory.rest.ProblemException;
import io.hbi.inventory.rest.Problems;
import io.hbi.inventory.store.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapper from what a REST route failed with to its answer (decisions.md 6): the REST adapter's own
 * problems, the domain's errors (invalid input 400, not found 404), identity failures 401, an unavailable database
 * 503, anything else 500 (logged).
 */
public final class ProblemResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    public ApiResponse render(Exchange exchange) {
        Throwable error = cause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (error instanceof ProblemException problem) {
            return new ApiResponse(problem.status(), problem.body());
        }
        if (error instanceof InvalidInputException invalid) {
            return ApiResponse.problem(400, invalid.title(), invalid.getMessage());
        }
        if (error instanceof NotFoundException notFound) {
            return ApiResponse.problem(404, "Not Found", notFound.getMessage());
        }
        if (error instanceof AuthenticationException authentication) {
            return new ApiResponse(401, Problems.unauthorized(authentication.getMessage()));
        }
        if (error instanceof StoreUnavailableException unavailable) {
            LOG.warn("Request refused, database unavailable: {}", unavailable.getMessage());
            return new ApiResponse(503, Problems.unavailable("The database is unavailable; try again later."));
        }
        LOG.error("Request failed", error);
        return new ApiResponse(500, Problems.internalError());
    }

    /** The exception behind Camel's wrappers (bean invocation, expression evaluation). */
    private static Throwable cause(Throwable error) {
        Throwable current = error;
        while (current != null) {
            if (current instanceof ProblemException || current instanceof InvalidInputException
                    || current instanceof NotFoundException || current instanceof AuthenticationException
                    || current instanceof StoreUnavailableException) {
                return current;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return error;
    }
}
