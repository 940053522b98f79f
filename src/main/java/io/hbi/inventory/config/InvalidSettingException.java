package io.hbi.inventory.config;

/** A setting that stops the service from starting; the message is one line that names the variable. */
public class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
