package io.hbi.inventory.selection;

import static io.hbi.inventory.selection.ProfileFixtures.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.selection.ProfileCondition.AllOf;
import io.hbi.inventory.selection.ProfileCondition.AnyOf;
import io.hbi.inventory.selection.ProfileCondition.Compare;
import io.hbi.inventory.selection.ProfileCondition.Op;
import io.hbi.inventory.selection.ProfileCondition.OsName;
import io.hbi.inventory.selection.ProfileCondition.OsVersion;
import io.hbi.inventory.selection.ProfileCondition.Presence;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The filter grammar of hbi-later.md §L2.2, without Camel or a database. */
class ProfileFilterParserTest {

    static final String SP = "filter[system_profile]";

    static ProfileCondition only(String query) {
        List<ProfileCondition> conditions = filter(query).conditions();
        assertThat(conditions).hasSize(1);
        return conditions.get(0);
    }

    static String refused(String query) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(() -> filter(query), InvalidInputException.class)
                .getMessage();
    }

    @Test
    void defaultsAndOperatorsPerType() {
        assertThat(only(SP + "[number_of_cpus]=4")).isEqualTo(cmp("number_of_cpus", Op.EQ, new BigDecimal(4)));
        assertThat(only(SP + "[number_of_cpus][eq]=4")).isEqualTo(cmp("number_of_cpus", Op.EQ, new BigDecimal(4)));
        assertThat(only(SP + "[number_of_cpus][gte]=4")).isEqualTo(cmp("number_of_cpus", Op.GTE, new BigDecimal(4)));
        assertThat(only(SP + "[arch][neq]=x86_64")).isEqualTo(cmp("arch", Op.NEQ, "x86_64"));
        assertThat(only(SP + "[arch][ne]=x86_64")).isEqualTo(cmp("arch", Op.NEQ, "x86_64"));
        assertThat(only(SP + "[os_kernel_version]=4.18*")).isEqualTo(cmp("os_kernel_version", Op.MATCHES, "4.18*"));
        assertThat(only(SP + "[os_kernel_version][eq]=4.18*")).isEqualTo(cmp("os_kernel_version", Op.EQ, "4.18*"));
        assertThat(only(SP + "[installed_packages]=vim")).isEqualTo(cmp("installed_packages", Op.CONTAINS, "vim"));
        assertThat(only(SP + "[installed_packages][contains]=vim"))
                .isEqualTo(cmp("installed_packages", Op.CONTAINS, "vim"));
        assertThat(only(SP + "[last_boot_time][lt]=2024-01-02T03:04:05Z")).isEqualTo(
                cmp("last_boot_time", Op.LT, OffsetDateTime.parse("2024-01-02T03:04:05Z")));
        for (String spelling : List.of("TRUE", "True", "true")) {
            assertThat(only(SP + "[katello_agent_running]=" + spelling))
                    .isEqualTo(cmp("katello_agent_running", Op.EQ, true));
        }
        assertThat(only(SP + "[workloads][sap][sap_system]=false"))
                .isEqualTo(new Compare(field("workloads", "sap", "sap_system"), Op.EQ, false));
    }

    @Test
    void nilAndNotNilOnEveryType() {
        for (String name : List.of("number_of_cpus", "arch", "os_kernel_version", "katello_agent_running",
                "last_boot_time", "installed_packages", "rhsm", "network_interfaces")) {
            assertThat(only(SP + "[" + name + "]=nil")).isEqualTo(new Presence(field(name), false));
            assertThat(only(SP + "[" + name + "][is]=not_nil")).isEqualTo(new Presence(field(name), true));
            assertThat(only(SP + "[" + name + "][eq]=not_nil")).isEqualTo(new Presence(field(name), true));
        }
    }

    @Test
    void combinationRules() {
        assertThat(filter(SP + "[arch]=x86_64&" + SP + "[number_of_cpus]=2").conditions()).hasSize(2);
        assertThat(only(SP + "[number_of_cpus][]=2&" + SP + "[number_of_cpus][]=4")).isEqualTo(new AnyOf(List.of(
                cmp("number_of_cpus", Op.EQ, new BigDecimal(2)), cmp("number_of_cpus", Op.EQ, new BigDecimal(4)))));
        assertThat(filter(SP + "[number_of_cpus][gt][]=2&" + SP + "[number_of_cpus][lt][]=8").conditions())
                .containsExactly(cmp("number_of_cpus", Op.GT, new BigDecimal(2)),
                        cmp("number_of_cpus", Op.LT, new BigDecimal(8)));
        assertThat(only(SP + "[number_of_cpus][gte][]=2&" + SP + "[number_of_cpus][gte][]=4"))
                .isInstanceOf(AllOf.class);
        assertThat(only(SP + "[installed_packages][]=vim&" + SP + "[installed_packages][]=git"))
                .isEqualTo(new AllOf(List.of(cmp("installed_packages", Op.CONTAINS, "vim"),
                        cmp("installed_packages", Op.CONTAINS, "git"))));
        assertThat(only(SP + "[sap_sids][]=ABC&" + SP + "[sap_sids][]=C1E")).isEqualTo(new AllOf(List.of(
                new Compare(field("workloads", "sap", "sids"), Op.CONTAINS, "ABC"),
                new Compare(field("workloads", "sap", "sids"), Op.CONTAINS, "C1E"))));
        assertThat(filter(SP + "[workloads][sap][is]=not_nil&" + SP + "[workloads][ansible]=not_nil&" + SP
                + "[arch]=x86_64").conditions()).containsExactly(
                new AnyOf(List.of(new Presence(field("workloads", "sap"), true),
                        new Presence(field("workloads", "ansible"), true))),
                cmp("arch", Op.EQ, "x86_64"));
    }

    @Test
    void theJsonFormsAreTheDeepObjectForm() {
        ProfileFilter deep = filter(SP + "[number_of_cpus][gt]=2&" + SP + "[arch][]=x86_64&" + SP + "[arch][]=s390x");
        assertThat(filter("filter=" + enc("{\"system_profile\":{\"number_of_cpus\":{\"gt\":2},"
                + "\"arch\":[\"x86_64\",\"s390x\"]}}"))).isEqualTo(deep);
        assertThat(filter(enc(SP) + "=" + enc("{\"number_of_cpus\":{\"gt\":\"2\"},\"arch\":[\"x86_64\",\"s390x\"]}")))
                .isEqualTo(deep);
        assertThat(filter(SP + "[workloads]=" + enc("{\"sap\":{\"sap_system\":true}}")))
                .isEqualTo(filter(SP + "[workloads][sap][sap_system]=true"));
        assertThat(filter(enc(SP + "[arch]") + "=x86_64")).isEqualTo(filter(SP + "[arch]=x86_64"));
    }

    @Test
    void operatingSystemNamesVersionsAndTheQuirk() {
        assertThat(only(SP + "[operating_system][name][eq]=rhel")).isEqualTo(new OsName(Op.EQ, "rhel"));
        assertThat(only(SP + "[operating_system][name][eq][]=RHEL&" + SP + "[operating_system][name][eq][]=CentOS"))
                .isEqualTo(new AnyOf(List.of(new OsName(Op.EQ, "rhel"), new OsName(Op.EQ, "centos"))));
        assertThat(only(SP + "[operating_system][RHEL][version][eq]=8"))
                .isEqualTo(new OsVersion("rhel", Op.EQ, 8, null));
        assertThat(only(SP + "[operating_system][RHEL][version][eq][]=9.4"))
                .isEqualTo(new OsVersion("rhel", Op.EQ, 9, 4L));
        assertThat(only(SP + "[operating_system][RHEL][version]=8.4")).isEqualTo(new OsVersion("rhel", Op.EQ, 8, 4L));
        assertThat(only(SP + "[operating_system]=nil")).isEqualTo(new Presence(field("operating_system"), false));
        assertThat(only(SP + "[operating_system][RHEL][version][gte]=7&" + SP + "[operating_system][RHEL][version][lte]=8&"
                + SP + "[operating_system][CentOS][version][eq]=7")).isEqualTo(new AnyOf(List.of(
                new OsVersion("centos", Op.EQ, 7, null),
                new AllOf(List.of(new OsVersion("rhel", Op.GTE, 7, null), new OsVersion("rhel", Op.LTE, 8, null))))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "filter[system_profile][nope]=1|Invalid operation or child node for system_profile: nope",
            "filter[system_profile][number_of_cpus][foo]=1|Invalid operation or child node for number_of_cpus: foo",
            "filter[system_profile][rhsm][nope]=1|Invalid operation or child node for rhsm: nope",
            "filter[system_profile][arch][gt]=1|Invalid operation or child node for arch: gt",
            "filter[system_profile][arch][contains]=x|'contains' is an invalid operation for non-array field arch",
            "filter[system_profile][number_of_cpus]=four|'four' is an invalid value for field number_of_cpus",
            "filter[system_profile][number_of_cpus]=|'' is an invalid value for field number_of_cpus",
            "filter[system_profile][katello_agent_running]=yes|'yes' is an invalid value for field katello_agent_running",
            "filter[system_profile][katello_agent_running]=|'' is an invalid value for field katello_agent_running",
            "filter[system_profile][installed_packages]=|'' is an invalid value for field installed_packages",
            "filter[system_profile][last_boot_time][gt]=yesterday|'yesterday' is an invalid value for field last_boot_time",
            "filter[system_profile][arch][is]=x86_64|'x86_64' is an invalid value for field arch",
            "filter[system_profile][rhsm]=x|'x' is an invalid value for field rhsm",
            "filter[foo][arch]=x|Invalid filter key 'foo'",
            "filter[system_profile][arch]=a&filter[system_profile][arch]=b|Param filter must be appended with [] to accept multiple values.",
            "filter=x|Filter param 'filter' must be a JSON object.",
            "filter[system_profile]=plainstring|Filter param 'filter[system_profile]' value must be a JSON object or use bracket notation for nested fields (e.g., filter[system_profile][field]=value).",
            "filter[system_profile]=%5B%22a%22%5D|Filter param 'filter[system_profile]' must be a JSON object, not an array.",
            "filter=%7B%22foo%22%3A%7B%7D%7D|Invalid filter key 'foo'",
            "filter[system_profile][operating_system][Windows][version]=10|operating_system filter only supports these OS names: ['RHEL', 'CentOS', 'CentOS Linux'].",
            "filter[system_profile][operating_system][RHEL][version]=8.4.1|operating_system filter can only have a major and minor version.",
            "filter[system_profile][operating_system][RHEL][version]=8.x|operating_system major and minor versions must be numerical.",
    })
    void everyMistakeIsA400ThatNamesIt(String query, String detail) {
        assertThat(refused(query)).isEqualTo(detail);
    }

    @Test
    void anEmptyStringMatchesTheEmptyStringOfAStringField() {
        assertThat(only(SP + "[arch]=")).isEqualTo(cmp("arch", Op.EQ, ""));
        assertThat(only(SP + "[os_kernel_version]=")).isEqualTo(cmp("os_kernel_version", Op.EQ, ""));
    }

    @Test
    void unknownFieldsThrowTheDomainsInvalidInput() {
        assertThatThrownBy(() -> filter(SP + "[zzz]=1")).isInstanceOf(InvalidInputException.class);
    }

    static ProfileFields.Field field(String... path) {
        return ProfileFixtures.laterFields().at(List.of(path)).orElseThrow();
    }

    static Compare cmp(String name, Op op, Object value) {
        return new Compare(field(name), op, value);
    }

    static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
