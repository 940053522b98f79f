package io.hbi.inventory.identity;

/** The request carries no usable credentials: answered 401 with this message as the detail. */
public class AuthenticationException extends RuntimeException {
    public AuthenticationException(String message) {
        super(message);
    }
}
