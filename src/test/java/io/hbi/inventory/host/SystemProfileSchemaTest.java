package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.hbi.inventory.host.Json.object;
import static io.hbi.inventory.host.Json.parse;
import static io.hbi.inventory.host.Json.repeat;
import static org.assertj.core.api.Assertions.assertThat;

class SystemProfileSchemaTest {

    private static final SystemProfileSchema SCHEMA = SystemProfileSchema.shared();

    /**
     * Builds a profile with {@code value} at {@code path}: {@code a} = field, {@code a[]} = first item of a list,
     * {@code a[].b} = field b of the first item.
     */
    private static ObjectNode profileWith(String path, JsonNode value) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        String[] parts = path.split("\\.");
        if (parts.length == 1 && !path.endsWith("[]")) {
            profile.set(path, value);
        } else if (parts.length == 1) {
            profile.putArray(path.substring(0, path.length() - 2)).add(value);
        } else {
            profile.putArray(parts[0].substring(0, parts[0].length() - 2)).addObject().set(parts[1], value);
        }
        return profile;
    }

    private static String fieldPath(String path) {
        return "system_profile." + path.replace("[]", "[0]");
    }

    private static SystemProfileSchema.Outcome validate(JsonNode profile, Door door) {
        return SCHEMA.validate(profile, door);
    }

    @ParameterizedTest(name = "{0} max {1}")
    @CsvSource({
            "infrastructure_type, 100", "infrastructure_vendor, 100", "bios_vendor, 100", "bios_version, 100",
            "bios_release_date, 50", "cpu_flags[], 30", "os_release, 100", "os_kernel_version, 100", "arch, 50",
            "kernel_modules[], 255", "last_boot_time, 50", "running_processes[], 1000", "subscription_status, 100",
            "subscription_auto_attach, 100", "cloud_provider, 100", "insights_client_version, 50",
            "insights_egg_version, 50", "captured_date, 32", "installed_packages[], 512",
            "installed_services[], 512", "enabled_services[], 512",
            "cpu_model, 100", "releasever, 100", "basearch, 50", "tuned_profile, 256", "selinux_config_file, 128",
            "public_dns[], 100", "installed_packages_delta[], 512", "gpg_pubkeys[], 512",
            "network_interfaces[].state, 25", "network_interfaces[].mac_address, 59", "network_interfaces[].type, 18",
            "disk_devices[].device, 2048", "disk_devices[].label, 1024", "disk_devices[].mount_point, 2048",
            "disk_devices[].type, 256",
            "yum_repos[].id, 256", "yum_repos[].name, 1024", "yum_repos[].base_url, 2048",
            "dnf_modules[].name, 128", "dnf_modules[].stream, 128",
            "installed_products[].name, 512", "installed_products[].id, 64", "installed_products[].status, 256",
    })
    void everyMaximumLength(String path, int max) {
        for (Door door : Door.values()) {
            assertThat(validate(profileWith(path, JsonNodeFactory.instance.textNode(repeat(max))), door).errors())
                    .isEmpty();
            assertThat(validate(profileWith(path, JsonNodeFactory.instance.textNode(repeat(max + 1))), door).errors())
                    .containsExactly(new FieldError(fieldPath(path), "Longer than maximum length " + max + "."));
            assertThat(validate(profileWith(path, JsonNodeFactory.instance.numberNode(1)), door).errors())
                    .containsExactly(new FieldError(fieldPath(path), "Not a valid string."));
            assertThat(validate(profileWith(path, JsonNodeFactory.instance.nullNode()), door).errors())
                    .containsExactly(new FieldError(fieldPath(path), "Field may not be null."));
        }
    }

    @Test
    void networkInterfaceNameIsOneToFifty() {
        String path = "network_interfaces[].name";
        assertThat(validate(profileWith(path, JsonNodeFactory.instance.textNode(repeat(50))), Door.MQ).errors())
                .isEmpty();
        assertThat(validate(profileWith(path, JsonNodeFactory.instance.textNode("x")), Door.MQ).errors()).isEmpty();
        for (String bad : List.of("", repeat(51))) {
            assertThat(validate(profileWith(path, JsonNodeFactory.instance.textNode(bad)), Door.MQ).errors())
                    .containsExactly(new FieldError(fieldPath(path), "Length must be between 1 and 50."));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"number_of_cpus", "number_of_sockets", "cores_per_socket", "system_memory_bytes",
            "network_interfaces[].mtu"})
    void integerFields(String path) {
        assertThat(validate(profileWith(path, parse("9007199254740993")), Door.REST).errors()).isEmpty();
        for (Door door : Door.values()) {
            for (String bad : List.of("'x'", "true", "1.5", "[]")) {
                assertThat(validate(profileWith(path, parse(bad)), door).errors())
                        .containsExactly(new FieldError(fieldPath(path), "Not a valid integer."));
            }
            assertThat(validate(profileWith(path, parse("null")), door).errors())
                    .containsExactly(new FieldError(fieldPath(path), "Field may not be null."));
        }
        assertThat(validate(profileWith(path, parse("'12'")), Door.REST).errors())
                .containsExactly(new FieldError(fieldPath(path), "Not a valid integer."));
        SystemProfileSchema.Outcome mq = validate(profileWith(path, parse("' -12 '")), Door.MQ);
        assertThat(mq.errors()).isEmpty();
        assertThat(mq.profile()).isEqualTo(profileWith(path, parse("-12")));
    }

    @Test
    void bigNumericStringBecomesALong() {
        assertThat(validate(object("{'system_memory_bytes': '17179869184'}"), Door.MQ).profile())
                .isEqualTo(parse("{'system_memory_bytes': 17179869184}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"katello_agent_running", "satellite_managed", "yum_repos[].gpgcheck",
            "yum_repos[].enabled"})
    void booleanFields(String path) {
        assertThat(validate(profileWith(path, parse("true")), Door.MQ).errors()).isEmpty();
        assertThat(validate(profileWith(path, parse("'true'")), Door.REST).errors())
                .containsExactly(new FieldError(fieldPath(path), "Not a valid boolean."));
        assertThat(validate(profileWith(path, parse("1")), Door.MQ).errors())
                .containsExactly(new FieldError(fieldPath(path), "Not a valid boolean."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"network_interfaces", "disk_devices", "cpu_flags", "kernel_modules", "running_processes",
            "yum_repos", "dnf_modules", "installed_products", "installed_packages", "installed_services",
            "enabled_services"})
    void listFields(String field) {
        assertThat(validate(object("{'" + field + "': []}"), Door.MQ).errors()).isEmpty();
        assertThat(validate(object("{'" + field + "': {}}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile." + field, "Not a valid list."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"network_interfaces", "disk_devices", "yum_repos", "dnf_modules", "installed_products"})
    void nestedItemsMustBeObjects(String field) {
        assertThat(validate(object("{'" + field + "': ['x']}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile." + field + "[0]", "Invalid input type."));
    }

    @Test
    void networkInterfaceAddressesAreStringListsWithoutFormatCheck() {
        assertThat(validate(object("{'network_interfaces': [{'ipv4_addresses': ['blah'], 'ipv6_addresses': ['x']}]}"),
                Door.MQ).errors()).isEmpty();
        assertThat(validate(object("{'network_interfaces': [{'ipv4_addresses': [1]}]}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile.network_interfaces[0].ipv4_addresses[0]",
                        "Not a valid string."));
    }

    @Test
    void diskOptionsAreFreeFormWithoutEmptyKeys() {
        SystemProfileSchema.Outcome ok = validate(
                object("{'disk_devices': [{'options': {'uid': '0', 'deep': {'any': [{'x': 1}]}}}]}"), Door.MQ);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.droppedKeys()).isZero();
        assertThat(ok.profile().at("/disk_devices/0/options/deep/any/0/x").asInt()).isEqualTo(1);
        for (String options : List.of("{'': 1}", "{'a': {'': 1}}", "{'a': [{'b': {'': 1}}]}")) {
            assertThat(validate(object("{'disk_devices': [{'options': " + options + "}]}"), Door.MQ).errors())
                    .containsExactly(new FieldError("system_profile.disk_devices[0].options", "Invalid value."));
        }
        assertThat(validate(object("{'disk_devices': [{'options': 'x'}]}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile.disk_devices[0].options", "Not a valid mapping type."));
    }

    @Test
    void unknownKeysAreDroppedAtEveryDepthAndCounted() {
        SystemProfileSchema.Outcome outcome = validate(object("{'arch': 'x86_64', 'unknown': {'a': 1},"
                + " 'network_interfaces': [{'name': 'eth0', 'speed': 1}, {'foo': 1, 'bar': 2}],"
                + " 'yum_repos': [{'id': 'r', 'extra': true}], 'installed_products': [{'sku': 'x'}]}"), Door.MQ);
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.droppedKeys()).isEqualTo(6);
        assertThat(outcome.profile()).isEqualTo(parse("{'arch': 'x86_64',"
                + " 'network_interfaces': [{'name': 'eth0'}, {}], 'yum_repos': [{'id': 'r'}],"
                + " 'installed_products': [{}]}"));
    }

    @Test
    void unknownKeysAreDroppedBeforeValidation() {
        assertThat(validate(object("{'foo': null, 'network_interfaces': [{'bar': 'x'}]}"), Door.REST).isValid())
                .isTrue();
    }

    @Test
    void baseurlIsAnAliasOfBaseUrl() {
        SystemProfileSchema.Outcome outcome = validate(
                object("{'yum_repos': [{'id': 'r', 'baseurl': 'http://x', 'enabled': true}]}"), Door.REST);
        assertThat(outcome.droppedKeys()).isZero();
        assertThat(outcome.profile()).isEqualTo(
                parse("{'yum_repos': [{'id': 'r', 'base_url': 'http://x', 'enabled': true}]}"));
        assertThat(outcome.profile().get("yum_repos").get(0).fieldNames()).toIterable()
                .containsExactly("id", "base_url", "enabled");
        assertThat(validate(object("{'yum_repos': [{'baseurl': '" + repeat(2049) + "'}]}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile.yum_repos[0].base_url",
                        "Longer than maximum length 2048."));
    }

    @Test
    void baseUrlWinsOverBaseurl() {
        SystemProfileSchema.Outcome outcome = validate(
                object("{'yum_repos': [{'baseurl': 'http://old', 'base_url': 'http://new'}]}"), Door.MQ);
        assertThat(outcome.profile()).isEqualTo(parse("{'yum_repos': [{'base_url': 'http://new'}]}"));
        assertThat(outcome.droppedKeys()).isEqualTo(1);
    }

    @Test
    void baseurlIsNotAnAliasOutsideYumRepos() {
        SystemProfileSchema.Outcome outcome = validate(object("{'baseurl': 'x'}"), Door.MQ);
        assertThat(outcome.profile()).isEqualTo(parse("{}"));
        assertThat(outcome.droppedKeys()).isEqualTo(1);
    }

    @Test
    void inputIsNotModified() {
        ObjectNode input = object("{'foo': 1, 'number_of_cpus': '2', 'yum_repos': [{'baseurl': 'x'}]}");
        ObjectNode copy = input.deepCopy();
        validate(input, Door.MQ);
        assertThat(input).isEqualTo(copy);
    }

    @Test
    void everyErrorIsReported() {
        assertThat(validate(object("{'arch': 1, 'number_of_cpus': 'x', 'network_interfaces': [{'mtu': 'y'}]}"),
                Door.REST).errors()).containsExactlyInAnyOrder(
                new FieldError("system_profile.arch", "Not a valid string."),
                new FieldError("system_profile.number_of_cpus", "Not a valid integer."),
                new FieldError("system_profile.network_interfaces[0].mtu", "Not a valid integer."));
    }

    /** The top-level properties of the 2020 profile, and owner_id (decisions.md 16). */
    private static final List<String> PROPERTIES_2020 = List.of("number_of_cpus", "number_of_sockets",
            "cores_per_socket", "system_memory_bytes", "infrastructure_type", "infrastructure_vendor",
            "network_interfaces", "disk_devices", "bios_vendor", "bios_version", "bios_release_date", "cpu_flags",
            "os_release", "os_kernel_version", "arch", "kernel_modules", "last_boot_time", "running_processes",
            "subscription_status", "subscription_auto_attach", "katello_agent_running", "satellite_managed",
            "owner_id", "cloud_provider", "yum_repos", "dnf_modules", "installed_products", "insights_client_version",
            "insights_egg_version", "captured_date", "installed_packages", "installed_services", "enabled_services");

    @Test
    void everyFieldOfThe2020ProfileAndTheOwnerIdAreKnown() {
        ObjectNode full = object("{'number_of_cpus': 1, 'number_of_sockets': 1, 'cores_per_socket': 1,"
                + " 'system_memory_bytes': 1, 'infrastructure_type': 'a', 'infrastructure_vendor': 'a',"
                + " 'network_interfaces': [{'ipv4_addresses': ['a'], 'ipv6_addresses': ['a'], 'state': 'a', 'mtu': 1,"
                + "   'mac_address': 'a', 'name': 'a', 'type': 'a'}],"
                + " 'disk_devices': [{'device': 'a', 'label': 'a', 'options': {}, 'mount_point': 'a', 'type': 'a'}],"
                + " 'bios_vendor': 'a', 'bios_version': 'a', 'bios_release_date': 'a', 'cpu_flags': ['a'],"
                + " 'os_release': 'a', 'os_kernel_version': 'a', 'arch': 'a', 'kernel_modules': ['a'],"
                + " 'last_boot_time': 'not a date', 'running_processes': ['a'], 'subscription_status': 'a',"
                + " 'subscription_auto_attach': 'a', 'katello_agent_running': true, 'satellite_managed': false,"
                + " 'owner_id': '1b36b20f-7fa0-4454-a6d2-008294e06378', 'cloud_provider': 'a', 'yum_repos': [{'id': 'a', 'name': 'a', 'gpgcheck': true, 'enabled': true,"
                + "   'base_url': 'a'}], 'dnf_modules': [{'name': 'a', 'stream': 'a'}],"
                + " 'installed_products': [{'name': 'a', 'id': 'a', 'status': 'a'}],"
                + " 'insights_client_version': 'a', 'insights_egg_version': 'a', 'captured_date': 'a',"
                + " 'installed_packages': ['a'], 'installed_services': ['a'], 'enabled_services': ['a']}");
        SystemProfileSchema.Outcome outcome = validate(full, Door.REST);
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.droppedKeys()).isZero();
        assertThat(outcome.profile()).isEqualTo(full);
        assertThat(full.size()).isEqualTo(PROPERTIES_2020.size());
        assertThat(full.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(PROPERTIES_2020);
    }

    @Test
    void theSchemaIsLaterHbisSupersetOfThe2020Profile() {
        List<String> properties = new ArrayList<>();
        SCHEMA.schemaNode().get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).hasSize(71).containsAll(PROPERTIES_2020)
                .contains("operating_system", "host_type", "bootc_status", "system_update_method", "rhc_client_id",
                        "rhc_config_state", "greenboot_status", "rpm_ostree_deployments", "rhsm", "system_purpose",
                        "conversions", "image_builder", "third_party_services", "virtual_host_uuid", "workloads",
                        "sap_system", "sap_sids", "sap_instance_number", "sap_version");
        List<String> workloads = new ArrayList<>();
        SCHEMA.field(List.of("workloads")).orElseThrow().get("properties").fieldNames().forEachRemaining(workloads::add);
        assertThat(workloads).containsExactly("ansible", "crowdstrike", "ibm_db2", "intersystems", "mssql",
                "oracle_db", "rhel_ai", "sap");
    }

    @Test
    void aFieldIsFoundThroughTheReferencesWithItsKeywords() {
        assertThat(SCHEMA.field(List.of("workloads", "sap", "sids")).orElseThrow().at("/items/pattern").asText())
                .isEqualTo("^[A-Z][A-Z0-9]{2}$");
        assertThat(SCHEMA.field(List.of("network_interfaces")).orElseThrow().at("/items/properties/mtu/type").asText())
                .isEqualTo("integer");
        assertThat(SCHEMA.field(List.of("last_boot_time")).orElseThrow().path("format").asText()).isEqualTo("date-time");
        assertThat(SCHEMA.field(List.of("captured_date")).orElseThrow().path("format").asText()).isEqualTo("date-time");
        assertThat(SCHEMA.field(List.of("workloads", "nope"))).isEmpty();
        assertThat(SCHEMA.field(List.of("arch", "x"))).isEmpty();
        assertThat(SCHEMA.resolved().toString()).doesNotContain("\"$ref\":\"#/$defs/sapWorkload\"")
                .contains("\"$ref\":\"#/$defs/noEmptyKeys\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"os_release", "os_kernel_version", "insights_client_version", "bios_release_date",
            "bootc_status.booted.image", "bootc_status.rollback.cached_image", "bootc_status.staged.image",
            "workloads.ansible.controller_version", "workloads.ansible.sso_version", "ansible.hub_version",
            "workloads.mssql.version", "mssql.version"})
    void wildcardStringsAreMarked(String path) {
        JsonNode field = SCHEMA.field(List.of(path.split("\\."))).orElseThrow();
        assertThat(field.path("type").asText()).isEqualTo("string");
        assertThat(field.path("x-wildcard").asBoolean()).isTrue();
    }

    @Test
    void onlyTheStringsLaterHbiMarksAreWildcards() {
        assertThat(SCHEMA.field(List.of("arch")).orElseThrow().has("x-wildcard")).isFalse();
        assertThat(SCHEMA.field(List.of("bootc_status", "booted", "image_digest")).orElseThrow().has("x-wildcard"))
                .isFalse();
        // 4 top-level strings, 3 images × 2 in bootc_status, 4 ansible versions and the mssql one, each at the root
        // and in workloads; a split gives one part more than there are markers
        assertThat(SCHEMA.resolved().toString().split("\"x-wildcard\":true", -1)).hasSize(4 + 3 * 2 + 2 * (4 + 1) + 1);
    }

    @Test
    void laterHbisFieldsValidate() {
        ObjectNode profile = object("{'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 4},"
                + " 'host_type': 'edge', 'system_update_method': 'bootc', 'greenboot_status': 'green',"
                + " 'rhc_client_id': '33cd8e39-13bb-4d02-8316-84b850dc5136',"
                + " 'bootc_status': {"
                + "   'booted': {'image': 'quay.io/x/y:latest', 'image_digest': 'sha256:" + "a".repeat(64) + "',"
                + "     'cached_image': 'quay.io/x/y:1', 'cached_image_digest': 'sha256:" + "B".repeat(64) + "'},"
                + "   'rollback': {'image': 'quay.io/x/y:0'}, 'staged': {}},"
                + " 'rhsm': {'version': '8.1', 'environment_ids': ['262e621d10ae4475ab5732b39a9160b2']},"
                + " 'workloads': {'sap': {'sap_system': true, 'sids': ['ABC', 'H2O'], 'instance_number': '03',"
                + "     'version': '2.00.122.04.1478575636'},"
                + "   'ansible': {'controller_version': '4.5.6'}, 'mssql': {'version': '15.2.0'},"
                + "   'intersystems': {'is_intersystems': true, 'running_instances': [{'instance_name': 'IRIS3',"
                + "     'product': 'IRIS', 'version': '2023.1'}]},"
                + "   'rhel_ai': {'gpu_models': [{'name': 'A100', 'vendor': 'Nvidia', 'memory': '80GB', 'count': 4}]},"
                + "   'crowdstrike': {'falcon_aid': 'a'}, 'ibm_db2': {'is_running': false},"
                + "   'oracle_db': {'is_running': true}},"
                + " 'rpm_ostree_deployments': [{'id': 'd', 'checksum': '" + "0".repeat(64) + "', 'origin': 'o',"
                + "   'osname': 'rhel', 'booted': true, 'pinned': false}],"
                + " 'systemd': {'state': 'running', 'jobs_queued': 0, 'failed': 1, 'failed_services': ['x']},"
                + " 'system_purpose': {'usage': 'Production', 'role': 'Server', 'sla': 'Premium'},"
                + " 'third_party_services': {'crowdstrike': {'falcon_version': '7.14'}},"
                + " 'image_builder': {'compliance_policy_id': '89b52baa-9912-4edc-9ed5-be15c06eaaa9'},"
                + " 'conversions': {'activity': true}, 'virtual_host_uuid': '0ddf52cb-94e3-4ada-bdf7-d424a547b671',"
                + " 'sap_system': true, 'sap_sids': ['XYZ'], 'sap_instance_number': '99',"
                + " 'sap_version': '1.00.122.04.1478575636', 'sap': {'sap_system': false},"
                + " 'dnf_modules': [{'name': 'n', 'stream': 's', 'status': ['enabled', 'installed']}],"
                + " 'yum_repos': [{'id': 'r', 'mirrorlist': 'https://x/mirror'}], 'cpu_model': 'Xeon',"
                + " 'threads_per_core': 2, 'public_ipv4_addresses': ['12.23.31.32'], 'selinux_current_mode': 'enforcing'}");
        for (Door door : Door.values()) {
            SystemProfileSchema.Outcome outcome = validate(profile, door);
            assertThat(outcome.errors()).isEmpty();
            assertThat(outcome.droppedKeys()).isZero();
            assertThat(outcome.profile()).isEqualTo(profile);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'number_of_cpus': -1, 'number_of_sockets': 9007199254740993, 'cores_per_socket': -2}",
            "{'system_memory_bytes': -1}",
            "{'system_memory_bytes': 9007199254740993}",
            "{'os_kernel_version': '4.18.0-305.el8.x86_64 (a 2020 spelling, longer than 20)'}",
            "{'last_boot_time': 'not a date', 'captured_date': 'yesterday'}",
            "{'network_interfaces': [{'mtu': -1, 'mac_address': 'not a mac', 'ipv4_addresses': ['blah']}]}",
            "{'yum_repos': [{'base_url': 'not a uri'}]}",
            "{'owner_id': 'not-a-uuid'}",
    })
    void a2020ProfileThatLaterHbiWouldRefuseStaysValid(String profile) {
        for (Door door : Door.values()) {
            assertThat(validate(object(profile), door).errors()).as(door.name()).isEmpty();
        }
    }

    @Test
    void everyRuleOf2020ThatLaterHbiLoosenedStillHolds() {
        assertThat(validate(object("{'captured_date': '" + repeat(33) + "'}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile.captured_date", "Longer than maximum length 32."));
        assertThat(validate(object("{'dnf_modules': [{'stream': '" + repeat(129) + "'}]}"), Door.MQ).errors())
                .containsExactly(new FieldError("system_profile.dnf_modules[0].stream",
                        "Longer than maximum length 128."));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'operating_system': {'name': 'Ubuntu', 'major': 9, 'minor': 4}} | operating_system.name | Not a valid choice.",
            "{'operating_system': {'name': 'RHEL', 'major': 100, 'minor': 4}} | operating_system.major | Must be between 0 and 99.",
            "{'operating_system': {'name': 'RHEL', 'major': 9, 'minor': -1}} | operating_system.minor | Must be between 0 and 99.",
            "{'operating_system': {'name': 'RHEL', 'major': 9}} | operating_system.minor | Missing data for required field.",
            "{'operating_system': 'RHEL 9.4'} | operating_system | Invalid input type.",
            "{'operating_system': {'name': 'RHEL', 'major': 9.5, 'minor': 4}} | operating_system.major | Not a valid integer.",
            "{'workloads': {'sap': {'sap_system': 'yes'}}} | workloads.sap.sap_system | Not a valid boolean.",
            "{'workloads': {'sap': {'sids': ['abc']}}} | workloads.sap.sids[0] | String does not match expected pattern.",
            "{'workloads': {'sap': {'sids': ['ABC', 'ABC']}}} | workloads.sap.sids | Items must be unique.",
            "{'workloads': {'sap': {'sids': 'ABC'}}} | workloads.sap.sids | Not a valid list.",
            "{'workloads': {'sap': null}} | workloads.sap | Field may not be null.",
            "{'workloads': {'rhel_ai': {'gpu_models': [{'count': 10000}]}}} | workloads.rhel_ai.gpu_models[0].count | Must be between 0 and 9999.",
            "{'workloads': {'intersystems': {'running_instances': [{'version': '2023'}]}}} | workloads.intersystems.running_instances[0].version | String does not match expected pattern.",
            "{'sap_sids': [1]} | sap_sids[0] | Not a valid string.",
            "{'sap_sids': ['A1']} | sap_sids[0] | String does not match expected pattern.",
            "{'sap': {'instance_number': '3'}} | sap.instance_number | String does not match expected pattern.",
            "{'bootc_status': {'booted': {'image_digest': 'sha1:abc'}}} | bootc_status.booted.image_digest | String does not match expected pattern.",
            "{'bootc_status': {'staged': {'image': 1}}} | bootc_status.staged.image | Not a valid string.",
            "{'rhsm': {'version': 8.1}} | rhsm.version | Not a valid string.",
            "{'rhsm': {'environment_ids': 'e'}} | rhsm.environment_ids | Not a valid list.",
            "{'host_type': 'desktop'} | host_type | Not a valid choice.",
            "{'system_update_method': 'apt'} | system_update_method | Not a valid choice.",
            "{'rhc_client_id': 'not a uuid'} | rhc_client_id | String does not match expected pattern.",
            "{'rpm_ostree_deployments': [{'checksum': '" + "0000000000000000000000000000000000000000000000000000000000000000"
                    + "', 'origin': 'o', 'osname': 'o', 'booted': true, 'pinned': true}]} | rpm_ostree_deployments[0].id | Missing data for required field.",
            "{'systemd': {'state': 'running', 'jobs_queued': -1, 'failed': 0}} | systemd.jobs_queued | Must be at least 0.",
            "{'dnf_modules': [{'status': ['broken']}]} | dnf_modules[0].status[0] | Not a valid choice.",
    })
    void anInvalidNewFieldIsRefusedWithItsPath(String profile, String path, String message) {
        for (Door door : Door.values()) {
            assertThat(validate(object(profile), door).errors()).as(door.name())
                    .containsExactly(new FieldError("system_profile." + path, message));
        }
    }

    @Test
    void unknownKeysAreDroppedAndCountedAtTheRootAndInsideNewObjects() {
        SystemProfileSchema.Outcome outcome = validate(object("{'made_up': 1, 'arch': 'x86_64',"
                + " 'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 4, 'patch': 1},"
                + " 'workloads': {'sap': {'sap_system': true, 'landscape': 'x'}, 'db9': {'on': true}},"
                + " 'bootc_status': {'booted': {'image': 'i', 'signed': true}, 'pending': {}},"
                + " 'rhsm': {'version': '9', 'org': 'x'},"
                + " 'rpm_ostree_deployments': [{'id': 'd', 'checksum': '" + "0".repeat(64) + "', 'origin': 'o',"
                + "   'osname': 'rhel', 'booted': true, 'pinned': false, 'timestamp': 1}]}"), Door.MQ);
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.droppedKeys()).isEqualTo(8);
        assertThat(outcome.profile()).isEqualTo(parse("{'arch': 'x86_64',"
                + " 'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 4},"
                + " 'workloads': {'sap': {'sap_system': true}}, 'bootc_status': {'booted': {'image': 'i'}},"
                + " 'rhsm': {'version': '9'},"
                + " 'rpm_ostree_deployments': [{'id': 'd', 'checksum': '" + "0".repeat(64) + "', 'origin': 'o',"
                + "   'osname': 'rhel', 'booted': true, 'pinned': false}]}"));
    }

    @Test
    void numericStringsOfNestedIntegersAreIntegersOnMqOnly() {
        ObjectNode profile = object("{'operating_system': {'name': 'RHEL', 'major': '9', 'minor': ' 4'},"
                + " 'workloads': {'rhel_ai': {'gpu_models': [{'count': '2'}]}}}");
        SystemProfileSchema.Outcome mq = validate(profile, Door.MQ);
        assertThat(mq.errors()).isEmpty();
        assertThat(mq.profile()).isEqualTo(parse("{'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 4},"
                + " 'workloads': {'rhel_ai': {'gpu_models': [{'count': 2}]}}}"));
        assertThat(validate(profile, Door.REST).errors()).hasSize(3);
    }

    @Test
    void sharedInstanceValidatesConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean bad = i % 2 == 0;
                tasks.add(() -> {
                    SystemProfileSchema.Outcome outcome = SCHEMA.validate(
                            object(bad ? "{'arch': 1, 'x': 1}" : "{'arch': 'x86_64', 'x': 1}"), Door.MQ);
                    return outcome.isValid() != bad && outcome.droppedKeys() == 1;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
