package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks the benchmark makes of its own runs catch wrong work; a failed run is reported, never timed. */
class RunChecksTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eventsOfTheExpectedTypeOnePerMessageOnDistinctHostsPass() {
        EventTally tally = new EventTally(3, "created", null, i -> null);
        assertThat(tally.add(0, "created", "a", null)).isTrue();
        assertThat(tally.add(2, "created", "c", null)).isTrue();
        assertThat(tally.complete()).isFalse();
        assertThat(tally.failure()).contains("1 of 3 messages without an event");
        tally.add(1, "created", "b", null);
        assertThat(tally.complete()).isTrue();
        assertThat(tally.failure()).isNull();
        assertThat(tally.ids()).containsExactly("a", "b", "c");
        assertThat(tally.checked()).contains("host.org_id null");
    }

    @Test
    void wrongTypesDuplicatesMergedHostsAndOtherHostsFail() {
        EventTally newHosts = new EventTally(3, "created", null, i -> null);
        newHosts.add(0, "created", "a", null);
        newHosts.add(1, "updated", "a", null);
        newHosts.add(2, "created", "c", null);
        assertThat(newHosts.add(2, "created", "c", null)).isFalse();
        assertThat(newHosts.failure()).contains("1 duplicate events", "1 events not 'created'",
                "ended in a host another message of the run also ended in");

        EventTally updates = new EventTally(2, "updated", new String[] {"a", "b"}, i -> null);
        updates.add(0, "updated", "a", null);
        updates.add(1, null, "x", null);
        assertThat(updates.failure()).contains("events not 'updated'",
                "1 updates ended in another host than the one the new-host run created");
    }

    @Test
    void theEventsOfTodaysMessagesMustNameTheMessagesOrgAndThoseOf2020MessagesNone() {
        EventTally orgs = new EventTally(3, "created", null, i -> "bench-org-" + i);
        orgs.add(0, "created", "a", "bench-org-0");
        orgs.add(1, "created", "b", "bench-org-2");
        orgs.add(2, "created", "c", null);
        assertThat(orgs.failure()).contains("2 events whose host.org_id is not their message's (message 1: org_id"
                + " bench-org-2, expected bench-org-1)");
        EventTally right = new EventTally(1, "created", null, i -> "bench-org-0");
        right.add(0, "created", "a", "bench-org-0");
        assertThat(right.failure()).isNull();
        assertThat(right.checked()).contains("host.org_id the message's org");

        EventTally accounts = new EventTally(2, "updated", null, i -> null);
        accounts.add(0, "updated", "a", "bench-org-0");
        accounts.add(1, "updated", "b", EventTally.NO_ORG_KEY);
        assertThat(accounts.failure()).contains("2 events whose host.org_id is not their message's",
                "org_id bench-org-0, expected null");
    }

    @Test
    void theHostsOrgIsReadFromTheEventsText() {
        String event = "{\"type\":\"created\",\"platform_metadata\":{\"request_id\":\"new-0\",\"b64_identity\":\"e30=\"},"
                + "\"metadata\":{\"request_id\":\"new-0\"},\"host\":{\"id\":\"x\",\"account\":null,"
                + "\"org_id\":\"bench-org-2000000\",\"facts\":{\"rhsm\":{\"orgId\":\"5000001\"}}}}";
        assertThat(EventTally.hostOrgId(event)).isEqualTo("bench-org-2000000");
        assertThat(EventTally.hostOrgId(event.replace("\"bench-org-2000000\"", "null"))).isNull();
        assertThat(EventTally.hostOrgId("{\"host\": {\"account\": \"1\", \"org_id\": \"o\"}}")).isEqualTo("o");
        assertThat(EventTally.hostOrgId(event.replace("\"org_id\"", "\"other\""))).isEqualTo(EventTally.NO_ORG_KEY);
        assertThat(EventTally.hostOrgId("{\"org_id\":\"o\"}")).isEqualTo(EventTally.NO_ORG_KEY);
    }

    @Test
    void restAnswersNeedTheExpectedStatusForEveryHost() {
        String good = answer(201, "a", "b");
        RestAnswers.Checked created = RestAnswers.check(json, new String[] {good, answer(201, "c", "d")}, 2, 201, null);
        assertThat(created.failure()).isNull();
        assertThat(created.ids()).containsExactly("a", "b", "c", "d");

        assertThat(RestAnswers.check(json, new String[] {good}, 2, 200, null).failure())
                .contains("2 hosts without status 200");
        assertThat(RestAnswers.check(json, new String[] {answer(200, "a", "x")}, 2, 200, new String[] {"a", "b"})
                .failure()).contains("1 updates answered with another host");
        assertThat(RestAnswers.check(json, new String[] {answer(201, "a", "a")}, 2, 201, null).failure())
                .contains("1 hosts answered with a host id another host of the run got");
        assertThat(RestAnswers.check(json, new String[] {"{\"status\": 500}"}, 2, 201, null).failure())
                .contains("1 of 1 answers not a 207");
        assertThat(RestAnswers.check(json, new String[] {null}, 2, 201, null).failure())
                .contains("1 of 1 answers not a 207");
        ObjectNode withError = (ObjectNode) readTree(good);
        withError.put("errors", 1);
        ((ObjectNode) withError.withArray("data").get(1)).put("status", 400);
        assertThat(RestAnswers.check(json, new String[] {withError.toString()}, 2, 201, null).failure())
                .contains("answers not a 207 with 2 results and 0 errors");
    }

    @Test
    void aFailedRunIsReportedAsFailedAndLeftOutOfTheMedians() throws Exception {
        Scenarios.Result kafka = new Scenarios.Result("Kafka ingestion, new hosts", "fleet", "10k", "3,000 messages",
                "hosts/s (p: message → event)", List.of(Scenarios.Run.verified(100, 1, 2, 500, "ok"),
                Scenarios.Run.failed("stalled: no event for 30 s"), Scenarios.Run.verified(300, 3, 4, 510, "ok")));
        Scenarios.Result failed = new Scenarios.Result("Kafka ingestion, updates", "fleet", "10k", "3,000 messages",
                "hosts/s (p: message → event)", List.of(Scenarios.Run.failed("not run")));
        Scenarios.Result ceiling1 = new Scenarios.Result("JDBC ceiling, new rows, 1 connection", "fleet", "10k", "rows",
                "rows/s", List.of(Scenarios.Run.verified(400, 1, 1, Double.NaN, "ok")));
        Scenarios.Result ceiling2 = new Scenarios.Result("JDBC ceiling, new rows, 2 connections", "fleet", "10k",
                "rows", "rows/s", List.of(Scenarios.Run.verified(800, 1, 1, Double.NaN, "ok")));
        Report report = new Report(json, List.of(ceiling1, ceiling2, kafka, failed), 3,
                Map.of("fsync", "on"), List.of(), List.of());

        assertThat(Report.median(kafka.runs(), Scenarios.Run::rate)).isEqualTo(200);
        String table = report.table();
        assertThat(table).contains("200 hosts/s (1 of 3 runs FAILED)", " FAILED |", "stalled: no event for 30 s",
                "Verification: 2 of 6 runs FAILED",
                "Kafka ingestion, new hosts (fleet) at 10k: 25% of the higher JDBC ceiling (200 of 800 per second,"
                        + " 2 connections)");
        assertThat(report.allVerified()).isFalse();
        var node = report.json(LocalDate.of(2026, 12, 1));
        assertThat(node.get("verification").get("all_verified").asBoolean()).isFalse();
        assertThat(node.get("verification").get("failed_runs").asInt()).isEqualTo(2);
        assertThat(node.get("results").get(3).get("status").asText()).isEqualTo("FAILED");
        assertThat(node.get("results").get(3).get("rate").isNull()).isTrue();
        assertThat(node.get("results").get(2).get("runs").get(1).get("failure").asText()).contains("stalled");
        assertThat(node.get("server_settings").get("fsync").asText()).isEqualTo("on");

        Scenarios.Result kafkaOrg = new Scenarios.Result("Kafka ingestion, new hosts (org)", "fleet", "10k",
                "3,000 messages", "hosts/s (p: message → event)", List.of(Scenarios.Run.verified(400, 1, 2, 500, "ok")),
                Tenancy.ORG);
        Report withOrg = new Report(json, List.of(ceiling1, ceiling2, kafka, kafkaOrg), 3, Map.of(), List.of(),
                List.of());
        assertThat(withOrg.table()).contains("| Kafka ingestion, new hosts (org) ",
                "Kafka ingestion, new hosts (org) (fleet) at 10k: 50% of the higher JDBC ceiling (400 of 800 per"
                        + " second, 2 connections; its rows have no org)");
        var orgNode = withOrg.json(LocalDate.of(2026, 12, 1));
        assertThat(orgNode.get("results").get(2).get("identity").asText()).isEqualTo("2020");
        assertThat(orgNode.get("results").get(3).get("identity").asText()).isEqualTo("today");
        assertThat(orgNode.get("results").get(3).get("scenario").asText()).isEqualTo("Kafka ingestion, new hosts (org)");
        assertThat(orgNode.get("ceiling_ratios")).hasSize(2);

        Report allGood = new Report(json, List.of(ceiling1, ceiling2), 1, Map.of(), List.of(), List.of());
        assertThat(allGood.table()).contains("Verification: every run verified (2 runs of 2 scenarios");
        assertThat(new Report(json, List.of(ceiling1), 1, Map.of(), List.of(), List.of("warm-up, Kafka: stalled"))
                .verificationLine()).contains("0 of 1 runs FAILED, and the warm-up failed");
    }

    private String answer(int status, String... ids) {
        ObjectNode answer = json.createObjectNode().put("total", ids.length).put("errors", 0);
        ArrayNode data = answer.putArray("data");
        for (String id : ids) {
            data.addObject().put("status", status).putObject("host").put("id", id);
        }
        return answer.toString();
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
