package io.hbi.inventory.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants never see each other's hosts (contract §2): two accounts hold hosts with identical canonical facts and
 * tags; for every endpoint, account B neither sees nor touches account A's host.
 */
class TenantIsolationIT {

    static final String A = "0000031";
    static final String B = "0000032";

    @RegisterExtension
    static RunningService service = RunningService.start();

    static String hostOfA;
    static String hostOfB;
    static final String INSIGHTS_ID = UUID.randomUUID().toString();

    @BeforeAll
    static void twinHosts() {
        hostOfA = create(A);
        hostOfB = create(B);
        service.execute("UPDATE hosts SET tags = '{\"ns\": {\"team\": [\"red\"]}}'::jsonb WHERE canonical_facts->>'insights_id' = ?",
                INSIGHTS_ID);
    }

    static String create(String account) {
        String host = "{\"account\": \"" + account + "\", \"insights_id\": \"" + INSIGHTS_ID + "\", \"fqdn\": \"twin.example.com\","
                + " \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\", \"display_name\": \"twin-"
                + account + "\", \"facts\": [{\"namespace\": \"ns\", \"facts\": {\"k\": \"" + account + "\"}}]}";
        HttpResponse<String> response = service.postHosts(account, "[" + host + "]");
        JsonNode result = RunningService.json(response).get("data").get(0);
        assertThat(result.get("status").asInt()).as(response.body()).isEqualTo(201);
        return result.get("host").get("id").asText();
    }

    static HttpResponse<String> as(String account, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return service.send(request, "x-rh-identity", Identities.of(account), "Content-Type", "application/json");
    }

    static JsonNode read(String account, String path) {
        HttpResponse<String> response = as(account, "GET", path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return RunningService.json(response);
    }

    @Test
    void identicalCanonicalFactsInTwoAccountsAreTwoHosts() {
        assertThat(hostOfA).isNotEqualTo(hostOfB);
    }

    @Test
    void listsShowOnlyTheCallersHosts() {
        // every filter A's host matches finds exactly B's twin for B; A's id finds nothing for B
        for (String query : new String[] {"/hosts", "/hosts?fqdn=twin.example.com", "/hosts?insights_id=" + INSIGHTS_ID,
                "/hosts?hostname_or_id=" + hostOfB, "/hosts?display_name=twin", "/hosts?tags=ns/team=red",
                "/hosts?staleness=fresh,stale,stale_warning,unknown"}) {
            JsonNode page = read(B, query);
            assertThat(page.get("total").asInt()).as(query).isEqualTo(1);
            assertThat(page.get("results").size()).as(query).isEqualTo(1);
            assertThat(page.get("results").get(0).get("id").asText()).as(query).isEqualTo(hostOfB);
        }
        JsonNode byTheOthersId = read(B, "/hosts?hostname_or_id=" + hostOfA);
        assertThat(byTheOthersId.get("total").asInt()).isZero();
        assertThat(byTheOthersId.get("results").size()).isZero();
    }

    @Test
    void byIdReadsOfAnotherAccountsHostFindNothing() {
        for (String path : new String[] {"/hosts/" + hostOfA, "/hosts/" + hostOfA + "/system_profile"}) {
            JsonNode page = read(B, path);
            assertThat(page.get("total").asInt()).as(path).isZero();
        }
        assertThat(read(B, "/hosts/" + hostOfA + "/tags").get("results").size()).isZero();
        assertThat(read(B, "/hosts/" + hostOfA + "/tags/count").get("results").size()).isZero();
        assertThat(read(B, "/hosts/" + hostOfA + "," + hostOfB).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void accountTagsCountOnlyTheCallersHosts() {
        JsonNode tags = read(B, "/tags");
        assertThat(tags.get("total").asInt()).isEqualTo(1);
        assertThat(tags.get("results").size()).isEqualTo(1);
        assertThat(tags.get("results").get(0).get("tag").toString())
                .isEqualTo("{\"namespace\":\"ns\",\"key\":\"team\",\"value\":\"red\"}");
        assertThat(tags.get("results").get(0).get("count").asInt()).as("A's twin carries the same tag").isEqualTo(1);
    }

    @Test
    void writesToAnotherAccountsHostChangeNothing() {
        assertThat(as(B, "PATCH", "/hosts/" + hostOfA, "{\"display_name\": \"stolen\"}").statusCode()).isEqualTo(404);
        assertThat(as(B, "PATCH", "/hosts/" + hostOfA + "/facts/ns", "{\"k\": \"stolen\"}").statusCode()).isEqualTo(400);
        assertThat(as(B, "PUT", "/hosts/" + hostOfA + "/facts/ns", "{\"k\": \"stolen\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> delete = as(B, "DELETE", "/hosts/" + hostOfA, null);
        assertThat(delete.statusCode()).isEqualTo(404);
        JsonNode mine = read(A, "/hosts/" + hostOfA).get("results").get(0);
        assertThat(mine.get("display_name").asText()).isEqualTo("twin-" + A);
        assertThat(mine.get("facts").get(0).get("facts").get("k").asText()).isEqualTo(A);
    }

    @Test
    void postingTheTwinAgainUpdatesOnlyTheCallersHost() {
        // the new name still contains "twin", so the list filters of the other tests find B's host whatever the order
        String again = "{\"account\": \"" + B + "\", \"insights_id\": \"" + INSIGHTS_ID + "\", \"stale_timestamp\":"
                + " \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\", \"display_name\": \"twin-again\"}";
        JsonNode result = RunningService.json(service.postHosts(B, "[" + again + "]")).get("data").get(0);
        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("host").get("id").asText()).isEqualTo(hostOfB);
        assertThat(result.get("host").get("display_name").asText()).isEqualTo("twin-again");
        assertThat(read(B, "/hosts").get("total").asInt()).as("still one host in B").isEqualTo(1);
        assertThat(read(A, "/hosts/" + hostOfA).get("results").get(0).get("display_name").asText()).isEqualTo("twin-" + A);
        HttpResponse<String> foreign = service.postHosts(B, "[" + again.replace(B, A) + "]");
        assertThat(RunningService.json(foreign).get("data").get(0).get("status").asInt()).isEqualTo(400);
    }
}
