package io.hbi.inventory.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.rest.Problems;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The answers the HTTP server gives on its own (a path no route serves, a method a path does not take, a body
 * over the limit) become problem bodies like every other error (decisions.md 6): a last-resort route answers 404
 * or 405 (with {@code Allow}), and a failure handler answers the body limit's 413.
 */
public final class HttpErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrorBodies() {
    }

    public static void install(Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 413) {
                answer(context, 413, "Request Entity Too Large",
                        "The request body is larger than INVENTORY_MAX_BODY_SIZE allows.");
            } else {
                context.next();
            }
        });
        router.route().last().handler(context -> {
            Set<String> allowed = allowedMethods(router, context.request().path());
            if (allowed.isEmpty()) {
                answer(context, 404, "Not Found", "The requested URL was not found on the server.");
            } else {
                context.response().putHeader("Allow", String.join(", ", allowed));
                answer(context, 405, "Method Not Allowed", "The method is not allowed for the requested URL.");
            }
        });
    }

    /** The methods of the routes whose path template matches {@code path}. */
    static Set<String> allowedMethods(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template == null || route.methods() == null || !matches(template, path)) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                methods.add(method.name());
            }
        }
        return methods;
    }

    static boolean matches(String template, String path) {
        String regex = Pattern.quote(template).replaceAll(":([A-Za-z0-9_]+)", "\\\\E[^/]+\\\\Q");
        return Pattern.matches(regex, path) || Pattern.matches(regex, path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/");
    }

    private static void answer(RoutingContext context, int status, String title, String detail) {
        if (context.response().ended()) {
            return;
        }
        try {
            context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                    .end(JSON.writeValueAsString(Problems.body(status, title, detail)));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(status).end();
        }
    }
}
