package io.hbi.inventory.selection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of a system profile facet (hbi-later.md §L2.5): a value (an OS {@code {name, major, minor}}, a boolean, a
 * SID) and how many of the selected hosts have it.
 */
public record FacetCount(JsonNode value, long count) {
}
