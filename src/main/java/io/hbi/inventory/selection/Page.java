package io.hbi.inventory.selection;

import java.util.List;

/** One page of results and the number of all matches. */
public record Page<T>(long total, List<T> items) {
}
