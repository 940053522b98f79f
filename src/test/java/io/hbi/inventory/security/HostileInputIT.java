package io.hbi.inventory.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.support.HostileCorpus;
import io.hbi.inventory.support.HostileCorpus.KafkaCase;
import io.hbi.inventory.support.HostileCorpus.RestCase;
import io.hbi.inventory.support.RawHttp;
import io.hbi.inventory.support.RunningService;
import io.hbi.inventory.support.TopicWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, hostile input: a seeded corpus of invalid and hostile REST requests and Kafka add_host messages
 * ({@link HostileCorpus}). Every REST answer is 2xx/207 or a documented 4xx with a problem body (never a 5xx), the
 * service stays up, and afterwards the database holds exactly the valid hosts of both doors.
 *
 * <p>Each request goes on a connection of its own ({@link RawHttp}), so that the service's answer is known even when
 * it closes the connection early. A request whose connection drops (the request could not be written whole, or the
 * answer not read whole) fails the test, unless the service's first answer was 413, 414 or 431: it refuses those
 * before reading the whole request.
 *
 * <p>Replay a failure with {@code -Dhostile.seed=<the seed printed>}.
 */
class HostileInputIT {

    @RegisterExtension
    static RunningService service = RunningService.start(Map.of());

    private static final long SEED = Long.getLong("hostile.seed", HostileCorpus.DEFAULT_SEED);
    /** {@code -Dhostile.only=12,345}: send only these REST cases (to replay a failure). */
    private static final Set<Integer> ONLY = System.getProperty("hostile.only") == null ? null
            : java.util.Arrays.stream(System.getProperty("hostile.only").split(",")).map(String::trim)
                    .map(Integer::valueOf).collect(java.util.stream.Collectors.toSet());
    private static final int VALID_REST = 50;
    private static final int VALID_KAFKA = 50;
    private static final Set<Integer> DOCUMENTED = Set.of(200, 207, 400, 401, 404, 405, 413, 415);
    /** The refusals the service may give before it has read the whole request, closing the connection after them. */
    private static final Set<Integer> REFUSED_BEFORE_READING = Set.of(413, 414, 431);

