package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.rest.OpenApiDocument;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The query parameters the OpenAPI document declares for the edit operations are the ones EditOperations accepts. */
class OpenApiEditParametersTest {

    @Test
    void everyEditOperationDeclaresExactlyTheParametersItAccepts() {
        JsonNode document = OpenApiDocument.load().document();
        for (List<String> operation : List.of(List.of("/hosts/{host_id_list}", "patch"),
                List.of("/hosts/{host_id_list}/facts/{namespace}", "patch"),
                List.of("/hosts/{host_id_list}/facts/{namespace}", "put"))) {
            Set<String> names = new TreeSet<>();
            for (JsonNode parameter : document.path("paths").path(operation.get(0)).path(operation.get(1)).path("parameters")) {
                JsonNode p = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
                if (p.path("in").asText().equals("query")) {
                    names.add(p.path("name").asText());
                }
            }
            assertThat(names).as(operation.toString()).isEqualTo(new TreeSet<>(EditOperations.PARAMETERS));
        }
    }
}
