package io.hbi.inventory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.hbi.inventory.host.Host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka headers of a host event: 2020's {@code event_type} (contract §6.4–§6.5) and later HBI's (hbi-later §7.3,
 * decisions.md 14). Every value is a string, the empty string when unknown.
 */
public final class EventHeaders {

    /** The {@code insights_id} header of a host without one. */
    public static final String NO_INSIGHTS_ID = "00000000-0000-0000-0000-000000000000";

    private final String producer;

    /** @param producer the name of this pod or host ({@link #producerName}); null is the empty string */
    public EventHeaders(String producer) {
        this.producer = producer == null ? "" : producer;
    }

    /**
     * The name this process publishes its events under: the configured one ({@code HOSTNAME}, a pod's name) when
     * given, else the local host name, else the empty string.
     */
    public static String producerName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    /**
     * {@code event_type}, {@code request_id} (empty when null, empty or {@value HostEvents#NO_REQUEST_ID}),
     * {@code producer}, {@code insights_id} ({@link #NO_INSIGHTS_ID} when none), {@code reporter}, {@code host_type}
     * ({@code edge} when {@code system_profile.host_type} is {@code edge}, else empty), {@code os_name}
     * ({@code system_profile.operating_system.name}) and {@code is_bootc} ({@code True} when
     * {@code system_profile.bootc_status.booted} is present, else {@code False}), of the host as the event carries it.
     */
    public Map<String, String> of(HostEventType type, Host host, String requestId) {
        Objects.requireNonNull(type, "type");
        JsonNode profile = host.systemProfile() == null ? MissingNode.getInstance() : host.systemProfile();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("event_type", type.wireName());
        headers.put("request_id", knownRequestId(requestId));
        headers.put("producer", producer);
        headers.put("insights_id", insightsId(host));
        headers.put("reporter", host.reporter() == null ? "" : host.reporter());
        headers.put("host_type", "edge".equals(text(profile.path("host_type"))) ? "edge" : "");
        headers.put("os_name", text(profile.path("operating_system").path("name")));
        headers.put("is_bootc", isPresent(profile.path("bootc_status").path("booted")) ? "True" : "False");
        return Collections.unmodifiableMap(headers);
    }

    private static String knownRequestId(String requestId) {
        return requestId == null || HostEvents.NO_REQUEST_ID.equals(requestId) ? "" : requestId;
    }

    private static String insightsId(Host host) {
        JsonNode value = host.canonicalFacts() == null ? null : host.canonicalFacts().get("insights_id");
        String text = value == null ? "" : text(value);
        return text.isEmpty() ? NO_INSIGHTS_ID : text;
    }

    /** The text of a string node; empty for anything else (missing, null, a number, an object). */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : "";
    }

    private static boolean isPresent(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
