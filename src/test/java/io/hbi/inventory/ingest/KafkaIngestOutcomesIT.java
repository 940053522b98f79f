package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.RawTopicReader;
import io.hbi.inventory.support.RunningService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What each message results in besides its host (contract §6.3, §7, §9.1; decisions 5 and 9): a host the validator or
 * PostgreSQL refuses fails alone beside its stored neighbours, with its payload-tracker messages and metrics;
 * unparseable messages go to the dead-letter topic with their original bytes; no payload-tracker messages without a
 * request id or when the tracker is disabled (a second service, started by that test); the service version metric.
 */
class KafkaIngestOutcomesIT extends KafkaIngestTestSupport {

    @Test
    void anInvalidHostAmongValidOnesIsReportedAndSkippedWhileItsNeighboursAreStored() {
        String reporter = "it-mixed-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String account = newAccount();
        String failureSample = "inventory_ingress_add_host_failures_total{cause=\"InventoryException\",reporter=\"" + reporter + "\"}";
        String createdSample = "inventory_ingress_add_host_successes_total{reporter=\"" + reporter + "\",result=\"created\"}";
        double handlerSuccessesBefore = service.metric("inventory_ingress_message_handler_successes_total");
        double handlerFailuresBefore = service.metric("inventory_ingress_message_handler_failures_total");
        double batchesBefore = service.metric("inventory_ingress_message_handler_seconds_count");

        String firstId = uuid();
        String badId = uuid();
        String lastId = uuid();
        sendRaw(envelope(host(account).put("insights_id", uuid()).put("reporter", reporter), firstId),
                envelope(host("12345678901").put("insights_id", uuid()).put("reporter", reporter), badId),
                envelope(host(account).put("insights_id", uuid()).put("reporter", reporter), lastId));

        String firstHost = eventOf(events, firstId).key();
        String lastHost = eventOf(events, lastId).key();
        eventOf(egress, firstId);
        eventOf(egress, lastId);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(2);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = '12345678901'")).isZero();
        assertThat(requestIdsOf(events.seen())).as("no event for the invalid host").doesNotContain(badId);
        assertThat(requestIdsOf(egress.seen())).as("no event for the invalid host").doesNotContain(badId);

        List<JsonNode> bad = trackerMessages(badId, 4);
        assertThat(bad).extracting(m -> m.get("status").asText())
                .containsExactly("received", "processing", "processing_error", "error");
        assertThat(bad).allSatisfy(m -> {
            assertThat(m.get("request_id").asText()).isEqualTo(badId);
            assertThat(m.get("service").asText()).isEqualTo("inventory");
            assertThat(m.has("inventory_id")).isFalse();
            assertThat(m.has("account")).as("MQ tracker messages carry no account").isFalse();
            assertThat(m.get("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
        });
        assertThat(bad.get(2).get("status_msg").asText()).contains("account").contains("Length must be between 1 and 10.");

        for (Map.Entry<String, String> good : Map.of(firstId, firstHost, lastId, lastHost).entrySet()) {
            List<JsonNode> messages = trackerMessages(good.getKey(), 4);
            assertThat(messages).extracting(m -> m.get("status").asText())
                    .containsExactly("received", "processing", "processing_success", "success");
            assertThat(messages.get(0).get("status_msg").asText()).isEqualTo("message received");
            assertThat(messages.get(1).get("status_msg").asText()).isEqualTo("adding/updating host");
            assertThat(messages.get(2).get("inventory_id").asText()).isEqualTo(good.getValue());
            assertThat(messages.get(3).has("inventory_id")).as("inventory_id cleared after the step").isFalse();
            assertThat(messages.get(0).has("inventory_id")).isFalse();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.metric(failureSample)).isEqualTo(1);
            assertThat(service.metric(createdSample)).isEqualTo(2);
            assertThat(service.metric("inventory_ingress_message_handler_successes_total"))
                    .isEqualTo(handlerSuccessesBefore + 2);
            assertThat(service.metric("inventory_ingress_message_handler_failures_total"))
                    .isEqualTo(handlerFailuresBefore + 1);
        });
        assertThat(service.metric("inventory_ingress_message_handler_seconds_count"))
                .as("the three messages were handled in one poll").isEqualTo(batchesBefore + 1);
    }

