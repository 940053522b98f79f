package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The first check of a request body of later HBI's operations: a JSON object whose keys are all known. */
public final class BodyKeys {

    private BodyKeys() {
    }

    /**
     * @throws InvalidInputException when {@code body} is not a JSON object, or names a key not in {@code known}
     *                               ("Additional properties are not allowed ('x' was unexpected)")
     */
    public static void requireKnown(JsonNode body, Collection<String> known) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("Request body must be a JSON object");
        }
        List<String> unexpected = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unexpected.add("'" + name + "'");
            }
        });
        if (!unexpected.isEmpty()) {
            throw new InvalidInputException("Additional properties are not allowed (" + String.join(", ", unexpected)
                    + (unexpected.size() == 1 ? " was" : " were") + " unexpected)");
        }
    }
}
