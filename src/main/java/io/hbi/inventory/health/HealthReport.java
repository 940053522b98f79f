package io.hbi.inventory.health;

import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one {@link HealthProbe#check()}: what is down and why (empty when everything is up). */
public record HealthReport(Map<String, String> failures) {

    public boolean isUp() {
        return failures.isEmpty();
    }

    /** The problem body of a 503 answer: which dependency is down and why. */
    public Map<String, Object> problem() {
        StringBuilder detail = new StringBuilder();
        failures.forEach((name, reason) -> detail.append(detail.length() == 0 ? "" : "; ")
                .append(name).append(" unavailable: ").append(reason));
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 503);
        problem.put("title", "Service Unavailable");
        problem.put("detail", detail.toString());
        problem.put("type", "about:blank");
        problem.put("checks", failures);
        return problem;
    }
}