    @Test
    void aHostThatPostgresqlRefusesFailsAloneAndItsNeighboursInTheSameTransactionAreStored() {
        String reporter = "it-refused-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String account = newAccount();
        String firstId = uuid();
        String refusedId = uuid();
        String lastId = uuid();
        // valid for the schema, but a trigger makes PostgreSQL refuse this one row (a data exception, not an outage)
        service.execute("CREATE OR REPLACE FUNCTION refuse_marked_host() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.display_name = 'refused-by-the-database' THEN"
                + " RAISE EXCEPTION 'refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$");
        service.execute("CREATE OR REPLACE TRIGGER refuse_marked_host BEFORE INSERT OR UPDATE ON hosts"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_marked_host()");
        ObjectNode refused = host(account).put("insights_id", uuid()).put("reporter", reporter)
                .put("display_name", "refused-by-the-database");
        sendRaw(envelope(host(account).put("insights_id", uuid()).put("reporter", reporter), firstId),
                envelope(refused, refusedId),
                envelope(host(account).put("insights_id", uuid()).put("reporter", reporter), lastId));

        eventOf(events, firstId);
        eventOf(events, lastId);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account)).isEqualTo(2);
        assertThat(requestIdsOf(events.seen())).doesNotContain(refusedId);
        assertThat(trackerMessages(refusedId, 4)).extracting(m -> m.get("status").asText())
                .containsExactly("received", "processing", "processing_error", "error");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.metric("inventory_ingress_add_host_failures_total{cause=\"Exception\",reporter=\""
                    + reporter + "\"}")).isEqualTo(1);
            assertThat(service.metric("inventory_ingress_add_host_successes_total{reporter=\"" + reporter
                    + "\",result=\"created\"}")).isEqualTo(2);
        });
    }

    @Test
    void unparseableMessagesGoToTheDeadLetterTopicAndTheNextMessageIsStillStored() {
        double invalidBefore = service.metric("inventory_ingress_message_parsing_failures_total{cause=\"invalid\"}");
        double deadLettersBefore = service.metric("inventory_ingress_dead_letter_count_total");
        String account = newAccount();
        String marker = uuid();
        String trackedBadId = uuid();
        String missingDataId = uuid();

        byte[] notJson = ("this is not json { " + marker).getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = concat(("{\"operation\": \"add_host\", \"marker\": \"" + marker
                        + "\", \"data\": {\"account\": \"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}}".getBytes(StandardCharsets.UTF_8));
        byte[] array = bytes(json("[{\"operation\": \"add_host\", \"marker\": \"" + marker + "\", \"data\": {}}]"));
        byte[] missingData = ("{\"operation\": \"add_host\", \"marker\": \"" + marker
                + "\", \"platform_metadata\": {\"request_id\": \"" + missingDataId + "\"}}").getBytes(StandardCharsets.UTF_8);
        ObjectNode nullMetadata = JSON.createObjectNode().put("operation", "add_host").put("marker", marker)
                .putNull("platform_metadata");
        nullMetadata.set("data", host(account).put("insights_id", uuid()));
        byte[] nullPlatformMetadata = bytes(nullMetadata);
        String surrogateText = "{\"operation\": \"add_host\", \"marker\": \"" + marker
                + "\", \"platform_metadata\": {\"request_id\": \"" + trackedBadId + "\"}, \"data\": "
                + host(account).put("insights_id", uuid()).put("display_name", "SURROGATE").toString()
                .replace("SURROGATE", "bad \\udce2 name") + "}";
        byte[] loneSurrogate = surrogateText.getBytes(StandardCharsets.UTF_8);
        List<byte[]> bad = List.of(notJson, invalidUtf8, array, missingData, nullPlatformMetadata, loneSurrogate);

        String validId = uuid();
        List<byte[]> all = new ArrayList<>(bad);
        all.add(envelope(host(account).put("insights_id", uuid()), validId));
        sendRaw(all.toArray(byte[][]::new));

        JsonNode stored = eventOf(events, validId).requireJson();
        assertThat(stored.get("type").asText()).isEqualTo("created");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", account))
                .as("only the valid message stored").isEqualTo(1);

        String ingressTopic = service.env("KAFKA_HOST_INGRESS_TOPIC");
        List<RawTopicReader.Record> letters = deadLetters.await(r -> r.value().contains(marker), bad.size());
        assertThat(letters).hasSize(bad.size());
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.header("dlq_reason")).isNotBlank();
            assertThat(letter.header("dlq_original_topic")).isEqualTo(ingressTopic);
            assertThat(letter.header("dlq_original_partition")).isEqualTo("0");
            assertThat(letter.header("dlq_original_offset")).matches("\\d+");
        });
        assertThat(letters).extracting(r -> r.header("dlq_original_offset")).doesNotHaveDuplicates();
        // the original value, byte for byte (the invalid UTF-8 one is checked on its own below)
        for (byte[] original : List.of(notJson, array, missingData, nullPlatformMetadata, loneSurrogate)) {
            assertThat(letters).as("dead letter with the original bytes %s", new String(original, StandardCharsets.UTF_8))
                    .filteredOn(r -> Arrays.equals(original, r.rawValue())).hasSize(1);
        }
        assertThat(reasonOf(letters, notJson)).contains("not valid JSON");
        assertThat(letters).filteredOn(r -> r.header("dlq_reason").contains("UTF-8")).hasSize(1);
        assertThat(reasonOf(letters, array)).contains("not a JSON object");
        assertThat(reasonOf(letters, missingData)).contains("data");
        assertThat(reasonOf(letters, nullPlatformMetadata)).contains("platform_metadata");
        assertThat(reasonOf(letters, loneSurrogate)).contains("Unicode");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.metric("inventory_ingress_message_parsing_failures_total{cause=\"invalid\"}"))
                    .isEqualTo(invalidBefore + bad.size());
            assertThat(service.metric("inventory_ingress_dead_letter_count_total"))
                    .isEqualTo(deadLettersBefore + bad.size());
        });
        trackerMessages(validId, 4);
        assertThat(tracker.seen()).as("no payload-tracker message for an unparseable message")
                .noneMatch(r -> List.of(trackedBadId, missingDataId).contains(r.requireJson().path("request_id").asText()));
        assertThat(requestIdsOf(events.seen())).doesNotContain(trackedBadId, missingDataId);
    }

    @Test
    void aDeadLetterKeepsTheOriginalBytesOfAMessageThatIsNotUtf8() {
        String marker = uuid();
        byte[] original = concat(("{\"operation\": \"add_host\", \"marker\": \"" + marker
                        + "\", \"data\": {\"account\": \"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}}".getBytes(StandardCharsets.UTF_8));
        sendRaw(original);

        RawTopicReader.Record letter = deadLetters.await(r -> r.value().contains(marker), 1).get(0);
        assertThat(letter.header("dlq_reason")).contains("UTF-8");
        assertThat(hex(letter.rawValue())).as("decision 5: the dead letter is the original value")
                .isEqualTo(hex(original));
    }

    @Test
    void noPayloadTrackerMessagesWithoutARequestId() {
        String account = newAccount();
        ObjectNode withoutRequestId = JSON.createObjectNode().put("operation", "add_host");
        withoutRequestId.putObject("platform_metadata").put("archive_url", "http://archive.example.com/none");
        String noIdMarker = uuid();
        withoutRequestId.set("data", host(account).put("insights_id", uuid()).put("display_name", noIdMarker));
        ObjectNode minusOne = JSON.createObjectNode().put("operation", "add_host");
        minusOne.putObject("platform_metadata").put("request_id", "-1");
        String minusOneMarker = uuid();
        minusOne.set("data", host(account).put("insights_id", uuid()).put("display_name", minusOneMarker));
        String trackedId = uuid();

        // one poll: the tracker messages of a batch are sent together, so once the tracked request's messages are
        // there, those of the other two would be too
        sendRaw(bytes(withoutRequestId), bytes(minusOne), envelope(host(account).put("insights_id", uuid()), trackedId));

        for (String marker : List.of(noIdMarker, minusOneMarker)) {
            JsonNode event = events.await(r -> marker.equals(r.requireJson().at("/host/display_name").asText()), 1)
                    .get(0).requireJson();
            assertThat(event.at("/metadata/request_id").asText()).isEqualTo("-1");
        }
        assertThat(trackerMessages(trackedId, 4)).hasSize(4);
        assertThat(tracker.seen()).extracting(r -> r.requireJson().path("request_id").asText())
                .doesNotContain("-1", "");
    }

    @Test
    void noPayloadTrackerMessagesWhenThePayloadTrackerIsDisabled() {
        RunningService disabled = RunningService.start(Map.of("PAYLOAD_TRACKER_ENABLED", "False"));
        try (RawTopicReader disabledEvents = new RawTopicReader(disabled.bootstrapServers(), disabled.env("KAFKA_EVENT_TOPIC"));
             RawTopicReader disabledTracker = new RawTopicReader(disabled.bootstrapServers(),
                     disabled.env("PAYLOAD_TRACKER_KAFKA_TOPIC"))) {
            String good = uuid();
            String bad = uuid();
            send(producer, disabled.env("KAFKA_HOST_INGRESS_TOPIC"),
                    List.of(envelope(host("12345678901").put("insights_id", uuid()), bad),
                            envelope(host(newAccount()).put("insights_id", uuid()), good)));
            JsonNode event = disabledEvents.await(r -> good.equals(r.requireJson().at("/metadata/request_id").asText()), 1)
                    .get(0).requireJson();
            assertThat(event.get("type").asText()).isEqualTo("created");
            // the tracker messages would have been sent right after the batch committed; give them a bounded while
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> disabledTracker.seen().isEmpty());
        } finally {
            disabled.afterAll(null);
        }
    }

    @Test
    void theMqServiceVersionIsAnInfoMetricWithTheBuildCommit() {
        String metrics = service.get("/metrics").body();
        assertThat(metrics.lines()).as("contract 9.1: inventory_mq_service_version_info{version}")
                .anyMatch(line -> line.startsWith("inventory_mq_service_version_info{version=\""
                        + service.env("OPENSHIFT_BUILD_COMMIT") + "\"} 1"));
    }
}
