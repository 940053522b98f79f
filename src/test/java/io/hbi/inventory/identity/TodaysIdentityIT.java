package io.hbi.inventory.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.RunningService;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Today's identities over real HTTP (hbi-later §L1.1, §L1.8): one without an account is let in, a broken one is a 401
 * problem counted in {@code inventory_login_failure_count}. Which hosts an org sees is not asserted here.
 */
class TodaysIdentityIT {

    static final String LOGIN_FAILURES = "inventory_login_failure_count_total";

    @RegisterExtension
    static RunningService service = RunningService.start();

    static HttpResponse<String> listHosts(String identityHeader) {
        return service.get(service.settings().apiPrefix() + "/hosts", "x-rh-identity", identityHeader);
    }

    @ParameterizedTest
    @ValueSource(strings = {"User", "System", "ServiceAccount", "Associate", "X509"})
    void aTodaysIdentityWithoutAnAccountListsHosts(String type) {
        HttpResponse<String> response = listHosts(TodaysIdentityTest.header(TodaysIdentityTest.valid(type)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = RunningService.json(response);
        assertThat(page.get("results").isArray()).isTrue();
        assertThat(page.get("total").isIntegralNumber()).isTrue();
        assertThat(page.get("count").asInt()).isEqualTo(page.get("results").size());
    }

    @Test
    void aTodaysIdentityWithAnAccountListsHosts() {
        HttpResponse<String> response = listHosts(TodaysIdentityTest.header(
                TodaysIdentityTest.valid("User").put("account_number", "0000001")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RunningService.json(response).get("results").isArray()).isTrue();
    }

    @Test
    void a2020IdentityStillListsHosts() {
        assertThat(listHosts(Identities.of("0000001")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenTodaysIdentityIsA401ProblemAndCountsAsALoginFailure() {
        Map<String, String> refused = Map.of(
                TodaysIdentityTest.header(TodaysIdentityTest.valid("User").put("type", "user")),
                "Invalid identity: identity.type must be one of User, System, ServiceAccount, Associate, X509",
                TodaysIdentityTest.header(TodaysIdentityTest.valid("System").put("auth_type", "classic-proxy")),
                "Invalid identity: identity.auth_type must be one of basic-auth, cert-auth, jwt-auth, uhc-auth,"
                        + " saml-auth, x509",
                TodaysIdentityTest.header(withoutServiceAccount()),
                "Invalid identity: identity.service_account is required and must be an object",
                TodaysIdentityTest.header(TodaysIdentityTest.valid("User").put("org_id", "")),
                "Invalid identity: identity.org_id must be a string of 1 to 36 characters");
        double before = service.metric(LOGIN_FAILURES);
        refused.forEach((header, detail) -> {
            HttpResponse<String> response = listHosts(header);
            assertThat(response.statusCode()).as(detail).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = RunningService.json(response);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("detail").asText()).isEqualTo(detail);
        });
        assertThat(service.metric(LOGIN_FAILURES)).isEqualTo(before + refused.size());
    }

    static ObjectNode withoutServiceAccount() {
        ObjectNode identity = TodaysIdentityTest.valid("Associate");
        identity.remove("service_account");
        return identity;
    }
}
