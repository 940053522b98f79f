package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.selection.ProfileFixtures;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SQL of each filter kind (hbi-later.md §L2.2): values are bound, never written into the statement; the statement
 * varies only with the schema path.
 */
class ProfileConditionsTest {

    static final String SP = "filter[system_profile]";

    record Rendered(String sql, List<Object> values) {
    }

    static Rendered render(String query) {
        SqlWhere where = ProfileConditions.and(new SqlWhere(), ProfileFixtures.filter(query));
        return new Rendered(where.sql(), new ArrayList<>(where.parameters()));
    }

    @Test
    void equalityIsContainment() {
        assertThat(render(SP + "[arch]=x86_64")).isEqualTo(new Rendered("profile_filterable @> ?::jsonb",
                List.of("{\"arch\":\"x86_64\"}")));
        assertThat(render(SP + "[number_of_cpus]=4").values()).containsExactly("{\"number_of_cpus\":4}");
        assertThat(render(SP + "[katello_agent_running]=TRUE").values()).containsExactly("{\"katello_agent_running\":true}");
        assertThat(render(SP + "[installed_packages]=vim").values()).containsExactly("{\"installed_packages\":[\"vim\"]}");
        assertThat(render(SP + "[workloads][sap][sap_system]=true").values())
                .containsExactly("{\"workloads\":{\"sap\":{\"sap_system\":true}}}");
        assertThat(render(SP + "[sap_sids][]=ABC").values()).containsExactly("{\"workloads\":{\"sap\":{\"sids\":[\"ABC\"]}}}");
    }

    @Test
    void inequalityNeedsTheValuePresent() {
        assertThat(render(SP + "[arch][neq]=x86_64")).isEqualTo(new Rendered(
                "((profile_filterable #>> '{\"arch\"}') IS NOT NULL AND NOT profile_filterable @> ?::jsonb)",
                List.of("{\"arch\":\"x86_64\"}")));
    }

    @Test
    void integerRangesAreOneJsonpathFilterEachWithTheirValueAsAVariable() {
        String exists = "jsonb_path_exists(profile_filterable, ?::jsonpath, ?::jsonb)";
        assertThat(render(SP + "[number_of_cpus][gt]=2&" + SP + "[number_of_cpus][lt]=8")).isEqualTo(new Rendered(
                exists + " AND " + exists, List.of("$.\"number_of_cpus\" ? (@ > $v)", "{\"v\":2}",
                "$.\"number_of_cpus\" ? (@ < $v)", "{\"v\":8}")));
        Rendered time = render(SP + "[last_boot_time][gte]=2024-05-01T00:00:00+02:00");
        assertThat(time.sql()).contains("::timestamptz END) >= ?").contains(" ~ '^");
        assertThat(time.values()).containsExactly(OffsetDateTime.parse("2024-05-01T00:00:00+02:00"));
    }

    @Test
    void wildcardIsACaseInsensitiveLikeWithLiteralPercentUnderscoreAndBackslash() {
        assertThat(render(SP + "[os_kernel_version]=4.18*")).isEqualTo(new Rendered(
                "lower((profile_filterable #>> '{\"os_kernel_version\"}')) LIKE ? ESCAPE '\\'", List.of("4.18%")));
        assertThat(render(SP + "[os_kernel_version]=A%25_b%5C*").values()).containsExactly("a\\%\\_b\\\\%");
    }

    @Test
    void presenceAndCombinations() {
        assertThat(render(SP + "[rhsm]=nil").sql()).isEqualTo("(profile_filterable #>> '{\"rhsm\"}') IS NULL");
        assertThat(render(SP + "[number_of_cpus][]=2&" + SP + "[number_of_cpus][]=4").sql())
                .isEqualTo("(profile_filterable @> ?::jsonb OR profile_filterable @> ?::jsonb)");
        // an array field is not in the inline copy: the whole profile
        assertThat(render(SP + "[installed_packages][]=a&" + SP + "[installed_packages][]=b").sql())
                .isEqualTo("(system_profile_facts @> ?::jsonb AND system_profile_facts @> ?::jsonb)");
        assertThat(render(SP + "[workloads][sap]=not_nil&" + SP + "[workloads][mssql][is]=not_nil").sql()).isEqualTo(
                "((profile_filterable #>> '{\"workloads\",\"sap\"}') IS NOT NULL"
                        + " OR (profile_filterable #>> '{\"workloads\",\"mssql\"}') IS NOT NULL)");
    }

    @Test
    void operatingSystemVersions() {
        Rendered range = render(SP + "[operating_system][RHEL][version][gte]=8.4");
        // the name as the schema spells it, contained; the range as one jsonpath filter
        assertThat(range.sql()).isEqualTo("(profile_filterable @> ?::jsonb AND"
                + " jsonb_path_exists(profile_filterable, ?::jsonpath, ?::jsonb))");
        assertThat(range.values()).containsExactly("{\"operating_system\":{\"name\":\"RHEL\"}}",
                "$.\"operating_system\" ? (@.\"major\" > $major || (@.\"major\" == $major && @.\"minor\" >= $minor))",
                "{\"major\":8,\"minor\":4}");
        // equality is one containment of name and version
        assertThat(render(SP + "[operating_system][rhel][version][eq]=9")).isEqualTo(new Rendered(
                "profile_filterable @> ?::jsonb", List.of("{\"operating_system\":{\"name\":\"RHEL\",\"major\":9}}")));
        assertThat(render(SP + "[operating_system][RHEL][version][eq][]=9.4").values())
                .containsExactly("{\"operating_system\":{\"name\":\"RHEL\",\"major\":9,\"minor\":4}}");
        Rendered other = render(SP + "[operating_system][RHEL][version][neq]=9");
        assertThat(other).isEqualTo(new Rendered("(profile_filterable @> ?::jsonb AND NOT profile_filterable @> ?::jsonb)",
                List.of("{\"operating_system\":{\"name\":\"RHEL\"}}",
                        "{\"operating_system\":{\"name\":\"RHEL\",\"major\":9}}")));
        assertThat(render(SP + "[operating_system][name][neq]=centos linux")).isEqualTo(new Rendered(
                "((profile_filterable #>> '{\"operating_system\",\"name\"}') IS NOT NULL AND NOT profile_filterable @> ?::jsonb)",
                List.of("{\"operating_system\":{\"name\":\"CentOS Linux\"}}")));
    }

    @Test
    void namesAreQuotedInsideThePathLiteral() {
        assertThat(ProfileConditions.jsonPath(List.of("a\"b", "c\\d"))).isEqualTo("$.\"a\\\"b\".\"c\\\\d\"");
        assertThat(ProfileConditions.pathLiteral(List.of("a'b", "c\"d", "e,f")))
                .isEqualTo("'{\"a''b\",\"c\\\"d\",\"e,f\"}'");
    }
}
