package io.hbi.inventory.host;

/**
 * One validation failure.
 *
 * @param field   dotted/indexed path of the offending input, e.g. {@code account},
 *                {@code system_profile.network_interfaces[0].mtu}, {@code facts[1].namespace}, {@code tags}
 * @param message the marshmallow-style message, e.g. {@code Length must be between 1 and 10.}
 */
public record FieldError(String field, String message) {
}
