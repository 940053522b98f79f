package io.hbi.inventory.selection;

import io.hbi.inventory.host.NotFoundException;

/** Which page of a result: {@code page} is 1-based, {@code perPage} 1..100 (contract §1.5). */
public record PageRequest(int page, int perPage) {

    public static final int DEFAULT_PER_PAGE = 50;
    public static final int MAX_PER_PAGE = 100;

    /** A page past the last one is a 404 (an empty first page is not). */
    public <T> Page<T> requireInRange(Page<T> result) {
        if (result.items().isEmpty() && page != 1) {
            throw new NotFoundException("The requested page does not exist.");
        }
        return result;
    }
}
