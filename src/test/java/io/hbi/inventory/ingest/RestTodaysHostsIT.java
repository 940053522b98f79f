package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TodaysIdentities;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /hosts} from today's identities (decisions.md 10 and 16): each host carries the identity's
 * {@code org_id} (else that host's 400 in the 207) and may omit {@code account}; a body whose host lacks
 * {@code org_id} is a 400 as a 2020 host without {@code account} is; a System identity writes only hosts it owns.
 */
class RestTodaysHostsIT {

    static final String CN = "1b36b20f-7fa0-4454-a6d2-008294e06378";

    @RegisterExtension
    static RunningService service = RunningService.start();

    static String org() {
        return "org-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String host(String org, String extra) {
        return "{\"org_id\": \"" + org + "\", \"fqdn\": \"h-" + UUID.randomUUID() + ".example.com\","
                + " \"stale_timestamp\": \"" + OffsetDateTime.now(ZoneOffset.UTC).plusDays(1) + "\","
                + " \"reporter\": \"puptoo\"" + extra + "}";
    }

    static HttpResponse<String> post(String identity, String... hosts) {
        return service.postHosts(null, "[" + String.join(", ", hosts) + "]", "x-rh-identity", identity);
    }

    @Test
    void anOrgsHostsAreStoredInTheOrgAndAHostOfAnotherOrgOrAccountIsThatHostsOwn400() {
        String org = org();
        HttpResponse<String> response = post(TodaysIdentities.user(org),
                host(org, ""), host(org(), ""), host(org, ", \"account\": \"0000042\""), host(org, ", \"account\": null"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode data = RunningService.json(response).get("data");
        assertThat(data.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(data.get(0).at("/host/org_id").asText()).isEqualTo(org);
        assertThat(data.get(0).at("/host/account").isNull()).isTrue();
        assertThat(data.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(1).get("detail").asText())
                .isEqualTo("The org_id in the identity does not match the org_id in the host.");
        assertThat(data.get(2).get("status").asInt()).as("an identity without an account writes none").isEqualTo(400);
        assertThat(data.get(3).get("status").asInt()).isEqualTo(201);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void anIdentityWithAnAccountMayWriteItIntoItsHosts() {
        String org = org();
        HttpResponse<String> response = post(TodaysIdentities.user(org, "0000043"),
                host(org, ", \"account\": \"0000043\""), host(org, ", \"account\": \"0000044\""));
        JsonNode data = RunningService.json(response).get("data");
        assertThat(data.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(data.get(0).at("/host/account").asText()).isEqualTo("0000043");
        assertThat(data.get(1).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void aBodyWhoseHostHasNoOrgIdIsRefusedWholeAndA2020CallerKeepsItsRule() {
        HttpResponse<String> response = post(TodaysIdentities.user(org()),
                "{\"account\": \"0000045\", \"fqdn\": \"x\", \"stale_timestamp\": \"" + OffsetDateTime.now(ZoneOffset.UTC)
                        + "\", \"reporter\": \"puptoo\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningService.json(response).get("detail").asText())
                .isEqualTo("'org_id' is a required property - '0'");
        HttpResponse<String> twenty = post(Identities.of("0000045"), host(org(), ""));
        assertThat(twenty.statusCode()).isEqualTo(400);
        assertThat(RunningService.json(twenty).get("detail").asText())
                .isEqualTo("'account' is a required property - '0'");
    }

    @Test
    void aSystemIdentityOwnsWhatItWritesAndMayNotWriteAnotherOwnersHost() {
        String org = org();
        HttpResponse<String> response = post(TodaysIdentities.system(org, CN.toUpperCase()),
                host(org, ""), host(org, ", \"system_profile\": {\"owner_id\": \"" + UUID.randomUUID() + "\"}"),
                host(org, ", \"system_profile\": {\"owner_id\": \"" + CN.replace("-", "") + "\"}"));
        JsonNode data = RunningService.json(response).get("data");
        assertThat(data.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE id = ?::uuid"
                + " AND system_profile_facts ->> 'owner_id' = ?", data.get(0).at("/host/id").asText(), CN)).isEqualTo(1);
        assertThat(data.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(data.get(1).get("detail").asText()).isEqualTo("The owner in host does not match the owner in identity");
        assertThat(data.get(2).get("status").asInt()).as("the same owner in another spelling").isEqualTo(201);
    }
}
