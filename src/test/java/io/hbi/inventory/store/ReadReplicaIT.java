package io.hbi.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.FleetHosts;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.ReplicatedPostgres;
import io.hbi.inventory.support.RunningService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code INVENTORY_DB_REPLICA_HOST} set, the reads that may lag (host lists, tag lists, facets) are answered by a
 * real streaming replica and the others by the primary: while the replica's replay is paused, a host just written is
 * found by id (primary) and not in the list (replica); once replay resumes, the list shows it too.
 */
class ReadReplicaIT {

    private static final String ACCOUNT = "0000421";
    private static ReplicatedPostgres postgres;
    private static RunningService service;

    @BeforeAll
    static void start() {
        Settings defaults = Settings.load(Map.of());
        postgres = ReplicatedPostgres.start("inventory_replicated", defaults.get("inventory.db.user"),
                defaults.get("inventory.db.pass"));
        service = RunningService.start(Map.of("INVENTORY_DB_HOST", "localhost",
                "INVENTORY_DB_PORT", String.valueOf(postgres.primaryPort()), "INVENTORY_DB_NAME", "inventory_replicated",
                "INVENTORY_DB_REPLICA_HOST", "localhost",
                "INVENTORY_DB_REPLICA_PORT", String.valueOf(postgres.replicaPort())));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.service().close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void listsReadTheReplicaAndHostsByIdThePrimary() {
        assertThat(postgres.streaming()).isTrue();
        String first = created(FleetHosts.host(ACCOUNT, "replica", 1, "first"));
        await().atMost(Duration.ofSeconds(30)).until(() -> total("/hosts") == 1);

        postgres.pauseReplay();
        try {
            String second = created(FleetHosts.host(ACCOUNT, "replica", 2, "second"));
            // the primary has it: by id, as the client that wrote it expects
            assertThat(byId(second)).isEqualTo(1);
            // the replica does not yet: the list still shows the first host only
            JsonNode list = json(get("/hosts"));
            assertThat(list.path("total").asInt()).isEqualTo(1);
            assertThat(list.path("results").get(0).path("id").asText()).isEqualTo(first);
        } finally {
            postgres.resumeReplay();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> total("/hosts") == 2);
    }

    private static String created(String host) {
        HttpResponse<String> response = service.postHosts(ACCOUNT, "[" + host + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode outcome = json(response).path("data").get(0);
        assertThat(outcome.path("status").asInt()).as(response.body()).isEqualTo(201);
        return outcome.path("host").path("id").asText();
    }

    private static int byId(String id) {
        return json(get("/hosts/" + id)).path("total").asInt();
    }

    private static int total(String path) {
        return json(get(path)).path("total").asInt();
    }

    private static HttpResponse<String> get(String path) {
        HttpResponse<String> response = service.get(service.settings().apiPrefix() + path, "x-rh-identity",
                Identities.of(ACCOUNT));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RunningService.json(response);
    }
}
