package io.hbi.inventory.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test JSON: single quotes allowed so that JSON reads well inside Java strings. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Json() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    public static ObjectNode object(String json) {
        return (ObjectNode) parse(json);
    }

    /** A minimal valid host, with {@code extra} members (a JSON object) added or replacing. */
    public static ObjectNode host(String extra) {
        ObjectNode host = object("{'account': '0000001', 'fqdn': 'host1.test',"
                + " 'stale_timestamp': '2020-07-07T10:00:00+00:00', 'reporter': 'puptoo'}");
        host.setAll(object(extra));
        return host;
    }

    public static String repeat(int length) {
        return "x".repeat(length);
    }
}
