package io.hbi.inventory.events;

import java.util.Locale;

/** Payload-tracker statuses (contract §7). */
public enum PayloadStatus {
    RECEIVED, PROCESSING, PROCESSING_SUCCESS, PROCESSING_ERROR, SUCCESS, ERROR;

    /** The value of the message's {@code status}, e.g. {@code processing_success}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
