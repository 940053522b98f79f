package io.hbi.inventory.events;

import java.util.Locale;

/** The {@code type} of a host event and the value of its {@code event_type} header. */
public enum HostEventType {
    CREATED, UPDATED, DELETE;

    /** {@code created}, {@code updated} or {@code delete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
