package io.hbi.inventory.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of a today's identity (hbi-later §L1.1), through {@link IdentityHeader#parse}. */
class TodaysIdentityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "5894300";
    static final String CN = "1b36b20f-7fa0-4454-a6d2-008294e06378";

    /** A valid identity of each type, with unknown keys where later HBI's clients send them. */
    static ObjectNode valid(String type) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("org_id", ORG).put("type", type).put("auth_type", "jwt-auth");
        identity.putObject("internal").put("org_id", ORG).put("auth_time", 500);
        switch (type) {
            case "User" -> identity.putObject("user").put("username", "jdoe").put("email", "jdoe@example.com")
                    .put("is_org_admin", true).put("user_id", "12345");
            case "System" -> {
                identity.put("auth_type", "cert-auth");
                identity.putObject("system").put("cert_type", "system").put("cn", CN);
            }
            case "ServiceAccount", "Associate" -> identity.putObject("service_account")
                    .put("client_id", "b69eaf9e-e6a6-4f9e-805e-02987daddfbd").put("username", "service-account-b69eaf9e")
                    .put("scope", "openid");
            case "X509" -> {
                identity.put("auth_type", "X509");
                identity.putObject("x509").put("subject_dn", "/CN=some-host.example.com")
                        .put("issuer_dn", "/CN=certificate-authority.example.com");
            }
            default -> throw new IllegalArgumentException(type);
        }
        return identity;
    }

    static String header(ObjectNode identity) {
        ObjectNode document = JSON.createObjectNode();
        document.set("identity", identity);
        return Base64.getEncoder().encodeToString(document.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Identity parse(ObjectNode identity) {
        return IdentityHeader.parse(header(identity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"User", "ServiceAccount", "Associate", "X509"})
    void aValidIdentityOfEachTypeIsTheOrgWithItsTypeAndNoCn(String type) {
        assertThat(parse(valid(type))).isEqualTo(Identity.ofOrg(ORG, null, type, null));
    }

    @Test
    void aValidSystemIdentityCarriesItsCn() {
        Identity identity = parse(valid("System"));
        assertThat(identity).isEqualTo(Identity.ofOrg(ORG, null, "System", CN));
        assertThat(identity.isSystem()).isTrue();
        assertThat(identity.byOrg()).isTrue();
    }

    @Test
    void theAccountNumberIsKeptWhenGiven() {
        assertThat(parse(valid("User").put("account_number", "0000001")).accountNumber()).isEqualTo("0000001");
        assertThat(parse(valid("User").put("account_number", "a".repeat(36))).accountNumber()).isEqualTo("a".repeat(36));
    }

    @Test
    void aNullOrEmptyAccountNumberIsNoAccount() {
        assertThat(parse(valid("User").putNull("account_number")).accountNumber()).isNull();
        assertThat(parse(valid("User").put("account_number", "")).accountNumber()).isNull();
    }

    @Test
    void orgIdsOfOneAndOf36CharactersAreAccepted() {
        assertThat(parse(valid("User").put("org_id", "1")).orgId()).isEqualTo("1");
        assertThat(parse(valid("User").put("org_id", "o".repeat(36))).orgId()).isEqualTo("o".repeat(36));
        // characters, not UTF-16 units: 36 emoji are 36 characters
        assertThat(parse(valid("User").put("org_id", "😀".repeat(36))).orgId()).hasSize(72);
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic-auth", "cert-auth", "jwt-auth", "uhc-auth", "saml-auth", "x509", "JWT-Auth", "BASIC-AUTH"})
    void everyAuthTypeIsAcceptedInAnyCase(String authType) {
        assertThat(parse(valid("User").put("auth_type", authType)).orgId()).isEqualTo(ORG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hypervisor", "rhui", "sam", "satellite", "system", "SYSTEM", "Satellite"})
    void everyCertTypeIsAcceptedInAnyCase(String certType) {
        ObjectNode identity = valid("System");
        ((ObjectNode) identity.get("system")).put("cert_type", certType);
        assertThat(parse(identity).systemCn()).isEqualTo(CN);
    }

    @Test
    void aUserNeedsNoUserObjectAndItsOtherKeysAreNotRead() {
        ObjectNode bare = valid("User");
        bare.remove("user");
        assertThat(parse(bare).type()).isEqualTo("User");
        ObjectNode withoutEmail = valid("User");
        ((ObjectNode) withoutEmail.get("user")).remove("email");
        ((ObjectNode) withoutEmail.get("user")).put("is_org_admin", "not a boolean");
        assertThat(parse(withoutEmail).type()).isEqualTo("User");
    }

    @Test
    void anotherTypesObjectIsNotRead() {
        ObjectNode user = valid("User");
        user.put("system", "not an object");
        user.putObject("x509");
        assertThat(parse(user).systemCn()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdoe@example.com", "j.doe+tag@mail.example.co.uk", "x@a.b"})
    void plausibleEmailAddressesAreAccepted(String email) {
        assertThat(TodaysIdentity.isEmailAddress(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jdoe", "@example.com", "jdoe@", "jdoe@localhost", "jdoe@example.", "jdoe@.com",
            "jdoe@example..com", "j doe@example.com", "jdoe@exa@mple.com", "jdoe@example.com\n"})
    void implausibleEmailAddressesAreRefused(String email) {
        assertThat(TodaysIdentity.isEmailAddress(email)).isFalse();
    }

    static Stream<Arguments> invalid() {
        String type = "identity.type must be one of User, System, ServiceAccount, Associate, X509";
        String authType = "identity.auth_type must be one of basic-auth, cert-auth, jwt-auth, uhc-auth, saml-auth, x509";
        String orgId = "identity.org_id must be a string of 1 to 36 characters";
        String account = "identity.account_number must be null or a string of at most 36 characters";
        String certType = "identity.system.cert_type must be one of hypervisor, rhui, sam, satellite, system";
        return Stream.of(
                refused("org_id null", "User", i -> i.putNull("org_id"), orgId),
                refused("org_id empty", "User", i -> i.put("org_id", ""), orgId),
                refused("org_id of 37 characters", "User", i -> i.put("org_id", "o".repeat(37)), orgId),
                refused("org_id a number", "User", i -> i.put("org_id", 5894300), orgId),
                refused("type missing", "User", i -> i.remove("type"), "identity.type is required"),
                refused("type unknown", "User", i -> i.put("type", "Robot"), type),
                refused("type in the wrong case", "User", i -> i.put("type", "user"), type),
                refused("type SYSTEM", "System", i -> i.put("type", "SYSTEM"), type),
                refused("type null", "User", i -> i.putNull("type"), type),
                refused("auth_type missing", "User", i -> i.remove("auth_type"), "identity.auth_type is required"),
                refused("auth_type unknown", "User", i -> i.put("auth_type", "magic-auth"), authType),
                refused("auth_type classic-proxy", "System", i -> i.put("auth_type", "classic-proxy"), authType),
                refused("auth_type a number", "User", i -> i.put("auth_type", 1), authType),
                refused("account_number of 37 characters", "User", i -> i.put("account_number", "1".repeat(37)), account),
                refused("account_number a number", "User", i -> i.put("account_number", 1), account),
                refused("user not an object", "User", i -> i.put("user", "jdoe"), "identity.user must be an object"),
                refused("user null", "User", i -> i.putNull("user"), "identity.user must be an object"),
                refused("email without a domain", "User", i -> user(i).put("email", "jdoe"),
                        "identity.user.email must be an e-mail address"),
                refused("email null", "User", i -> user(i).putNull("email"),
                        "identity.user.email must be an e-mail address"),
                refused("System without system", "System", i -> i.remove("system"),
                        "identity.system is required and must be an object"),
                refused("System with a string system", "System", i -> i.put("system", "cert"),
                        "identity.system is required and must be an object"),
                refused("System without cn", "System", i -> system(i).remove("cn"),
                        "identity.system.cn must be a non-empty string"),
                refused("System with an empty cn", "System", i -> system(i).put("cn", ""),
                        "identity.system.cn must be a non-empty string"),
                refused("System without cert_type", "System", i -> system(i).remove("cert_type"), certType),
                refused("System with an unknown cert_type", "System", i -> system(i).put("cert_type", "robot"), certType),
                refused("Associate without service_account", "Associate", i -> i.remove("service_account"),
                        "identity.service_account is required and must be an object"),
                refused("ServiceAccount without service_account", "ServiceAccount", i -> i.remove("service_account"),
                        "identity.service_account is required and must be an object"),
                refused("ServiceAccount without username", "ServiceAccount", i -> serviceAccount(i).remove("username"),
                        "identity.service_account.username must be a non-empty string"),
                refused("ServiceAccount with an empty client_id", "ServiceAccount",
                        i -> serviceAccount(i).put("client_id", ""),
                        "identity.service_account.client_id must be a non-empty string"),
                refused("Associate without client_id", "Associate", i -> serviceAccount(i).remove("client_id"),
                        "identity.service_account.client_id must be a non-empty string"),
                refused("X509 without x509", "X509", i -> i.remove("x509"),
                        "identity.x509 is required and must be an object"),
                refused("X509 without issuer_dn", "X509", i -> x509(i).remove("issuer_dn"),
                        "identity.x509.issuer_dn must be a non-empty string"),
                refused("X509 with a numeric subject_dn", "X509", i -> x509(i).put("subject_dn", 7),
                        "identity.x509.subject_dn must be a non-empty string"));
    }

    static Arguments refused(String name, String type, Consumer<ObjectNode> change, String message) {
        ObjectNode identity = valid(type);
        change.accept(identity);
        return Arguments.of(name, identity, message);
    }

    static ObjectNode user(ObjectNode identity) {
        return (ObjectNode) identity.get("user");
    }

    static ObjectNode system(ObjectNode identity) {
        return (ObjectNode) identity.get("system");
    }

    static ObjectNode serviceAccount(ObjectNode identity) {
        return (ObjectNode) identity.get("service_account");
    }

    static ObjectNode x509(ObjectNode identity) {
        return (ObjectNode) identity.get("x509");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachBrokenRuleIsRefusedWithAMessageNamingIt(String name, ObjectNode identity, String message) {
        assertThatThrownBy(() -> parse(identity))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid identity: " + message);
    }

    @Test
    void theMessageNeverRepeatsAValueOfTheHeader() {
        for (ObjectNode identity : new ObjectNode[] {valid("User").put("type", "secret-type-value"),
                valid("User").put("auth_type", "secret-auth-value"),
                valid("User").put("org_id", "secret-org-value".repeat(3)),
                valid("User").put("account_number", "secret-account-value".repeat(2))}) {
            assertThatThrownBy(() -> parse(identity)).isInstanceOf(AuthenticationException.class)
                    .message().doesNotContain("secret");
        }
        ObjectNode email = valid("User");
        user(email).put("email", "secret-mail");
        assertThatThrownBy(() -> parse(email)).message().doesNotContain("secret");
    }
}
