package io.hbi.inventory.rest;

import io.hbi.inventory.health.HealthReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The answers of the management endpoints that are more than their data (contract §1.9). */
public final class ManagementAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementAnswers.class);

    /** 200 with an empty body when every dependency is up; 503 with which is down and why otherwise (logged). */
    public ApiResponse health(HealthReport report) {
        if (report.isUp()) {
            return new ApiResponse(200, null);
        }
        LOG.warn("Health check failed: {}", report);
        return new ApiResponse(503, report.problem());
    }
}
