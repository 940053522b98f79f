package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code stale_timestamp} input: an ISO-8601 date-time that must carry a zone (contract §3.2).
 * Accepted: {@code YYYY-MM-DD}, optionally {@code T} or space and {@code hh:mm[:ss[.fraction]]}, then {@code Z}
 * or {@code ±hh[:mm]}. Fractions beyond microseconds are truncated (the database keeps microseconds).
 */
final class StaleTimestamp {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})"
                    + "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
                    + "\\s*(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?");

    private StaleTimestamp() {
    }

    static List<FieldError> validate(JsonNode value) {
        if (value.isNull()) {
            return List.of(new FieldError("stale_timestamp", Messages.NULL));
        }
        if (!value.isTextual()) {
            return List.of(new FieldError("stale_timestamp", Messages.NOT_DATETIME));
        }
        Optional<Parsed> parsed = parse(value.textValue());
        if (parsed.isEmpty()) {
            return List.of(new FieldError("stale_timestamp", Messages.NOT_DATETIME));
        }
        if (parsed.get().offset() == null) {
            return List.of(new FieldError("stale_timestamp", Messages.NO_TIMEZONE));
        }
        return List.of();
    }

    /** The timestamp of a value {@link #validate} accepted. */
    static OffsetDateTime read(JsonNode value) {
        Parsed parsed = parse(value.textValue()).orElseThrow();
        return OffsetDateTime.of(parsed.local(), parsed.offset());
    }

    record Parsed(LocalDateTime local, ZoneOffset offset) {
    }

    /** The local date-time and offset (null when none was given), or empty when {@code text} is not a date-time. */
    static Optional<Parsed> parse(String text) {
        Matcher m = ISO.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    number(m.group(4)), number(m.group(5)), number(m.group(6)), nanos(m.group(7)));
            return Optional.of(new Parsed(local, offset(m)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String micros = (fraction + "000000").substring(0, 6);
        return Integer.parseInt(micros) * 1000;
    }

    private static ZoneOffset offset(Matcher m) {
        if (m.group(8) != null) {
            return ZoneOffset.UTC;
        }
        if (m.group(9) == null) {
            return null;
        }
        int sign = m.group(9).equals("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * number(m.group(10)), sign * number(m.group(11)));
    }
}
