package io.hbi.inventory.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code x-rh-identity} header, and the same value as Kafka's {@code platform_metadata.b64_identity}: base64 of a
 * UTF-8 JSON document {@code {"identity": {...}}} in one of two forms (decisions.md 10).
 * <ul>
 *   <li>With a top-level {@code identity.org_id} key, a today's identity, held to later HBI's rules
 *       ({@link TodaysIdentity}, hbi-later §L1.1).</li>
 *   <li>Without one, a 2020 identity (contract §2): {@code identity.account_number} must be a non-empty string and
 *       nothing else is read ({@code identity.internal.org_id} is not a tenant key).</li>
 * </ul>
 * Extra fields are ignored in both. Every failure is an {@link AuthenticationException} whose message names what is
 * wrong and never repeats a value of the header.
 */
public final class IdentityHeader {

    static final String INVALID = "Provided apikey is not valid";
    static final String ORG_ID_REQUIRED = TodaysIdentity.INVALID + "identity.org_id is required";
    // one JSON document and nothing after it, as Python's json.loads required (two headers joined are refused)
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private IdentityHeader() {
    }

    /** Either form: a today's identity when {@code identity.org_id} is there, a 2020 identity otherwise. */
    public static Identity parse(String header) {
        JsonNode identity = decode(header).path("identity");
        if (identity.has(TodaysIdentity.ORG_ID)) {
            return TodaysIdentity.read(identity);
        }
        JsonNode account = identity.path("account_number");
        if (!account.isTextual() || account.asText().isEmpty()) {
            throw new AuthenticationException(INVALID);
        }
        return Identity.ofAccount(account.asText());
    }

    /**
     * Only a today's identity, for where no 2020 identity can come (a Kafka message of today's platform carries its
     * {@code b64_identity} in this form): an identity without {@code identity.org_id} is refused, not read as 2020.
     */
    public static Identity parseToday(String header) {
        JsonNode identity = decode(header).path("identity");
        if (!identity.has(TodaysIdentity.ORG_ID)) {
            throw new AuthenticationException(ORG_ID_REQUIRED);
        }
        return TodaysIdentity.read(identity);
    }

    /** The JSON document of the header; never null. */
    private static JsonNode decode(String header) {
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
        return document;
    }
}
