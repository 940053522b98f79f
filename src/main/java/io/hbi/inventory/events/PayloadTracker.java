package io.hbi.inventory.events;

import io.hbi.inventory.metrics.InventoryMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the payload-tracker messages of contract §7 for one request. Enabled only when
 * {@code PAYLOAD_TRACKER_ENABLED} and a real request id (not {@code "-1"}); otherwise every method records nothing.
 * A message that cannot be built is counted and left out: tracking never fails a request.
 */
public final class PayloadTracker {

    private final boolean enabled;
    private final String service;
    private final HostEvents events;
    private final InventoryMetrics metrics;

    public PayloadTracker(boolean enabled, String service, HostEvents events, InventoryMetrics metrics) {
        this.enabled = enabled;
        this.service = service;
        this.events = events;
        this.metrics = metrics;
    }

    /** The messages of one request, in the order they are to be sent. */
    public Messages start(String requestId, String account) {
        return new Messages(enabled && requestId != null && !requestId.equals(HostEvents.NO_REQUEST_ID),
                requestId, account);
    }

    /** The messages of one request, collected while it is handled. */
    public final class Messages {
        private final boolean active;
        private final String requestId;
        private final String account;
        private final List<String> messages = new ArrayList<>();

        private Messages(boolean active, String requestId, String account) {
            this.active = active;
            this.requestId = requestId;
            this.account = account;
        }

        public Messages add(PayloadStatus status, String inventoryId, String statusMessage) {
            if (active) {
                try {
                    messages.add(events.payloadTrackerMessage(service, requestId, status, account, inventoryId,
                            statusMessage).toString());
                } catch (RuntimeException e) {
                    metrics.trackerConstructionFailed();
                }
            }
            return this;
        }

        /**
         * processing, then processing_success with the host id, or processing_error with {@code error} when
         * {@code hostId} is null: the messages of one host added or updated.
         */
        public Messages hostWritten(java.util.UUID hostId, String error) {
            add(PayloadStatus.PROCESSING, null, "adding/updating host");
            if (hostId != null) {
                add(PayloadStatus.PROCESSING_SUCCESS, hostId.toString(), null);
            } else {
                add(PayloadStatus.PROCESSING_ERROR, null, error);
            }
            return this;
        }

        public List<String> messages() {
            return List.copyOf(messages);
        }
    }
}
