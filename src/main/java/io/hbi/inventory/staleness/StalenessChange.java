package io.hbi.inventory.staleness;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.BodyKeys;
import io.hbi.inventory.host.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A body of {@code POST} or {@code PATCH /account/staleness} (hbi-later §L3.2): any of the three conventional seconds;
 * the {@code immutable_*} ones are accepted (integers) and ignored, as later HBI does since edge settings were merged
 * into the conventional ones. Checks, in this order, each a 400: a JSON object of known keys, integer values, each
 * value within its range ("Validation Error: {…}" naming every field out of range), then, merged with the org's current
 * seconds, strictly increasing stale &lt; stale_warning &lt; delete.
 */
public record StalenessChange(OptionalInt staleSeconds, OptionalInt staleWarningSeconds, OptionalInt deleteSeconds) {

    static final String STALE = "conventional_time_to_stale";
    static final String STALE_WARNING = "conventional_time_to_stale_warning";
    static final String DELETE = "conventional_time_to_delete";

    /** The keys of a body, in the order they are checked and reported. */
    public static final List<String> KEYS = List.of(STALE, STALE_WARNING, DELETE, "immutable_time_to_stale",
            "immutable_time_to_stale_warning", "immutable_time_to_delete");

    /** Within this many seconds of every default, a setting is the defaults: no row is kept. */
    static final int NEAR_DEFAULT_SECONDS = 3600;

    private static final Map<String, Integer> MAXIMUM = Map.of(STALE, 604_800, STALE_WARNING, 15_552_000,
            DELETE, 63_072_000, "immutable_time_to_stale", 604_800, "immutable_time_to_stale_warning", 15_552_000,
            "immutable_time_to_delete", 63_072_000);

    /**
     * The change a body asks for.
     *
     * @throws InvalidInputException when the body breaks a rule of its schema or a range
     */
    public static StalenessChange parse(JsonNode body) {
        BodyKeys.requireKnown(body, KEYS);
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            JsonNode value = body.get(key);
            if (value == null) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new InvalidInputException(key + ": " + value + " is not of type 'integer'");
            }
            values.put(key, value.intValue());
        }
        List<String> outOfRange = new ArrayList<>();
        values.forEach((key, value) -> {
            if (value < 1 || value > MAXIMUM.get(key)) {
                outOfRange.add("'" + key + "': ['Must be greater than or equal to 1 and less than or equal to "
                        + MAXIMUM.get(key) + ".']");
            }
        });
        if (!outOfRange.isEmpty()) {
            throw invalid("{" + String.join(", ", outOfRange) + "}");
        }
        return new StalenessChange(optional(values.get(STALE)), optional(values.get(STALE_WARNING)),
                optional(values.get(DELETE)));
    }

    /**
     * The org's seconds after this change: each given value replaces the current one.
     *
     * @throws InvalidInputException when the merged seconds do not increase strictly
     */
    public StalenessSetting applyTo(StalenessSetting current) {
        int stale = staleSeconds.orElse(current.staleSeconds());
        int staleWarning = staleWarningSeconds.orElse(current.staleWarningSeconds());
        int delete = deleteSeconds.orElse(current.deleteSeconds());
        if (stale >= staleWarning) {
            throw invalid(ordering(STALE, STALE_WARNING));
        }
        if (stale >= delete) {
            throw invalid(ordering(STALE, DELETE));
        }
        if (staleWarning >= delete) {
            throw invalid(ordering(STALE_WARNING, DELETE));
        }
        return new StalenessSetting(current.id(), current.orgId(), stale, staleWarning, delete, current.created(),
                current.updated());
    }

    /** Every value within an hour of its default: the org keeps no setting and gets the defaults (§L3.2). */
    public static boolean nearDefaults(StalenessSetting setting) {
        return Math.abs(setting.staleSeconds() - StalenessSetting.DEFAULT_STALE) < NEAR_DEFAULT_SECONDS
                && Math.abs(setting.staleWarningSeconds() - StalenessSetting.DEFAULT_STALE_WARNING) < NEAR_DEFAULT_SECONDS
                && Math.abs(setting.deleteSeconds() - StalenessSetting.DEFAULT_DELETE) < NEAR_DEFAULT_SECONDS;
    }

    private static String ordering(String lower, String higher) {
        return "{'_schema': ['" + lower + " must be lower than " + higher + "']}";
    }

    private static InvalidInputException invalid(String messages) {
        return new InvalidInputException("Validation Error: " + messages);
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
