package io.hbi.inventory.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the events topic showed for one Kafka run of {@code count} add_host messages: for each message (by its index
 * in the run's request ids), the events seen, their {@code event_type} and their key (the host id). The run's work
 * is right when every message has exactly one event, of the expected type, and the keys are {@code count} distinct
 * hosts (for an update run: the hosts the new-host run created).
 */
final class EventTally {

    private final int count;
    private final String expectedType;
    private final String[] expectedIds;
    private final String[] ids;
    private final int[] events;
    private int seen;
    private int duplicates;
    private int wrongType;
    private String firstWrongType;

    /**
     * @param expectedType {@code created} or {@code updated}
     * @param expectedIds  the host id each message must end in (the ids of the new-host run), or null
     */
    EventTally(int count, String expectedType, String[] expectedIds) {
        this.count = count;
        this.expectedType = expectedType;
        this.expectedIds = expectedIds;
        this.ids = new String[count];
        this.events = new int[count];
    }

    /** Records one event of message {@code index}; returns whether it is the first one of that message. */
    boolean add(int index, String type, String key) {
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
                + (expectedIds == null ? "" : " (the ones the new-host run created)");
    }
}
