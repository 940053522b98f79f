package io.hbi.inventory.ingest;

import java.util.List;

/** A result that carries payload-tracker messages for the route to send (REST batch, edit, Kafka batch). */
public interface TrackerMessages {

    /** The payload-tracker messages, JSON, in the order to send them. */
    List<String> trackerMessages();
}
