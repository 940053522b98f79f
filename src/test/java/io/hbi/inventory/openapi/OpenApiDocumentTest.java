package io.hbi.inventory.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.SystemProfileSchema;
import io.hbi.inventory.rest.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document itself (openapi/openapi.json, as served): well-formed, self-contained, consistent. */
class OpenApiDocumentTest {

    static final JsonNode RAW = raw();
    static final OpenApi API = new OpenApi(OpenApiDocument.load().document());

    static JsonNode raw() {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertThat(in).as(OpenApiDocument.RESOURCE + " on the classpath").isNotNull();
            return OpenApi.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls {@code visit(pointer, node)} for every object member named {@code $ref} in {@code node}. */
    static void refs(JsonNode node, String pointer, BiConsumer<String, String> visit) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    visit.accept(pointer, field.getValue().textValue());
                } else {
                    refs(field.getValue(), child, visit);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refs(node.get(i), pointer + "/" + i, visit);
            }
        }
    }

    @Test
    void theFileIsAnOpenApi31DocumentWithoutServers() {
        assertThat(RAW.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(RAW.path("info").path("title").asText()).isNotBlank();
        assertThat(RAW.path("info").path("version").asText()).isNotBlank();
        assertThat(RAW.has("servers")).as("paths are relative to the mount prefix").isFalse();
        assertThat(API.document().path("openapi").asText()).isEqualTo(RAW.path("openapi").asText());
    }

    @Test
    void theFileRefersOnlyToItselfAndToSchemaFilesOnTheClasspath() {
        List<String> external = new ArrayList<>();
        refs(RAW, "", (at, ref) -> {
            if (!ref.startsWith("#")) {
                external.add(ref);
            }
        });
        assertThat(external).containsExactly("../schemas/system_profile.json");
    }

    @Test
    void everyReferenceOfTheServedDocumentIsLocalAndResolves() {
        List<String> broken = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        refs(API.document(), "", (at, ref) -> {
            seen.add(ref);
            if (API.resolve(ref) == null) {
                broken.add(at + " → " + ref);
            }
        });
        assertThat(seen).hasSizeGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    @Test
    void theSystemProfileIsTheSchemaTheServiceValidatesWith() {
        ObjectNode validated = SystemProfileSchema.load().schemaNode().deepCopy();
        validated.remove(List.of("$schema", "$id"));
        JsonNode documented = API.document().at("/components/schemas/SystemProfile");
        assertThat(documented.toString()).as("the embedded schema, its references rebased")
                .isEqualTo(validated.toString().replace("\"#/$defs/", "\"#/components/schemas/SystemProfile/$defs/"));
        assertThat(documented.at("/$defs/noEmptyKeys/additionalProperties/$ref").asText())
                .isEqualTo("#/components/schemas/SystemProfile/$defs/noEmptyKeys");
        assertThat(documented.has("$id")).isFalse();
        JsonNode profile = OpenApi.parse("{\"arch\": \"x86_64\", \"disk_devices\": [{\"options\": {\"\": 1}}]}");
        assertThat(API.validate(documented, profile)).as("empty key inside a free-form object").isNotEmpty();
        assertThat(API.validate(documented, OpenApi.parse("{\"arch\": \"x86_64\", \"number_of_cpus\": 2}"))).isEmpty();
        assertThat(API.validate(documented, OpenApi.parse("{\"number_of_cpus\": \"two\"}"))).isNotEmpty();
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        List<String> ids = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        API.document().path("paths").properties().forEach(path -> OpenApi.METHODS.forEach(method -> {
            JsonNode operation = path.getValue().get(method);
            if (operation != null) {
                if (operation.hasNonNull("operationId")) {
                    ids.add(operation.get("operationId").asText());
                } else {
                    missing.add(method + " " + path.getKey());
                }
            }
        }));
        assertThat(missing).isEmpty();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).containsExactlyInAnyOrder("get-host-list", "add-host-list", "get-host-by-id", "delete-by-id",
                "patch-by-id", "get-host-system-profile-by-id", "get-host-tag-by-id", "get-host-tag-count",
                "merge-facts", "replace-facts", "get-tags", "get-operating-system", "get-sap-system", "get-sap-sids",
                "get-group-list", "create-group", "get-groups-by-id", "patch-group-by-id", "delete-groups",
                "get-host-list-by-group", "add-host-list-to-group", "delete-hosts-from-group",
                "delete-hosts-from-different-groups", "host-checkin", "get-staleness", "get-default-staleness",
                "create-staleness", "update-staleness", "delete-staleness");
    }

    @Test
    void everyPathTemplateVariableIsARequiredPathParameterAndParametersAreUnique() {
        Pattern variable = Pattern.compile("\\{([^}]+)}");
        API.operations().values().forEach(operation -> {
            Set<String> variables = new TreeSet<>();
            Matcher m = variable.matcher(operation.path());
            while (m.find()) {
                variables.add(m.group(1));
            }
            Set<String> pathParameters = new TreeSet<>();
            Set<String> keys = new HashSet<>();
            for (JsonNode parameter : API.parameters(operation)) {
                String in = parameter.path("in").asText();
                assertThat(in).as(operation.id()).isIn("path", "query", "header", "cookie");
                assertThat(keys.add(in + ":" + parameter.path("name").asText()))
                        .as("%s declares %s twice", operation.id(), parameter.path("name")).isTrue();
                assertThat(parameter.has("schema")).as("%s %s has a schema", operation.id(), parameter.path("name")).isTrue();
                if (in.equals("path")) {
                    assertThat(parameter.path("required").asBoolean()).isTrue();
                    pathParameters.add(parameter.path("name").asText());
                }
            }
            assertThat(pathParameters).as(operation.id()).isEqualTo(variables);
        });
    }

    @Test
    void everySchemaIsAValidJsonSchema202012() {
        Map<String, JsonNode> schemas = new java.util.LinkedHashMap<>();
        API.document().at("/components/schemas").properties().forEach(e -> schemas.put("schema " + e.getKey(), e.getValue()));
        API.document().at("/components/parameters").properties()
                .forEach(e -> schemas.put("parameter " + e.getKey(), e.getValue().get("schema")));
        API.operations().values().forEach(operation -> {
            operation.node().at("/requestBody/content").properties()
                    .forEach(e -> schemas.put(operation.id() + " request " + e.getKey(), e.getValue().get("schema")));
            operation.node().path("responses").properties().forEach(response -> API.deref(response.getValue())
                    .path("content").properties().forEach(media -> schemas.put(operation.id() + " " + response.getKey()
                            + " " + media.getKey(), media.getValue().get("schema"))));
        });
        assertThat(schemas).hasSizeGreaterThan(40);
        schemas.forEach((name, schema) -> {
            assertThat(schema).as(name).isNotNull();
            assertThat(OpenApi.metaValidate(schema)).as(name).isEmpty();
        });
    }

    @Test
    void everyOperationIsSecuredByTheIdentityHeaderAndOnlyPostAlsoByBearer() {
        JsonNode schemes = API.document().at("/components/securitySchemes");
        assertThat(schemes.at("/ApiKeyAuth/type").asText()).isEqualTo("apiKey");
        assertThat(schemes.at("/ApiKeyAuth/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/ApiKeyAuth/name").asText()).isEqualTo("x-rh-identity");
        assertThat(schemes.at("/BearerAuth/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/BearerAuth/scheme").asText()).isEqualTo("bearer");
        JsonNode identityOnly = OpenApi.parse("[{\"ApiKeyAuth\": []}]");
        JsonNode identityOrBearer = OpenApi.parse("[{\"ApiKeyAuth\": []}, {\"BearerAuth\": []}]");
        API.operations().forEach((id, operation) -> assertThat(operation.node().get("security")).as(id)
                .isEqualTo(id.equals("add-host-list") || id.endsWith("staleness") ? identityOrBearer : identityOnly));
    }

    @Test
    void everyErrorResponseIsAProblemAndEveryOperationDocumentsTheCommonOnes() {
        API.operations().forEach((id, operation) -> {
            JsonNode responses = operation.node().path("responses");
            List<String> statuses = new ArrayList<>();
            responses.fieldNames().forEachRemaining(statuses::add);
            assertThat(statuses).as(id).contains("400", "401", "500", "503");
            statuses.stream().filter(status -> status.startsWith("4") || status.startsWith("5")).forEach(status -> {
                JsonNode content = API.deref(responses.get(status)).path("content");
                List<String> types = new ArrayList<>();
                content.fieldNames().forEachRemaining(types::add);
                assertThat(types).as(id + " " + status).containsExactly("application/problem+json");
                assertThat(content.at("/application~1problem+json/schema/$ref").asText())
                        .isEqualTo("#/components/schemas/Problem");
            });
        });
    }

    @Test
    void theHostObjectHasExactlyTheTwentyKeysOf2020PlusOrgIdAfterAccountAndLaterHbisProviderCheckInAndGroups() {
        JsonNode host = API.document().at("/components/schemas/HostOut");
        List<String> required = new ArrayList<>();
        host.get("required").forEach(key -> required.add(key.asText()));
        List<String> properties = new ArrayList<>();
        host.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(required).containsExactly("id", "account", "org_id", "display_name", "ansible_host", "insights_id",
                "rhel_machine_id", "subscription_manager_id", "satellite_id", "bios_uuid", "ip_addresses", "fqdn",
                "mac_addresses", "external_id", "provider_id", "provider_type", "facts", "reporter", "stale_timestamp",
                "stale_warning_timestamp", "culled_timestamp", "created", "updated", "last_check_in",
                "per_reporter_staleness", "groups");
        List<String> always = new ArrayList<>(properties);
        always.remove("system_profile");
        assertThat(always).as("system_profile is the only optional key, shown with fields[system_profile]")
                .containsExactlyElementsOf(required);
        assertThat(properties).contains("system_profile");
        assertThat(host.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(host.at("/properties/org_id")).isEqualTo(OpenApi.parse("{\"type\": [\"string\", \"null\"],"
                + " \"maxLength\": 36, \"description\": " + host.at("/properties/org_id/description") + "}"));
        assertThat(host.at("/properties/account/type")).as("a today's host may have no account")
                .isEqualTo(OpenApi.parse("[\"string\", \"null\"]"));
    }

    @Test
    void theServedBytesAreTheDocument() throws IOException {
        OpenApiDocument served = OpenApiDocument.load();
        assertThat(new ObjectMapper().readTree(served.json())).isEqualTo(served.document());
    }
}
