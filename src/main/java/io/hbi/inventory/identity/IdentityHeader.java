package io.hbi.inventory.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code x-rh-identity} header of the 2020 contract (§2): base64 of a UTF-8 JSON document whose
 * {@code identity.account_number} is a non-empty string. Nothing else is read; extra fields are ignored.
 */
public final class IdentityHeader {

    static final String INVALID = "Provided apikey is not valid";
    // one JSON document and nothing after it, as Python's json.loads required (two headers joined are refused)
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private IdentityHeader() {
    }

    public static Identity parse(String header) {
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(INVALID);
        }
        JsonNode document;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString();
            document = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AuthenticationException(INVALID);
        }
        if (document == null) {
            throw new AuthenticationException(INVALID);
        }
        JsonNode account = document.path("identity").path("account_number");
        if (!account.isTextual() || account.asText().isEmpty()) {
            throw new AuthenticationException(INVALID);
        }
        return Identity.ofAccount(account.asText());
    }
}
