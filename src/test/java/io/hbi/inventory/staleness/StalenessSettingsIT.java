package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /account/staleness} (hbi-later §L3.2, L3.7) against the real database: the shapes, limits, ordering rule,
 * near-default rule, status codes and texts; who may read and change a setting; that no change writes an event.
 */
class StalenessSettingsIT {

    static final String SECRET = "staleness-settings-secret";

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of("INVENTORY_SHARED_SECRET", SECRET));

    static String org() {
        return "org-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static HttpResponse<String> call(String method, String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (body != null) {
            all.addAll(List.of("Content-Type", "application/json"));
        }
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix()
                + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)), all.toArray(String[]::new));
    }

    static HttpResponse<String> asOrg(String org, String method, String path, String body) {
        return call(method, path, body, "x-rh-identity", TodaysIdentities.user(org));
    }

    static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return status == 204 ? null : RunningService.json(response);
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return RunningService.json(response);
    }

    static JsonNode defaults(String org) {
        try {
            return RunningService.JSON.readTree("{\"id\": \"system_default\", \"org_id\": \"" + org + "\","
                    + " \"conventional_time_to_stale\": 104400, \"conventional_time_to_stale_warning\": 604800,"
                    + " \"conventional_time_to_delete\": 2592000, \"immutable_time_to_stale\": 104400,"
                    + " \"immutable_time_to_stale_warning\": 604800, \"immutable_time_to_delete\": 2592000,"
                    + " \"created\": null, \"updated\": null}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOrgWithoutASettingReadsTheSystemDefaultsAndSoDoesDefaults() {
        String org = org();
        assertThat(ok(asOrg(org, "GET", "/account/staleness", null), 200)).isEqualTo(defaults(org));
        assertThat(ok(asOrg(org, "GET", "/account/staleness/defaults", null), 200)).isEqualTo(defaults(org));
    }

    @Test
    void postGetPatchDeleteRoundTrip() {
        String org = org();
        JsonNode created = ok(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 3600,"
                + " \"conventional_time_to_stale_warning\": 7200, \"conventional_time_to_delete\": 86400}"), 201);
        assertThat(UUID.fromString(created.get("id").asText())).isNotNull();
        assertThat(created.get("org_id").asText()).isEqualTo(org);
        assertThat(created.get("conventional_time_to_stale").asInt()).isEqualTo(3600);
        assertThat(created.get("immutable_time_to_stale").asInt()).as("echoes the conventional value").isEqualTo(3600);
        assertThat(created.get("immutable_time_to_delete").asInt()).isEqualTo(86400);
        OffsetDateTime createdOn = OffsetDateTime.parse(created.get("created").asText());
        assertThat(created.get("updated").asText()).isEqualTo(created.get("created").asText());

        assertThat(ok(asOrg(org, "GET", "/account/staleness", null), 200)).isEqualTo(created);
        assertThat(ok(asOrg(org, "GET", "/account/staleness/defaults", null), 200))
                .as("never the org's row").isEqualTo(defaults(org));

        JsonNode patched = ok(asOrg(org, "PATCH", "/account/staleness", "{\"conventional_time_to_delete\": 90000,"
                + " \"immutable_time_to_delete\": 5}"), 200);
        assertThat(patched.get("id")).isEqualTo(created.get("id"));
        assertThat(patched.get("conventional_time_to_stale").asInt()).isEqualTo(3600);
        assertThat(patched.get("conventional_time_to_delete").asInt()).isEqualTo(90000);
        assertThat(patched.get("immutable_time_to_delete").asInt()).isEqualTo(90000);
        assertThat(OffsetDateTime.parse(patched.get("created").asText())).isEqualTo(createdOn);
        assertThat(OffsetDateTime.parse(patched.get("updated").asText())).isAfterOrEqualTo(createdOn);

        assertThat(asOrg(org, "DELETE", "/account/staleness", null).statusCode()).isEqualTo(204);
        assertThat(ok(asOrg(org, "GET", "/account/staleness", null), 200)).isEqualTo(defaults(org));
        assertThat(service.queryLong("SELECT count(*) FROM staleness WHERE org_id = ?", org)).isZero();
        assertThat(service.queryLong("SELECT count(*) FROM event_outbox")).as("a setting writes no event").isZero();
    }

    @Test
    void aSecondPostIsAnIntegrityErrorAndPatchOrDeleteWithoutARowAre404() {
        String org = org();
        ok(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 60}"), 201);
        JsonNode again = problem(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 70}"),
                400);
        assertThat(again.get("title").asText()).isEqualTo("Integrity error");
        assertThat(again.get("detail").asText()).isEqualTo("Staleness record for org_id " + org + " already exists.");

        String other = org();
        JsonNode patch = problem(asOrg(other, "PATCH", "/account/staleness", "{\"conventional_time_to_stale\": 60}"),
                404);
        assertThat(patch.get("detail").asText()).isEqualTo("Staleness record for org_id " + other + " does not exist.");
        JsonNode delete = problem(asOrg(other, "DELETE", "/account/staleness", null), 404);
        assertThat(delete.get("detail").asText()).isEqualTo("Staleness record for org_id " + other + " does not exist.");
    }

    @Test
    void theOrderingRuleAndTheLimitsAre400sWithTheirTexts() {
        String org = org();
        assertThat(problem(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 700000}"), 400)
                .get("detail").asText()).isEqualTo("Validation Error: {'conventional_time_to_stale': ['Must be greater"
                + " than or equal to 1 and less than or equal to 604800.']}");
        assertThat(problem(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 600,"
                + " \"conventional_time_to_stale_warning\": 600}"), 400).get("detail").asText())
                .isEqualTo("Validation Error: {'_schema': ['conventional_time_to_stale must be lower than"
                        + " conventional_time_to_stale_warning']}");
        assertThat(problem(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": \"60\"}"), 400)
                .get("detail").asText()).contains("is not of type 'integer'");
        assertThat(problem(asOrg(org, "POST", "/account/staleness", "{\"stale\": 60}"), 400).get("detail").asText())
                .contains("'stale' was unexpected");
        assertThat(problem(asOrg(org, "POST", "/account/staleness", "not json"), 400).get("detail").asText())
                .isEqualTo("Request body is not valid JSON");
        ok(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 60,"
                + " \"conventional_time_to_stale_warning\": 120, \"conventional_time_to_delete\": 180}"), 201);
        assertThat(problem(asOrg(org, "PATCH", "/account/staleness", "{\"conventional_time_to_delete\": 120}"), 400)
                .get("detail").asText()).isEqualTo("Validation Error: {'_schema': ['conventional_time_to_stale_warning"
                + " must be lower than conventional_time_to_delete']}");
        assertThat(problem(asOrg(org, "GET", "/account/staleness?per_page=1", null), 400).get("detail").asText())
                .contains("per_page");
        assertThat(service.queryLong("SELECT conventional_time_to_delete FROM staleness WHERE org_id = ?", org))
                .as("a refused change changes nothing").isEqualTo(180);
    }

    @Test
    void aSettingNearTheDefaultsKeepsNoRow() {
        String org = org();
        assertThat(ok(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 104400}"), 201))
                .as("POST of the defaults: 201, and still the defaults").isEqualTo(defaults(org));
        assertThat(ok(asOrg(org, "GET", "/account/staleness", null), 200)).isEqualTo(defaults(org));
        assertThat(ok(asOrg(org, "POST", "/account/staleness", "{\"conventional_time_to_stale\": 108000}"), 201)
                .get("id").asText()).as("an hour from the default is a setting").isNotEqualTo("system_default");
        assertThat(ok(asOrg(org, "PATCH", "/account/staleness", "{\"conventional_time_to_stale\": 104401}"), 200))
                .as("a change back near the defaults removes the row").isEqualTo(defaults(org));
        assertThat(service.queryLong("SELECT count(*) FROM staleness WHERE org_id = ?", org)).isZero();
    }

    @Test
    void aCallerWithoutAnOrgIsForbiddenAndTheBearerTokenIsAccepted() {
        for (String[] operation : new String[][] {{"GET", "/account/staleness"}, {"GET", "/account/staleness/defaults"},
                {"POST", "/account/staleness"}, {"PATCH", "/account/staleness"}, {"DELETE", "/account/staleness"}}) {
            String body = operation[0].startsWith("P") ? "{\"conventional_time_to_stale\": 60}" : null;
            JsonNode account = problem(call(operation[0], operation[1], body, "x-rh-identity",
                    Identities.of("0000901")), 403);
            assertThat(account.get("title").asText()).isEqualTo("Forbidden");
            assertThat(account.get("detail").asText()).isEqualTo("Staleness settings belong to an org: the identity"
                    + " has no org_id.");
            problem(call(operation[0], operation[1], body, "Authorization", "Bearer " + SECRET), 403);
            problem(call(operation[0], operation[1], body, "Authorization", "Bearer wrong"), 401);
            problem(call(operation[0], operation[1], body), 401);
        }
        String org = org();
        String withBearer = TodaysIdentities.user(org);
        assertThat(ok(call("GET", "/account/staleness", null, "x-rh-identity", withBearer, "Authorization",
                "Bearer " + SECRET), 200).get("org_id").asText()).isEqualTo(org);
    }

    @Test
    void aSystemIdentityReadsItsOrgsSettingButMayNotChangeIt() {
        String org = org();
        String system = TodaysIdentities.system(org, UUID.randomUUID().toString());
        assertThat(ok(call("GET", "/account/staleness", null, "x-rh-identity", system), 200)).isEqualTo(defaults(org));
        assertThat(problem(call("POST", "/account/staleness", "{\"conventional_time_to_stale\": 60}", "x-rh-identity",
                system), 403).get("detail").asText()).isEqualTo("A System identity may not change its org's staleness"
                + " settings.");
        problem(call("DELETE", "/account/staleness", null, "x-rh-identity", system), 403);
        assertThat(service.queryLong("SELECT count(*) FROM staleness WHERE org_id = ?", org)).isZero();
    }

    @Test
    void concurrentFirstSettingsOfOneOrgKeepOneRowAndTheOthersAreIntegrityErrors() throws Exception {
        String org = org();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int stale = 60 + i;
                answers.add(pool.submit(() -> asOrg(org, "POST", "/account/staleness",
                        "{\"conventional_time_to_stale\": " + stale + "}")));
            }
            int created = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    assertThat(problem(response, 400).get("title").asText()).isEqualTo("Integrity error");
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(service.queryLong("SELECT count(*) FROM staleness WHERE org_id = ?", org)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
