package io.hbi.inventory.store;

/** The database refused the work because of the data itself; trying the same data again will fail again. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }
}
