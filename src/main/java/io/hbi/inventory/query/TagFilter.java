package io.hbi.inventory.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Tags;
import io.hbi.inventory.http.ProblemException;
import io.hbi.inventory.http.QueryParameters;
import java.util.regex.Pattern;

/**
 * One {@code tags} query item, {@code namespace/key=value} with namespace and value optional (contract §1.4): split
 * first, then each part percent-decoded, each at most 255 characters. As a filter it is JSONB containment in the
 * stored {@code {namespace: {key: [values]}}} form; without a value it matches any value of the key, without a
 * namespace it matches the "no namespace" tags.
 */
public record TagFilter(String namespace, String key, String value) {

    private static final Pattern SYNTAX = Pattern.compile("^([^=/]+/)?[^=/]+(=[^=/]+)?$");
    private static final int MAX = 255;

    public static TagFilter parse(String item) {
        if (!SYNTAX.matcher(item).matches()) {
            throw ProblemException.badRequest("tags: '" + item + "' does not match '^([^=/]+/)?[^=/]+(=[^=/]+)?$'");
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
        String decoded = QueryParameters.decode(raw);
        if (decoded.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("tags: the " + name + " holds a NUL character");
        }
        if (decoded.length() > MAX) {
            throw new ProblemException(400, "Validation Error", name + " is longer than " + MAX + " characters");
        }
        return decoded;
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
