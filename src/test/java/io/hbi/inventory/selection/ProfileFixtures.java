package io.hbi.inventory.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.rest.QueryParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The test fixture schema (later HBI's operating_system and workloads) and query strings as parser input. */
public final class ProfileFixtures {

    private ProfileFixtures() {
    }

    public static JsonNode laterSchema() {
        try (InputStream in = ProfileFixtures.class.getResourceAsStream("/fixtures/system_profile_later.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ProfileFields laterFields() {
        return ProfileFields.of(laterSchema());
    }

    /** The {@code filter} parameters of a query string, as the REST adapter hands them over. */
    public static Map<String, List<String>> filterParameters(String rawQuery) {
        return QueryParameters.parse(rawQuery, Set.of("filter", "fields")).deepObject("filter");
    }

    public static Map<String, List<String>> fieldsParameters(String rawQuery) {
        return QueryParameters.parse(rawQuery, Set.of("filter", "fields")).deepObject("fields");
    }

    /** The filter of a query string under the fixture schema. */
    public static ProfileFilter filter(String rawQuery) {
        return new ProfileFilterParser(laterFields()).parse(filterParameters(rawQuery));
    }
}
