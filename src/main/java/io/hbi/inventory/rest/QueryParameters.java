package io.hbi.inventory.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of one request, checked against the parameters its operation declares (contract §1.2, §1.4):
 * an undeclared parameter is a 400, and so is every value of the wrong type or out of range; each message names the
 * parameter. Array parameters accept both {@code a=1,2} and {@code a=1&a=2}.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param rawQuery the undecoded query string (may be null)
     * @param declared the parameters of the operation
     */
    public static QueryParameters parse(String rawQuery, Set<String> declared) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        Set<String> extra = new TreeSet<>(values.keySet());
        extra.removeAll(declared);
        extra.removeIf(name -> isDeepObject(name, declared));
        if (!extra.isEmpty()) {
            throw ProblemException.badRequest("Extra query parameter(s) " + String.join(", ", extra) + " not in spec");
        }
        return new QueryParameters(values);
    }

    /**
     * A deepObject parameter ({@code filter[…]}, {@code fields[…]}, hbi-later.md §L2.2, §L2.3) of a root the
     * operation declares.
     */
    private static boolean isDeepObject(String name, Set<String> declared) {
        int bracket = name.indexOf('[');
        return bracket > 0 && declared.contains(name.substring(0, bracket));
    }

    /**
     * The parameters named {@code root} or {@code root[…]}, in query order, each with its decoded values (not
     * split on commas).
     */
    public Map<String, List<String>> deepObject(String root) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        values.forEach((name, raw) -> {
            if (name.equals(root) || name.startsWith(root + "[")) {
                List<String> decoded = new ArrayList<>();
                raw.forEach(value -> decoded.add(withoutNul(name, decode(value))));
                found.put(name, decoded);
            }
        });
        return found;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The decoded value of a single-valued parameter (the first one when repeated). */
    public Optional<String> single(String name) {
        List<String> raw = values.get(name);
        return raw == null ? Optional.empty() : Optional.of(withoutNul(name, decode(raw.get(0))));
    }

    /**
     * The items of an array parameter: occurrences joined with ',' and split on ',', each item decoded afterwards,
     * so a literal comma inside an item must be percent-encoded twice (contract §1.2).
     */
    public List<String> array(String name) {
        List<String> raw = values.get(name);
        if (raw == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String occurrence : raw) {
            for (String item : withoutNul(name, decode(occurrence)).split(",", -1)) {
                items.add(item);
            }
        }
        return items;
    }

    /** An integer parameter within [minimum, maximum] ({@code maximum} null: no upper bound). */
    public int integer(String name, int defaultValue, int minimum, Integer maximum) {
        Optional<String> text = single(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.get().trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + ": '" + text.get() + "' is not of type 'integer'");
        }
        if (value < minimum) {
            throw ProblemException.badRequest(name + ": " + value + " is less than the minimum of " + minimum);
        }
        if (maximum != null && value > maximum) {
            throw ProblemException.badRequest(name + ": " + value + " is greater than the maximum of " + maximum);
        }
        return value;
    }

    /** A single value that must be one of {@code allowed} (case-sensitive). */
    public Optional<String> oneOf(String name, List<String> allowed) {
        Optional<String> value = single(name);
        value.ifPresent(v -> {
            if (!allowed.contains(v)) {
                throw ProblemException.badRequest(name + ": '" + v + "' is not one of " + quoted(allowed));
            }
        });
        return value;
    }

    /** An array whose every item must be one of {@code allowed}. */
    public List<String> arrayOf(String name, List<String> allowed) {
        List<String> items = array(name);
        for (String item : items) {
            if (!allowed.contains(item)) {
                throw ProblemException.badRequest(name + ": '" + item + "' is not one of " + quoted(allowed));
            }
        }
        return items;
    }

    private static String quoted(List<String> allowed) {
        return "[" + String.join(", ", allowed.stream().map(v -> "'" + v + "'").toList()) + "]";
    }

    /** A value with a NUL character (which PostgreSQL cannot compare or store) is a 400. */
    private static String withoutNul(String name, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest(name + ": the value holds a NUL character");
        }
        return value;
    }

    /** Percent-decoding as a query string is decoded ({@code +} is a space). */
    public static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The query string is not correctly percent-encoded: " + text);
        }
    }
}
