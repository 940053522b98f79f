package io.hbi.inventory.store;

/**
 * The database could not do the work for a reason that is not the data's fault (connection lost, server shutting
 * down, deadlock, serialization failure, pool exhausted). The same work may succeed when tried again.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
