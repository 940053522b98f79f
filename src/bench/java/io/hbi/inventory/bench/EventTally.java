package io.hbi.inventory.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What the events topic showed for one Kafka run of {@code count} add_host messages: for each message (by its index
 * in the run's request ids), the events seen, their {@code event_type}, their key (the host id) and the
 * {@code host.org_id} they carry. The run's work is right when every message has exactly one event, of the expected
 * type, in the expected org (that of a today's message; none for a 2020 message), and the keys are {@code count}
 * distinct hosts (for an update run: the hosts the new-host run created).
 */
final class EventTally {

    /** What {@link #hostOrgId} returns for an event whose host has no {@code org_id} key at all. */
    static final String NO_ORG_KEY = "(no org_id key)";

    private final int count;
    private final String expectedType;
    private final String[] expectedIds;
    private final IntFunction<String> expectedOrg;
    private final String[] ids;
    private final int[] events;
    private int seen;
    private int duplicates;
    private int wrongType;
    private String firstWrongType;
    private int wrongOrg;
    private String firstWrongOrg;

    /**
     * @param expectedType {@code created} or {@code updated}
     * @param expectedIds  the host id each message must end in (the ids of the new-host run), or null
     * @param expectedOrg  the {@code host.org_id} the event of each message must carry (null: {@code null})
     */
    EventTally(int count, String expectedType, String[] expectedIds, IntFunction<String> expectedOrg) {
        this.count = count;
        this.expectedType = expectedType;
        this.expectedIds = expectedIds;
        this.expectedOrg = expectedOrg;
        this.ids = new String[count];
        this.events = new int[count];
    }

    /**
     * Records one event of message {@code index}, carrying {@code orgId} (as {@link #hostOrgId} reads it); returns
     * whether it is the first one of that message.
     */
    boolean add(int index, String type, String key, String orgId) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("No message " + index + " in a run of " + count);
        }
        events[index]++;
        if (!expectedType.equals(type)) {
            wrongType++;
            if (firstWrongType == null) {
                firstWrongType = "message " + index + ": event_type " + type;
            }
        }
        String org = expectedOrg.apply(index);
        if (!Objects.equals(org, orgId)) {
            wrongOrg++;
            if (firstWrongOrg == null) {
                firstWrongOrg = "message " + index + ": org_id " + orgId + ", expected " + org;
            }
        }
        if (events[index] > 1) {
            duplicates++;
            return false;
        }
        ids[index] = key;
        seen++;
        return true;
    }

    int seen() {
        return seen;
    }

    boolean complete() {
        return seen == count;
    }

    /** The host id of each message's event (null where none was seen). */
    String[] ids() {
        return ids;
    }

    /** Null when the events are right; otherwise what is wrong with them. */
    String failure() {
        List<String> problems = new ArrayList<>();
        if (seen < count) {
            problems.add((count - seen) + " of " + count + " messages without an event");
        }
        if (duplicates > 0) {
            problems.add(duplicates + " duplicate events");
        }
        if (wrongType > 0) {
            problems.add(wrongType + " events not '" + expectedType + "' (" + firstWrongType + ")");
        }
        if (wrongOrg > 0) {
            problems.add(wrongOrg + " events whose host.org_id is not their message's (" + firstWrongOrg + ")");
        }
        Set<String> distinct = new HashSet<>();
        int missingKeys = 0;
        int otherHost = 0;
        for (int i = 0; i < count; i++) {
            if (events[i] == 0) {
                continue;
            }
            if (ids[i] == null || ids[i].isEmpty()) {
                missingKeys++;
                continue;
            }
            distinct.add(ids[i]);
            if (expectedIds != null && !ids[i].equals(expectedIds[i])) {
                otherHost++;
            }
        }
        if (missingKeys > 0) {
            problems.add(missingKeys + " events without a host id key");
        }
        if (distinct.size() < seen - missingKeys) {
            problems.add((seen - missingKeys - distinct.size()) + " messages ended in a host another message of the"
                    + " run also ended in (" + distinct.size() + " hosts for " + (seen - missingKeys) + " messages)");
        }
        if (otherHost > 0) {
            problems.add(otherHost + " updates ended in another host than the one the new-host run created");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** What was checked, for the report of a run that passed. */
    String checked() {
        return count + " '" + expectedType + "' events, one per message, " + count + " distinct hosts"
                + (expectedIds == null ? "" : " (the ones the new-host run created)")
                + (expectedOrg.apply(0) == null ? ", host.org_id null" : ", host.org_id the message's org");
    }

    /**
     * The {@code host.org_id} of a created or updated event, read from its text without parsing the rest (the
     * harness reads tens of thousands of them on the cores it measures): the string, null for JSON null, or
     * {@link #NO_ORG_KEY} when the host carries no such key. The event's {@code host} is its last key (HostEvents),
     * and the first {@code org_id} key after it is the host's own, as the host object puts it beside its account.
     */
    static String hostOrgId(String event) {
        int host = event.indexOf("\"host\":");
        int key = host < 0 ? -1 : event.indexOf("\"org_id\":", host);
        if (key < 0) {
            return NO_ORG_KEY;
        }
        int at = key + "\"org_id\":".length();
        while (at < event.length() && event.charAt(at) == ' ') {
            at++;
        }
        if (event.startsWith("null", at)) {
            return null;
        }
        if (at >= event.length() || event.charAt(at) != '"') {
            return NO_ORG_KEY;
        }
        int end = event.indexOf('"', at + 1);
        return end < 0 ? NO_ORG_KEY : event.substring(at + 1, end);
    }
}
