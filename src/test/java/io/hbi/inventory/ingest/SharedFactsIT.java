package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.dev.LocalInfrastructure;
import io.hbi.inventory.support.FleetHosts;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicReader;
import io.hbi.inventory.support.TopicWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hosts that share the bridge addresses every docker and libvirt host reports are distinct hosts, and a batch of
 * them (a Kafka poll of 500, a REST request of 500) is stored whole, in one pass: no retry, no stall. Repeated hosts
 * in the same stream merge in input order. The times are printed for the record, not asserted.
 */
class SharedFactsIT {

    static final int HOSTS = 2000;

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of());

    @Test
    void twoThousandKafkaHostsSharingBridgeAddressesAreStoredOnceEachAndRepeatsMergeInOrder() {
        String account = "0000701";
        String ingress = service.env("KAFKA_HOST_INGRESS_TOPIC");
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers());
             TopicReader events = new TopicReader(service.bootstrapServers(), service.env("KAFKA_EVENT_TOPIC"))) {
            long started = System.nanoTime();
            sendByPartition(writer, ingress, n -> List.of(FleetHosts.message(account, "shared", n, null)));
            await().atMost(Duration.ofSeconds(120)).until(() -> service.queryLong(
                    "SELECT count(*) FROM hosts WHERE account = ?", account) == HOSTS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> createdHosts(events, account).size() == HOSTS);
            double stored = (System.nanoTime() - started) / 1e9;
            List<String> created = createdHosts(events, account);
            assertThat(service.queryLong("SELECT count(DISTINCT canonical_facts->>'fqdn') FROM hosts"
                    + " WHERE account = ?", account)).isEqualTo(HOSTS);
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND canonical_facts"
                    + " @> '{\"ip_addresses\": [\"172.17.0.1\", \"192.168.122.1\"]}'", account)).isEqualTo(HOSTS);

            // every host twice more, in a row: within a poll and across polls, the later one wins. Delivery is at
            // least once (a rebalance or a retried send under load may repeat a batch), so each host has at least its
            // two events, its first says "first" and its last "second": repeats are allowed, losses and reorders not.
            started = System.nanoTime();
            sendByPartition(writer, ingress, n -> List.of(FleetHosts.message(account, "shared", n, "first"),
                    FleetHosts.message(account, "shared", n, "second")));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> events.seen().stream()
                    .filter(record -> of(record, account, "updated")
                            && record.value().contains("\"display_name\":\"second\""))
                    .map(TopicReader.Record::key).distinct().count() == HOSTS);
            double merged = (System.nanoTime() - started) / 1e9;
            Map<String, List<String>> namesPerHost = events.seen().stream()
                    .filter(record -> of(record, account, "updated"))
                    .filter(record -> List.of("first", "second").contains(displayName(record)))
                    .collect(Collectors.groupingBy(TopicReader.Record::key, LinkedHashMap::new,
                            Collectors.mapping(SharedFactsIT::displayName, Collectors.toList())));
            assertThat(namesPerHost).hasSize(HOSTS).allSatisfy((id, names) -> assertThat(names).as(id)
                    .hasSizeGreaterThanOrEqualTo(2).startsWith("first").endsWith("second"));
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(HOSTS);
            assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND display_name = 'second'",
                    account)).isEqualTo(HOSTS);
            // the repeats created no host: the created events still name the first round's hosts, and only them
            assertThat(createdHosts(events, account)).containsExactlyInAnyOrderElementsOf(created);
            long repeated = namesPerHost.values().stream().mapToLong(List::size).sum() - 2L * HOSTS;
            System.out.printf("shared facts, Kafka: %,d updated events delivered again (at least once)%n", repeated);
            System.out.printf("shared facts, Kafka: %,d new hosts stored with their events in %.1f s;"
                    + " %,d repeats merged in %.1f s%n", HOSTS, stored, 2 * HOSTS, merged);
        }
    }

    @Test
    void aRestRequestOfFiveHundredHostsSharingBridgeAddressesCreatesThemAll() {
        String account = "0000702";
        long started = System.nanoTime();
        HttpResponse<String> response = service.postHosts(account, FleetHosts.array(account, "rest-shared", 500));
        double took = (System.nanoTime() - started) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode body = RunningService.json(response);
        assertThat(body.get("errors").asInt()).isZero();
        List<Integer> statuses = new ArrayList<>();
        body.get("data").forEach(entry -> statuses.add(entry.get("status").asInt()));
        assertThat(statuses).hasSize(500).containsOnly(201);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(500);
        System.out.printf("shared facts, REST: 500 new hosts in one request, 207 with 500 x 201 in %.2f s%n", took);
    }

    /** The distinct hosts of the account's created events seen so far. */
    private static List<String> createdHosts(TopicReader events, String account) {
        return events.seen().stream().filter(record -> of(record, account, "created")).map(TopicReader.Record::key)
                .distinct().toList();
    }

    private static String displayName(TopicReader.Record event) {
        try {
            return RunningService.JSON.readTree(event.value()).path("host").path("display_name").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean of(TopicReader.Record event, String account, String type) {
        return type.equals(event.header("event_type")) && event.value().contains("\"account\":\"" + account + "\"");
    }

    /** The messages of each host, to partition n % partitions in order, all partitions at once. */
    private static void sendByPartition(TopicWriter writer, String topic,
                                        java.util.function.IntFunction<List<byte[]>> messagesOf) {
        List<List<byte[]>> byPartition = new ArrayList<>();
        for (int p = 0; p < LocalInfrastructure.PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (int n = 0; n < HOSTS; n++) {
            byPartition.get(n % LocalInfrastructure.PARTITIONS).addAll(messagesOf.apply(n));
        }
        for (int p = 0; p < LocalInfrastructure.PARTITIONS; p++) {
            writer.sendTogether(topic, p, byPartition.get(p));
        }
    }
}
