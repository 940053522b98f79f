package io.hbi.inventory.selection;

import io.hbi.inventory.host.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * An inclusive range of a host timestamp, from a pair of query parameters such as {@code updated_start} and
 * {@code updated_end} (hbi-later §0.4): {@code start <= t <= end}, either bound optional.
 *
 * <p>Each value is an RFC 3339 date-time (the OpenAPI {@code date-time} format): a date, a time with optional
 * fraction, and an offset ({@code Z} or {@code ±hh:mm}); anything else is a 400 naming the parameter. A {@code +} must
 * be percent-encoded ({@code %2B}) in a query string, where a bare one is a space. A start after the end is a 400
 * "{@code <start> cannot be after <end>.}", as later HBI words it; as in later HBI that check comes first, and then a
 * bound in the year 1970 or earlier is ignored (later HBI's clients send the epoch for "no bound").
 */
public record TimeRange(Optional<Instant> start, Optional<Instant> end) {

    public static final TimeRange ANY = new TimeRange(Optional.empty(), Optional.empty());

    /** RFC 3339's date-time: seconds required, a fraction of 1 to 9 digits optional, the offset Z or ±hh:mm. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * @param startName the start parameter's name, e.g. {@code updated_start}
     * @param start     its value, when given
     * @param endName   the end parameter's name
     * @param end       its value, when given
     */
    public static TimeRange parse(String startName, Optional<String> start, String endName, Optional<String> end) {
        Optional<Instant> from = start.map(text -> dateTime(startName, text));
        Optional<Instant> to = end.map(text -> dateTime(endName, text));
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new InvalidInputException(startName + " cannot be after " + endName + ".");
        }
        return new TimeRange(from.filter(TimeRange::after1970), to.filter(TimeRange::after1970));
    }

    /** One RFC 3339 date-time; a 400 naming the parameter when it is not one. */
    static Instant dateTime(String name, String text) {
        try {
            return OffsetDateTime.parse(text, RFC_3339).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + ": '" + text + "' is not a 'date-time'");
        }
    }

    private static boolean after1970(Instant instant) {
        return instant.isAfter(Instant.parse("1970-12-31T23:59:59.999999999Z"));
    }

    public boolean isAny() {
        return start.isEmpty() && end.isEmpty();
    }
}
