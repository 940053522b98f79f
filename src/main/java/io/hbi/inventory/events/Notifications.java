package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Host;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The notifications later HBI sends to the platform's notifications service (hbi-later §L5) about the hosts of an
 * org: {@code system-deleted} whenever one is deleted, {@code system-became-stale} when one turns stale by its org's
 * setting. Each is {@code {org_id, application, bundle, event_type, timestamp, context, events: [{metadata,
 * payload}]}} with the headers {@code event_type}, {@code request_id} (left out when unknown), {@code producer} and
 * {@code rh-message-id}, a random UUID drawn once, when the notification is written, so that a notification the relay
 * sends again carries the same id and the receiver can drop the copy.
 */
public final class Notifications {

    public static final String SYSTEM_DELETED = "system-deleted";
    public static final String SYSTEM_BECAME_STALE = "system-became-stale";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock;
    private final String producer;
    private final String hostUrl;

    /**
     * @param producer the name of this pod or host ({@link EventHeaders#producerName})
     * @param hostUrl  the console's page of hosts; a host's page is this, a slash and its id
     */
    public Notifications(Clock clock, String producer, String hostUrl) {
        this.clock = clock;
        this.producer = producer == null ? "" : producer;
        this.hostUrl = hostUrl.endsWith("/") ? hostUrl.substring(0, hostUrl.length() - 1) : hostUrl;
    }

    /** {@code system-deleted} of a host of an org, as it was when deleted. */
    public ObjectNode systemDeleted(Host host) {
        return notification(SYSTEM_DELETED, host, false);
    }

    /** {@code system-became-stale} of a host of an org: with its reporter, last check-in and console page. */
    public ObjectNode systemBecameStale(Host host) {
        ObjectNode notification = notification(SYSTEM_BECAME_STALE, host, true);
        ObjectNode payload = (ObjectNode) notification.at("/events/0/payload");
        payload.put("reporter", host.reporter());
        payload.put("system_check_in", HostJson.isoformat(host.lastCheckInOrUpdated()));
        return notification;
    }

    /** The headers of a notification; {@code requestId} null or {@code -1}: none. */
    public Map<String, String> headers(String eventType, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("event_type", eventType);
        if (requestId != null && !requestId.isEmpty() && !HostEvents.NO_REQUEST_ID.equals(requestId)) {
            headers.put("request_id", requestId);
        }
        headers.put("producer", producer);
        headers.put("rh-message-id", UUID.randomUUID().toString());
        return Collections.unmodifiableMap(headers);
    }

    private ObjectNode notification(String eventType, Host host, boolean withUrl) {
        ObjectNode notification = JSON.objectNode();
        notification.put("org_id", host.orgId());
        notification.put("application", "inventory");
        notification.put("bundle", "rhel");
        notification.put("event_type", eventType);
        notification.put("timestamp", HostJson.isoformat(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
        ObjectNode context = notification.putObject("context");
        context.put("inventory_id", host.id().toString());
        context.put("hostname", text(fact(host, "fqdn")));
        context.put("display_name", host.displayName());
        context.put("rhel_version", rhelVersion(host));
        context.set("tags", host.tags() == null ? JSON.objectNode() : host.tags().deepCopy());
        if (withUrl) {
            context.put("host_url", hostUrl + "/" + host.id());
        }
        ObjectNode event = notification.putArray("events").addObject();
        event.putObject("metadata");
        ObjectNode payload = event.putObject("payload");
        for (String fact : new String[] {"insights_id", "subscription_manager_id", "satellite_id"}) {
            JsonNode value = fact(host, fact);
            payload.set(fact, value == null ? JSON.nullNode() : value.deepCopy());
        }
        // the host's groups (hbi-later §L4); a host has none until groups exist
        payload.putArray("groups");
        return notification;
    }

    /** {@code major.minor} of a RHEL host's operating system; empty for any other. */
    static String rhelVersion(Host host) {
        JsonNode os = host.systemProfile() == null ? null : host.systemProfile().get("operating_system");
        if (os == null || !"RHEL".equals(os.path("name").asText()) || !os.path("major").isIntegralNumber()
                || !os.path("minor").isIntegralNumber()) {
            return "";
        }
        return os.get("major").asInt() + "." + os.get("minor").asInt();
    }

    private static JsonNode fact(Host host, String name) {
        return host.canonicalFacts() == null ? null : host.canonicalFacts().get(name);
    }

    private static String text(JsonNode value) {
        return value == null || !value.isTextual() ? "" : value.textValue();
    }
}
