package io.hbi.inventory.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** The calls of the staleness tests on a running service: an org's setting, and which hosts a list selects. */
public final class StalenessApi {

    /** Stale 60 s, stale_warning 120 s, culled 180 s after the check-in. */
    public static final String MINUTES = "{\"conventional_time_to_stale\": 60,"
            + " \"conventional_time_to_stale_warning\": 120, \"conventional_time_to_delete\": 180}";

    private final RunningService service;

    public StalenessApi(RunningService service) {
        this.service = service;
    }

    /** A request of the API with this identity (a JSON body when not null). */
    public HttpResponse<String> call(String identity, String method, String path, String body) {
        List<String> headers = new ArrayList<>(List.of("x-rh-identity", identity));
        if (body != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + service.settings().apiPrefix()
                + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)), headers.toArray(String[]::new));
    }

    /** A GET that must answer 200; its body. */
    public JsonNode ok(String identity, String path) {
        HttpResponse<String> response = call(identity, "GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return RunningService.json(response);
    }

    /** Saves the org's first setting. */
    public void save(String org, String setting) {
        HttpResponse<String> response = call(TodaysIdentities.user(org), "POST", "/account/staleness", setting);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * The ids GET /hosts lists with this query, checking that the total is their number, and so is the total of a
     * one-host page (which the maintained counts give when only staleness filters).
     */
    public Set<UUID> listed(String identity, String query) {
        Set<UUID> all = ids(ok(identity, "/hosts?per_page=100" + query));
        JsonNode first = ok(identity, "/hosts?per_page=1" + query);
        assertThat(first.get("total").asLong()).as("total of %s with per_page=1", query).isEqualTo(all.size());
        return all;
    }

    /** The ids of a page of hosts, checking that its total is their number. */
    public static Set<UUID> ids(JsonNode page) {
        Set<UUID> ids = new TreeSet<>();
        page.get("results").forEach(host -> ids.add(UUID.fromString(host.get("id").asText())));
        assertThat(page.get("total").asLong()).as("total of %s", page).isEqualTo(ids.size());
        return ids;
    }

    /** A new org's id. */
    public static String newOrg() {
        return "org-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
