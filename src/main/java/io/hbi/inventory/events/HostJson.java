package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.host.ReporterCheckIn;
import io.hbi.inventory.host.Tags;
import io.hbi.inventory.staleness.HostStaleness;
import io.hbi.inventory.staleness.StalenessRule.Timestamps;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The JSON shapes of a stored host: REST host object (§1.5), event host (§6.4 + decision 1), profile item. Both host
 * objects add {@code org_id} (decisions.md 10, 14) right after {@code account}, and later HBI's
 * {@code per_reporter_staleness} (hbi-later §L3.3). The staleness timestamps are those of the host's org's rule
 * ({@link HostStaleness}, decisions.md 13).
 */
public final class HostJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HostJson() {
    }

    /**
     * The host object of GET /hosts and POST results: the 20 keys of 2020 plus org_id and later HBI's provider_id,
     * provider_type, last_check_in, per_reporter_staleness and groups: id, account, org_id, display_name, ansible_host,
     * the nine canonical facts (null when absent), provider_id, provider_type (null when none), facts, reporter, the
     * three staleness timestamps, created, updated, last_check_in, per_reporter_staleness, groups ({@code []} or the
     * host's group as {@link #restGroup} shows it, without host_count). A host without an account or an org has null
     * there.
     */
    public static ObjectNode restHost(Host host, HostStaleness staleness) {
        ObjectNode json = JSON.objectNode();
        putIdentity(json, host);
        putCanonicalFacts(json, host);
        putProvider(json, host);
        json.set("facts", facts(host.facts()));
        json.put("reporter", host.reporter());
        putStaleness(json, host, staleness);
        json.put("created", isoformat(host.created()));
        json.put("updated", isoformat(host.updated()));
        json.put("last_check_in", isoformat(host.lastCheckInOrUpdated()));
        json.set("per_reporter_staleness", perReporterStaleness(host, staleness));
        ArrayNode groups = json.putArray("groups");
        host.groups().forEach(group -> groups.add(restGroup(group)));
        return json;
    }

    /**
     * A group as the REST API shows it (hbi-later.md §L4.1): id, name, org_id, account, ungrouped (always false: no
     * group stands for the ungrouped hosts, decisions.md 12), created, updated.
     */
    public static ObjectNode restGroup(HostGroup group) {
        ObjectNode json = JSON.objectNode();
        json.put("id", group.id().toString());
        json.put("name", group.name());
        json.put("org_id", group.orgId());
        json.put("account", group.account());
        json.put("ungrouped", false);
        json.put("created", isoformat(group.created()));
        json.put("updated", isoformat(group.updated()));
        return json;
    }

    /**
     * The {@code host} of a created/updated event: the keys of contract §6.4 plus {@code facts} (decision 1) and
     * {@code org_id}, {@code last_check_in}, {@code groups} (decision 14) and later HBI's {@code provider_id},
     * {@code provider_type}, {@code per_reporter_staleness}: id, account, org_id, display_name, ansible_host, nine
     * canonical facts, provider_id, provider_type, facts, created, updated, last_check_in, stale_timestamp,
     * stale_warning_timestamp, culled_timestamp, reporter, per_reporter_staleness, tags (rendered list),
     * system_profile ({} when none), groups ({@code []} or the host's group trimmed to {@code {id, name, ungrouped}},
     * as later HBI's events have it, hbi-later.md §L4.1).
     */
    public static ObjectNode eventHost(Host host, HostStaleness staleness) {
        ObjectNode json = JSON.objectNode();
        putIdentity(json, host);
        putCanonicalFacts(json, host);
        putProvider(json, host);
        json.set("facts", facts(host.facts()));
        json.put("created", isoformat(host.created()));
        json.put("updated", isoformat(host.updated()));
        json.put("last_check_in", isoformat(host.lastCheckInOrUpdated()));
        putStaleness(json, host, staleness);
        json.put("reporter", host.reporter());
        json.set("per_reporter_staleness", perReporterStaleness(host, staleness));
        json.set("tags", Tags.render(host.tags()));
        json.set("system_profile", systemProfile(host));
        ArrayNode groups = json.putArray("groups");
        for (HostGroup group : host.groups()) {
            groups.addObject().put("id", group.id().toString()).put("name", group.name()).put("ungrouped", false);
        }
        return json;
    }

    /** {@code {"id": ..., "system_profile": {...}}}, {@code {}} when the host has no profile. */
    public static ObjectNode systemProfileItem(Host host) {
        ObjectNode json = JSON.objectNode();
        json.put("id", host.id().toString());
        json.set("system_profile", systemProfile(host));
        return json;
    }

    /** {@code [{namespace, facts}]} of stored facts; a null namespace value renders as {}; null facts → []. */
    public static ArrayNode facts(ObjectNode stored) {
        ArrayNode list = JSON.arrayNode();
        if (stored == null) {
            return list;
        }
        stored.fields().forEachRemaining(namespace -> {
            ObjectNode item = list.addObject();
            item.put("namespace", namespace.getKey());
            JsonNode values = namespace.getValue();
            item.set("facts", values == null || values.isNull() ? JSON.objectNode() : values.deepCopy());
        });
        return list;
    }

    /**
     * Python {@code dt.astimezone(timezone.utc).isoformat()}: UTC with {@code +00:00}, microseconds only when
     * non-zero (anything finer is truncated). Null → null.
     */
    public static String isoformat(OffsetDateTime timestamp) {
        if (timestamp == null) {
            return null;
        }
        return naiveIsoformat(timestamp.toInstant()) + "+00:00";
    }

    /** Python {@code datetime.utcnow().isoformat()}: UTC without offset, microseconds only when non-zero. */
    public static String naiveIsoformat(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(26);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            digits(out.append('.'), micros, 6);
        }
        return out.toString();
    }

    /** {@code value} zero-padded to {@code width} digits (String.format is the hot spot of event writing). */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }

    private static void putIdentity(ObjectNode json, Host host) {
        json.put("id", host.id().toString());
        json.put("account", host.account());
        json.put("org_id", host.orgId());
        json.put("display_name", host.displayName());
        json.put("ansible_host", host.ansibleHost());
    }

    private static void putCanonicalFacts(ObjectNode json, Host host) {
        for (String name : CanonicalFacts.NAMES) {
            JsonNode value = host.canonicalFacts() == null ? null : host.canonicalFacts().get(name);
            json.set(name, value == null ? JSON.nullNode() : value.deepCopy());
        }
    }

    private static void putProvider(ObjectNode json, Host host) {
        json.put("provider_id", host.providerId());
        json.put("provider_type", host.providerType());
    }

    /** The three staleness timestamps of a host, by its org's rule. */
    public static Timestamps timestamps(Host host, HostStaleness staleness) {
        return staleness.timestamps(host.orgId(), host.staleTimestamp(), host.lastCheckInOrUpdated());
    }

    private static void putStaleness(ObjectNode json, Host host, HostStaleness staleness) {
        putTimestamps(json, timestamps(host, staleness));
    }

    private static void putTimestamps(ObjectNode json, Timestamps timestamps) {
        json.put("stale_timestamp", isoformat(timestamps.stale()));
        json.put("stale_warning_timestamp", isoformat(timestamps.staleWarning()));
        json.put("culled_timestamp", isoformat(timestamps.culled()));
    }

    /**
     * {@code {reporter: {last_check_in, stale_timestamp, stale_warning_timestamp, culled_timestamp,
     * check_in_succeeded}}}: each reporter's own check-in and the timestamps the host's org's rule makes of it.
     */
    static ObjectNode perReporterStaleness(Host host, HostStaleness staleness) {
        ObjectNode reporters = JSON.objectNode();
        for (java.util.Map.Entry<String, ReporterCheckIn> reporter : host.reporterCheckIns().entrySet()) {
            ReporterCheckIn checkIn = reporter.getValue();
            ObjectNode entry = reporters.putObject(reporter.getKey());
            entry.put("last_check_in", isoformat(checkIn.lastCheckIn()));
            putTimestamps(entry, staleness.timestamps(host.orgId(), checkIn.staleTimestamp(), checkIn.lastCheckIn()));
            entry.put("check_in_succeeded", true);
        }
        return reporters;
    }

    private static ObjectNode systemProfile(Host host) {
        return host.systemProfile() == null ? JSON.objectNode() : host.systemProfile().deepCopy();
    }
}