    @Test
    void theCorpusGetsDocumentedAnswersAndStoresExactlyTheValidHosts() throws Exception {
        long started = System.nanoTime();
        System.out.println("HostileInputIT seed: " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        String api = service.settings().apiPrefix();

        // the valid REST hosts, some with injection strings in fqdn and display_name
        List<String> knownIds = new ArrayList<>();
        Set<String> expectedFqdns = new TreeSet<>();
        List<String> valid = HostileCorpus.validRestHosts(VALID_REST);
        for (int i = 0; i < VALID_REST; i += 10) {
            HttpResponse<String> response = service.postHosts(HostileCorpus.ACCOUNT,
                    "[" + String.join(",", valid.subList(i, i + 10)) + "]");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
            for (JsonNode entry : RunningService.json(response).get("data")) {
                assertThat(entry.get("status").asInt()).as(entry.toString()).isEqualTo(201);
                knownIds.add(entry.get("host").get("id").asText());
            }
        }
        for (int i = 0; i < VALID_REST; i++) {
            expectedFqdns.add(HostileCorpus.validRestFqdn(i));
        }
        for (int i = 0; i < VALID_KAFKA; i++) {
            expectedFqdns.add(HostileCorpus.validKafkaFqdn(i));
        }

        HostileCorpus corpus = new HostileCorpus(SEED, api, knownIds);
        List<RestCase> restCases = corpus.restCases(1_600);
        List<KafkaCase> kafkaCases = corpus.kafkaCases(560);

        // Kafka first (in the background of the broker), then REST while the service consumes
        sendKafka(kafkaCases);
        long kafkaSent = System.nanoTime();

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> bareErrors = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> closedAfterRefusal = new ConcurrentHashMap<>();
        List<String> duplicateIdentity = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (RestCase c : restCases) {
                if (ONLY != null && !ONLY.contains(c.index())) {
                    continue;
                }
                futures.add(pool.submit(() -> check(c, failures, statuses, bareErrors, closedAfterRefusal,
                        duplicateIdentity)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        long restDone = System.nanoTime();

        // the service is still up
        assertThat(service.get(service.settings().managementPrefix() + "/health").statusCode()).isEqualTo(200);

        // every valid Kafka host arrived; the last message written is a valid host, so all before it were handled
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", HostileCorpus.KAFKA_ACCOUNT)
                        >= VALID_KAFKA);

        Set<String> stored = storedFqdns();
        long total = service.queryLong("SELECT count(*) FROM hosts");

        System.out.println("HostileInputIT REST cases " + restCases.size() + ", Kafka hostile " + kafkaCases.size()
                + ", Kafka valid " + VALID_KAFKA + ", REST valid " + VALID_REST);
        System.out.println("HostileInputIT REST statuses per family: " + new TreeMap<>(statuses));
        System.out.println("HostileInputIT REST families: " + count(restCases.stream().map(RestCase::family).toList()));
        System.out.println("HostileInputIT Kafka families: " + count(kafkaCases.stream().map(KafkaCase::family).toList()));
        System.out.println("HostileInputIT server-level bare errors (no problem body): " + new TreeMap<>(bareErrors));
        System.out.println("HostileInputIT duplicated x-rh-identity answers (status, case): " + count(duplicateIdentity));
        System.out.printf("HostileInputIT timings: kafka send %.1f s, REST %.1f s, total %.1f s%n",
                (kafkaSent - started) / 1e9, (restDone - kafkaSent) / 1e9, (System.nanoTime() - started) / 1e9);
        System.out.println("HostileInputIT connections closed after a refusal (status family): "
                + new TreeMap<>(closedAfterRefusal));
        failures.forEach(f -> System.out.println("HostileInputIT FAILURE " + f));
        System.out.println("HostileInputIT database: " + total + " hosts; unexpected fqdns "
                + difference(stored, expectedFqdns) + "; missing fqdns " + difference(expectedFqdns, stored));

        assertThat(failures).as("REST cases with an undocumented answer (seed " + SEED + ")").isEmpty();
        assertThat(service.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'hosts'"))
                .isEqualTo(1);
        assertThat(stored).as("fqdns in the database (seed " + SEED + ")").isEqualTo(expectedFqdns);
        assertThat(total).as("hosts in the database (seed " + SEED + ")").isEqualTo(VALID_REST + VALID_KAFKA);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ?", HostileCorpus.ACCOUNT))
                .isEqualTo(VALID_REST);
        // the attacker's edits and deletes changed nothing
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE account = ? AND display_name LIKE ?",
                HostileCorpus.ACCOUNT, "' OR 1=1 -- %")).isEqualTo(VALID_REST);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE coalesce(facts, '{}'::jsonb) <> '{}'::jsonb")).isZero();
        assertThat(service.get(service.settings().managementPrefix() + "/health").statusCode()).isEqualTo(200);
    }

    /**
     * PostgreSQL cannot hold a NUL character (U+0000) in text or jsonb, so the service refuses it as input: a 400
     * problem for a query filter, a per-host 400 inside the 207 for a host field (never a 500 from the database).
     */
    @Test
    void aNulCharacterInAQueryFilterOrAHostFieldIsA400NotA500() {
        String api = service.settings().apiPrefix();
        List<String> failures = new ArrayList<>();
        for (String query : List.of("/hosts?display_name=a%00b", "/hosts?fqdn=%00", "/hosts?hostname_or_id=%00",
                "/hosts?tags=ns%2Fk%3D%00", "/tags?tags=%00%2Fk", "/tags?search=%00")) {
            HttpResponse<String> response = service.get(api + query, "x-rh-identity",
                    io.hbi.inventory.support.Identities.of(HostileCorpus.ACCOUNT));
            if (response.statusCode() != 400) {
                failures.add("GET " + query + " -> " + response.statusCode() + " " + response.body());
            }
        }
        for (String field : List.of("\"display_name\": \"a\\u0000b\"", "\"reporter\": \"pup\\u0000too\"",
                "\"ansible_host\": \"\\u0000\"", "\"system_profile\": {\"arch\": \"\\u0000\"}",
                "\"facts\": [{\"namespace\": \"n\", \"facts\": {\"k\": \"\\u0000\"}}]")) {
            String body = "[{\"account\": \"" + HostileCorpus.ACCOUNT + "\", \"fqdn\": \"nul.example.com\", "
                    + "\"stale_timestamp\": \"" + HostileCorpus.STALE + "\", \"reporter\": \"puptoo\", " + field + "}]";
            HttpResponse<String> response = service.postHosts(HostileCorpus.ACCOUNT, body);
            int hostStatus = response.statusCode() == 207
                    ? RunningService.json(response).get("data").get(0).get("status").asInt() : -1;
            if (response.statusCode() != 207 || hostStatus != 400) {
                failures.add("POST host with " + field + " -> " + response.statusCode() + ", host status " + hostStatus);
            }
        }
        failures.forEach(f -> System.out.println("HostileInputIT NUL FAILURE " + f));
        assertThat(failures).as("NUL characters answered other than 400").isEmpty();
    }

    private void check(RestCase c, List<String> failures, Map<String, Map<Integer, AtomicInteger>> statuses,
                       Map<String, AtomicInteger> bareErrors, Map<String, AtomicInteger> closedAfterRefusal,
                       List<String> duplicateIdentity) {
        RawHttp.Exchange response;
        try {
            response = send(c);
        } catch (IllegalArgumentException e) {
            failures.add(c + ": the corpus built a request that is not a valid URI: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.status();
        statuses.computeIfAbsent(c.family(), f -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (response.dropped()) {
            if (REFUSED_BEFORE_READING.contains(status)) {
                closedAfterRefusal.computeIfAbsent(status + " " + c.family(), k -> new AtomicInteger()).incrementAndGet();
            } else {
                failures.add(c + ": the connection dropped: " + response.describeDrop());
            }
            return;
        }
        if (c.description().startsWith("two x-rh-identity") || ONLY != null) {
            duplicateIdentity.add(status + " " + c.description());
        }
        if (status >= 500) {
            failures.add(c + ": " + status + " " + abbreviate(response.body()));
            return;
        }
        JsonNode body = parse(response.body());
        if (status >= 400 && (body == null || !body.isObject() || !body.has("status"))) {
            if (status == 404 || status == 405 || status == 414 || status == 431) {
                bareErrors.computeIfAbsent(status + " " + c.family(), k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            failures.add(c + ": " + status + " without a problem body: " + abbreviate(response.body()));
            return;
        }
        if (!DOCUMENTED.contains(status)) {
            failures.add(c + ": undocumented status " + status + " " + abbreviate(response.body()));
            return;
        }
        if (status >= 400 && body.get("status").asInt() != status) {
            failures.add(c + ": problem status " + body.get("status") + " on a " + status);
        }
        if (status == 207) {
            for (JsonNode entry : body.path("data")) {
                int hostStatus = entry.path("status").asInt();
                if (hostStatus != 400) {
                    failures.add(c + ": a hostile host was answered " + hostStatus + ": " + abbreviate(entry.toString()));
                }
            }
        }
        if (status == 200 && !c.method().equals("GET")) {
            failures.add(c + ": a hostile " + c.method() + " succeeded: " + abbreviate(response.body()));
        }
    }

    private RawHttp.Exchange send(RestCase c) throws InterruptedException {
        URI uri = URI.create(service.baseUrl() + c.path());
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return RawHttp.send(uri.getHost(), uri.getPort(), c.method(), target, c.headers(), c.body(),
                Duration.ofSeconds(30));
    }

    private void sendKafka(List<KafkaCase> hostile) {
        String topic = service.env("KAFKA_HOST_INGRESS_TOPIC");
        List<byte[]> messages = new ArrayList<>();
        int validEvery = hostile.size() / (VALID_KAFKA - 1);
        int validSent = 0;
        for (int i = 0; i < hostile.size(); i++) {
            if (i % validEvery == 0 && validSent < VALID_KAFKA - 1) {
                messages.add(HostileCorpus.validKafkaMessage(validSent++).getBytes(StandardCharsets.UTF_8));
            }
            messages.add(hostile.get(i).value());
        }
        while (validSent < VALID_KAFKA) {
            messages.add(HostileCorpus.validKafkaMessage(validSent++).getBytes(StandardCharsets.UTF_8));
        }
        try (TopicWriter writer = new TopicWriter(service.bootstrapServers())) {
            for (int from = 0; from < messages.size(); from += 100) {
                writer.sendTogether(topic, 0, messages.subList(from, Math.min(messages.size(), from + 100)));
            }
        }
    }

    private Set<String> storedFqdns() throws SQLException {
        Set<String> fqdns = new TreeSet<>();
        try (Connection connection = service.service().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT canonical_facts ->> 'fqdn' FROM hosts")) {
            while (rows.next()) {
                fqdns.add(rows.getString(1));
            }
        }
        return fqdns;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : RunningService.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Integer> count(List<String> values) {
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
