package io.hbi.inventory.host;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The uuid checker of contract §3.3 (Python {@code uuid.UUID(value)} semantics) and the canonical spelling of
 * decision 2. Used for uuid-typed canonical facts, path ids and the {@code insights_id} filter.
 */
public final class UuidFormat {

    private static final Pattern HEX_32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern TEN_DIGITS = Pattern.compile("[0-9]{10}");

    private UuidFormat() {
    }

    /**
     * Parses like Python's {@code uuid.UUID(value)}: every {@code urn:} and {@code uuid:} removed, braces stripped
     * from both ends, all hyphens removed, then exactly 32 hex digits (any case) must remain.
     */
    public static Optional<UUID> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String hex = stripBraces(value.replace("urn:", "").replace("uuid:", "")).replace("-", "");
        if (!HEX_32.matcher(hex).matches()) {
            return Optional.empty();
        }
        String h = hex.toLowerCase(Locale.ROOT);
        return Optional.of(UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16)
                + "-" + h.substring(16, 20) + "-" + h.substring(20)));
    }

    public static boolean isValid(String value) {
        return parse(value).isPresent();
    }

    /** The stored spelling of a valid uuid: lowercase and hyphenated. Throws when {@code value} is not one. */
    public static String normalise(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not a uuid: " + value)).toString();
    }

    /** {@code satellite_id}: a uuid, or exactly ten digits (older Satellite versions). */
    public static boolean isSatelliteId(String value) {
        return isValid(value) || (value != null && TEN_DIGITS.matcher(value).matches());
    }

    /** A uuid-shaped satellite id is normalised like any uuid; a ten-digit id is kept as given. */
    public static String normaliseSatelliteId(String value) {
        return parse(value).map(UUID::toString).orElse(value);
    }

    private static String stripBraces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBrace(s.charAt(start))) {
            start++;
        }
        while (end > start && isBrace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isBrace(char c) {
        return c == '{' || c == '}';
    }
}
