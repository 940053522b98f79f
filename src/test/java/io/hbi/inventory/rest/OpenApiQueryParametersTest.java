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
        return documented(path, "get");
    }

    static Set<String> documented(String path, String method) {
        JsonNode document = OpenApiDocument.load().document();
        Set<String> names = new TreeSet<>();
        for (JsonNode parameter : document.path("paths").path(path).path(method).path("parameters")) {
            JsonNode p = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
            if (p.path("in").asText().equals("query")) {
                names.add(p.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void everyReadOperationDeclaresExactlyTheParametersItAccepts() {
        Map<String, Set<String>> accepted = Map.ofEntries(
                Map.entry("/hosts", ReadOperations.LIST_PARAMETERS),
                Map.entry("/hosts/{host_id_list}", ReadOperations.BY_ID_PARAMETERS),
                Map.entry("/hosts/{host_id_list}/system_profile", ReadOperations.BY_ID_PARAMETERS),
                Map.entry("/hosts/{host_id_list}/tags", ReadOperations.HOST_TAGS_PARAMETERS),
                Map.entry("/hosts/{host_id_list}/tags/count", ReadOperations.HOST_TAG_COUNT_PARAMETERS),
                Map.entry("/tags", ReadOperations.TAGS_PARAMETERS),
                Map.entry("/system_profile/operating_system", FacetOperations.FACET_PARAMETERS),
                Map.entry("/system_profile/sap_system", FacetOperations.FACET_PARAMETERS),
                Map.entry("/system_profile/sap_sids", FacetOperations.SAP_SIDS_PARAMETERS),
                Map.entry("/groups", GroupOperations.LIST_PARAMETERS),
                Map.entry("/groups/{group_id_list}", GroupOperations.BY_ID_PARAMETERS),
                Map.entry("/groups/{group_id}/hosts", GroupOperations.HOSTS_PARAMETERS));
        accepted.forEach((path, names) -> assertThat(documented(path)).as(path).isEqualTo(new TreeSet<>(names)));
    }

    @Test
    void theGroupWriteOperationsDeclareNoQueryParameter() {
        for (String[] operation : new String[][] {{"/groups", "post"}, {"/groups/{group_id_list}", "patch"},
                {"/groups/{group_id_list}", "delete"}, {"/groups/{group_id}/hosts", "post"},
                {"/groups/{group_id}/hosts/{host_id_list}", "delete"}, {"/groups/hosts/{host_id_list}", "delete"}}) {
            assertThat(documented(operation[0], operation[1])).as(operation[1] + " " + operation[0])
                    .isEqualTo(GroupOperations.WRITE_PARAMETERS);
        }
    }

    @Test
    void theGroupListsOrderingAndTypesAreTheDocumentedOnes() {
        JsonNode parameters = OpenApiDocument.load().document().at("/components/parameters");
        Set<String> columns = new TreeSet<>();
        parameters.at("/groups_order_by/schema/enum").forEach(value -> columns.add(value.asText()));
        assertThat(columns).isEqualTo(new TreeSet<>(io.hbi.inventory.selection.GroupOrdering.COLUMNS));
        Set<String> types = new TreeSet<>();
        parameters.at("/group_type/schema/enum").forEach(value -> types.add(value.asText()));
        assertThat(types).isEqualTo(new TreeSet<>(GroupOperations.GROUP_TYPES));
        Set<String> hostColumns = new TreeSet<>();
        parameters.at("/order_by/schema/enum").forEach(value -> hostColumns.add(value.asText()));
        assertThat(hostColumns).isEqualTo(new TreeSet<>(io.hbi.inventory.selection.Ordering.COLUMNS));
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
