package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /hosts (contract §1.7, §2, §3, §4) against the real database and broker. */
class RestIngestIT {

    static final String ACCOUNT = "0000001";
    static final String FUTURE = "2099-01-01T00:00:00+00:00";

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_SHARED_SECRET", "trusted-token",
            "INVENTORY_LEGACY_API_URL", "/r/insights/platform/inventory/api/v1", "INVENTORY_MAX_BODY_SIZE", "200000"));

    static TopicReader events;

    @BeforeAll
    static void readEvents() {
        events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"),
                service.env("KAFKA_HOST_EGRESS_TOPIC"), service.env("PAYLOAD_TRACKER_KAFKA_TOPIC"));
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static String host(String canonicalFacts) {
        return "{\"account\": \"" + ACCOUNT + "\", \"stale_timestamp\": \"" + FUTURE + "\", \"reporter\": \"puptoo\", "
                + canonicalFacts + "}";
    }

    static JsonNode post(String... hosts) {
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + String.join(",", hosts) + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        return RunningService.json(response);
    }

    static JsonNode postOne(String host) {
        return post(host).get("data").get(0);
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void createdHostHasTheTwentyKeysOfTheContractPlusOrgIdAfterAccountAndLaterHbisKeys() {
        JsonNode result = postOne(host("\"fqdn\": \"shape.example.com\", \"ip_addresses\": [\"10.0.0.1\"]"));
        assertThat(result.get("status").asInt()).isEqualTo(201);
        List<String> keys = new ArrayList<>();
        result.get("host").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "account", "org_id", "display_name", "ansible_host", "insights_id",
                "rhel_machine_id", "subscription_manager_id", "satellite_id", "bios_uuid", "ip_addresses", "fqdn",
                "mac_addresses", "external_id", "provider_id", "provider_type", "facts", "reporter", "stale_timestamp",
                "stale_warning_timestamp", "culled_timestamp", "created", "updated", "last_check_in",
                "per_reporter_staleness", "groups");
        JsonNode host = result.get("host");
        assertThat(host.get("org_id").isNull()).as("a 2020 caller's host has no org").isTrue();
        assertThat(host.get("display_name").asText()).isEqualTo("shape.example.com");
        assertThat(host.get("stale_warning_timestamp").asText()).isEqualTo("2099-01-08T00:00:00+00:00");
        assertThat(host.get("culled_timestamp").asText()).isEqualTo("2099-01-15T00:00:00+00:00");
        assertThat(host.get("facts").isArray()).isTrue();
    }

    @Test
    void mixedBatchAnswers207WithOneResultPerHostAndKeepsValidNeighbours() {
        String good1 = host("\"fqdn\": \"mixed-1.example.com\"");
        String noFacts = host("\"display_name\": \"nothing canonical\"");
        String otherAccount = "{\"account\": \"0000009\", \"fqdn\": \"mixed-x.example.com\", \"stale_timestamp\": \""
                + FUTURE + "\", \"reporter\": \"puptoo\"}";
        String tooLong = host("\"fqdn\": \"" + "a".repeat(256) + "\"");
        String good2 = host("\"fqdn\": \"mixed-2.example.com\"");
        String naive = "{\"account\": \"" + ACCOUNT + "\", \"fqdn\": \"mixed-naive.example.com\","
                + " \"stale_timestamp\": \"2099-01-01T00:00:00\", \"reporter\": \"puptoo\"}";
        JsonNode body = post(good1, noFacts, otherAccount, tooLong, good2, naive);
        assertThat(body.get("total").asInt()).isEqualTo(6);
        assertThat(body.get("errors").asInt()).isEqualTo(4);
        JsonNode data = body.get("data");
        assertThat(data.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(data.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(1).get("title").asText()).isEqualTo("Invalid request");
        assertThat(data.get(1).get("detail").asText()).isEqualTo("At least one of the canonical fact fields must be present.");
        assertThat(data.get(1).get("host").get("display_name").asText()).isEqualTo("nothing canonical");
        assertThat(data.get(2).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(2).get("detail").asText()).isEqualTo(HostOwnership.ACCOUNT_MISMATCH);
        assertThat(data.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(3).get("title").asText()).isEqualTo("Bad Request");
        assertThat(data.get(3).get("detail").asText()).contains("fqdn").contains("255");
        assertThat(data.get(4).get("status").asInt()).isEqualTo(201);
        assertThat(data.get(5).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(5).get("detail").asText()).as("the date-time format is a per-host check (§3.2)")
                .isEqualTo("{'stale_timestamp': ['Timestamp must contain timezone info']}");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' LIKE 'mixed-%'"))
                .isEqualTo(2);
    }

    @Test
    void aBodyOverTheConfiguredMaximumIsRefusedWith413() {
        String big = "[" + String.join(",", java.util.Collections.nCopies(2000, host("\"fqdn\": \"big.example.com\""))) + "]";
        assertThat(big.length()).isGreaterThan(200000);
        HttpResponse<String> response = service.postHosts(ACCOUNT, big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' = 'big.example.com'")).isZero();
    }

    @Test
    void theServersOwnErrorsAreProblemsToo() {
        HttpResponse<String> unknown = service.get(service.settings().apiPrefix() + "/nowhere", "x-rh-identity",
                Identities.of(ACCOUNT));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(RunningService.json(unknown).get("title").asText()).isEqualTo("Not Found");
        HttpResponse<String> wrongMethod = service.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                service.baseUrl() + service.settings().apiPrefix() + "/tags")).POST(java.net.http.HttpRequest.BodyPublishers
                .ofString("{}")), "x-rh-identity", Identities.of(ACCOUNT), "Content-Type", "application/json");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> notJson = service.postHosts(ACCOUNT, "[]", "Content-Type", "text/plain");
        assertThat(notJson.statusCode()).isEqualTo(415);
        assertThat(RunningService.json(notJson).get("detail").asText())
                .isEqualTo("Invalid Content-type (text/plain), expected JSON data");
    }

    @Test
    void emptyArrayIsAValidBatch() {
        JsonNode body = post();
        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.get("data").size()).isZero();
    }

    @Test
    void aBodyThatIsNotAJsonArrayIsRefusedWholeWithAProblem() {
        for (String body : List.of("{\"account\": \"x\"}", "not json", "null", "")) {
            HttpResponse<String> response = service.postHosts(ACCOUNT, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = RunningService.json(response);
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
    }

    /**
     * The request schema (contract §1.7, §1.8, §3.2): each case is a valid host followed by one that breaks the
     * schema. The whole request is refused with a problem that names the property, and the valid neighbour is not
     * stored either.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaViolations")
    void aHostThatBreaksTheRequestSchemaRefusesTheWholeRequestAndNothingIsStored(String description, String members,
                                                                                String expectedDetail) {
        String tag = "schema-" + description.replaceAll("[^A-Za-z0-9]+", "-");
        ObjectNode valid = hostNode(tag + "-valid.example.com");
        ObjectNode invalid = hostNode(tag + "-invalid.example.com");
        if (members.startsWith("-")) {
            invalid.remove(members.substring(1));
        } else {
            invalid.setAll((ObjectNode) readTree(members.replace('\'', '"')));
        }
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + valid + "," + invalid + "]");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = RunningService.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("detail").asText()).isEqualTo(expectedDetail);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' LIKE ?", tag + "-%"))
                .as("hosts stored").isZero();
    }

    static Stream<Arguments> schemaViolations() {
        List<Arguments> cases = new ArrayList<>();
        for (String required : List.of("account", "stale_timestamp", "reporter")) {
            cases.add(Arguments.of("without " + required, "-" + required, "'" + required + "' is a required property - '1'"));
        }
        Map<String, String> nullable = new java.util.LinkedHashMap<>();
        for (String field : List.of("account", "display_name", "ansible_host", "insights_id", "rhel_machine_id",
                "subscription_manager_id", "satellite_id", "bios_uuid", "fqdn", "external_id", "stale_timestamp",
                "reporter")) {
            nullable.put(field, "string");
        }
        nullable.put("ip_addresses", "array");
        nullable.put("mac_addresses", "array");
        nullable.put("facts", "array");
        nullable.put("system_profile", "object");
        nullable.forEach((field, type) -> cases.add(Arguments.of(field + " null", "{'" + field + "': null}",
                "None is not of type '" + type + "' - '1." + field + "'")));
        cases.add(Arguments.of("account a number", "{'account': 1}", "1 is not of type 'string' - '1.account'"));
        cases.add(Arguments.of("ip_addresses a string", "{'ip_addresses': '10.0.0.1'}",
                "'10.0.0.1' is not of type 'array' - '1.ip_addresses'"));
        cases.add(Arguments.of("system_profile.number_of_cpus a string", "{'system_profile': {'number_of_cpus': '4'}}",
                "'4' is not of type 'integer' - '1.system_profile.number_of_cpus'"));
        cases.add(Arguments.of("system_profile.katello_agent_running a string",
                "{'system_profile': {'katello_agent_running': 'true'}}",
                "'true' is not of type 'boolean' - '1.system_profile.katello_agent_running'"));
        cases.add(Arguments.of("system_profile.network_interfaces[0].mtu a string",
                "{'system_profile': {'network_interfaces': [{'mtu': '1500'}]}}",
                "'1500' is not of type 'integer' - '1.system_profile.network_interfaces.0.mtu'"));
        cases.add(Arguments.of("system_profile.workloads.sap.sap_system a string",
                "{'system_profile': {'workloads': {'sap': {'sap_system': 'yes'}}}}",
                "'yes' is not of type 'boolean' - '1.system_profile.workloads.sap.sap_system'"));
        cases.add(Arguments.of("system_profile.bootc_status.booted a list",
                "{'system_profile': {'bootc_status': {'booted': []}}}",
                "[] is not of type 'object' - '1.system_profile.bootc_status.booted'"));
        cases.add(Arguments.of("facts item without namespace", "{'facts': [{'facts': {'k': 'v'}}]}",
                "'namespace' is a required property - '1.facts.0'"));
        cases.add(Arguments.of("facts item without facts", "{'facts': [{'namespace': 'ns'}]}",
                "'facts' is a required property - '1.facts.0'"));
        cases.add(Arguments.of("facts item with an empty namespace", "{'facts': [{'namespace': '', 'facts': {}}]}",
                "'' is too short - '1.facts.0.namespace'"));
        return cases.stream();
    }

    @Test
    void aHostThatIsNotAnObjectRefusesTheWholeRequest() {
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + host("\"fqdn\": \"not-object.example.com\"")
                + ", 42]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RunningService.json(response).get("detail").asText()).isEqualTo("42 is not of type 'object' - '1'");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' = 'not-object.example.com'"))
                .isZero();
    }

    static ObjectNode hostNode(String fqdn) {
        return (ObjectNode) readTree(host("\"fqdn\": \"" + fqdn + "\""));
    }

    @Test
    void identityFailuresAre401WithTheContractsMessages() {
        HttpResponse<String> missing = service.postHosts(null, "[]");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(RunningService.json(missing).get("detail").asText()).isEqualTo("No authorization token provided");
        for (String header : List.of("not-base64!!", Identities.encode("not json"), Identities.encode("{\"identity\": {}}"),
                Identities.encode("{\"identity\": {\"account_number\": \"\"}}"), Identities.encode("{}"))) {
            HttpResponse<String> response = service.postHosts(null, "[]", "x-rh-identity", header);
            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(RunningService.json(response).get("detail").asText()).isEqualTo("Provided apikey is not valid");
        }
        assertThat(service.metric("inventory_login_failure_count_total")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theTrustedBearerMayWriteHostsOfAnyAccountAndAWrongTokenIs401() {
        String other = "{\"account\": \"0000777\", \"fqdn\": \"trusted.example.com\", \"stale_timestamp\": \"" + FUTURE
                + "\", \"reporter\": \"puptoo\"}";
        HttpResponse<String> trusted = service.postHosts(null, "[" + other + "]", "Authorization", "Bearer trusted-token");
        assertThat(trusted.statusCode()).isEqualTo(207);
        assertThat(RunningService.json(trusted).get("data").get(0).get("status").asInt()).isEqualTo(201);
        HttpResponse<String> wrong = service.postHosts(null, "[" + other + "]", "Authorization", "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(RunningService.json(wrong).get("detail").asText()).isEqualTo("Provided token is not valid");
    }

    @Test
    void sameInsightsIdUpdatesTheSameHostWhateverItsSpelling() {
        String id = uuid();
        JsonNode first = postOne(host("\"insights_id\": \"" + id + "\", \"fqdn\": \"a.example.com\""));
        JsonNode second = postOne(host("\"insights_id\": \"" + id.replace("-", "").toUpperCase()
                + "\", \"fqdn\": \"completely-different.example.com\""));
        assertThat(first.get("status").asInt()).isEqualTo(201);
        assertThat(second.get("status").asInt()).isEqualTo(200);
        assertThat(second.get("host").get("id").asText()).isEqualTo(first.get("host").get("id").asText());
        assertThat(second.get("host").get("insights_id").asText()).isEqualTo(id);
        assertThat(second.get("host").get("fqdn").asText()).isEqualTo("completely-different.example.com");
    }

    @Test
    void subscriptionManagerIdIsTheSecondElevatedId() {
        String id = uuid();
        JsonNode first = postOne(host("\"subscription_manager_id\": \"" + id + "\", \"fqdn\": \"smid-1.example.com\""));
        JsonNode second = postOne(host("\"subscription_manager_id\": \"" + id + "\", \"bios_uuid\": \"" + uuid() + "\""));
        assertThat(second.get("status").asInt()).isEqualTo(200);
        assertThat(second.get("host").get("id")).isEqualTo(first.get("host").get("id"));
        // canonical facts merge: stored keys absent from the input remain
        assertThat(second.get("host").get("fqdn").asText()).isEqualTo("smid-1.example.com");
    }

    @Test
    void insightsIdWinsOverSubscriptionManagerIdWhenTheyPointAtDifferentHosts() {
        String insights = uuid();
        String subscription = uuid();
        JsonNode byInsights = postOne(host("\"insights_id\": \"" + insights + "\""));
        JsonNode bySubscription = postOne(host("\"subscription_manager_id\": \"" + subscription + "\""));
        JsonNode both = postOne(host("\"insights_id\": \"" + insights + "\", \"subscription_manager_id\": \""
                + subscription + "\""));
        assertThat(both.get("host").get("id")).isEqualTo(byInsights.get("host").get("id"));
        assertThat(both.get("host").get("id")).isNotEqualTo(bySubscription.get("host").get("id"));
    }

    @Test
    void subsetAndSupersetOfCanonicalFactsMatchWithArraysAsSets() {
        JsonNode stored = postOne(host("\"fqdn\": \"sets.example.com\", \"ip_addresses\": [\"10.1.0.1\", \"10.1.0.2\"]"));
        JsonNode subset = postOne(host("\"ip_addresses\": [\"10.1.0.2\"]"));
        assertThat(subset.get("status").asInt()).isEqualTo(200);
        assertThat(subset.get("host").get("id")).isEqualTo(stored.get("host").get("id"));
        JsonNode superset = postOne(host("\"fqdn\": \"sets.example.com\", \"ip_addresses\": [\"10.1.0.2\", \"10.1.0.1\"], "
                + "\"mac_addresses\": [\"aa:bb:cc:dd:ee:ff\"]"));
        assertThat(superset.get("status").asInt()).isEqualTo(200);
        assertThat(superset.get("host").get("id")).isEqualTo(stored.get("host").get("id"));
        JsonNode overlapping = postOne(host("\"fqdn\": \"sets.example.com\", \"ip_addresses\": [\"10.9.9.9\"]"));
        assertThat(overlapping.get("status").asInt()).as("shares a fact but is neither subset nor superset").isEqualTo(201);
    }

    @Test
    void aCulledHostIsNotMatchedAndStaysUntilTheReaperRemovesIt() {
        String id = uuid();
        JsonNode old = postOne("{\"account\": \"" + ACCOUNT + "\", \"insights_id\": \"" + id
                + "\", \"stale_timestamp\": \"2000-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\"}");
        JsonNode fresh = postOne(host("\"insights_id\": \"" + id + "\""));
        assertThat(old.get("status").asInt()).isEqualTo(201);
        assertThat(fresh.get("status").asInt()).isEqualTo(201);
        assertThat(fresh.get("host").get("id")).isNotEqualTo(old.get("host").get("id"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'insights_id' = ?", id))
                .isEqualTo(2);
    }

    @Test
    void hostsOfAnotherAccountAreNeverMatched() {
        String id = uuid();
        String mine = host("\"insights_id\": \"" + id + "\"");
        String theirs = mine.replace(ACCOUNT, "0000002");
        JsonNode first = postOne(mine);
        HttpResponse<String> response = service.postHosts("0000002", "[" + theirs + "]");
        JsonNode second = RunningService.json(response).get("data").get(0);
        assertThat(second.get("status").asInt()).isEqualTo(201);
        assertThat(second.get("host").get("id")).isNotEqualTo(first.get("host").get("id"));
    }

    @Test
    void displayNameDefaultsToFqdnThenIdAndYupanaNeverChangesIt() {
        JsonNode byId = postOne(host("\"bios_uuid\": \"" + uuid() + "\""));
        assertThat(byId.get("host").get("display_name").asText()).isEqualTo(byId.get("host").get("id").asText());

        String insights = uuid();
        postOne(host("\"insights_id\": \"" + insights + "\", \"display_name\": \"chosen\""));
        JsonNode yupana = postOne(host("\"insights_id\": \"" + insights + "\", \"display_name\": \"from-yupana\"")
                .replace("puptoo", "yupana"));
        assertThat(yupana.get("host").get("display_name").asText()).isEqualTo("chosen");
        assertThat(yupana.get("host").get("reporter").asText()).isEqualTo("yupana");
        JsonNode rhsm = postOne(host("\"insights_id\": \"" + insights + "\", \"display_name\": \"from-rhsm\"")
                .replace("puptoo", "rhsm-conduit"));
        assertThat(rhsm.get("host").get("display_name").asText()).isEqualTo("chosen");
        JsonNode puptoo = postOne(host("\"insights_id\": \"" + insights + "\", \"display_name\": \"renamed\""));
        assertThat(puptoo.get("host").get("display_name").asText()).isEqualTo("renamed");
    }

    @Test
    void restUpdatesKeepTheStoredSystemProfileAndIgnoreTags() {
        String insights = uuid();
        double ignoredBefore = service.metric("inventory_tags_ignored_from_http_count_total");
        postOne(host("\"insights_id\": \"" + insights + "\", \"system_profile\": {\"arch\": \"x86_64\"}, "
                + "\"tags\": [{\"namespace\": \"ns\", \"key\": \"k\", \"value\": \"v\"}]"));
        postOne(host("\"insights_id\": \"" + insights + "\", \"system_profile\": {\"arch\": \"s390x\"}"));
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'insights_id' = ?"
                + " AND system_profile_facts->>'arch' = 'x86_64' AND tags = '{}'", insights)).isEqualTo(1);
        assertThat(service.metric("inventory_tags_ignored_from_http_count_total")).isEqualTo(ignoredBefore + 1);
    }

    @Test
    void laterHbisSystemProfileFieldsAreStoredAndCheckedPerHost() {
        String insights = uuid();
        String profile = "\"operating_system\": {\"name\": \"RHEL\", \"major\": 9, \"minor\": 4},"
                + " \"workloads\": {\"sap\": {\"sap_system\": true, \"sids\": [\"ABC\", \"H2O\"]}},"
                + " \"bootc_status\": {\"booted\": {\"image\": \"quay.io/x/y:1\"}}";
        JsonNode body = post(
                host("\"insights_id\": \"" + insights + "\", \"system_profile\": {" + profile + ", \"made_up\": 1,"
                        + " \"rhsm\": {\"version\": \"9.4\", \"made_up\": 2}}"),
                host("\"fqdn\": \"ubuntu.example.com\", \"system_profile\": {\"operating_system\":"
                        + " {\"name\": \"Ubuntu\", \"major\": 24, \"minor\": 4}}"));
        assertThat(body.at("/data/0/status").asInt()).isEqualTo(201);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'insights_id' = ?"
                + " AND system_profile_facts = ?::jsonb", insights, "{" + profile + ", \"rhsm\": {\"version\": \"9.4\"}}"))
                .as("stored with the unknown keys dropped").isEqualTo(1);
        assertThat(body.at("/data/1/status").asInt()).isEqualTo(400);
        assertThat(body.at("/data/1/detail").asText())
                .isEqualTo("{'system_profile': {'operating_system': {'name': ['Not a valid choice.']}}}");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts->>'fqdn' = 'ubuntu.example.com'"))
                .isZero();
    }

    @Test
    void factsReplaceTheirNamespaceAndKeepTheOthers() {
        String insights = uuid();
        postOne(host("\"insights_id\": \"" + insights + "\", \"facts\": [{\"namespace\": \"a\", \"facts\": {\"x\": 1}},"
                + " {\"namespace\": \"b\", \"facts\": {\"y\": 2}}]"));
        JsonNode updated = postOne(host("\"insights_id\": \"" + insights
                + "\", \"facts\": [{\"namespace\": \"a\", \"facts\": {\"z\": 3}}]"));
        assertThat(updated.get("host").get("facts").toString())
                .isEqualTo("[{\"namespace\":\"a\",\"facts\":{\"z\":3}},{\"namespace\":\"b\",\"facts\":{\"y\":2}}]");
    }

    @Test
    void everyCreateAndUpdateProducesAnEventWithTheHostAfterTheChange() {
        String insights = uuid();
        JsonNode created = postOne(host("\"insights_id\": \"" + insights + "\", \"facts\": [{\"namespace\": \"n\", "
                + "\"facts\": {\"k\": \"v\"}}]"));
        postOne(host("\"insights_id\": \"" + insights + "\", \"display_name\": \"after\""));
        String id = created.get("host").get("id").asText();
        List<TopicReader.Record> hostEvents = events.await(record ->
                record.topic().equals(service.env("KAFKA_EVENT_TOPIC")) && id.equals(record.key()), 2);
        assertThat(hostEvents).extracting(record -> record.header("event_type")).containsExactly("created", "updated");
        assertThat(hostEvents).extracting(record -> record.header("insights_id")).containsOnly(insights);
        JsonNode updated = readTree(hostEvents.get(1).value());
        assertThat(updated.get("type").asText()).isEqualTo("updated");
        assertThat(updated.get("host").get("display_name").asText()).isEqualTo("after");
        assertThat(updated.get("host").get("facts").get(0).get("namespace").asText()).isEqualTo("n");
        assertThat(updated.get("platform_metadata").isNull()).isTrue();
        assertThat(events.seen()).noneMatch(record -> record.topic().equals(service.env("KAFKA_HOST_EGRESS_TOPIC"))
                && id.equals(record.key()));
    }

    @Test
    void payloadTrackerReportsTheRequestWhenItHasARequestId() {
        String requestId = "rest-" + uuid();
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + host("\"fqdn\": \"tracked.example.com\"") + ","
                + host("\"display_name\": \"no facts\"") + "]", "x-rh-insights-request-id", requestId);
        String id = RunningService.json(response).get("data").get(0).get("host").get("id").asText();
        List<TopicReader.Record> statuses = events.await(record ->
                record.topic().equals(service.env("PAYLOAD_TRACKER_KAFKA_TOPIC")) && record.value().contains(requestId), 6);
        assertThat(statuses).extracting(record -> readTree(record.value()).get("status").asText())
                .containsExactly("received", "processing", "processing_success", "processing", "processing_error", "success");
        JsonNode success = readTree(statuses.get(2).value());
        assertThat(success.get("inventory_id").asText()).isEqualTo(id);
        assertThat(success.get("account").asText()).isEqualTo(ACCOUNT);
        assertThat(readTree(statuses.get(0).value()).get("status_msg").asText()).isEqualTo("add host operation");
    }

    @Test
    void theLegacyPrefixServesTheSameApi() {
        HttpResponse<String> response = service.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                service.baseUrl() + "/r/insights/platform/inventory/api/v1/hosts"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[" + host("\"fqdn\": \"legacy.example.com\"") + "]")),
                "x-rh-identity", Identities.of(ACCOUNT), "Content-Type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        assertThat(RunningService.json(response).get("data").get(0).get("host").get("fqdn").asText())
                .isEqualTo("legacy.example.com");
    }

    @Test
    void httpRequestMetricsCountEveryOperationByMethodAndStatus() {
        post(host("\"fqdn\": \"metrics.example.com\""));
        service.postHosts(null, "[]");
        String metrics = service.get("/metrics").body();
        assertThat(metrics).contains("inventory_http_request_total{method=\"POST\",status=\"207\"}")
                .contains("inventory_http_request_total{method=\"POST\",status=\"401\"}")
                .contains("inventory_http_request_duration_seconds_bucket{")
                .contains("url_rule=\"/api/inventory/v1/hosts\"")
                .doesNotContain("url_rule=\"/metrics\"");
    }

    @Test
    void createAndUpdateCountersMove() {
        double created = service.metric("inventory_create_host_count_total");
        double updated = service.metric("inventory_update_host_count_total");
        String insights = uuid();
        postOne(host("\"insights_id\": \"" + insights + "\""));
        postOne(host("\"insights_id\": \"" + insights + "\""));
        assertThat(service.metric("inventory_create_host_count_total")).isEqualTo(created + 1);
        assertThat(service.metric("inventory_update_host_count_total")).isEqualTo(updated + 1);
    }

    static JsonNode readTree(String json) {
        try {
            return RunningService.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
