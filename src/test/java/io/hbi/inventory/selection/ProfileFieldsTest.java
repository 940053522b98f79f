package io.hbi.inventory.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.SystemProfileSchema;
import io.hbi.inventory.selection.ProfileFields.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field types come from the schema alone (hbi-later.md §L2.2, decisions.md 15). */
class ProfileFieldsTest {

    private final ProfileFields later = ProfileFixtures.laterFields();

    @Test
    void everyKindIsReadFromTheSchema() {
        assertThat(kind("number_of_cpus")).isEqualTo(Kind.INTEGER);
        assertThat(kind("arch")).isEqualTo(Kind.STRING);
        assertThat(kind("os_kernel_version")).isEqualTo(Kind.WILDCARD);
        assertThat(kind("katello_agent_running")).isEqualTo(Kind.BOOLEAN);
        assertThat(kind("last_boot_time")).isEqualTo(Kind.DATE_TIME);
        assertThat(kind("installed_packages")).isEqualTo(Kind.ARRAY);
        assertThat(later.top("installed_packages").get().itemKind()).isEqualTo(Kind.STRING);
        assertThat(later.top("network_interfaces").get().itemKind()).isEqualTo(Kind.OBJECT);
        assertThat(kind("workloads")).isEqualTo(Kind.OBJECT);
        assertThat(kind("operating_system")).isEqualTo(Kind.OPERATING_SYSTEM);
        assertThat(later.at(List.of("workloads", "sap", "sids")).get().kind()).isEqualTo(Kind.ARRAY);
        assertThat(later.at(List.of("operating_system", "name")).get().allowed())
                .containsExactly("RHEL", "CentOS", "CentOS Linux");
        assertThat(later.top("host_type").get().allowed()).containsExactly("edge", "cluster", "conventional");
    }

    @Test
    void legacyRootNamesStandForTheirWorkloadsPathsWhenTheSchemaHasThem() {
        assertThat(later.filterRoot("sap_sids").get().path()).containsExactly("workloads", "sap", "sids");
        assertThat(later.filterRoot("sap_system").get().path()).containsExactly("workloads", "sap", "sap_system");
        assertThat(later.filterRoot("ansible").get().path()).containsExactly("workloads", "ansible");
        assertThat(later.filterRoot("intersystems")).isEmpty();
        assertThat(later.top("sap_sids")).isEmpty();

        ObjectNode schema = (ObjectNode) ProfileFixtures.laterSchema();
        ((ObjectNode) schema.get("properties")).putObject("sap_system").put("type", "boolean");
        assertThat(ProfileFields.of(schema).filterRoot("sap_system").get().path())
                .containsExactly("workloads", "sap", "sap_system");
        assertThat(ProfileFields.of(schema).top("sap_system")).isPresent();
        ((ObjectNode) schema.get("properties")).remove("workloads");
        assertThat(ProfileFields.of(schema).filterRoot("sap_system").get().path()).containsExactly("sap_system");
    }

    @Test
    void aPropertyAddedToTheSchemaIsValidFilterableAndSelectable() {
        ObjectNode schema = SystemProfileSchema.shared().schemaNode().deepCopy();
        ((ObjectNode) schema.get("properties")).putObject("brand_new_count").put("type", "integer");
        ProfileFields fields = ProfileFields.of(schema);

        SystemProfileSchema validation = SystemProfileSchema.of(schema);
        ObjectNode profile = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("brand_new_count", 5);
        SystemProfileSchema.Outcome kept = validation.validate(profile, io.hbi.inventory.host.Door.REST);
        assertThat(kept.isValid()).isTrue();
        assertThat(kept.droppedKeys()).isZero();
        assertThat(kept.profile().get("brand_new_count").asInt()).isEqualTo(5);
        assertThat(SystemProfileSchema.shared().validate(profile, io.hbi.inventory.host.Door.REST).droppedKeys())
                .as("unknown to the service's own schema").isEqualTo(1);
        assertThat(validation.validate(profile.put("brand_new_count", "five"), io.hbi.inventory.host.Door.REST)
                .isValid()).isFalse();

        ProfileFilter filter = new ProfileFilterParser(fields).parse(
                Map.of("filter[system_profile][brand_new_count][gte]", List.of("3")));
        assertThat(filter.conditions()).singleElement().isInstanceOfSatisfying(ProfileCondition.Compare.class,
                compare -> assertThat(compare.field().path()).containsExactly("brand_new_count"));
        assertThat(SparseFields.parse(Map.of("fields[system_profile]", List.of("brand_new_count")), fields).names())
                .containsExactly("brand_new_count");
    }

    @Test
    void theServicesOwnSchemaIsReadWhole() {
        ProfileFields shared = ProfileFields.of(SystemProfileSchema.shared().schemaNode());
        assertThat(shared.topLevel()).hasSize(SystemProfileSchema.shared().schemaNode().get("properties").size());
        assertThat(shared.top("number_of_cpus").get().kind()).isEqualTo(Kind.INTEGER);
        assertThat(shared.top("yum_repos").get().kind()).isEqualTo(Kind.ARRAY);
        assertThat(shared.top("yum_repos").get().itemKind()).isEqualTo(Kind.OBJECT);
        assertThat(shared.top("operating_system").get().kind()).isEqualTo(Kind.OPERATING_SYSTEM);
        assertThat(shared.top("os_kernel_version").get().kind()).isEqualTo(Kind.WILDCARD);
        assertThat(shared.top("last_boot_time").get().kind()).isEqualTo(Kind.DATE_TIME);
        assertThat(shared.filterRoot("sap_sids").get().path()).containsExactly("workloads", "sap", "sids");
        assertThat(shared.at(List.of("workloads", "ansible", "controller_version")).get().kind())
                .isEqualTo(Kind.WILDCARD);
    }

    private Kind kind(String name) {
        return later.top(name).orElseThrow().kind();
    }
}
