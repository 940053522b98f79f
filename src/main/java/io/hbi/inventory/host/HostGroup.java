package io.hbi.inventory.host;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A group of hosts (decisions.md 12, hbi-later.md §L4.1): its id, name, the tenant it belongs to (the org of the today's
 * caller that made it, or the account of the 2020 caller that made it, as a host's) and when it was made and last
 * changed (renamed, or its membership changed). A host is in at most one group; there is no "ungrouped" group.
 */
public record HostGroup(UUID id, String name, String orgId, String account, OffsetDateTime created,
                        OffsetDateTime updated) {

    /** The longest name (hbi-later.md §L4.1). */
    public static final int MAX_NAME = 255;

    /** The characters of a name. */
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 _-]+$");

    public HostGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** This group renamed (not saved). */
    public HostGroup renamed(String newName, OffsetDateTime now) {
        return new HostGroup(id, newName, orgId, account, created, now);
    }

    /**
     * A group name as stored: the text without surrounding whitespace, 1..255 characters of letters, digits, space,
     * {@code _} and {@code -} (hbi-later.md §L4.1).
     *
     * @throws InvalidInputException naming the field, in later HBI's words
     */
    public static String checkedName(String text) {
        String name = text.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidInputException("{'name': ['Length must be between 1 and " + MAX_NAME + ".']}");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("{'name': ['String does not match expected pattern.']}");
        }
        return name;
    }
}
