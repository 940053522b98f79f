package io.hbi.inventory.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which form an identity header is read in, and the 2020 form (contract §2), which stays as it was. */
class IdentityHeaderTest {

    static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static final String TODAYS = encode("{\"identity\": {\"org_id\": \"5894300\", \"type\": \"User\","
            + " \"auth_type\": \"basic-auth\", \"user\": {\"username\": \"jdoe\"}}}");

    @Test
    void a2020IdentityIsItsAccountWhateverElseItCarries() {
        assertThat(IdentityHeader.parse(encode("{\"identity\": {\"account_number\": \"0000001\"}}")))
                .isEqualTo(Identity.ofAccount("0000001"));
        // internal.org_id is not a tenant key, and a 2020 identity's type or auth_type are not checked
        assertThat(IdentityHeader.parse(encode("{\"identity\": {\"account_number\": \"0000001\", \"type\": \"Robot\","
                + " \"auth_type\": \"classic-proxy\", \"internal\": {\"org_id\": \"1\"}}, \"entitlements\": {}}")))
                .isEqualTo(Identity.ofAccount("0000001"));
    }

    @Test
    void aMimeWrappedHeaderWithSurroundingSpaceIsRead() {
        String wrapped = Base64.getMimeEncoder().encodeToString(("{\"identity\": {\"account_number\": \"0000001\","
                + " \"padding\": \"" + "x".repeat(100) + "\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(IdentityHeader.parse("  " + wrapped + " ")).isEqualTo(Identity.ofAccount("0000001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"identity\": {}}",
            "{\"identity\": {\"account_number\": \"\"}}",
            "{\"identity\": {\"account_number\": 1}}",
            "{\"identity\": {\"account_number\": null}}",
            "{\"identity\": {\"internal\": {\"org_id\": \"1\"}, \"type\": \"User\", \"auth_type\": \"basic-auth\"}}",
            "{\"identity\": \"0000001\"}",
            "{\"identity\": [{\"org_id\": \"1\"}]}",
            "{\"account_number\": \"0000001\"}",
            "{}",
            "[]",
            "null",
            "\"text\"",
            "{\"identity\": {\"account_number\": \"1\"}} {}",
            "not json",
    })
    void a2020IdentityWithoutAnAccountOrAnUnreadableDocumentKeepsTheContractsMessage(String json) {
        assertThatThrownBy(() -> IdentityHeader.parse(encode(json)))
                .isInstanceOf(AuthenticationException.class).hasMessage("Provided apikey is not valid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-base64!!", "", "   "})
    void aValueThatIsNotBase64OfJsonKeepsTheContractsMessage(String header) {
        assertThatThrownBy(() -> IdentityHeader.parse(header))
                .isInstanceOf(AuthenticationException.class).hasMessage("Provided apikey is not valid");
    }

    @Test
    void invalidUtf8IsRefused() {
        String header = Base64.getEncoder().encodeToString(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
        assertThatThrownBy(() -> IdentityHeader.parse(header)).hasMessage("Provided apikey is not valid");
    }

    @Test
    void anOrgIdKeyMakesATodaysIdentityEvenBesideAnAccount() {
        assertThat(IdentityHeader.parse(TODAYS)).isEqualTo(Identity.ofOrg("5894300", null, "User", null));
        // the key's presence decides: a null org_id is a broken today's identity, not a 2020 one
        assertThatThrownBy(() -> IdentityHeader.parse(encode(
                "{\"identity\": {\"org_id\": null, \"account_number\": \"0000001\"}}")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid identity: identity.org_id must be a string of 1 to 36 characters");
        // a 2020 client's extra keys do not make it today's: only org_id does
        assertThatThrownBy(() -> IdentityHeader.parse(encode(
                "{\"identity\": {\"org_id\": \"5894300\", \"account_number\": \"0000001\"}}")))
                .hasMessage("Invalid identity: identity.type is required");
    }

    @Test
    void parseTodayReadsATodaysIdentityLikeParse() {
        assertThat(IdentityHeader.parseToday(TODAYS)).isEqualTo(IdentityHeader.parse(TODAYS));
        assertThatThrownBy(() -> IdentityHeader.parseToday(encode(
                "{\"identity\": {\"org_id\": \"5894300\", \"type\": \"user\", \"auth_type\": \"basic-auth\"}}")))
                .hasMessage("Invalid identity: identity.type must be one of User, System, ServiceAccount, Associate, X509");
    }

    @Test
    void parseTodayRefusesA2020Identity() {
        assertThatThrownBy(() -> IdentityHeader.parseToday(encode(
                "{\"identity\": {\"account_number\": \"0000001\", \"internal\": {\"org_id\": \"1\"}}}")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid identity: identity.org_id is required");
        assertThatThrownBy(() -> IdentityHeader.parseToday("not-base64!!")).hasMessage("Provided apikey is not valid");
    }
}
