package io.hbi.inventory.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hbi.inventory.rest.OpenApiDocument;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET {prefix}/openapi.json} against the running service: served without identity under both prefixes, every
 * REST DSL operation documented, responses conforming to the documented schemas, and the documented query parameters
 * exactly those the service accepts.
 */
class OpenApiDocumentIT {

    static final String ACCOUNT = "0000031";
    static final String OTHER_ACCOUNT = "0000032";
    static final String LEGACY = "/r/insights/platform/inventory/api/v1";
    static final String SECRET = "openapi-secret";
    static final String FUTURE = "2099-01-01T00:00:00+00:00";
    static final String EXTRA = "Extra query parameter";
    /** Operations the document describes before the REST DSL has them (being built elsewhere). */
    static final Set<String> NOT_YET_ROUTED = Set.of("delete-by-id");

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_LEGACY_API_URL", LEGACY,
            "INVENTORY_SHARED_SECRET", SECRET));

    static OpenApi api;
    static String tagged;
    static String plain;
    static String stale;
    static String staleWarning;
    static String unknown;
    /** A group of the caller holding {@link #tagged} and {@link #plain}. */
    static String group;

    @BeforeAll
    static void documentAndHosts() {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + "/openapi.json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        api = new OpenApi(RunningService.json(response));
        tagged = createHost("tagged.openapi.example.com");
        plain = createHost("plain.openapi.example.com");
        service.execute("UPDATE hosts SET tags = ?::jsonb WHERE id = ?",
                "{\"insights-client\": {\"env\": [\"prod\"], \"flag\": []}, \"null\": {\"plain\": [\"x\"]}}",
                UUID.fromString(tagged));
        // a host in every other staleness state, so that the staleness filter and its default make a difference
        stale = createHost("stale.openapi.example.com");
        staleWarning = createHost("stale-warning.openapi.example.com");
        unknown = createHost("unknown.openapi.example.com");
        service.execute("UPDATE hosts SET stale_timestamp = now() - interval '1 day' WHERE id = ?", UUID.fromString(stale));
        service.execute("UPDATE hosts SET stale_timestamp = now() - interval '10 days' WHERE id = ?",
                UUID.fromString(staleWarning));
        service.execute("UPDATE hosts SET stale_timestamp = NULL WHERE id = ?", UUID.fromString(unknown));
        HttpResponse<String> created = call("post", "/groups", "{\"name\": \"openapi-group\", \"host_ids\": [\""
                + tagged + "\", \"" + plain + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        group = RunningService.json(created).path("id").asText();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static String hostJson(String account, String fqdn) {
        return "{\"account\": \"" + account + "\", \"fqdn\": \"" + fqdn + "\", \"insights_id\": \"" + UUID.randomUUID()
                + "\", \"stale_timestamp\": \"" + FUTURE + "\", \"reporter\": \"puptoo\","
                + " \"facts\": [{\"namespace\": \"ns1\", \"facts\": {\"k\": \"v\", \"nested\": {\"a\": [1, 2]}}}],"
                + " \"system_profile\": {\"arch\": \"x86_64\", \"number_of_cpus\": 2,"
                + " \"yum_repos\": [{\"id\": \"repo\", \"baseurl\": \"http://repo.example.com\", \"enabled\": true}],"
                + " \"disk_devices\": [{\"device\": \"/dev/sda1\", \"options\": {\"ro\": true}}]}}";
    }

    /** A new host of {@link #ACCOUNT} with facts namespace ns1 and a system profile; its id. */
    static String createHost(String fqdn) {
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + hostJson(ACCOUNT, fqdn) + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode result = RunningService.json(response).at("/data/0");
        assertThat(result.path("status").asInt()).as(response.body()).isEqualTo(201);
        return result.at("/host/id").asText();
    }

    static String url(String path) {
        return service.baseUrl() + service.settings().apiPrefix() + path;
    }

    static HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        List<String> all = new ArrayList<>(List.of(headers));
        if (body != null) {
            all.addAll(List.of("Content-Type", "application/json"));
        }
        return service.send(HttpRequest.newBuilder(URI.create(url(path))).method(method.toUpperCase(Locale.ROOT),
                publisher), all.toArray(String[]::new));
    }

    static HttpResponse<String> call(String method, String path, String body) {
        return request(method, path, body, "x-rh-identity", Identities.of(ACCOUNT));
    }

    static HttpResponse<String> get(String path) {
        return call("get", path, null);
    }

    /** Asserts that the response's status and content type are documented for the operation and its body conforms. */
    static JsonNode conforms(String operationId, HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        JsonNode schema = api.responseSchema(operationId, response.statusCode(), contentType);
        JsonNode body = RunningService.json(response);
        assertThat(api.validate(schema, body)).as("%s %d %s", operationId, response.statusCode(), response.body())
                .isEmpty();
        return body;
    }

    /** The REST DSL operations of the running service: operationId → "METHOD path" (path relative to the prefix). */
    static Map<String, String> restOperations() {
        CamelContext context = service.service().camelContext();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, String> operations = new TreeMap<>();
        for (RestDefinition rest : model.getRestDefinitions()) {
            assertThat(context.resolvePropertyPlaceholders(rest.getPath())).isEqualTo(service.settings().apiPrefix());
            for (VerbDefinition verb : rest.getVerbs()) {
                assertThat(operations.put(verb.getId(), verb.asVerb().toUpperCase(Locale.ROOT) + " " + verb.getPath()))
                        .as("duplicate REST id %s", verb.getId()).isNull();
            }
        }
        return operations;
    }

    /** The document's operations: operationId → "METHOD path". */
    static Map<String, String> documentedOperations() {
        Map<String, String> operations = new TreeMap<>();
        api.operations().forEach((id, operation) ->
                operations.put(id, operation.method().toUpperCase(Locale.ROOT) + " " + operation.path()));
        return operations;
    }

    /** The documented operations the service routes. */
    static List<OpenApi.Operation> routedOperations() {
        Set<String> routed = restOperations().keySet();
        return api.operations().values().stream().filter(operation -> routed.contains(operation.id())).toList();
    }

    static String concretePath(OpenApi.Operation operation, String hostIds) {
        return operation.path().replace("{host_id_list}", hostIds).replace("{namespace}", "ns1")
                .replace("{group_id_list}", group).replace("{group_id}", group);
    }

    static Map<String, JsonNode> queryParameters(OpenApi.Operation operation) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        api.parameters(operation).stream().filter(p -> p.path("in").asText().equals("query"))
                .forEach(p -> parameters.put(p.path("name").asText(), p));
        return parameters;
    }

    /** Values that the tests cannot derive from a schema alone (they are checked against the schema). */
    static final Map<String, String> SAMPLES = Map.of("tags", "insights-client/env=prod",
            "insights_id", UUID.randomUUID().toString().replace("-", ""), "search", "env",
            "updated_start", "2026-01-31T12:00:00Z", "updated_end", "2026-02-28T12:00:00Z",
            "last_check_in_start", "2026-01-31T12:00:00Z", "last_check_in_end", "2026-02-28T12:00:00Z",
            "group_id", UUID.randomUUID().toString());

    /** Values of the deepObject parameters (hbi-later.md §L2.2, §L2.3). */
    static final Map<String, JsonNode> DEEP_OBJECT_SAMPLES = Map.of(
            "filter", JsonNodeFactory.instance.objectNode().set("system_profile",
                    JsonNodeFactory.instance.objectNode().put("arch", "x86_64")),
            "fields", JsonNodeFactory.instance.objectNode().put("system_profile", "arch"));

    /** A valid value for a query parameter, derived from its schema: default, first enum value, minimum, sample. */
    static JsonNode validValue(JsonNode parameter) {
        JsonNode schema = api.deref(parameter.path("schema"));
        if (schema.has("default")) {
            return schema.get("default");
        }
        if (schema.path("type").asText().equals("object")) {
            return DEEP_OBJECT_SAMPLES.get(parameter.path("name").asText());
        }
        JsonNode items = schema.path("type").asText().equals("array") ? api.deref(schema.path("items")) : null;
        JsonNode single = items != null ? items : schema;
        JsonNode value;
        if (single.has("enum")) {
            value = single.get("enum").get(0);
        } else if (single.path("type").asText().equals("integer")) {
            value = JsonNodeFactory.instance.numberNode(single.path("minimum").asInt(1));
        } else {
            value = JsonNodeFactory.instance.textNode(SAMPLES.getOrDefault(parameter.path("name").asText(), "x"));
        }
        return items != null ? JsonNodeFactory.instance.arrayNode().add(value) : value;
    }

    /** The query-string form of a value: arrays comma-separated (style form, explode false). */
    static String query(String name, JsonNode value) {
        if (value.isObject()) {
            return deepObject(name, value);
        }
        String text = value.isArray()
                ? java.util.stream.StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.joining(","))
                : value.asText();
        return name + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The deepObject form of an object value: name[key][…]=leaf, one pair per leaf. */
    static String deepObject(String name, JsonNode value) {
        if (!value.isObject()) {
            return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.asText(), StandardCharsets.UTF_8);
        }
        List<String> pairs = new ArrayList<>();
        value.fields().forEachRemaining(field -> pairs.add(deepObject(name + "[" + field.getKey() + "]", field.getValue())));
        return String.join("&", pairs);
    }

    static String detail(HttpResponse<String> response) {
        return RunningService.json(response).path("detail").asText();
    }

    // ---- the document is served ----------------------------------------------------------------------------

    @Test
    void theDocumentIsServedWithoutIdentityUnderBothPrefixes() {
        for (String prefix : List.of(service.settings().apiPrefix(), LEGACY)) {
            HttpResponse<String> response = service.get(prefix + "/openapi.json", "x-rh-insights-request-id", "openapi-1");
            assertThat(response.statusCode()).as(prefix).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(prefix).hasValue("application/json");
            assertThat(response.headers().firstValue("x-rh-insights-request-id")).as("request headers not echoed").isEmpty();
            JsonNode document = RunningService.json(response);
            assertThat(document.path("openapi").asText()).matches("3\\.1\\.\\d+");
            assertThat(document).isEqualTo(OpenApiDocument.load().document());
        }
    }

    @Test
    void onlyGetServesTheDocument() {
        HttpResponse<String> response = request("post", "/openapi.json", "{}");
        assertThat(response.statusCode()).isEqualTo(405);
    }

    // ---- every route is documented -------------------------------------------------------------------------

    @Test
    void everyRestDslOperationIsDocumentedWithItsPathMethodAndId() {
        Map<String, String> routed = restOperations();
        Map<String, String> documented = documentedOperations();
        assertThat(routed).hasSizeGreaterThanOrEqualTo(10);
        routed.forEach((id, route) -> assertThat(documented.get(id)).as("operation %s", id).isEqualTo(route));
        Set<String> documentedOnly = new TreeSet<>(documented.keySet());
        documentedOnly.removeAll(routed.keySet());
        assertThat(documentedOnly).as("documented operations no route serves").isSubsetOf(NOT_YET_ROUTED);
    }

    // ---- responses conform to the document -----------------------------------------------------------------

    @Test
    void hostListAndHostsByIdConform() {
        JsonNode list = conforms("get-host-list", get("/hosts"));
        assertThat(list.path("results").size()).isGreaterThanOrEqualTo(2);
        JsonNode byId = conforms("get-host-by-id", get("/hosts/" + tagged + "," + plain.replace("-", "")));
        assertThat(byId.path("total").asInt()).isEqualTo(2);
        assertThat(byId.at("/results/0/facts/0/namespace").asText()).isEqualTo("ns1");
    }

    @Test
    void systemProfilesConform() {
        JsonNode page = conforms("get-host-system-profile-by-id", get("/hosts/" + tagged + "/system_profile"));
        assertThat(page.at("/results/0/system_profile/arch").asText()).isEqualTo("x86_64");
        assertThat(page.at("/results/0/system_profile/yum_repos/0/base_url").asText()).isEqualTo("http://repo.example.com");
    }

    @Test
    void hostTagsAndTagCountsConform() {
        JsonNode tags = conforms("get-host-tag-by-id", get("/hosts/" + tagged + "," + plain + "/tags"));
        assertThat(tags.at("/results/" + tagged).size()).isEqualTo(3);
        assertThat(tags.at("/results/" + plain).size()).isZero();
        JsonNode counts = conforms("get-host-tag-count", get("/hosts/" + tagged + "," + plain + "/tags/count"));
        assertThat(counts.at("/results/" + tagged).asInt()).isEqualTo(3);
    }

    @Test
    void accountTagsConform() {
        JsonNode tags = conforms("get-tags", get("/tags"));
        assertThat(tags.path("results").size()).isEqualTo(3);
    }

    @Test
    void aMixedBatchConforms() {
        String valid = hostJson(ACCOUNT, "batch.openapi.example.com");
        String otherAccount = hostJson(OTHER_ACCOUNT, "other.openapi.example.com");
        String invalid = "{\"account\": \"" + ACCOUNT + "\", \"fqdn\": \"\", \"stale_timestamp\": \"" + FUTURE
                + "\", \"reporter\": \"puptoo\"}";
        JsonNode body = conforms("add-host-list", service.postHosts(ACCOUNT,
                "[" + valid + "," + valid + "," + otherAccount + "," + invalid + "]"));
        List<Integer> statuses = new ArrayList<>();
        body.path("data").forEach(result -> statuses.add(result.path("status").asInt()));
        assertThat(statuses).containsExactly(201, 200, 400, 400);
        assertThat(body.path("errors").asInt()).isEqualTo(2);
    }

    @Test
    void editsConform() {
        String id = createHost("edit.openapi.example.com");
        assertThat(conforms("patch-by-id", call("patch", "/hosts/" + id, "{\"display_name\": \"edited\"}")).asInt())
                .isEqualTo(200);
        conforms("merge-facts", call("patch", "/hosts/" + id + "/facts/ns1", "{\"k2\": \"v2\"}"));
        conforms("replace-facts", call("put", "/hosts/" + id + "/facts/ns1", "{}"));
    }

    @Test
    void groupOperationsConform() {
        String host = createHost("group.openapi.example.com");
        JsonNode created = conforms("create-group", call("post", "/groups", "{\"name\": \"conforming\", \"host_ids\": [\""
                + host + "\"]}"));
        String id = created.path("id").asText();
        assertThat(created.path("host_count").asInt()).isEqualTo(1);
        assertThat(conforms("get-group-list", get("/groups?order_by=host_count")).path("total").asInt()).isEqualTo(2);
        assertThat(conforms("get-groups-by-id", get("/groups/" + id + "," + group)).path("count").asInt()).isEqualTo(2);
        assertThat(conforms("get-host-list-by-group", get("/groups/" + group + "/hosts")).path("total").asInt())
                .isEqualTo(2);
        JsonNode shown = conforms("get-host-by-id", get("/hosts/" + host)).at("/results/0/groups/0");
        assertThat(shown.path("name").asText()).isEqualTo("conforming");
        assertThat(conforms("patch-group-by-id", call("patch", "/groups/" + id, "{\"name\": \"conformed\"}"))
                .path("name").asText()).isEqualTo("conformed");
        assertThat(conforms("add-host-list-to-group", call("post", "/groups/" + id + "/hosts", "[\"" + plain + "\"]"))
                .path("host_count").asInt()).isEqualTo(2);
        assertThat(call("delete", "/groups/" + id + "/hosts/" + plain, null).statusCode()).isEqualTo(204);
        assertThat(call("post", "/groups/" + group + "/hosts", "[\"" + plain + "\"]").statusCode()).isEqualTo(200);
        assertThat(call("delete", "/groups/hosts/" + host, null).statusCode()).isEqualTo(204);
        assertThat(call("delete", "/groups/" + id, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = get("/groups/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        conforms("get-groups-by-id", gone);
        HttpResponse<String> badName = call("post", "/groups", "{\"name\": \"no/slashes\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        conforms("create-group", badName);
        HttpResponse<String> system = request("get", "/groups", null, "x-rh-identity", Identities.encode(
                "{\"identity\": {\"org_id\": \"openapi-org\", \"type\": \"System\", \"auth_type\": \"cert-auth\","
                        + " \"system\": {\"cert_type\": \"system\", \"cn\": \"c1\"}}}"));
        assertThat(system.statusCode()).as(system.body()).isEqualTo(403);
        conforms("get-group-list", system);
    }

    @Test
    void problemsConform() {
        HttpResponse<String> badRequest = get("/hosts?per_page=0");
        assertThat(badRequest.statusCode()).isEqualTo(400);
        conforms("get-host-list", badRequest);
        HttpResponse<String> badId = get("/hosts/not-a-uuid");
        assertThat(badId.statusCode()).isEqualTo(400);
        conforms("get-host-by-id", badId);

        HttpResponse<String> unauthorized = service.get(service.settings().apiPrefix() + "/hosts");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        conforms("get-host-list", unauthorized);

        HttpResponse<String> pageAfterTheLast = get("/hosts?page=1000");
        assertThat(pageAfterTheLast.statusCode()).isEqualTo(404);
        conforms("get-host-list", pageAfterTheLast);
        HttpResponse<String> noHost = call("patch", "/hosts/" + UUID.randomUUID(), "{\"display_name\": \"x\"}");
        assertThat(noHost.statusCode()).isEqualTo(404);
        conforms("patch-by-id", noHost);

        HttpResponse<String> factsOfNoHost = call("put", "/hosts/" + UUID.randomUUID() + "/facts/ns1", "{}");
        assertThat(factsOfNoHost.statusCode()).as("facts never answer 404").isEqualTo(400);
        conforms("replace-facts", factsOfNoHost);
        HttpResponse<String> notAnArray = service.postHosts(ACCOUNT, "{}");
        assertThat(notAnArray.statusCode()).isEqualTo(400);
        conforms("add-host-list", notAnArray);
        HttpResponse<String> withoutReporter = service.postHosts(ACCOUNT,
                "[" + hostJson(ACCOUNT, "no-reporter.openapi.example.com").replace("\"reporter\": \"puptoo\",", "") + "]");
        assertThat(withoutReporter.statusCode()).as(withoutReporter.body()).isEqualTo(400);
        conforms("add-host-list", withoutReporter);
    }

    @Test
    void theStalenessOperationsConformForAnOrgAndRefuseA2020IdentityAndUndeclaredParameters() {
        String org = "org-openapi";
        String user = io.hbi.inventory.support.TodaysIdentities.user(org);
        JsonNode defaults = conforms("get-staleness", request("get", "/account/staleness", null, "x-rh-identity", user));
        assertThat(defaults.get("id").asText()).isEqualTo("system_default");
        conforms("get-default-staleness", request("get", "/account/staleness/defaults", null, "x-rh-identity", user));
        for (String id : List.of("create-staleness", "update-staleness")) {
            JsonNode requestSchema = api.operation(id).node().at("/requestBody/content/application~1json/schema");
            assertThat(api.validate(requestSchema, OpenApi.parse(SAMPLE_BODIES.get(id)))).as(id).isEmpty();
        }
        HttpResponse<String> created = request("post", "/account/staleness", SAMPLE_BODIES.get("create-staleness"),
                "x-rh-identity", user);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        conforms("create-staleness", created);
        conforms("create-staleness", request("post", "/account/staleness", SAMPLE_BODIES.get("create-staleness"),
                "x-rh-identity", user));
        conforms("update-staleness", request("patch", "/account/staleness", SAMPLE_BODIES.get("update-staleness"),
                "x-rh-identity", user));
        for (OpenApi.Operation operation : routedOperations().stream().filter(o -> STALENESS.contains(o.id()))
                .toList()) {
            HttpResponse<String> refused = request(operation.method(), operation.path() + "?undeclared_parameter=1",
                    SAMPLE_BODIES.get(operation.id()), "x-rh-identity", user);
            assertThat(refused.statusCode()).as(operation.id()).isEqualTo(400);
            assertThat(detail(refused)).contains(EXTRA);
            conforms(operation.id(), refused);
            HttpResponse<String> forbidden = call(operation.method(), operation.path(), SAMPLE_BODIES.get(operation.id()));
            assertThat(forbidden.statusCode()).as(operation.id()).isEqualTo(403);
            conforms(operation.id(), forbidden);
        }
        HttpResponse<String> deleted = request("delete", "/account/staleness", null, "x-rh-identity", user);
        assertThat(deleted.statusCode()).isEqualTo(204);
        conforms("delete-staleness", request("delete", "/account/staleness", null, "x-rh-identity", user));
        conforms("update-staleness", request("patch", "/account/staleness", "{}", "x-rh-identity", user));
    }

    @Test
    void aCheckInConforms() {
        JsonNode host = conforms("host-checkin", call("post", "/hosts/checkin", "{\"fqdn\": \"tagged.openapi.example.com\"}"));
        assertThat(host.get("id").asText()).isEqualTo(tagged);
        conforms("host-checkin", call("post", "/hosts/checkin", "{\"fqdn\": \"nowhere.openapi.example.com\"}"));
        conforms("host-checkin", call("post", "/hosts/checkin", "{}"));
    }

    // ---- security ------------------------------------------------------------------------------------------

    @Test
    void everyRoutedOperationRefusesACallerWithoutIdentityAndOnlyPostAcceptsTheBearer() {
        for (OpenApi.Operation operation : routedOperations()) {
            String body = SAMPLE_BODIES.get(operation.id());
            HttpResponse<String> anonymous = request(operation.method(), concretePath(operation, plain), body);
            assertThat(anonymous.statusCode()).as(operation.id()).isEqualTo(401);
            conforms(operation.id(), anonymous);
            boolean bearerDocumented = operation.node().path("security").toString().contains("BearerAuth");
            HttpResponse<String> bearer = request(operation.method(), concretePath(operation, plain), body,
                    "Authorization", "Bearer " + SECRET);
            assertThat(bearer.statusCode() != 401).as("%s with the bearer token: %s", operation.id(), bearer.body())
                    .isEqualTo(bearerDocumented);
        }
    }

    // ---- documented query parameters are exactly the accepted ones ----------------------------------------

    @Test
    void everyDocumentedParameterOfEveryReadOperationIsAcceptedWithEveryValidValue() {
        List<OpenApi.Operation> reads = routedOperations().stream().filter(o -> o.method().equals("get"))
                .filter(o -> !STALENESS.contains(o.id())).toList();
        assertThat(reads).hasSize(12);
        for (OpenApi.Operation operation : reads) {
            String path = concretePath(operation, tagged + "," + plain);
            Map<String, JsonNode> parameters = queryParameters(operation);
            assertThat(parameters).as(operation.id()).isNotEmpty();
            List<String> all = new ArrayList<>();
            parameters.forEach((name, parameter) -> {
                JsonNode value = validValue(parameter);
                assertThat(api.validate(parameter.get("schema"), value)).as("%s %s=%s", operation.id(), name, value)
                        .isEmpty();
                all.add(query(name, value));
                HttpResponse<String> alone = get(path + "?" + query(name, value));
                if (alone.statusCode() != 200) {
                    assertThat(alone.statusCode()).as("%s %s", operation.id(), alone.body()).isEqualTo(400);
                    assertThat(detail(alone)).as(operation.id()).doesNotContain(EXTRA).doesNotContain(name + ":");
                }
            });
            HttpResponse<String> together = get(path + "?" + String.join("&", all));
            assertThat(together.statusCode()).as("%s with every parameter: %s", operation.id(), together.body())
                    .isEqualTo(200);
            conforms(operation.id(), together);
        }
    }

    @Test
    void enumsBoundsAndDefaultsOfTheDocumentAreTheServicesOwn() {
        for (OpenApi.Operation operation : routedOperations().stream().filter(o -> o.method().equals("get")).toList()) {
            String path = concretePath(operation, tagged + "," + plain);
            Map<String, JsonNode> parameters = queryParameters(operation);
            String column = parameters.containsKey("order_by")
                    ? "&" + query("order_by", api.deref(parameters.get("order_by").get("schema")).at("/enum/0")) : "";
            parameters.forEach((name, parameter) -> {
                JsonNode schema = api.deref(parameter.get("schema"));
                JsonNode single = schema.path("type").asText().equals("array") ? api.deref(schema.get("items")) : schema;
                String context = name.equals("order_how") ? column : "";
                if (single.has("enum")) {
                    single.get("enum").forEach(value -> assertThat(get(path + "?" + query(name, value) + context)
                            .statusCode()).as("%s %s=%s", operation.id(), name, value).isEqualTo(200));
                    HttpResponse<String> outside = get(path + "?" + name + "=not-in-the-enum" + context);
                    assertThat(outside.statusCode()).as("%s %s outside its enum", operation.id(), name).isEqualTo(400);
                    assertThat(detail(outside)).contains(name);
                }
                if (single.path("type").asText().equals("integer")) {
                    int minimum = single.path("minimum").asInt(Integer.MIN_VALUE);
                    assertThat(get(path + "?" + name + "=" + minimum).statusCode()).as(name).isIn(200, 404);
                    assertThat(get(path + "?" + name + "=" + (minimum - 1)).statusCode()).as(name).isEqualTo(400);
                    if (single.has("maximum")) {
                        int maximum = single.get("maximum").asInt();
                        assertThat(get(path + "?" + name + "=" + maximum).statusCode()).as(name).isIn(200, 404);
                        assertThat(get(path + "?" + name + "=" + (maximum + 1)).statusCode()).as(name).isEqualTo(400);
                    }
                    assertThat(get(path + "?" + name + "=one").statusCode()).as(name).isEqualTo(400);
                }
                if (single.has("pattern")) {
                    assertThat(get(path + "?" + name + "=" + URLEncoder.encode("a=b=c/d/e", StandardCharsets.UTF_8))
                            .statusCode()).as("%s %s not matching its pattern", operation.id(), name).isEqualTo(400);
                }
                if (schema.has("default")) {
                    String without = path + (context.isEmpty() ? "" : "?" + context.substring(1));
                    JsonNode omitted = RunningService.json(get(without));
                    JsonNode explicit = RunningService.json(get(path + "?" + query(name, schema.get("default")) + context));
                    assertThat(explicit).as("%s %s default %s", operation.id(), name, schema.get("default"))
                            .isEqualTo(omitted);
                    if (omitted.has(name)) {
                        assertThat(omitted.get(name)).as("%s echoes %s", operation.id(), name).isEqualTo(schema.get("default"));
                    }
                }
            });
        }
    }

    @Test
    void everyStalenessStateOfTheDocumentSelectsHostsAndTheDefaultLeavesOutStaleWarning() {
        JsonNode staleness = api.deref(api.document().at("/components/parameters/staleness/schema"));
        Map<String, String> hosts = Map.of("fresh", plain, "stale", stale, "stale_warning", staleWarning, "unknown", unknown);
        List<String> states = new ArrayList<>();
        staleness.at("/items/enum").forEach(state -> states.add(state.asText()));
        assertThat(states).containsExactlyInAnyOrderElementsOf(hosts.keySet());
        for (String state : states) {
            JsonNode page = conforms("get-host-list", get("/hosts?per_page=100&staleness=" + state));
            assertThat(page.toString()).as(state).contains(hosts.get(state));
        }
        JsonNode defaults = conforms("get-host-list", get("/hosts?per_page=100"));
        staleness.get("default").forEach(state -> assertThat(defaults.toString()).contains(hosts.get(state.asText())));
        assertThat(defaults.toString()).doesNotContain(staleWarning);
        assertThat(get("/hosts/" + unknown).body()).contains("\"stale_timestamp\":null");
    }

    /** Request bodies the write operations accept (each checked against the documented request schema). */
    static final Map<String, String> SAMPLE_BODIES = Map.of(
            "add-host-list", "[" + hostJson(ACCOUNT, "sample.openapi.example.com") + "]",
            "patch-by-id", "{\"display_name\": \"sample\", \"ansible_host\": \"\"}",
            "merge-facts", "{\"k3\": \"v3\"}",
            "replace-facts", "{\"k\": {\"nested\": true}}",
            "create-group", "{\"name\": \"sample group\", \"host_ids\": []}",
            "patch-group-by-id", "{\"name\": \"sample-renamed\"}",
            "add-host-list-to-group", "[\"6e2ab0e8-2a65-4ec5-a4b3-8d7e7c9b0d41\"]",
            "host-checkin", "{\"fqdn\": \"plain.openapi.example.com\", \"checkin_frequency\": 1440}",
            "create-staleness", "{\"conventional_time_to_stale\": 60}",
            "update-staleness", "{\"conventional_time_to_stale_warning\": 7200}");

    /** The operations of /account/staleness: an org's, so a 2020 identity is refused them (their own test below). */
    static final Set<String> STALENESS = Set.of("get-staleness", "get-default-staleness", "create-staleness",
            "update-staleness", "delete-staleness");

    /** The one operation that ignores its query string, as in 2020. */
    static final Set<String> QUERY_IGNORED = Set.of("add-host-list");

    @Test
    void writeOperationsAcceptTheirDocumentedParametersAndRefuseOthers() {
        List<OpenApi.Operation> writes = routedOperations().stream().filter(o -> !o.method().equals("get"))
                .filter(o -> !STALENESS.contains(o.id())).toList();
        assertThat(writes).hasSizeGreaterThanOrEqualTo(4);
        Set<String> everyName = new LinkedHashSet<>();
        api.operations().values().forEach(operation -> everyName.addAll(queryParameters(operation).keySet()));
        for (OpenApi.Operation operation : writes) {
            String body = SAMPLE_BODIES.get(operation.id());
            JsonNode requestSchema = operation.node().at("/requestBody/content/application~1json/schema");
            if (body != null) {
                assertThat(api.validate(requestSchema, OpenApi.parse(body))).as(operation.id()).isEmpty();
            } else {
                assertThat(requestSchema.isMissingNode()).as(operation.id() + " needs a sample body").isTrue();
            }
            Map<String, JsonNode> declared = queryParameters(operation);
            for (Map.Entry<String, JsonNode> parameter : declared.entrySet()) {
                String path = concretePath(operation, createHost("w-" + UUID.randomUUID() + ".example.com"));
                HttpResponse<String> accepted = call(operation.method(), path + "?"
                        + query(parameter.getKey(), validValue(parameter.getValue())), body);
                assertThat(accepted.statusCode()).as("%s %s: %s", operation.id(), parameter.getKey(), accepted.body())
                        .isBetween(200, 299);
            }
            Set<String> undeclared = new TreeSet<>(everyName);
            undeclared.removeAll(declared.keySet());
            undeclared.add("undeclared_parameter");
            for (String name : undeclared) {
                String path = concretePath(operation, createHost("w-" + UUID.randomUUID() + ".example.com"));
                HttpResponse<String> response = call(operation.method(), path + "?" + name + "=1", body);
                if (QUERY_IGNORED.contains(operation.id())) {
                    assertThat(response.statusCode()).as("%s ignores its query string: %s", operation.id(), name)
                            .isBetween(200, 299);
                } else {
                    assertThat(response.statusCode()).as("%s %s", operation.id(), name).isEqualTo(400);
                    assertThat(detail(response)).contains(EXTRA).contains(name);
                }
            }
        }
    }

    @Test
    void readOperationsRefuseEveryParameterTheyDoNotDeclare() {
        Set<String> everyName = new LinkedHashSet<>();
        api.operations().values().forEach(operation -> everyName.addAll(queryParameters(operation).keySet()));
        assertThat(everyName).contains("staleness", "branch_id", "search", "tags");
        for (OpenApi.Operation operation : routedOperations().stream().filter(o -> o.method().equals("get"))
                .filter(o -> !STALENESS.contains(o.id())).toList()) {
            Set<String> undeclared = new TreeSet<>(everyName);
            undeclared.removeAll(queryParameters(operation).keySet());
            undeclared.add("undeclared_parameter");
            for (String name : undeclared) {
                HttpResponse<String> response = get(concretePath(operation, plain) + "?" + name + "=1");
                assertThat(response.statusCode()).as("%s %s", operation.id(), name).isEqualTo(400);
                assertThat(detail(response)).as(operation.id()).contains(EXTRA).contains(name);
                conforms(operation.id(), response);
            }
        }
    }

    @Test
    void pathIdsFollowTheDocumentedUuidSchema() {
        JsonNode ids = api.deref(api.document().at("/components/parameters/host_id_list")).get("schema");
        ArrayNode spellings = JsonNodeFactory.instance.arrayNode().add(plain).add(plain.replace("-", ""))
                .add(plain.toUpperCase(Locale.ROOT)).add("{" + plain + "}").add("urn:uuid:" + plain);
        assertThat(api.validate(ids, spellings)).isEmpty();
        spellings.forEach(id -> assertThat(get("/hosts/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8))
                .statusCode()).as(id.asText()).isEqualTo(200));
        for (String bad : List.of("123456", plain + "0", plain.substring(1))) {
            assertThat(api.validate(ids, JsonNodeFactory.instance.arrayNode().add(bad))).as(bad).isNotEmpty();
            assertThat(get("/hosts/" + bad).statusCode()).as(bad).isEqualTo(400);
        }
    }
}
