package io.hbi.inventory.rest;

import io.hbi.inventory.selection.HostFilter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The query parameters the OpenAPI document declares for each read operation are the ones ReadOperations accepts. */
class OpenApiQueryParametersTest {

    static Set<String> documented(String path) {
        JsonNode document = OpenApiDocument.load().document();
        Set<String> names = new TreeSet<>();
        for (JsonNode parameter : document.path("paths").path(path).path("get").path("parameters")) {
            JsonNode p = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
            if (p.path("in").asText().equals("query")) {
                names.add(p.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void everyReadOperationDeclaresExactlyTheParametersItAccepts() {
        Map<String, Set<String>> accepted = Map.of(
                "/hosts", ReadOperations.LIST_PARAMETERS,
                "/hosts/{host_id_list}", ReadOperations.BY_ID_PARAMETERS,
                "/hosts/{host_id_list}/system_profile", ReadOperations.BY_ID_PARAMETERS,
                "/hosts/{host_id_list}/tags", ReadOperations.HOST_TAGS_PARAMETERS,
                "/hosts/{host_id_list}/tags/count", ReadOperations.HOST_TAG_COUNT_PARAMETERS,
                "/tags", ReadOperations.TAGS_PARAMETERS,
                "/system_profile/operating_system", FacetOperations.FACET_PARAMETERS,
                "/system_profile/sap_system", FacetOperations.FACET_PARAMETERS,
                "/system_profile/sap_sids", FacetOperations.SAP_SIDS_PARAMETERS);
        accepted.forEach((path, names) -> assertThat(documented(path)).as(path).isEqualTo(new TreeSet<>(names)));
    }

    @Test
    void pagingDefaultsAndStalenessDefaultAreTheDocumentedOnes() {
        JsonNode parameters = OpenApiDocument.load().document().at("/components/parameters");
        JsonNode staleness = parameters.at("/staleness/schema");
        Set<String> states = new TreeSet<>();
        staleness.get("default").forEach(state -> states.add(state.asText()));
        Set<String> expected = new TreeSet<>();
        HostFilter.DEFAULT_STALENESS.forEach(state -> expected.add(state.name().toLowerCase(java.util.Locale.ROOT)));
        assertThat(states).isEqualTo(expected);
        Set<String> values = new TreeSet<>();
        staleness.at("/items/enum").forEach(state -> values.add(state.asText()));
        assertThat(values).isEqualTo(new TreeSet<>(HostRequests.STALENESS_VALUES));
    }
}
