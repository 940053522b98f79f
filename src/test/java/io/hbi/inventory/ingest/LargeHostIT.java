package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A host larger than Kafka's default record size (1 MiB), as large as a broker configured for it accepts on the
 * ingress topic (dev mode's and the tests' broker: 8 MiB): stored, and its events published on both topics.
 */
class LargeHostIT extends KafkaIngestTestSupport {

    @Test
    void aHostOfThreeMebibytesIsStoredAndAnnounced() {
        ObjectNode data = host(newAccount()).put("fqdn", "large.example.com");
        ArrayNode packages = data.putObject("system_profile").putArray("installed_packages");
        for (int i = 0, bytes = 0; bytes < 3 * 1024 * 1024; i++) {
            String name = "package-with-a-long-name-" + i + "-1.0.0-1.el9_4.x86_64-" + "x".repeat(60);
            packages.add(name);
            bytes += name.length() + 3;
        }
        byte[] message = envelope(data, "large-" + uuid());
        assertThat(message.length).isGreaterThan(3 * 1024 * 1024);
        sendRaw(message);
        JsonNode event = events.await(r -> r.requireJson().at("/host/fqdn").asText().equals("large.example.com"), 1)
                .get(0).requireJson();
        assertThat(event.at("/host/system_profile/installed_packages").size()).isEqualTo(packages.size());
        assertThat(egress.await(r -> r.requireJson().at("/host/fqdn").asText().equals("large.example.com"), 1))
                .hasSize(1);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts ->> 'fqdn' = 'large.example.com'"
                + " AND jsonb_array_length(system_profile_facts -> 'installed_packages') = ?", packages.size()))
                .isEqualTo(1);
    }
}
