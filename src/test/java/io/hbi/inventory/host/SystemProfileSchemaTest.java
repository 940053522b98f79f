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
        assertThat(SCHEMA.schemaNode().get("properties").size()).isEqualTo(33);
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
