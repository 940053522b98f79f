package io.hbi.inventory.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.selection.FacetCount;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.ProfileFixtures;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.store.HostQueries;
import io.hbi.inventory.store.HostRepository;
import io.hbi.inventory.store.ProfileFacets;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code filter[system_profile]}, {@code fields[system_profile]} and the facets (hbi-later.md §L2.2, §L2.3, §L2.5,
 * §L2.7) against the real database: through the REST API with the service's schema, and through the store with the
 * test fixture schema (operating_system, workloads) where the service's schema lacks a field.
 */
class SystemProfileFilterIT {

    static final String A = "0000021";
    static final String B = "0000022";
    static final String ORG = "org-sp-21";
    static final String SP = "filter[system_profile]";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    @RegisterExtension
    static RunningService service = RunningService.start();

    static UUID cpus2;
    static UUID cpus4;
    static UUID cpus8;
    static UUID bare;
    static UUID odd;
    static UUID orgHost;
    static HostQueries queries;
    static ProfileFacets fixtureFacets;

    @BeforeAll
    static void hosts() {
        cpus2 = insert(A, null, "h2", "{\"env\": [\"two\"]}", "{\"number_of_cpus\": 2, \"arch\": \"x86_64\","
                + " \"katello_agent_running\": true, \"os_kernel_version\": \"4.18.0-305.el8.x86_64\","
                + " \"installed_packages\": [\"vim\", \"git\"], \"last_boot_time\": \"2024-01-01T00:00:00+00:00\","
                + " \"yum_repos\": [{\"id\": \"base\"}],"
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 4},"
                + " \"workloads\": {\"sap\": {\"sap_system\": true, \"sids\": [\"ABC\", \"C1E\"]}}}", 1);
        cpus4 = insert(A, null, "h4", "{\"env\": [\"four\"]}", "{\"number_of_cpus\": 4, \"arch\": \"aarch64\","
                + " \"katello_agent_running\": false, \"os_kernel_version\": \"5.14.0-70.el9\","
                + " \"installed_packages\": [\"vim\"], \"last_boot_time\": \"2024-06-01T12:00:00+02:00\","
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 2},"
                + " \"workloads\": {\"sap\": {\"sap_system\": false, \"sids\": [\"ABC\"]},"
                + " \"ansible\": {\"controller_version\": \"4.5\"}}}", 2);
        cpus8 = insert(A, null, "h8", "{\"env\": [\"eight\"]}", "{\"number_of_cpus\": 8, \"arch\": \"x86_64\","
                + " \"os_kernel_version\": \"4.18.0-80.EL8\", \"installed_packages\": [\"git\"],"
                + " \"operating_system\": {\"name\": \"CentOS Linux\", \"major\": 7, \"minor\": 9},"
                + " \"workloads\": {\"mssql\": {\"version\": \"15\"}}}", 3);
        bare = insert(A, null, "bare", "{}", "{}", 4);
        // Not what validation would store: a range filter must pass over it, not fail.
        odd = insert(A, null, "odd", "{}", "{\"number_of_cpus\": \"many\", \"last_boot_time\": \"2024-02-30T00:00\"}", 5);
        insert(B, null, "other", "{\"env\": [\"two\"]}", "{\"number_of_cpus\": 4, \"arch\": \"x86_64\","
                + " \"installed_packages\": [\"vim\", \"git\"], \"katello_agent_running\": true,"
                + " \"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 4},"
                + " \"workloads\": {\"sap\": {\"sap_system\": true, \"sids\": [\"ABC\"]}}}", 6);
        orgHost = insert(null, ORG, "org", "{}", "{\"number_of_cpus\": 4, \"operating_system\": {\"name\": \"RHEL\","
                + " \"major\": 8, \"minor\": 4}, \"workloads\": {\"sap\": {\"sap_system\": true, \"sids\": [\"XYZ\"]}}}", 7);
        queries = new HostQueries(service.service().dataSource(), new HostRepository(new ObjectMapper()),
                StalenessWindow.DEFAULT);
        fixtureFacets = new ProfileFacets(service.service().dataSource(), queries, ProfileFixtures.laterFields());
    }

    static UUID insert(String account, String org, String name, String tags, String profile, int minutesAgo) {
        UUID id = UUID.randomUUID();
        OffsetDateTime modified = NOW.minusMinutes(minutesAgo);
        service.execute("INSERT INTO hosts (id, account, org_id, display_name, created_on, modified_on, facts, tags,"
                        + " canonical_facts, system_profile_facts, stale_timestamp, reporter) VALUES (?, ?, ?, ?, ?, ?,"
                        + " '{}'::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'puptoo')", id, account, org, name, modified,
                modified, "{\"ns\": " + tags + "}", "{\"fqdn\": \"" + name + ".example.com\"}", profile, NOW.plusDays(1));
        return id;
    }

    // ---- REST helpers ------------------------------------------------------------------------------------------

    static HttpResponse<String> get(String identity, String path) {
        return service.get(service.settings().apiPrefix() + path, "x-rh-identity", identity);
    }

    static JsonNode ok(String path) {
        return ok(Identities.of(A), path);
    }

    static JsonNode ok(String identity, String path) {
        HttpResponse<String> response = get(identity, path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    static String problem(String path) {
        HttpResponse<String> response = get(Identities.of(A), path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return RunningService.json(response).get("detail").asText();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(host -> ids.add(host.get("id").asText()));
        return ids;
    }

    static String[] s(UUID... ids) {
        return java.util.Arrays.stream(ids).map(UUID::toString).toArray(String[]::new);
    }

    static List<String> hosts(String query) {
        return ids(ok("/hosts?" + query));
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---- operators and combinations (§L2.7) --------------------------------------------------------------------

    @Test
    void integerOperatorsAndCombinations() {
        assertThat(hosts(SP + "[number_of_cpus]=4")).containsExactly(s(cpus4));
        assertThat(hosts(SP + "[number_of_cpus][eq]=4")).containsExactly(s(cpus4));
        assertThat(hosts(SP + "[number_of_cpus][gt]=4")).containsExactly(s(cpus8));
        assertThat(hosts(SP + "[number_of_cpus][gte]=4")).containsExactly(s(cpus4, cpus8));
        assertThat(hosts(SP + "[number_of_cpus][lt]=4")).containsExactly(s(cpus2));
        assertThat(hosts(SP + "[number_of_cpus][lte]=4")).containsExactly(s(cpus2, cpus4));
        assertThat(hosts(SP + "[number_of_cpus][]=2&" + SP + "[number_of_cpus][]=8")).containsExactly(s(cpus2, cpus8));
        assertThat(hosts(SP + "[number_of_cpus][eq][]=2&" + SP + "[number_of_cpus][eq][]=4"))
                .containsExactly(s(cpus2, cpus4));
        assertThat(hosts(SP + "[number_of_cpus][gt][]=2&" + SP + "[number_of_cpus][lt][]=8")).containsExactly(s(cpus4));
        assertThat(hosts(SP + "[number_of_cpus][neq]=4")).containsExactly(s(cpus2, cpus8, odd));
        assertThat(hosts("filter=" + enc("{\"system_profile\": {\"number_of_cpus\": {\"gt\": 2, \"lt\": 8}}}")))
                .containsExactly(s(cpus4));
        assertThat(hosts(enc(SP) + "=" + enc("{\"number_of_cpus\": [2, 8]}"))).containsExactly(s(cpus2, cpus8));
        assertThat(hosts(enc(SP + "[number_of_cpus][gte]") + "=8")).containsExactly(s(cpus8));
    }

    @Test
    void booleansInAnyCase() {
        for (String spelling : List.of("TRUE", "True", "true")) {
            assertThat(hosts(SP + "[katello_agent_running]=" + spelling)).as(spelling).containsExactly(s(cpus2));
        }
        assertThat(hosts(SP + "[katello_agent_running][eq]=False")).containsExactly(s(cpus4));
        assertThat(hosts(SP + "[katello_agent_running][neq]=true")).containsExactly(s(cpus4));
    }

    @Test
    void stringsArraysAndDateTimes() {
        assertThat(hosts(SP + "[arch]=x86_64")).containsExactly(s(cpus2, cpus8));
        assertThat(hosts(SP + "[arch][neq]=x86_64")).containsExactly(s(cpus4));
        assertThat(hosts(SP + "[arch][]=x86_64&" + SP + "[arch][]=aarch64")).containsExactly(s(cpus2, cpus4, cpus8));
        assertThat(hosts(SP + "[arch]=X86_64")).isEmpty();
        assertThat(hosts(SP + "[arch]=")).isEmpty();
        assertThat(hosts(SP + "[installed_packages]=vim")).containsExactly(s(cpus2, cpus4));
        assertThat(hosts(SP + "[installed_packages][contains]=git")).containsExactly(s(cpus2, cpus8));
        assertThat(hosts(SP + "[installed_packages][]=vim&" + SP + "[installed_packages][]=git")).containsExactly(s(cpus2));
        assertThat(hosts(SP + "[arch]=x86_64&" + SP + "[installed_packages]=vim")).containsExactly(s(cpus2));
        assertThat(hosts(SP + "[os_kernel_version]=4.18.0-80.EL8")).containsExactly(s(cpus8));
    }

    @ParameterizedTest
    @CsvSource({"number_of_cpus", "arch", "katello_agent_running", "installed_packages", "yum_repos", "last_boot_time",
            "operating_system", "workloads", "os_kernel_version"})
    void nilAndNotNilOnEveryType(String field) {
        List<String> present = hosts(SP + "[" + field + "]=not_nil");
        List<String> absent = hosts(SP + "[" + field + "]=nil");
        assertThat(hosts(SP + "[" + field + "][is]=not_nil")).isEqualTo(present);
        assertThat(hosts(SP + "[" + field + "][eq]=nil")).isEqualTo(absent);
        assertThat(present).isNotEmpty().doesNotContainAnyElementsOf(absent);
        assertThat(present.size() + absent.size()).isEqualTo(5);
        assertThat(absent).contains(s(bare));
    }

    @Test
    void storedValuesOfAnotherTypeNeverFailARange() {
        assertThat(hosts(SP + "[number_of_cpus][gte]=0")).containsExactly(s(cpus2, cpus4, cpus8));
        assertThat(hosts(SP + "[number_of_cpus]=not_nil")).contains(s(odd));
        assertThat(ok("/hosts?" + SP + "[number_of_cpus][lt]=99999999999999999999999").get("total").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "filter[system_profile][arch][contains]=x|'contains' is an invalid operation for non-array field arch",
            "filter[system_profile][nope]=1|Invalid operation or child node for system_profile: nope",
            "filter[system_profile][number_of_cpus][between]=1|Invalid operation or child node for number_of_cpus: between",
            "filter[system_profile][number_of_cpus]=four|'four' is an invalid value for field number_of_cpus",
            "filter[system_profile][number_of_cpus]=|'' is an invalid value for field number_of_cpus",
            "filter[system_profile][katello_agent_running]=yes|'yes' is an invalid value for field katello_agent_running",
            "filter[foo]=1|Invalid filter key 'foo'",
            "filter[system_profile][arch]=a&filter[system_profile][arch]=b|Param filter must be appended with [] to accept multiple values.",
            "filter[system_profile]=plainstring|Filter param 'filter[system_profile]' value must be a JSON object or use bracket notation for nested fields (e.g., filter[system_profile][field]=value).",
            "filter=%5B1%5D|Filter param 'filter' must be a JSON object, not an array.",
            "fields[system_profile]=arch,nope|Requested field 'nope' is not present in the system_profile schema.",
    })
    void everyMistakeIsA400ThatNamesIt(String query, String detail) {
        assertThat(problem("/hosts?" + query)).isEqualTo(detail);
    }

    @Test
    void aNulCharacterIsA400NotADatabaseError() {
        assertThat(problem("/hosts?filter=" + enc("{\"system_profile\": {\"arch\": \"x\\u0000\"}}")))
                .isEqualTo("filter: the value holds a NUL character");
        assertThat(problem("/hosts?" + SP + "[arch]=x%00")).contains("NUL");
        assertThat(problem("/system_profile/sap_sids?search=x%00")).contains("NUL");
    }

    @Test
    void otherParametersStayRefused() {
        assertThat(problem("/hosts?fields[foo]=arch")).contains("fields[foo]");
        assertThat(problem("/hosts?filterx=1")).isEqualTo("Extra query parameter(s) filterx not in spec");
        assertThat(problem("/hosts/" + cpus2 + "?" + SP + "[arch]=x86_64")).startsWith("Extra query parameter(s)");
        assertThat(problem("/hosts/" + cpus2 + "/tags?fields[system_profile]=arch")).startsWith("Extra query parameter(s)");
    }

    @Test
    void tagsCountOnlyTheFilteredHosts() {
        JsonNode tags = ok("/tags?" + SP + "[number_of_cpus][gte]=4");
        List<String> values = new ArrayList<>();
        tags.get("results").forEach(tag -> values.add(tag.at("/tag/value").asText()));
        assertThat(values).containsExactlyInAnyOrder("four", "eight");
        assertThat(problem("/tags?" + SP + "[nope]=1")).isEqualTo("Invalid operation or child node for system_profile: nope");
    }

    @Test
    void anotherTenantsHostsAreNeverSelected() {
        assertThat(ok(Identities.of(B), "/hosts?" + SP + "[number_of_cpus]=4").get("total").asInt()).isEqualTo(1);
        assertThat(ids(ok(TodaysIdentities.user(ORG), "/hosts?" + SP + "[number_of_cpus]=4"))).containsExactly(s(orgHost));
        assertThat(hosts(SP + "[installed_packages][]=vim&" + SP + "[installed_packages][]=git")).containsExactly(s(cpus2));
    }

    // ---- sparse fields (§L2.3) ---------------------------------------------------------------------------------

    @Test
    void sparseFieldsOnTheListByIdAndSystemProfile() {
        JsonNode plain = ok("/hosts?" + SP + "[number_of_cpus]=2");
        assertThat(plain.at("/results/0").has("system_profile")).isFalse();

        JsonNode list = ok("/hosts?fields[system_profile]=arch,number_of_cpus&fields[system_profile]=installed_packages");
        Map<String, JsonNode> profiles = new HashMap<>();
        list.get("results").forEach(host -> profiles.put(host.get("id").asText(), host.get("system_profile")));
        assertThat(profiles.get(cpus2.toString())).isEqualTo(json("{\"arch\": \"x86_64\", \"number_of_cpus\": 2,"
                + " \"installed_packages\": [\"vim\", \"git\"]}"));
        assertThat(profiles.get(bare.toString())).isEqualTo(json("{}"));

        JsonNode byId = ok("/hosts/" + cpus4 + "," + cpus8 + "?fields%5Bsystem_profile%5D=" + enc("[\"arch\"]"));
        byId.get("results").forEach(host -> assertThat(host.get("system_profile").fieldNames())
                .toIterable().containsExactly("arch"));
        assertThat(ok("/hosts/" + cpus4).at("/results/0").has("system_profile")).isFalse();

        JsonNode profile = ok("/hosts/" + cpus8 + "/system_profile?fields[system_profile]=installed_packages,arch");
        assertThat(profile.at("/results/0/system_profile"))
                .isEqualTo(json("{\"installed_packages\": [\"git\"], \"arch\": \"x86_64\"}"));
        JsonNode whole = ok("/hosts/" + cpus8 + "/system_profile");
        assertThat(whole.at("/results/0/system_profile/number_of_cpus").asInt()).isEqualTo(8);
        assertThat(problem("/hosts/" + cpus8 + "/system_profile?fields[system_profile]=nope"))
                .isEqualTo("Requested field 'nope' is not present in the system_profile schema.");
    }

    // ---- facets (§L2.5) ----------------------------------------------------------------------------------------

    @Test
    void operatingSystemFacetCountsTheFilteredHostsOfTheTenant() {
        String filter = SP + "[number_of_cpus][gte]=2";
        JsonNode facet = ok("/system_profile/operating_system?" + filter);
        assertThat(facet.get("total").asInt()).isEqualTo(3);
        long sum = 0;
        for (JsonNode item : facet.get("results")) {
            sum += item.get("count").asLong();
        }
        assertThat(sum).isEqualTo(ok("/hosts?" + filter).get("total").asLong());
        assertThat(ok("/system_profile/operating_system").get("results")).isEqualTo(json("["
                + "{\"value\": {\"name\": \"CentOS Linux\", \"major\": 7, \"minor\": 9}, \"count\": 1},"
                + "{\"value\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 4}, \"count\": 1},"
                + "{\"value\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 2}, \"count\": 1}]"));
        assertThat(ok(TodaysIdentities.user(ORG), "/system_profile/operating_system").get("results")).isEqualTo(json(
                "[{\"value\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 4}, \"count\": 1}]"));
        JsonNode page = ok("/system_profile/operating_system?per_page=1&page=2");
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("count").asInt()).isEqualTo(1);
        assertThat(get(Identities.of(A), "/system_profile/operating_system?per_page=1&page=9").statusCode()).isEqualTo(404);
    }

    @Test
    void sapFacetsCountEachSidOncePerHostMostFrequentFirst() {
        assertThat(ok("/system_profile/sap_system").get("results")).isEqualTo(json(
                "[{\"value\": false, \"count\": 1}, {\"value\": true, \"count\": 1}]"));
        JsonNode sids = ok("/system_profile/sap_sids");
        assertThat(sids.get("total").asInt()).isEqualTo(2);
        assertThat(sids.get("results")).isEqualTo(json("[{\"value\": \"ABC\", \"count\": 2}, {\"value\": \"C1E\", \"count\": 1}]"));
        assertThat(ok("/system_profile/sap_sids?search=c1").get("results"))
                .isEqualTo(json("[{\"value\": \"C1E\", \"count\": 1}]"));
        assertThat(ok("/system_profile/sap_sids?search=%25").get("total").asInt()).isZero();
        assertThat(ok("/system_profile/sap_sids?" + SP + "[number_of_cpus]=4").get("results"))
                .isEqualTo(json("[{\"value\": \"ABC\", \"count\": 1}]"));
        assertThat(ok(TodaysIdentities.user(ORG), "/system_profile/sap_sids").get("results"))
                .isEqualTo(json("[{\"value\": \"XYZ\", \"count\": 1}]"));
        assertThat(problem("/system_profile/sap_system?search=x")).startsWith("Extra query parameter(s) search");
    }

    // ---- operating_system, workloads, wildcard, date-time (the service's schema) -------------------------------

    /** The ids GET /hosts answers for the account A. */
    static List<UUID> store(String query) {
        return rest(Identities.of(A), query);
    }

    static List<UUID> rest(String identity, String query) {
        List<UUID> ids = new ArrayList<>();
        ids(ok(identity, "/hosts?" + query)).forEach(id -> ids.add(UUID.fromString(id)));
        return ids;
    }

    /** The ids the store selects for a filter read with the test fixture schema (not the service's). */
    static List<UUID> fixture(Tenant tenant, String query) {
        HostFilter filter = HostFilter.forTags(List.of(), HostFilter.DEFAULT_STALENESS, false)
                .withSystemProfile(ProfileFixtures.filter(query));
        List<UUID> ids = new ArrayList<>();
        queries.list(tenant, filter, Ordering.DEFAULT, new PageRequest(1, 50), Instant.now())
                .items().forEach(host -> ids.add(host.id()));
        return ids;
    }

    @Test
    void operatingSystemVersionTable() {
        String rhel = SP + "[operating_system][RHEL][version]";
        assertThat(store(rhel + "[eq]=8")).containsExactly(cpus2);
        assertThat(store(rhel + "[eq]=8.4")).containsExactly(cpus2);
        assertThat(store(rhel + "[eq]=8.5")).isEmpty();
        assertThat(store(rhel + "[eq][]=9.2&" + rhel + "[eq][]=8.4")).containsExactly(cpus2, cpus4);
        assertThat(store(rhel + "[gte]=8.4")).containsExactly(cpus2, cpus4);
        assertThat(store(rhel + "[gt]=8.4")).containsExactly(cpus4);
        assertThat(store(rhel + "[lt]=9")).containsExactly(cpus2);
        assertThat(store(rhel + "[lte]=9.1")).containsExactly(cpus2);
        assertThat(store(rhel + "[neq]=8")).containsExactly(cpus4);
        assertThat(store(SP + "[operating_system][CentOS%20Linux][version][gte]=7")).containsExactly(cpus8);
        assertThat(store(SP + "[operating_system][name][eq]=rhel")).containsExactly(cpus2, cpus4);
        assertThat(store(SP + "[operating_system][name][neq]=RHEL")).containsExactly(cpus8);
        assertThat(store(SP + "[operating_system]=nil")).containsExactly(bare, odd);
        assertThat(store(SP + "[operating_system]=not_nil")).containsExactly(cpus2, cpus4, cpus8);
        // The quirk (RHINENG-18750): the ranges AND into one term, OR-ed with eq entries.
        assertThat(store(rhel + "[gte]=9&" + rhel + "[lte]=8")).isEmpty();
        assertThat(store(rhel + "[gte]=9&" + rhel + "[lte]=8&" + SP + "[operating_system][CentOS+Linux][version]=7"))
                .containsExactly(cpus8);
    }

    @Test
    void workloadsLegacyNamesWildcardsAndDateTimes() {
        assertThat(store(SP + "[workloads][sap][sap_system]=true")).containsExactly(cpus2);
        assertThat(store(SP + "[sap_system]=false")).containsExactly(cpus4);
        assertThat(store(SP + "[sap_sids][]=ABC&" + SP + "[sap_sids][]=C1E")).containsExactly(cpus2);
        assertThat(store(SP + "[workloads][sap][sids][]=ABC")).containsExactly(cpus2, cpus4);
        assertThat(store(SP + "[workloads][ansible]=not_nil&" + SP + "[workloads][mssql][is]=not_nil"))
                .containsExactly(cpus4, cpus8);
        assertThat(store(SP + "[ansible]=not_nil")).containsExactly(cpus4);
        assertThat(store(SP + "[workloads][ansible][controller_version]=4.5")).containsExactly(cpus4);
        assertThat(store(SP + "[workloads]=nil")).containsExactly(bare, odd);
        assertThat(store(SP + "[os_kernel_version]=4.18*")).containsExactly(cpus2, cpus8);
        assertThat(store(SP + "[os_kernel_version]=*el8*")).containsExactly(cpus2, cpus8);
        assertThat(store(SP + "[os_kernel_version][eq]=4.18*")).isEmpty();
        assertThat(store(SP + "[os_kernel_version]=4_18*")).isEmpty();
        assertThat(store(SP + "[last_boot_time][gt]=2024-01-01T00:00:00Z")).containsExactly(cpus4);
        assertThat(store(SP + "[last_boot_time][gte]=2024-06-01T12:00:00%2B02:00")).containsExactly(cpus4);
        assertThat(store(SP + "[captured_date]=nil")).hasSize(5);
        assertThat(store(SP + "[last_boot_time][lte]=2024-06-01T10:00:00Z")).containsExactly(cpus2, cpus4);
        assertThat(store(SP + "[last_boot_time][lt]=2024-06-01T10:00:00Z")).containsExactly(cpus2);
    }

    @Test
    void facetCountsEqualTheTotalsOfTheMatchingLists() {
        for (JsonNode sid : ok("/system_profile/sap_sids").get("results")) {
            assertThat(ok("/hosts?" + SP + "[sap_sids]=" + sid.get("value").asText()).get("total"))
                    .as(sid.toString()).isEqualTo(sid.get("count"));
            assertThat(ok("/hosts?" + SP + "[workloads][sap][sids][]=" + sid.get("value").asText()).get("total"))
                    .as(sid.toString()).isEqualTo(sid.get("count"));
        }
        for (JsonNode system : ok("/system_profile/sap_system").get("results")) {
            assertThat(ok("/hosts?" + SP + "[sap_system]=" + system.get("value").asText()).get("total"))
                    .as(system.toString()).isEqualTo(system.get("count"));
        }
        for (JsonNode os : ok("/system_profile/operating_system").get("results")) {
            String query = SP + "[operating_system][" + enc(os.at("/value/name").asText()) + "][version]="
                    + os.at("/value/major").asText() + "." + os.at("/value/minor").asText();
            assertThat(ok("/hosts?" + query).get("total")).as(query).isEqualTo(os.get("count"));
        }
        assertThat(ok(Identities.of(B), "/hosts?" + SP + "[sap_sids]=ABC").get("total").asInt()).isEqualTo(1);
        assertThat(ok(TodaysIdentities.user(ORG), "/system_profile/sap_sids?" + SP + "[sap_sids]=XYZ").get("total")
                .asInt()).isEqualTo(1);
    }

    @Test
    void hostsPostedThroughTheApiAreFilteredAndCounted() {
        String account = "0000023";
        String stale = NOW.plusDays(1).toString();
        String hosts = "[" + String.join(",",
                posted(account, "rhel94.example.com", stale, "{\"operating_system\": {\"name\": \"RHEL\","
                        + " \"major\": 9, \"minor\": 4}, \"workloads\": {\"sap\": {\"sap_system\": true,"
                        + " \"sids\": [\"H2O\", \"ABC\"]}}, \"os_kernel_version\": \"5.14.0\"}"),
                posted(account, "rhel810.example.com", stale, "{\"operating_system\": {\"name\": \"RHEL\","
                        + " \"major\": 8, \"minor\": 10}, \"workloads\": {\"sap\": {\"sap_system\": false,"
                        + " \"sids\": [\"ABC\"]}}, \"os_kernel_version\": \"4.18.0\"}"),
                posted(account, "plain.example.com", stale, "{}")) + "]";
        HttpResponse<String> response = service.postHosts(account, hosts);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        String identity = Identities.of(account);

        assertThat(ok(identity, "/hosts?" + SP + "[operating_system][RHEL][version][gte]=8.5").get("total").asInt())
                .isEqualTo(2);
        assertThat(ok(identity, "/hosts?" + SP + "[operating_system][RHEL][version][gte]=9").get("total").asInt())
                .isEqualTo(1);
        assertThat(ok(identity, "/hosts?" + SP + "[workloads][sap][sap_system]=true").get("total").asInt()).isEqualTo(1);
        assertThat(ok(identity, "/hosts?" + SP + "[sap_sids][]=ABC&" + SP + "[sap_sids][]=H2O").get("total").asInt())
                .isEqualTo(1);
        assertThat(ok(identity, "/hosts?" + SP + "[workloads][sap]=not_nil").get("total").asInt()).isEqualTo(2);
        assertThat(ok(identity, "/hosts?" + SP + "[os_kernel_version]=4.18*").get("total").asInt()).isEqualTo(1);
        assertThat(ok(identity, "/system_profile/operating_system").get("results")).isEqualTo(json("["
                + "{\"value\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 10}, \"count\": 1},"
                + "{\"value\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4}, \"count\": 1}]"));
        assertThat(ok(identity, "/system_profile/sap_sids").get("results")).isEqualTo(json(
                "[{\"value\": \"ABC\", \"count\": 2}, {\"value\": \"H2O\", \"count\": 1}]"));
        JsonNode listed = ok(identity, "/hosts?fields[system_profile]=operating_system&" + SP + "[sap_system]=false");
        assertThat(listed.at("/results/0/system_profile")).isEqualTo(json(
                "{\"operating_system\": {\"name\": \"RHEL\", \"major\": 8, \"minor\": 10}}"));
        // what the console sends on every list call (hbi-later.md §L2.2, §L2.3)
        JsonNode console = ok(identity, "/hosts?fields[system_profile]=operating_system,host_type,system_update_method,"
                + "bootc_status,workloads,image_builder&" + SP + "[host_type]=nil&" + SP
                + "[operating_system][RHEL][version][eq][]=9.4");
        assertThat(console.get("total").asInt()).isEqualTo(1);
        assertThat(console.at("/results/0/system_profile").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("operating_system", "workloads");
    }

    static String posted(String account, String fqdn, String stale, String profile) {
        return "{\"account\": \"" + account + "\", \"fqdn\": \"" + fqdn + "\", \"stale_timestamp\": \"" + stale
                + "\", \"reporter\": \"puptoo\", \"system_profile\": " + profile + "}";
    }

    @Test
    void theStoreRendersFiltersOfAnySchema() {
        Tenant tenant = Tenant.ofAccount(A);
        HostFilter all = HostFilter.forTags(List.of(), HostFilter.DEFAULT_STALENESS, false);
        PageRequest page = new PageRequest(1, 50);
        for (FacetCount sid : fixtureFacets.sapSids(tenant, all, null, page, Instant.now()).items()) {
            assertThat((long) fixture(tenant, SP + "[sap_sids]=" + sid.value().asText()).size()).as(sid.value().asText())
                    .isEqualTo(sid.count());
        }
        for (FacetCount system : fixtureFacets.sapSystems(tenant, all, page, Instant.now()).items()) {
            assertThat((long) fixture(tenant, SP + "[sap_system]=" + system.value().asText()).size())
                    .isEqualTo(system.count());
        }
        for (FacetCount os : fixtureFacets.operatingSystems(tenant, all, page, Instant.now()).items()) {
            String query = SP + "[operating_system][" + enc(os.value().get("name").asText()) + "][version]="
                    + os.value().get("major").asText() + "." + os.value().get("minor").asText();
            assertThat((long) fixture(tenant, query).size()).as(query).isEqualTo(os.count());
        }
        assertThat(fixture(Tenant.ofAccount(B), SP + "[sap_sids]=ABC")).hasSize(1);
    }

    static JsonNode json(String text) {
        try {
            return RunningService.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
