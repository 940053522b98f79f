package io.hbi.inventory.selection;

/** One row of GET /tags: a tag (namespace and value may be null) and how many hosts carry it. */
public record TagCount(String namespace, String key, String value, long count) {
}
