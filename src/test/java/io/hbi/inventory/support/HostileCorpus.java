package io.hbi.inventory.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of invalid and hostile REST requests and Kafka {@code add_host} messages (issue 7). The same
 * seed gives the same corpus, so a failing case replays: run the test with {@code -Dhostile.seed=<seed>}.
 *
 * <p>Every hostile host body is made invalid on purpose by an "invalidator" (no reporter, an empty reporter, a
 * timestamp without a timezone, an account that is not the identity's, no canonical facts) that never touches the
 * field under attack, so no hostile input may create a host. The valid hosts the test expects in the database are
 * generated here too ({@link #validRestHosts}, {@link #validKafkaHosts}), some with injection strings in their
 * text fields, which must then be stored verbatim.
 */
public final class HostileCorpus {

    public static final long DEFAULT_SEED = 7_2026_11_30L;

    /** One REST request: headers are name/value pairs and may repeat a name. */
    public record RestCase(int index, String family, String description, String method, String path,
                           List<String> headers, byte[] body) {
        @Override
        public String toString() {
            return "#" + index + " [" + family + "] " + description + " " + method + " " + abbreviate(path);
        }
    }

    public record KafkaCase(int index, String family, String description, byte[] value) {
        @Override
        public String toString() {
            return "#" + index + " [" + family + "] " + description;
        }
    }

    public static final String ACCOUNT = "0000777";
    public static final String KAFKA_ACCOUNT = "0000778";
    public static final String ATTACKER = "0000666";
    public static final String STALE = "2030-01-01T00:00:00+00:00";

    static final List<String> INJECTIONS = List.of(
            "' OR 1=1 --", "'; DROP TABLE hosts; --", "%' --", "\\", "\\'", "\"", "''", "%", "_", "%%", "*",
            "\u2019 OR \u20181\u2019=\u20181", "\u02bc OR 1=1 --", "' UNION SELECT id, account FROM hosts --",
            "1; SELECT pg_sleep(10)", "$1", "?", ":param", "'||(SELECT version())||'", "\u0000", "a\u0000b",
            "ns/k=v\"}", "{\"a\":1}", "../", "../../etc/passwd", "$.a[*]", "$..*", "@> '{}'", "?|", "#>>'{a}'",
            "\"}]}", "]}}", "\\u0000", "\r\nX-Injected: 1", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
            "{{7*7}}", "#{7*7}", "%00", "%27%20OR%201%3D1", "\ud83d\ude00", "\u202e", "NaN", "null", "true", "-0");

    static final List<String> HUGE_NUMBERS = List.of("99999999999999999999", "-1", "0", "1e9", "0x10", "2147483648",
            "-2147483649", "1.5", " ", "", "NaN", "Infinity", "+1", "1 OR 1=1", "١", "0001", "9".repeat(400));

    static final List<String> HOST_FIELDS = List.of("account", "display_name", "ansible_host", "insights_id",
            "rhel_machine_id", "subscription_manager_id", "satellite_id", "bios_uuid", "ip_addresses", "fqdn",
            "mac_addresses", "external_id", "facts", "system_profile", "stale_timestamp", "reporter", "tags");

    static final List<String> LIST_PARAMS = List.of("display_name", "fqdn", "hostname_or_id", "insights_id",
            "branch_id", "per_page", "page", "order_by", "order_how", "staleness", "tags", "registered_with");
    static final List<String> TAGS_PARAMS = List.of("tags", "order_by", "order_how", "per_page", "page",
            "staleness", "search", "registered_with");
    static final List<String> BY_ID_PARAMS = List.of("branch_id", "per_page", "page", "order_by", "order_how");
    static final List<String> HOST_TAGS_PARAMS = List.of("per_page", "page", "order_by", "order_how", "search");

    private final Random random;
    private final String api;
    private final List<String> knownIds;
    private final List<RestCase> rest = new ArrayList<>();
    private final List<KafkaCase> kafka = new ArrayList<>();
    private boolean forKafka;
    private String lastInvalidator = "";

    /**
     * @param knownIds ids of hosts that exist (of {@link #ACCOUNT}); hostile edits address them only with the
     *                 attacker's identity, so they must never change
     */
    public HostileCorpus(long seed, String api, List<String> knownIds) {
        this.random = new Random(seed);
        this.api = api;
        this.knownIds = knownIds;
    }

    // ---------------------------------------------------------------------------------------------------------
    // valid hosts

    /** The valid hosts of the REST door, as JSON objects (account {@link #ACCOUNT}); seeded, so call it first. */
    public static List<String> validRestHosts(int count) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String fqdn = validRestFqdn(i);
            hosts.add("{\"account\": \"" + ACCOUNT + "\", \"fqdn\": " + quote(fqdn)
                    + ", \"display_name\": " + quote("' OR 1=1 -- " + i) + ", \"stale_timestamp\": \"" + STALE
                    + "\", \"reporter\": \"puptoo\"}");
        }
        return hosts;
    }

    public static String validRestFqdn(int i) {
        return i % 5 == 0 ? INJECTIONS.get(i % INJECTIONS.size()).replace("\u0000", "") + " valid-rest-" + i
                : "valid-rest-" + i + ".hostile.example.com";
    }

    public static String validKafkaFqdn(int i) {
        return i % 4 == 0 ? "'; DROP TABLE hosts; -- valid-kafka-" + i : "valid-kafka-" + i + ".hostile.example.com";
    }

    /** A valid add_host message of {@link #KAFKA_ACCOUNT}, with injection strings in its tags and display name. */
    public static String validKafkaMessage(int i) {
        return "{\"operation\": \"add_host\", \"platform_metadata\": {\"request_id\": \"valid-" + i + "\"}, \"data\": "
                + "{\"account\": \"" + KAFKA_ACCOUNT + "\", \"fqdn\": " + quote(validKafkaFqdn(i))
                + ", \"display_name\": \"%' -- " + i + "\", \"stale_timestamp\": \"" + STALE
                + "\", \"reporter\": \"puptoo\", \"tags\": {\"ns'--\": {\"k\\\"}\": [\"v' OR 1=1\"]}}}}";
    }

    // ---------------------------------------------------------------------------------------------------------
    // REST

    public List<RestCase> restCases(int target) {
        int family = 0;
        while (rest.size() < target) {
            switch (family++ % 12) {
                case 0 -> listFilters();
                case 1 -> paging();
                case 2 -> pathIds();
                case 3 -> postWrongTypes();
                case 4 -> postInjection();
                case 5 -> postOversized();
                case 6 -> bodyStructure();
                case 7 -> identityHeaders();
                case 8 -> edits();
                case 9 -> facts();
                case 10 -> tagsEndpoints();
                default -> protocol();
            }
        }
        return rest;
    }

    private void listFilters() {
        String param = pick(LIST_PARAMS);
        String value = hostileValue();
        boolean encode = random.nextInt(4) != 0;
        String query = param + "=" + (encode ? enc(value) : rawish(value));
        if (random.nextBoolean()) {
            query += "&" + param + "=" + enc(pick(INJECTIONS));
        }
        get("filters", param + " = " + describe(value) + (encode ? "" : " (raw)"), api + "/hosts?" + query);
    }

    private void paging() {
        String path = pick(List.of("/hosts", "/tags", "/hosts/" + someIds() , "/hosts/" + someIds() + "/tags",
                "/hosts/" + someIds() + "/tags/count", "/hosts/" + someIds() + "/system_profile"));
        String param = pick(List.of("page", "per_page"));
        String value = pick(HUGE_NUMBERS);
        get("paging", param + " = " + describe(value) + " on " + path.replaceAll("/hosts/[^/]+", "/hosts/{ids}"),
                api + path + "?" + param + "=" + enc(value) + (random.nextBoolean() ? "&order_by=" + enc(pick(INJECTIONS)) : ""));
    }

    private void pathIds() {
        String ids = switch (random.nextInt(10)) {
            case 0 -> enc(pick(INJECTIONS));
            case 1 -> UUID.randomUUID() + ",";
            case 2 -> "," + UUID.randomUUID();
            case 3 -> UUID.randomUUID() + ",," + UUID.randomUUID();
            case 4 -> manyIds(1_000 + random.nextInt(9_000));
            case 5 -> "x".repeat(300 + random.nextInt(4_700));
            case 6 -> UUID.randomUUID().toString().substring(0, 30) + enc("' OR '1'='1");
            case 7 -> enc(UUID.randomUUID() + "'; DROP TABLE hosts; --");
            case 8 -> "%25zz" + random.nextInt(100);
            default -> enc(" ") + "," + enc("\u00e9") + "," + enc("{\"a\":1}");
        };
        String suffix = pick(List.of("", "/system_profile", "/tags", "/tags/count"));
        String method = suffix.isEmpty() ? pick(List.of("GET", "DELETE", "PATCH")) : "GET";
        byte[] body = method.equals("PATCH") ? utf8("{\"display_name\": \"x\"}") : null;
        add("path-ids", "host_id_list " + describe(ids) + suffix, method, api + "/hosts/" + ids + suffix,
                identity(ATTACKER), body);
    }

    private void postWrongTypes() {
        String field = pick(HOST_FIELDS);
        String value = pick(List.of("123", "-1", "1.5e308", "true", "false", "null", "[]", "{}", "[1,2]",
                "[null]", "[\"\"]", "{\"a\": []}", "\"\"", "\"" + "x".repeat(300) + "\"", "[{}]", "[[[]]]",
                "99999999999999999999999999999999", "[\"a\", 1]", "{\"namespace\": 1}", "\"not-a-date\""));
        postHost("wrong-types", field + " = " + describe(value), field, value);
    }

    private void postInjection() {
        String field = pick(HOST_FIELDS);
        String text = pick(INJECTIONS);
        String value = switch (field) {
            case "ip_addresses", "mac_addresses" -> "[" + quote(text) + "]";
            case "facts" -> "[{\"namespace\": " + quote(text) + ", \"facts\": {" + quote(text) + ": " + quote(text) + "}}]";
            case "system_profile" -> "{\"arch\": " + quote(text) + ", \"os_kernel_version\": " + quote(text) + "}";
            case "tags" -> "{" + quote(text) + ": {" + quote(text) + ": [" + quote(text) + "]}}";
            default -> quote(text);
        };
        postHost("injection", field + " = " + describe(text), field, value);
    }

    private void postOversized() {
        String field = pick(HOST_FIELDS);
        int size = 300 + random.nextInt(4_700);
        String value = random.nextBoolean() ? quote("a".repeat(size))
                : "[" + String.join(",", java.util.Collections.nCopies(size, quote("b"))) + "]";
        postHost("oversized", field + " = " + (value.startsWith("[") ? "array of " : "string of ") + size, field, value);
    }

    private void bodyStructure() {
        int kind = random.nextInt(9);
        int depth = 200 + random.nextInt(4_800);
        String description;
        byte[] body;
        switch (kind) {
            case 0 -> {
                description = "array nested " + depth + " deep";
                body = utf8("[".repeat(depth) + "]".repeat(depth));
            }
            case 1 -> {
                description = "system_profile nested " + depth + " deep";
                body = utf8("[" + invalidHost("system_profile", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)) + "]");
            }
            case 2 -> {
                description = "facts nested " + depth + " deep";
                body = utf8("[" + invalidHost("facts", "[{\"namespace\": \"n\", \"facts\": "
                        + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}]") + "]");
            }
            case 3 -> {
                description = "invalid UTF-8 in a host";
                body = invalidUtf8(utf8("[" + invalidHost("fqdn", "\"FQDN\"") + "]"));
            }
            case 4 -> {
                description = "invalid UTF-8 whole body";
                body = randomBytes(1 + random.nextInt(2_000));
            }
            case 5 -> {
                String json = pick(List.of("null", "{}", "\"hosts\"", "1", "true", "[", "[{]", "[1,]", "{\"a\":",
                        "[null]", "[1, \"a\", true]", "[[]]", "[{}]", "", " ", "\ufeff[]", "[]garbage", "[]"));
                description = "body " + describe(json);
                body = utf8(json);
            }
            case 6 -> {
                int count = 2 + random.nextInt(2_000);
                description = count + " invalid hosts";
                List<String> hosts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    hosts.add(invalidHost("fqdn", quote(pick(INJECTIONS) + i)));
                }
                body = utf8("[" + String.join(",", hosts) + "]");
            }
            case 7 -> {
                description = "lone surrogate escapes";
                body = utf8("[" + invalidHost("fqdn", "\"\\udce2\\ud800x\"") + "]");
            }
            default -> {
                description = "duplicate keys";
                body = utf8("[{\"fqdn\": \"a\", \"fqdn\": [1], \"account\": \"" + ACCOUNT + "\", \"account\": 1,"
                        + " \"stale_timestamp\": \"" + STALE + "\"}]");
            }
        }
        add("body-structure", description, "POST", api + "/hosts", withJson(identity(ACCOUNT)), body);
    }

    private void identityHeaders() {
        String json = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "{\"identity\": {}}";
            case 2 -> "{\"identity\": {\"account_number\": 123}}";
            case 3 -> "{\"identity\": {\"account_number\": [\"" + ACCOUNT + "\"]}}";
            case 4 -> "{\"identity\": {\"account_number\": null}}";
            case 5 -> "{\"identity\": {\"account_number\": \"\"}}";
            case 6 -> "not json at all";
            case 7 -> "{\"identity\": {\"account_number\": {\"$ne\": null}}}";
            case 8 -> "[]";
            case 9 -> "{\"identity\": \"" + ACCOUNT + "\"}";
            case 10 -> "{\"identity\": {\"account_number\": \"' OR 1=1 --\"";
            default -> "{\"identity\": {\"account_number\": true}}";
        };
        List<String> headers = new ArrayList<>();
        String description;
        int mode = random.nextInt(8);
        if (mode == 0) {
            description = "no identity";
        } else if (mode == 1) {
            description = "identity not base64";
            headers.addAll(List.of("x-rh-identity", pick(List.of("!!!", "%%%", "eyJ", "====", "a", "' OR 1=1 --",
                    "\\x00"))));
        } else if (mode == 2) {
            int size = 1_000 + random.nextInt(60_000);
            description = "identity " + size + " chars";
            headers.addAll(List.of("x-rh-identity", Identities.encode("{\"identity\": {\"account_number\": \""
                    + ACCOUNT + "\", \"pad\": \"" + "p".repeat(size) + "\"}}")));
        } else if (mode == 3) {
            description = "identity empty";
            headers.addAll(List.of("x-rh-identity", ""));
        } else if (json == null) {
            description = "no identity, bearer garbage";
            headers.addAll(List.of("Authorization", "Bearer ' OR 1=1 --"));
        } else {
            description = "identity base64 of " + describe(json);
            headers.addAll(List.of("x-rh-identity", Identities.encode(json)));
        }
        operation("identity", description, headers);
    }

    private void edits() {
        String value = random.nextBoolean() ? quote(pick(INJECTIONS)) : hostileJsonValue();
        String field = pick(List.of("display_name", "ansible_host", "account", "fqdn", "id"));
        boolean raw = random.nextInt(6) == 0;
        byte[] body = raw ? invalidUtf8(utf8("{\"display_name\": \"xyz\"}")) : utf8("{" + quote(field) + ": " + value + "}");
        boolean known = random.nextBoolean();
        String ids = known ? String.join(",", knownIds.subList(0, 1 + random.nextInt(knownIds.size()))) : someIds();
        add("edits", "PATCH " + (known ? "known ids as attacker " : "unknown ids ") + field + " = "
                        + (raw ? "invalid UTF-8" : describe(value)),
                "PATCH", api + "/hosts/" + ids, withJson(identity(known ? ATTACKER : ACCOUNT)), body);
        if (random.nextInt(3) == 0) {
            add("edits", "DELETE known ids as attacker", "DELETE", api + "/hosts/" + String.join(",", knownIds),
                    identity(ATTACKER), null);
        }
    }

    private void facts() {
        boolean put = random.nextBoolean();
        String namespace = random.nextBoolean() ? enc(pick(INJECTIONS)) : "ns" + random.nextInt(5);
        String body = switch (random.nextInt(7)) {
            case 0 -> hostileJsonValue();
            case 1 -> "{" + quote(pick(INJECTIONS)) + ": " + quote(pick(INJECTIONS)) + "}";
            case 2 -> "{\"a\":".repeat(200 + random.nextInt(2_000)) + "1" + "}".repeat(0);
            case 3 -> {
                int depth = 200 + random.nextInt(2_000);
                yield "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            }
            case 4 -> "{\"k\": " + quote("v".repeat(300 + random.nextInt(4_700))) + "}";
            case 5 -> "{\"\": 1}";
            default -> "null";
        };
        boolean known = random.nextBoolean();
        String ids = known ? String.join(",", knownIds) : someIds();
        add("facts", (put ? "PUT" : "PATCH") + " facts/" + describe(namespace) + (known ? " known ids as attacker" : "")
                        + " body " + describe(body),
                put ? "PUT" : "PATCH", api + "/hosts/" + ids + "/facts/" + namespace,
                withJson(identity(known ? ATTACKER : ACCOUNT)), utf8(body));
    }

    private void tagsEndpoints() {
        boolean account = random.nextBoolean();
        List<String> params = account ? TAGS_PARAMS : HOST_TAGS_PARAMS;
        String param = pick(params);
        String value = param.equals("tags") ? pick(List.of("ns/k=v\"}", "{\"a\":1}", "../", "a/b/c", "=", "/",
                "ns/=v", "ns/k=", "a".repeat(300) + "/k=v", "ns/" + "k".repeat(300), "ns/k=" + "v".repeat(300),
                "ns/k=v,", ",", "%2F/k", "ns/k=v'; DROP TABLE hosts; --")) : hostileValue();
        String path = account ? "/tags" : "/hosts/" + someIds() + pick(List.of("/tags", "/tags/count"));
        get("tags", path.replaceAll("/hosts/[^/]+", "/hosts/{ids}") + " " + param + " = " + describe(value),
                api + path + "?" + param + "=" + enc(value));
    }

    private void protocol() {
        switch (random.nextInt(9)) {
            case 0 -> add("protocol", "wrong method PUT /hosts", "PUT", api + "/hosts", withJson(identity(ACCOUNT)),
                    utf8("[]"));
            case 1 -> add("protocol", "wrong method DELETE /tags", "DELETE", api + "/tags", identity(ACCOUNT), null);
            case 2 -> add("protocol", "wrong method POST /hosts/{id}", "POST", api + "/hosts/" + someIds(),
                    withJson(identity(ACCOUNT)), utf8("{}"));
            case 3 -> get("protocol", "unknown path", api + "/" + enc(pick(INJECTIONS)) + "/x");
            case 4 -> {
                String type = pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json'; DROP TABLE hosts; --", "*/*"));
                List<String> headers = new ArrayList<>(identity(ACCOUNT));
                headers.addAll(List.of("Content-Type", type));
                add("protocol", "POST content-type " + type, "POST", api + "/hosts", headers,
                        utf8("[" + invalidHost("fqdn", "\"a.example.com\"") + "]"));
            }
            case 5 -> {
                List<String> headers = new ArrayList<>(withJson(identity(ACCOUNT)));
                int second = random.nextInt(4);
                headers.addAll(List.of("x-rh-identity", List.of(Identities.of(ACCOUNT), Identities.of(ATTACKER),
                        "garbage", Identities.encode("{}")).get(second)));
                operation("duplicate-headers", "two x-rh-identity headers (valid, then "
                        + List.of("the same", "another account's", "not base64", "base64 of {}").get(second) + ")",
                        headers);
                if (second > 0) {
                    List<String> attackerFirst = List.of("x-rh-identity", Identities.of(ATTACKER), "x-rh-identity",
                            Identities.of(ACCOUNT));
                    add("duplicate-headers", "two x-rh-identity headers (attacker's, then the owner's) DELETE known ids",
                            "DELETE", api + "/hosts/" + String.join(",", knownIds), attackerFirst, null);
                }
            }
            case 6 -> {
                List<String> headers = new ArrayList<>(identity(ACCOUNT));
                headers.addAll(List.of("Content-Type", "application/json", "Content-Type", "text/plain"));
                add("duplicate-headers", "two Content-Type headers", "POST", api + "/hosts", headers,
                        utf8("[" + invalidHost("fqdn", "\"a.example.com\"") + "]"));
            }
            case 7 -> {
                List<String> headers = new ArrayList<>(withJson(identity(ACCOUNT)));
                headers.addAll(List.of("x-rh-insights-request-id", "' OR 1=1 --", "x-rh-insights-request-id",
                        "r".repeat(1 + random.nextInt(4_000))));
                add("duplicate-headers", "two request-id headers", "POST", api + "/hosts", headers,
                        utf8("[" + invalidHost("fqdn", "\"a.example.com\"") + "]"));
            }
            default -> {
                int size = 5 * 1024 * 1024 + 1 + random.nextInt(1024 * 1024);
                add("protocol", "body of " + size + " bytes", "POST", api + "/hosts", withJson(identity(ACCOUNT)),
                        utf8("[" + invalidHost("fqdn", quote("f".repeat(size))) + "]"));
            }
        }
    }

    /** A random operation of the API with these headers and a harmless body where one is needed. */
    private void operation(String family, String description, List<String> headers) {
        String id = someIds();
        switch (random.nextInt(9)) {
            case 0 -> add(family, description + " GET /hosts", "GET", api + "/hosts", headers, null);
            case 1 -> add(family, description + " GET /hosts/{ids}", "GET", api + "/hosts/" + id, headers, null);
            case 2 -> add(family, description + " GET /tags", "GET", api + "/tags", headers, null);
            case 3 -> add(family, description + " GET /hosts/{ids}/tags", "GET", api + "/hosts/" + id + "/tags",
                    headers, null);
            case 4 -> add(family, description + " POST /hosts", "POST", api + "/hosts", withJson(headers),
                    utf8("[" + invalidHost("fqdn", "\"a.example.com\"") + "]"));
            case 5 -> add(family, description + " PATCH", "PATCH", api + "/hosts/" + id, withJson(headers),
                    utf8("{\"display_name\": \"x\"}"));
            case 6 -> add(family, description + " DELETE", "DELETE", api + "/hosts/" + id, headers, null);
            case 7 -> add(family, description + " PUT facts", "PUT", api + "/hosts/" + id + "/facts/ns",
                    withJson(headers), utf8("{\"a\": 1}"));
            default -> add(family, description + " GET system_profile", "GET", api + "/hosts/" + id
                    + "/system_profile", headers, null);
        }
    }

    private void postHost(String family, String description, String field, String value) {
        String body = "[" + invalidHost(field, value) + "]";
        boolean attacker = random.nextInt(5) == 0;
        add(family, "POST " + description + " (" + lastInvalidator + ")" + (attacker ? " as attacker" : ""), "POST", api + "/hosts",
                withJson(identity(attacker ? ATTACKER : ACCOUNT)), utf8(body));
    }

    /**
     * A host of {@link #ACCOUNT} with {@code field} set to {@code value} (raw JSON) that is invalid whatever the value:
     * an invalidator that does not touch {@code field} breaks it.
     */
    String invalidHost(String field, String value) {
        List<String> invalidators = new ArrayList<>(List.of("reporter-missing", "reporter-empty", "naive-timestamp",
                "foreign-account", "no-canonical-facts"));
        if (forKafka) {
            invalidators.remove("foreign-account"); // the Kafka door has no account check
        }
        invalidators.removeIf(i -> i.startsWith("reporter") && field.equals("reporter")
                || i.equals("naive-timestamp") && field.equals("stale_timestamp")
                || i.equals("foreign-account") && field.equals("account")
                || i.equals("no-canonical-facts") && CANONICAL.contains(field));
        String invalidator = pick(invalidators);
        StringBuilder host = new StringBuilder("{");
        appendField(host, "account", field, value, invalidator.equals("foreign-account") ? "\"0000999\"" : quote(ACCOUNT));
        appendField(host, "stale_timestamp", field, value,
                invalidator.equals("naive-timestamp") ? "\"2030-01-01T00:00:00\"" : quote(STALE));
        if (!invalidator.equals("reporter-missing") || field.equals("reporter")) {
            appendField(host, "reporter", field, value, invalidator.equals("reporter-empty") ? "\"\"" : "\"puptoo\"");
        }
        if (field.equals("fqdn") || !invalidator.equals("no-canonical-facts") && !CANONICAL.contains(field)) {
            appendField(host, "fqdn", field, value, quote("hostile-" + random.nextInt(1_000_000) + ".example.com"));
        }
        if (!List.of("account", "stale_timestamp", "reporter", "fqdn").contains(field)) {
            host.append(quote(field)).append(": ").append(value).append(", ");
        }
        host.append("\"x_invalid_by\": \"").append(invalidator).append("\"}");
        lastInvalidator = invalidator;
        return host.toString();
    }

    private static final List<String> CANONICAL = List.of("insights_id", "rhel_machine_id", "subscription_manager_id",
            "satellite_id", "bios_uuid", "ip_addresses", "fqdn", "mac_addresses", "external_id");

    private static void appendField(StringBuilder host, String name, String field, String value, String normal) {
        host.append(quote(name)).append(": ").append(name.equals(field) ? value : normal).append(", ");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kafka

    /** Hostile add_host messages; the caller interleaves the valid ones. */
    public List<KafkaCase> kafkaCases(int target) {
        forKafka = true;
        int family = 0;
        while (kafka.size() < target) {
            switch (family++ % 8) {
                case 0 -> kafkaAdd("invalid-json", "not JSON", utf8(pick(List.of("{", "not json", "{\"operation\":",
                        "[1,2", "{\"operation\": \"add_host\", \"data\": {\"a\": }}", "", "\"\"", "nul", "{}}"))));
                case 1 -> kafkaAdd("invalid-utf8", "invalid UTF-8 bytes",
                        invalidUtf8(utf8(envelope(invalidHost("fqdn", "\"UTF8.example.com\"")))));
                case 2 -> {
                    int depth = 200 + random.nextInt(4_800);
                    boolean inData = random.nextBoolean();
                    kafkaAdd("deep-nesting", (inData ? "system_profile" : "root") + " nested " + depth,
                            utf8(inData ? envelope(invalidHost("system_profile",
                                    "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))
                                    : "[".repeat(depth) + "]".repeat(depth)));
                }
                case 3 -> {
                    String field = pick(HOST_FIELDS);
                    String value = hostileJsonValue();
                    kafkaAdd("wrong-types", field + " = " + describe(value), utf8(envelope(invalidHost(field, value))));
                }
                case 4 -> {
                    String field = pick(HOST_FIELDS);
                    int size = random.nextInt(4) == 0 ? 900_000 + random.nextInt(100_000) : 300 + random.nextInt(5_000);
                    kafkaAdd("huge-strings", field + " string of " + size,
                            utf8(envelope(invalidHost(field, quote("h".repeat(size))))));
                }
                case 5 -> {
                    String message = pick(List.of("{\"operation\": \"add_host\"}",
                            "{\"operation\": \"add_host\", \"data\": null}", "{\"data\": {}}",
                            "{\"operation\": 1, \"data\": {}}", "{\"operation\": \"add_host\", \"data\": []}",
                            "{\"operation\": \"add_host\", \"data\": \"x\"}", "{\"operation\": \"add_host\", \"data\": {}}",
                            "{\"operation\": \"add_host\", \"platform_metadata\": null, \"data\": {}}",
                            "{\"operation\": \"add_host\", \"platform_metadata\": [], \"data\": {}}",
                            "null", "[]", "1", "{\"operation\": \"add_host\", \"data\": {\"account\": null}}"));
                    kafkaAdd("null-absent", describe(message), utf8(message));
                }
                case 6 -> {
                    String field = pick(HOST_FIELDS);
                    String text = pick(INJECTIONS);
                    String value = switch (field) {
                        case "ip_addresses", "mac_addresses" -> "[" + quote(text) + "]";
                        case "facts" -> "[{\"namespace\": " + quote(text) + ", \"facts\": {" + quote(text) + ": 1}}]";
                        case "system_profile" -> "{\"arch\": " + quote(text) + "}";
                        case "tags" -> pick(List.of("[{\"namespace\": " + quote(text) + ", \"key\": " + quote(text)
                                + ", \"value\": " + quote(text) + "}]", "{" + quote(text) + ": {" + quote(text) + ": ["
                                + quote(text) + "]}}", "[" + quote(text) + "]", quote(text)));
                        default -> quote(text);
                    };
                    kafkaAdd("injection", field + " = " + describe(text), utf8(envelope(invalidHost(field, value))));
                }
                default -> kafkaAdd("lone-surrogate", "lone surrogate escape in fqdn",
                        utf8(envelope(invalidHost("fqdn", "\"\\udce2" + random.nextInt(100) + "\""))));
            }
        }
        return kafka;
    }

    private String envelope(String data) {
        return "{\"operation\": \"add_host\", \"platform_metadata\": {\"request_id\": " + quote(pick(INJECTIONS))
                + "}, \"data\": " + data + "}";
    }

    private void kafkaAdd(String family, String description, byte[] value) {
        kafka.add(new KafkaCase(kafka.size(), family, description + " (" + lastInvalidator + ")", value));
        lastInvalidator = "";
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private void get(String family, String description, String path) {
        add(family, description, "GET", path, identity(ACCOUNT), null);
    }

    private void add(String family, String description, String method, String path, List<String> headers, byte[] body) {
        rest.add(new RestCase(rest.size(), family, description, method, path, List.copyOf(headers), body));
    }

    private static List<String> identity(String account) {
        return List.of("x-rh-identity", Identities.of(account));
    }

    private static List<String> withJson(List<String> headers) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of("Content-Type", "application/json"));
        return all;
    }

    private String hostileValue() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> pick(INJECTIONS);
            case 2 -> pick(HUGE_NUMBERS);
            case 3 -> pick(INJECTIONS).repeat(1 + random.nextInt(5)) + "x".repeat(random.nextInt(5_000));
            default -> UUID.randomUUID() + pick(INJECTIONS);
        };
    }

    private String hostileJsonValue() {
        return pick(List.of("123", "-1", "1.5e308", "1e99999", "true", "null", "[]", "{}", "[1,2]", "[null]",
                "{\"$ne\": null}", "\"\"", "99999999999999999999999999999999", "[[[[[[[[[[]]]]]]]]]]",
                "\"\\u0000\"", "{\"a\": {\"b\": [1, {\"c\": null}]}}", "-0.0", "[\"\"]", "[{}]"));
    }

    private String someIds() {
        int count = 1 + random.nextInt(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(random.nextBoolean() ? UUID.randomUUID().toString()
                    : UUID.randomUUID().toString().replace("-", "").toUpperCase());
        }
        return String.join(",", ids);
    }

    private String manyIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return String.join(",", ids);
    }

    private byte[] invalidUtf8(byte[] valid) {
        List<byte[]> bad = List.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82});
        byte[] insert = pick(bad);
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("UTF8") >= 0 ? text.indexOf("UTF8") : text.indexOf("xyz") >= 0 ? text.indexOf("xyz")
                : Math.max(1, text.indexOf("FQDN"));
        byte[] out = new byte[valid.length + insert.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(valid, at, out, at + insert.length, valid.length - at);
        return out;
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        return bytes;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Percent-encodes for a query string or a path segment ({@code +} for space is avoided). */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Only what java.net.URI refuses is encoded: quotes, brackets and the like stay as they are where legal. */
    private static String rawish(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~!$'()*,;:@/?=".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(enc(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String describe(String value) {
        String printable = value.replaceAll("[\\p{Cntrl}]", "?");
        return "'" + abbreviate(printable) + "'" + (value.length() > 60 ? " (" + value.length() + " chars)" : "");
    }

    static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
