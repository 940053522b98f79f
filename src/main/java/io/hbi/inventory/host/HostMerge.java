package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How an input host becomes the stored host (contract §4 steps 3–4, §3.5–§3.8). Pure: the arguments are never
 * modified and every JSON member of the result is a fresh node.
 */
public final class HostMerge {

    /**
     * The system profile fields an update merges key by key, as later HBI does (hbi-later.md §L2.4): the stored
     * object's keys are overwritten by the input's, those the input does not send are kept. Every other field the
     * input sends replaces the stored one whole.
     */
    public static final Set<String> KEY_MERGED_PROFILE_FIELDS = Set.of("rhsm", "workloads");

    /** Reporters whose updates never change display_name (RHCLOUD-5954: Satellite 6.7 sends fqdns as names). */
    public static final Set<String> DISPLAY_NAME_IGNORED_REPORTERS = Set.of("yupana", "rhsm-conduit");

    private HostMerge() {
    }

    /**
     * A new host: display_name defaults to the fqdn, else the id; tag namespaces without keys are left out; checked in
     * now.
     */
    public static Host create(UUID newId, HostInput in, OffsetDateTime now) {
        ObjectNode canonicalFacts = in.canonicalFacts().deepCopy();
        String displayName = isEmpty(in.displayName()) ? fallbackDisplayName(newId, canonicalFacts) : in.displayName();
        return new Host(
                newId,
                in.account(),
                in.orgId(),
                displayName,
                in.ansibleHost(),
                canonicalFacts,
                in.facts() == null ? emptyObject() : in.facts().deepCopy(),
                Tags.forCreate(in.tags()),
                in.systemProfile() == null ? emptyObject() : in.systemProfile().deepCopy(),
                in.staleTimestamp(),
                in.reporter(),
                now,
                now,
                in.providerId(),
                in.providerType(),
                now,
                Map.of(in.reporter(), new ReporterCheckIn(now, in.staleTimestamp())));
    }

    /**
     * The existing host updated by a matching input: canonical facts dict-merged; display_name replaced when
     * given (back-filled from fqdn/id when the stored one is empty) unless the reporter is yupana or
     * rhsm-conduit; ansible_host set when not null; facts namespaces replaced wholesale; tags per §3.7; the system
     * profile merged on MQ only ({@link #mergeSystemProfile}); stale_timestamp and reporter always overwritten; the
     * provider pair replaced when given; updated = last_check_in = now.
     */
    public static Host update(Host existing, HostInput in, Door door, OffsetDateTime now) {
        ObjectNode canonicalFacts = canonicalFacts(existing.canonicalFacts(), in.canonicalFacts());

        String displayName = existing.displayName();
        if (!DISPLAY_NAME_IGNORED_REPORTERS.contains(in.reporter())) {
            if (!isEmpty(in.displayName())) {
                displayName = in.displayName();
            } else if (isEmpty(displayName)) {
                displayName = fallbackDisplayName(existing.id(), canonicalFacts);
            }
        }

        return new Host(
                existing.id(),
                // a 2020 host keeps its account; one without gets the input's (decisions.md 10)
                existing.account() != null ? existing.account() : in.account(),
                // a host matched by a write of an org joins it (adoption); a 2020 write leaves its org as it is
                in.orgId() != null ? in.orgId() : existing.orgId(),
                displayName,
                in.ansibleHost() != null ? in.ansibleHost() : existing.ansibleHost(),
                canonicalFacts,
                mergeFacts(existing.facts(), in.facts()),
                Tags.applyUpdate(existing.tags(), in.tags()),
                door == Door.MQ
                        ? mergeSystemProfile(existing.systemProfile(), in.systemProfile())
                        : copyOrEmpty(existing.systemProfile()),
                in.staleTimestamp(),
                in.reporter(),
                existing.created(),
                now,
                // the provider pair is replaced when the input names one, kept otherwise (as canonical facts are)
                in.providerType() != null ? in.providerId() : existing.providerId(),
                in.providerType() != null ? in.providerType() : existing.providerType(),
                // every ingest is a check-in (hbi-later L3.1, decisions.md 13)
                now,
                reporterCheckIns(existing, in, now),
                // an ingest never changes the host's group (decisions.md 12)
                existing.groups());
    }

    /** Reporters whose reports replace yupana's: a host they report is no longer yupana's (hbi-later §L3.1). */
    static final Set<String> YUPANA_SUCCESSORS = Set.of("satellite", "discovery");

    /** The host's reporters' check-ins with the input's reporter checked in now; a successor of yupana replaces it. */
    static Map<String, ReporterCheckIn> reporterCheckIns(Host existing, HostInput in, OffsetDateTime now) {
        Map<String, ReporterCheckIn> reporters = existing.reporterCheckIns();
        if (YUPANA_SUCCESSORS.contains(in.reporter())) {
            reporters.remove("yupana");
        }
        reporters.put(in.reporter(), new ReporterCheckIn(now, in.staleTimestamp()));
        return reporters;
    }

    /** Canonical facts dict-merged: the input's keys overwrite, stored keys absent from the input stay. */
    public static ObjectNode canonicalFacts(ObjectNode stored, ObjectNode input) {
        ObjectNode merged = copyOrEmpty(stored);
        merged.setAll(input.deepCopy());
        return merged;
    }

    /** Each input namespace replaces the stored one wholesale; other namespaces are kept. */
    static ObjectNode mergeFacts(ObjectNode stored, ObjectNode input) {
        ObjectNode merged = copyOrEmpty(stored);
        if (input != null) {
            merged.setAll(input.deepCopy());
        }
        return merged;
    }

    /**
     * The input's top-level fields replace the stored ones and the others are kept, except that an object sent for
     * one of {@link #KEY_MERGED_PROFILE_FIELDS} is merged into the stored object key by key (one level deep: a
     * workload sent replaces that workload whole).
     */
    static ObjectNode mergeSystemProfile(ObjectNode stored, ObjectNode input) {
        ObjectNode merged = copyOrEmpty(stored);
        if (input == null) {
            return merged;
        }
        input.fields().forEachRemaining(field -> {
            JsonNode sent = field.getValue().deepCopy();
            if (KEY_MERGED_PROFILE_FIELDS.contains(field.getKey())
                    && merged.get(field.getKey()) instanceof ObjectNode kept && sent instanceof ObjectNode keys) {
                kept.setAll(keys);
            } else {
                merged.set(field.getKey(), sent);
            }
        });
        return merged;
    }

    /**
     * The stored system profile's top-level fields that an update by {@code in} through {@code door} replaces whole,
     * whatever they held: {@link #update} gives the same host from a stored host read without them. An MQ update
     * replaces every field it sends but the {@link #KEY_MERGED_PROFILE_FIELDS}; a REST update keeps the stored profile.
     */
    public static Set<String> profileFieldsReplaced(HostInput in, Door door) {
        if (door != Door.MQ || in.systemProfile() == null) {
            return Set.of();
        }
        Set<String> replaced = new HashSet<>();
        in.systemProfile().fieldNames().forEachRemaining(replaced::add);
        replaced.removeAll(KEY_MERGED_PROFILE_FIELDS);
        return replaced;
    }

    private static String fallbackDisplayName(UUID id, ObjectNode canonicalFacts) {
        return canonicalFacts.hasNonNull("fqdn") ? canonicalFacts.get("fqdn").asText() : id.toString();
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static ObjectNode copyOrEmpty(ObjectNode node) {
        return node == null ? emptyObject() : node.deepCopy();
    }

    private static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
