package io.hbi.inventory.host;

import java.util.Optional;

/**
 * A marshmallow {@code validate.Length}: bounds on a length counted in code points (Python {@code len}).
 * Either bound may be null.
 */
record Length(Integer min, Integer max) {

    static Length between(int min, int max) {
        return new Length(min, max);
    }

    static Length atMost(int max) {
        return new Length(null, max);
    }

    static Length atLeast(int min) {
        return new Length(min, null);
    }

    Optional<String> check(String text) {
        return check(text.codePointCount(0, text.length()));
    }

    Optional<String> check(int length) {
        boolean tooShort = min != null && length < min;
        boolean tooLong = max != null && length > max;
        return tooShort || tooLong ? Optional.of(message()) : Optional.empty();
    }

    String message() {
        if (min != null && max != null) {
            return "Length must be between " + min + " and " + max + ".";
        }
        if (max != null) {
            return "Longer than maximum length " + max + ".";
        }
        return "Shorter than minimum length " + min + ".";
    }
}
