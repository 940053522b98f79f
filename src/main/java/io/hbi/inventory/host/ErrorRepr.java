package io.hbi.inventory.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders field errors the way the 2020 service showed them: the Python repr of marshmallow's error dict, e.g.
 * {@code {'account': ['Length must be between 1 and 10.']}} or
 * {@code {'system_profile': {'network_interfaces': {0: {'mtu': ['Not a valid integer.']}}}}}.
 * Fields appear in the order of the list; a field may carry several messages.
 */
public final class ErrorRepr {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private ErrorRepr() {
    }

    public static String describe(List<FieldError> errors) {
        Node root = new Node();
        for (FieldError error : errors) {
            Node node = root;
            Matcher m = SEGMENT.matcher(error.field());
            while (m.find()) {
                Object key = m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2));
                node = node.children.computeIfAbsent(key, k -> new Node());
            }
            node.messages.add(error.message());
        }
        return root.children.isEmpty() && !root.messages.isEmpty()
                ? render(Map.of("_schema", root))
                : render(root.children);
    }

    private static final class Node {
        final List<String> messages = new ArrayList<>();
        final Map<Object, Node> children = new LinkedHashMap<>();
    }

    private static String render(Map<Object, Node> children) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<Object, Node> child : children.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(child.getKey() instanceof Integer ? child.getKey().toString() : pythonString((String) child.getKey()));
            out.append(": ");
            Node node = child.getValue();
            if (node.children.isEmpty()) {
                out.append(messages(node.messages));
            } else {
                Map<Object, Node> nested = new LinkedHashMap<>(node.children);
                if (!node.messages.isEmpty()) {
                    Node schemaLevel = new Node();
                    schemaLevel.messages.addAll(node.messages);
                    nested.put("_schema", schemaLevel);
                }
                out.append(render(nested));
            }
        }
        return out.append('}').toString();
    }

    private static String messages(List<String> messages) {
        StringBuilder out = new StringBuilder("[");
        for (String message : messages) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(pythonString(message));
        }
        return out.append(']').toString();
    }

    /** Python's {@code repr(str)}: single quotes unless the text has a single quote and no double quote. */
    static String pythonString(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp == quote) {
                        out.append('\\').append((char) cp);
                    } else if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append(quote).toString();
    }
}
