package io.hbi.inventory.host;

/**
 * What a caller asked for is wrong: a parameter, an id or a body that breaks the contract's rules. The REST adapter
 * answers it 400 with {@code title} and the message as the problem's title and detail.
 */
public class InvalidInputException extends RuntimeException {

    public static final String BAD_REQUEST = "Bad Request";

    private final String title;

    public InvalidInputException(String detail) {
        this(BAD_REQUEST, detail);
    }

    public InvalidInputException(String title, String detail) {
        super(detail);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
