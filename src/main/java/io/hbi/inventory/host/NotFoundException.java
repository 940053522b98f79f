package io.hbi.inventory.host;

/** Nothing the caller may see matches the request (no such host in the tenant, a page past the last one): 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
