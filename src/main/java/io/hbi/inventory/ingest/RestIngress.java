package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.PayloadStatus;
import io.hbi.inventory.events.PayloadTracker;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.metrics.InventoryMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST door ({@code POST /hosts}, contract §1.7): the hosts of one request through the shared pipeline, with
 * the request's payload-tracker messages. Any problem with one host is that host's outcome and never affects its
 * neighbours.
 */
public final class RestIngress {

    /** The hosts as submitted, what became of each (in the same order), and the payload-tracker messages. */
    public record Batch(List<HostSubmission> submissions, List<HostOutcome> outcomes, List<String> trackerMessages) {
    }

    private final HostIngestion ingestion;
    private final PayloadTracker tracker;
    private final InventoryMetrics metrics;

    public RestIngress(HostIngestion ingestion, PayloadTracker tracker, InventoryMetrics metrics) {
        this.ingestion = ingestion;
        this.tracker = tracker;
        this.metrics = metrics;
    }

    /**
     * @param hosts the hosts of the request (a JSON array the request schema accepted)
     * @throws io.hbi.inventory.store.StoreUnavailableException when the database is unavailable: nothing was stored
     */
    public Batch addHosts(Identity identity, String requestId, JsonNode hosts) {
        String request = requestId == null || requestId.isEmpty() ? HostEvents.NO_REQUEST_ID : requestId;
        PayloadTracker.Messages messages = tracker.start(request, identity.accountNumber())
                .add(PayloadStatus.RECEIVED, null, "add host operation");
        List<HostSubmission> submissions = new ArrayList<>();
        for (JsonNode host : hosts) {
            submissions.add(new HostSubmission(host, Door.REST, identity, request, null));
        }
        List<HostOutcome> outcomes;
        try (InflightBytes.Share share = ingestion.admit(InflightBytes.sizeOf(hosts))) {
            outcomes = ingestion.ingest(submissions);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            metrics.restPost(submissions.get(i).reporterLabel());
            messages.hostWritten(outcomes.get(i).hostId(), outcomes.get(i).detail());
        }
        messages.add(PayloadStatus.SUCCESS, null, null);
        return new Batch(submissions, outcomes, messages.messages());
    }
}
