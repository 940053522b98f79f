package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The check of a REST ingestion run: every 207 answer of {@code POST /hosts} has one entry per host sent, with no
 * error, each with the expected status (201 for new hosts, 200 for updates) and a host id; the hosts are all
 * distinct, and in an update run they are the hosts the new-host run created.
 */
final class RestAnswers {

    /** The outcome: null failure when every answer is right; the host id of each host sent, in order. */
    record Checked(String failure, String checked, String[] ids) {
    }

    private RestAnswers() {
    }

    /**
     * @param bodies       the answers, one per request, request {@code q} having sent hosts {@code q * perRequest …}
     * @param expectedIds  the host id each host must get (those of the new-host run), or null
     */
    static Checked check(ObjectMapper json, String[] bodies, int perRequest, int expectedStatus, String[] expectedIds) {
        String[] ids = new String[bodies.length * perRequest];
        int wrongStatus = 0;
        int badAnswers = 0;
        int otherHost = 0;
        String first = null;
        for (int q = 0; q < bodies.length; q++) {
            JsonNode answer;
            try {
                answer = bodies[q] == null ? null : json.readTree(bodies[q]);
            } catch (Exception e) {
                answer = null;
            }
            JsonNode data = answer == null ? null : answer.get("data");
            if (data == null || !data.isArray() || data.size() != perRequest || answer.path("total").asInt() != perRequest
                    || answer.path("errors").asInt(-1) != 0) {
                badAnswers++;
                if (first == null) {
                    first = "request " + q + ": " + HttpLoad.abbreviate(bodies[q]);
                }
                continue;
            }
            for (int j = 0; j < perRequest; j++) {
                JsonNode entry = data.get(j);
                int status = entry.path("status").asInt();
                String id = entry.path("host").path("id").asText(null);
                if (status != expectedStatus || id == null) {
                    wrongStatus++;
                    if (first == null) {
                        first = "request " + q + ", host " + j + ": " + HttpLoad.abbreviate(entry.toString());
                    }
                    continue;
                }
                int i = q * perRequest + j;
                ids[i] = id;
                if (expectedIds != null && !id.equals(expectedIds[i])) {
                    otherHost++;
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (badAnswers > 0) {
            problems.add(badAnswers + " of " + bodies.length + " answers not a 207 with " + perRequest
                    + " results and 0 errors");
        }
        if (wrongStatus > 0) {
            problems.add(wrongStatus + " hosts without status " + expectedStatus);
        }
        if (otherHost > 0) {
            problems.add(otherHost + " updates answered with another host than the one the new-host run created");
        }
        Set<String> distinct = new HashSet<>();
        int answered = 0;
        for (String id : ids) {
            if (id != null) {
                distinct.add(id);
                answered++;
            }
        }
        if (distinct.size() < answered) {
            problems.add((answered - distinct.size()) + " hosts answered with a host id another host of the run got");
        }
        if (first != null) {
            problems.add("first: " + first);
        }
        String checked = ids.length + " entries with status " + expectedStatus + ", " + ids.length + " distinct hosts"
                + (expectedIds == null ? "" : " (the ones the new-host run created)");
        return new Checked(problems.isEmpty() ? null : String.join("; ", problems), checked, ids);
    }
}
