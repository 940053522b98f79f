package io.hbi.inventory.selection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Tags;
import io.hbi.inventory.host.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One {@code tags} query item, {@code namespace/key=value} with namespace and value optional (contract §1.4). The item
 * is what the query string gave (already decoded once, as every query parameter value); it is
 * split on its first {@code /} and the first {@code =} after it, and only then is each part percent-decoded again,
 * the way Python's {@code urllib.parse.unquote} decodes: {@code +} stays a plus (this is not form encoding) and a
 * {@code %} not followed by two hex digits stays as it is. So a {@code /}, {@code =} or {@code ,} inside a part is
 * written percent-encoded twice on the wire. Each decoded part is at most 255 characters.
 *
 * <p>As a filter it is JSONB containment in the stored {@code {namespace: {key: [values]}}} form; without a value it
 * matches any value of the key, without a namespace it matches the "no namespace" tags.
 */
public record TagFilter(String namespace, String key, String value) {

    private static final Pattern SYNTAX = Pattern.compile("^([^=/]+/)?[^=/]+(=[^=/]+)?$");
    private static final int MAX = 255;

    public static TagFilter parse(String item) {
        if (!SYNTAX.matcher(item).matches()) {
            throw new InvalidInputException("tags: '" + item + "' does not match '^([^=/]+/)?[^=/]+(=[^=/]+)?$'");
        }
        String namespace = null;
        String rest = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            namespace = part("namespace", item.substring(0, slash));
            rest = item.substring(slash + 1);
        }
        String value = null;
        int equals = rest.indexOf('=');
        if (equals >= 0) {
            value = part("value", rest.substring(equals + 1));
            rest = rest.substring(0, equals);
        }
        return new TagFilter(namespace, part("key", rest), value);
    }

    private static String part(String name, String raw) {
        String decoded = unquote(raw);
        if (decoded.indexOf('\u0000') >= 0) {
            throw new InvalidInputException("tags: the " + name + " holds a NUL character");
        }
        if (decoded.length() > MAX) {
            throw new InvalidInputException("Validation Error", name + " is longer than " + MAX + " characters");
        }
        return decoded;
    }

    /**
     * Percent-decoding as Python's {@code urllib.parse.unquote} does it: each run of {@code %XX} escapes is decoded as
     * UTF-8 (malformed bytes become U+FFFD), everything else, {@code +} and a stray {@code %} included, is kept.
     */
    public static String unquote(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                escaped.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 3;
                continue;
            }
            flush(escaped, out);
            out.append(c);
            i++;
        }
        flush(escaped, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream escaped, StringBuilder out) {
        if (escaped.size() > 0) {
            out.append(escaped.toString(StandardCharsets.UTF_8));
            escaped.reset();
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
    }

    /** The JSONB document a matching host's {@code tags} contains. */
    public ObjectNode containment() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        String storedNamespace = namespace == null || namespace.isEmpty() ? Tags.NULL_NAMESPACE : namespace;
        var values = document.putObject(storedNamespace).putArray(key);
        if (value != null) {
            values.add(value);
        }
        return document;
    }
}
