package io.hbi.inventory.ingest;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.staleness.HostStaleness;

/** What happened to one submitted host. */
public sealed interface HostOutcome {

    /** Why the host was not stored (null when it was). */
    String detail();

    /** The id of the stored host (null when it was not stored). */
    default java.util.UUID hostId() {
        return null;
    }

    /**
     * Stored: created ({@code created=true}) or updated; {@code host} is the row as committed, {@code staleness} the
     * rules of its org its transaction read (what its timestamps are shown by).
     */
    record Stored(Host host, boolean created, HostStaleness staleness) implements HostOutcome {
        @Override
        public String detail() {
            return null;
        }

        @Override
        public java.util.UUID hostId() {
            return host.id();
        }
    }

    /**
     * Refused for what it is: a validation or domain error (2020 title "Bad Request" / "Invalid request").
     */
    record Rejected(String title, String detail) implements HostOutcome {
    }

    /** The database refused it for an unexpected reason (2020: status 500 "Could not complete operation"). */
    record Failed(String detail) implements HostOutcome {
    }
}
