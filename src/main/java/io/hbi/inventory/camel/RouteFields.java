package io.hbi.inventory.camel;

import io.hbi.inventory.edit.HostEdits;
import io.hbi.inventory.health.HealthReport;
import io.hbi.inventory.http.ApiResponse;
import io.hbi.inventory.ingest.KafkaIngress;
import io.hbi.inventory.ingest.RestIngress;
import io.hbi.inventory.ingest.TrackerMessages;
import java.util.Collection;
import java.util.List;

/**
 * The fields of domain results that routes read, as methods of one shared bean ({@code routeFields}).
 *
 * <p>Routes call these instead of Simple's OGNL ({@code ${body.trackerMessages}}): OGNL invokes the method on the
 * result object as a bean, and Camel's bean component looks up the introspection of a bean by a key that holds the
 * bean <em>instance</em>, so every call hashed the whole result: a page of 50 hosts, or the tracker messages of a
 * Kafka batch of 500 (measured: a visible share of the ingestion profile).
 */
public final class RouteFields {

    public int status(ApiResponse response) {
        return response.status();
    }

    /** The body of an API response (null: none). */
    public Object body(ApiResponse response) {
        return response.body();
    }

    /** The 207 body of POST /hosts. */
    public Object multiStatus(RestIngress.Response response) {
        return response.body();
    }

    public ApiResponse response(HostEdits.Tracked tracked) {
        return tracked.response();
    }

    /** The payload-tracker messages of a REST batch, an edit or a Kafka batch. */
    public List<String> trackerMessages(TrackerMessages result) {
        return result.trackerMessages();
    }

    public boolean hasDeadLetters(KafkaIngress.BatchResult batch) {
        return !batch.deadLetters().isEmpty();
    }

    public boolean notEmpty(Collection<?> items) {
        return items != null && !items.isEmpty();
    }

    public boolean up(HealthReport report) {
        return report.isUp();
    }

    public Object problem(HealthReport report) {
        return report.problem();
    }
}
