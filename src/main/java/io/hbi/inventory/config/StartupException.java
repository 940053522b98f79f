package io.hbi.inventory.config;

/** The service cannot start; the message is the one line an operator needs to fix it. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
