package io.hbi.inventory.selection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fields[system_profile]} of a request (hbi-later.md §L2.3): which top-level system profile fields a host
 * is shown with. {@link #NONE}: the parameter is absent (the 2020 output); {@link #ALL}: every field (what
 * GET /hosts/{ids}/system_profile shows without it); otherwise the requested names, each a top-level field of the
 * schema, in the order first asked.
 */
public record SparseFields(boolean requested, boolean all, List<String> names) {

    public static final String ROOT = "fields";
    public static final SparseFields NONE = new SparseFields(false, false, List.of());
    public static final SparseFields ALL = new SparseFields(true, true, List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public SparseFields {
        names = List.copyOf(names);
    }

    /**
     * @param parameters the decoded parameters named {@code fields} or {@code fields[…]} with their decoded values:
     *                   {@code fields[system_profile]=a,b} or {@code =["a","b"]}, repeated ones merged
     */
    public static SparseFields parse(Map<String, List<String>> parameters, ProfileFields fields) {
        if (parameters.isEmpty()) {
            return NONE;
        }
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach((name, values) -> {
            if (!name.equals("fields[system_profile]") && !name.equals("fields[system_profile][]")) {
                throw new InvalidInputException("Invalid fields key '" + name
                        + "': only fields[system_profile] is accepted.");
            }
            for (String value : values) {
                for (String field : names(value)) {
                    if (fields.top(field).isEmpty()) {
                        throw new InvalidInputException("Requested field '" + field
                                + "' is not present in the system_profile schema.");
                    }
                    names.add(field);
                }
            }
        });
        return new SparseFields(true, false, new ArrayList<>(names));
    }

    private static List<String> names(String value) {
        String text = value.strip();
        List<String> names = new ArrayList<>();
        if (text.startsWith("[") && text.endsWith("]")) {
            try {
                JsonNode list = JSON.readTree(text);
                if (list.isArray()) {
                    list.forEach(item -> addName(names, item.asText()));
                    return names;
                }
            } catch (JsonProcessingException e) {
                // not a JSON list: a comma list
            }
        }
        for (String name : text.split(",")) {
            addName(names, name);
        }
        return names;
    }

    private static void addName(List<String> names, String name) {
        if (!name.strip().isEmpty()) {
            names.add(name.strip());
        }
    }

    /** The profile as shown: the requested (or every) top-level field that is present and not null. */
    public ObjectNode shown(ObjectNode profile) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        if (profile == null) {
            return shown;
        }
        if (all) {
            profile.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    shown.set(field.getKey(), field.getValue());
                }
            });
            return shown;
        }
        for (String name : names) {
            JsonNode value = profile.get(name);
            if (value != null && !value.isNull()) {
                shown.set(name, value);
            }
        }
        return shown;
    }
}
