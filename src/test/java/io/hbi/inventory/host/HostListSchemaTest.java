package io.hbi.inventory.host;

import static io.hbi.inventory.host.Json.host;
import static io.hbi.inventory.host.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request schema of POST /hosts (contract §1.7, §1.8, §3.2): what refuses the whole body, and what does not. */
class HostListSchemaTest {

    private static final HostListSchema SCHEMA = HostListSchema.shared();

    private static Optional<String> violation(JsonNode... hosts) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (JsonNode host : hosts) {
            body.add(host);
        }
        return SCHEMA.violation(body);
    }

    @Test
    void validHostsAndTheEmptyListMatch() {
        assertThat(SCHEMA.violation(parse("[]"))).isEmpty();
        assertThat(violation(host("{}"), host("{'facts': [{'namespace': 'n', 'facts': {}}],"
                + " 'system_profile': {'number_of_cpus': 2, 'katello_agent_running': true,"
                + " 'network_interfaces': [{'mtu': 1500, 'ipv4_addresses': ['10.0.0.1']}]},"
                + " 'ip_addresses': ['10.0.0.1'], 'mac_addresses': ['aa'], 'ansible_host': ''}"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'account': null}                                  | None is not of type 'string' - '1.account'",
            "{'account': 123}                                   | 123 is not of type 'string' - '1.account'",
            "{'display_name': null}                             | None is not of type 'string' - '1.display_name'",
            "{'ansible_host': null}                             | None is not of type 'string' - '1.ansible_host'",
            "{'insights_id': null}                              | None is not of type 'string' - '1.insights_id'",
            "{'satellite_id': 1000056432}                       | 1000056432 is not of type 'string' - '1.satellite_id'",
            "{'ip_addresses': '10.0.0.1'}                       | '10.0.0.1' is not of type 'array' - '1.ip_addresses'",
            "{'ip_addresses': [null]}                           | None is not of type 'string' - '1.ip_addresses.0'",
            "{'mac_addresses': null}                            | None is not of type 'array' - '1.mac_addresses'",
            "{'facts': null}                                    | None is not of type 'array' - '1.facts'",
            "{'facts': [{'facts': {}}]}                         | 'namespace' is a required property - '1.facts.0'",
            "{'facts': [{'namespace': 'n'}]}                    | 'facts' is a required property - '1.facts.0'",
            "{'facts': [{'namespace': '', 'facts': {}}]}        | '' is too short - '1.facts.0.namespace'",
            "{'facts': [{'namespace': 'n', 'facts': 'x'}]}      | 'x' is not of type 'object' - '1.facts.0.facts'",
            "{'system_profile': null}                           | None is not of type 'object' - '1.system_profile'",
            "{'system_profile': {'number_of_cpus': '4'}}        | '4' is not of type 'integer' - '1.system_profile.number_of_cpus'",
            "{'system_profile': {'katello_agent_running': 'true'}} | 'true' is not of type 'boolean' - '1.system_profile.katello_agent_running'",
            "{'system_profile': {'network_interfaces': [{'mtu': '1500'}]}} | '1500' is not of type 'integer' - '1.system_profile.network_interfaces.0.mtu'",
            "{'stale_timestamp': null}                          | None is not of type 'string' - '1.stale_timestamp'",
            "{'reporter': ['puptoo']}                           | ['puptoo'] is not of type 'string' - '1.reporter'",
    })
    void aNullOrAWrongTypeIsAViolationThatNamesTheHostAndTheProperty(String members, String expected) {
        assertThat(violation(host("{}"), host(members))).hasValue(expected);
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"account", "stale_timestamp", "reporter"})
    void aHostWithoutARequiredFieldIsAViolation(String field) {
        ObjectNode incomplete = host("{}");
        incomplete.remove(field);
        assertThat(violation(host("{}"), incomplete)).hasValue("'" + field + "' is a required property - '1'");
    }

    @Test
    void aBodyThatIsNotAListOfObjectsIsAViolation() {
        assertThat(SCHEMA.violation(parse("{'account': 'x'}"))).hasValue("{'account': 'x'} is not of type 'array'");
        assertThat(SCHEMA.violation(parse("[{}, 42]"))).hasValue("'account' is a required property - '0'");
        assertThat(SCHEMA.violation(parse("[42]"))).hasValue("42 is not of type 'object' - '0'");
    }

    @Test
    void aTodaysHostNeedsAnOrgIdAndMayHaveANullOrNoAccount() {
        HostListSchema todays = HostListSchema.sharedTodays();
        assertThat(todays.violation(parse("[{'org_id': 'o1', 'stale_timestamp': 's', 'reporter': 'r'},"
                + " {'org_id': 'o1', 'account': null, 'stale_timestamp': 's', 'reporter': 'r'}]"))).isEmpty();
        assertThat(todays.violation(parse("[{'account': 'a1', 'stale_timestamp': 's', 'reporter': 'r'}]")))
                .hasValue("'org_id' is a required property - '0'");
        assertThat(todays.violation(parse("[{'org_id': 5, 'stale_timestamp': 's', 'reporter': 'r'}]")))
                .hasValue("5 is not of type 'string' - '0.org_id'");
        assertThat(todays.violation(parse("[{'org_id': 'o1', 'stale_timestamp': 's', 'reporter': 'r', 'fqdn': 1}]")))
                .hasValue("1 is not of type 'string' - '0.fqdn'");
        // a 2020 identity's hosts keep the 2020 rule
        assertThat(SCHEMA.violation(parse("[{'org_id': 'o1', 'stale_timestamp': 's', 'reporter': 'r'}]")))
                .hasValue("'account' is a required property - '0'");
    }

    @Test
    void theFirstHostWithAViolationIsTheOneReported() {
        assertThat(violation(host("{}"), host("{'fqdn': 1}"), host("{'account': null}")))
                .hasValue("1 is not of type 'string' - '1.fqdn'");
    }

    @Test
    void checksBeyondTheSchemaAreLeftToTheHost() {
        assertThat(violation(
                host("{'account': '" + "1".repeat(11) + "'}"),
                host("{'display_name': ''}"),
                host("{'insights_id': 'not-a-uuid', 'satellite_id': '123'}"),
                host("{'stale_timestamp': 'yesterday'}"),
                host("{'stale_timestamp': '2030-01-01T00:00:00'}"),
                host("{'ip_addresses': [], 'mac_addresses': ['']}"),
                host("{'fqdn': '" + "f".repeat(300) + "'}"),
                host("{'facts': [{'namespace': 'n', 'facts': {'': 1}}]}"),
                host("{'system_profile': {'arch': '" + "a".repeat(60) + "', 'unknown': null,"
                        + " 'disk_devices': [{'options': {'': 1}}], 'network_interfaces': [{'name': ''}]}}"),
                host("{'id': 'ignored', 'tags': [{'namespace': 'a', 'key': 'b'}], 'whatever': null}")))
                .as("lengths, formats, date-times, empty keys and unknown properties are per-host checks").isEmpty();
    }

    @Test
    void everyTypedFieldOfTheSystemProfileSchemaIsChecked() {
        List<String> unchecked = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> field : typedFields(SystemProfileSchema.shared().types(), "").entrySet()) {
            JsonNode wrong = field.getValue().equals("string") ? JsonNodeFactory.instance.numberNode(1)
                    : JsonNodeFactory.instance.textNode("1");
            ObjectNode host = host("{}");
            host.set("system_profile", profileWith(field.getKey(), wrong));
            Optional<String> violation = violation(host);
            if (violation.isEmpty() || !violation.get().contains("is not of type '" + field.getValue() + "'")) {
                unchecked.add(field.getKey() + ": " + violation);
            }
            checked++;
        }
        assertThat(checked).as("fields of system_profile.json, nested ones included").isGreaterThan(200);
        assertThat(unchecked).isEmpty();
    }

    @Test
    void aLongOffendingValueIsCutInTheMessage() {
        String violation = violation(host("{'reporter': ['" + "r".repeat(10_000) + "']}")).orElseThrow();
        assertThat(violation).hasSizeLessThan(200).contains("...").endsWith(" is not of type 'string' - '0.reporter'");
    }

    /** Every field of a types-only schema with its type, keyed by a path such as {@code a}, {@code a[]}, {@code a[].b}. */
    private static Map<String, String> typedFields(JsonNode types, String prefix) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        JsonNode properties = types.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String path = prefix + property.getKey();
            fields.put(path, property.getValue().path("type").asText());
            JsonNode items = property.getValue().path("items");
            if (!items.isMissingNode()) {
                fields.put(path + "[]", items.path("type").asText());
                fields.putAll(typedFields(items, path + "[]."));
            }
            fields.putAll(typedFields(property.getValue(), path + "."));
        }
        return fields;
    }

    /** A profile with {@code value} at {@code path} ({@code a}, {@code a[]}, {@code a[].b}, {@code a.b.c[]}, ...). */
    private static ObjectNode profileWith(String path, JsonNode value) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        ObjectNode current = profile;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i].replace("[]", "");
            boolean list = parts[i].endsWith("[]");
            boolean last = i == parts.length - 1;
            if (last && list) {
                current.putArray(name).add(value);
            } else if (last) {
                current.set(name, value);
            } else {
                current = list ? current.putArray(name).addObject() : current.putObject(name);
            }
        }
        return profile;
    }
}
