package io.hbi.inventory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.events.HostEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * An {@code add_host} message of the ingress topic (contract §6.2): UTF-8 JSON whose strings are all valid Unicode,
 * with {@code operation} (a string), {@code data} (an object) and optionally {@code platform_metadata} (an object).
 */
public sealed interface IngressMessage {

    /** A usable envelope. */
    record Envelope(JsonNode data, JsonNode platformMetadata, String requestId) implements IngressMessage {
    }

    /** Not an add_host envelope: goes to the dead-letter topic with {@code reason}. */
    record Unparseable(String cause, String reason) implements IngressMessage {
    }

    static IngressMessage parse(byte[] value, ObjectMapper json) {
        if (value == null) {
            return new Unparseable("invalid", "empty message");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return new Unparseable("invalid", "message is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            return new Unparseable("invalid", "message is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new Unparseable("invalid", "message is not a JSON object");
        }
        if (hasLoneSurrogate(root)) {
            return new Unparseable("invalid", "message has a string that is not valid Unicode");
        }
        JsonNode operation = root.get("operation");
        if (operation == null || !operation.isTextual()) {
            return new Unparseable("invalid", "operation: Missing data for required field or not a string.");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            return new Unparseable("invalid", "data: Missing data for required field or not an object.");
        }
        JsonNode metadata = root.get("platform_metadata");
        if (metadata != null && !metadata.isObject()) {
            return new Unparseable("invalid", "platform_metadata: Not a valid object.");
        }
        String requestId = HostEvents.NO_REQUEST_ID;
        if (metadata != null && metadata.path("request_id").isTextual()) {
            requestId = metadata.get("request_id").asText();
        }
        return new Envelope(data, metadata, requestId);
    }

    private static boolean hasLoneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return !isValidUnicode(node.asText());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!isValidUnicode(field.getKey()) || hasLoneSurrogate(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasLoneSurrogate(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isValidUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
