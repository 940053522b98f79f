package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * What the queries of the benchmark must answer about the query account (hosts {@code 0 … size - 1}, as {@link
 * Benchmark} fills them, in the account and its org: a 2020 identity of the account and a today's identity of the org
 * get the same answers), worked out from the generator rather than read from the database: how many hosts the
 * default staleness filter shows, how many match a filter, which tags they carry.
 */
final class QueryAccount {

    /** The {@code GET /tags?search=} term: insights-client/team=team-1 and team-10 … team-19. */
    static final String TAG_SEARCH = "team-1";
    /** The page of {@code GET /hosts?per_page=50&page=N} on an account of at least 50,000 shown hosts. */
    static final int DEEP_PAGE = 1000;

    private final long size;
    private final long visible;

    QueryAccount(long size) {
        this.size = size;
        this.visible = count(n -> true);
    }

    /** Hosts the default staleness filter (fresh, stale, unknown) shows: all but those in stale_warning. */
    long visible() {
        return visible;
    }

    /** Every host of the account, those in stale_warning too. */
    long size() {
        return size;
    }

    /** Shown hosts for which {@code filter} holds. */
    long count(LongPredicate filter) {
        long count = 0;
        for (long n = 0; n < size; n++) {
            if (!Benchmark.staleWarning(n) && filter.test(n)) {
                count++;
            }
        }
        return count;
    }

    /** Shown hosts whose display name contains {@link BenchHosts#BROAD_NAME}: about 30%. */
    long broadNames() {
        return count(n -> BenchHosts.displayName(n).contains(BenchHosts.BROAD_NAME));
    }

    /** {@link #DEEP_PAGE}, or the last full page of a smaller account. */
    int deepPage() {
        return (int) Math.max(1, Math.min(DEEP_PAGE, visible / 50));
    }

    /** The display name {@code order_by=display_name} puts first. */
    String firstDisplayName() {
        String first = null;
        for (long n = 0; n < size; n++) {
            String name = BenchHosts.displayName(n);
            if (!Benchmark.staleWarning(n) && (first == null || name.compareTo(first) < 0)) {
                first = name;
            }
        }
        return first;
    }

    /** Distinct tags of the shown hosts whose namespace, key or value contains {@code search} (empty: all). */
    long tags(String search) {
        Set<String> tags = new HashSet<>();
        for (long n = 0; n < size; n++) {
            if (!Benchmark.staleWarning(n)) {
                BenchHosts.tags(n, 0, (namespace, key, value) -> {
                    if (namespace.contains(search) || key.contains(search) || value.contains(search)) {
                        tags.add(namespace + "/" + key + "=" + value);
                    }
                });
            }
        }
        return tags.size();
    }

    /** Null when {@code body} is page {@code page} of 50 of {@code total} hosts (starting with that name, if given). */
    String expectPage(JsonNode body, int page, long total, String firstDisplayName) {
        String problem = expectTotal(body, total);
        if (problem != null) {
            return problem;
        }
        long expected = Math.max(0, Math.min(50, total - (page - 1) * 50L));
        JsonNode results = body.path("results");
        if (body.path("page").asInt() != page || results.size() != expected) {
            return "page " + body.path("page").asText() + " with " + results.size() + " hosts, expected page " + page
                    + " with " + expected;
        }
        if (firstDisplayName != null && !firstDisplayName.equals(results.path(0).path("display_name").asText())) {
            return "first host " + results.path(0).path("display_name").asText() + ", expected " + firstDisplayName;
        }
        return null;
    }

    /**
     * Null when every host of {@code body}'s {@code results} carries this account and this org: a 2020 and a today's
     * identity list the same hosts, those of the query account, which the fill put in its org.
     */
    static String expectTenants(JsonNode body, String account, String org) {
        int index = 0;
        for (JsonNode host : body.path("results")) {
            if (!account.equals(host.path("account").asText(null)) || !org.equals(host.path("org_id").asText(null))) {
                return "host " + index + " of the answer has account " + host.path("account") + " and org_id "
                        + host.path("org_id") + ", expected \"" + account + "\" and \"" + org + "\"";
            }
            index++;
        }
        return null;
    }

    /**
     * Null when every host of {@code body}'s results has a {@code system_profile} with exactly the comma-separated
     * {@code fields} (the generator gives every host each of them).
     */
    static String expectProfileFields(JsonNode body, String fields) {
        Set<String> expected = Set.of(fields.split(","));
        int index = 0;
        for (JsonNode host : body.path("results")) {
            Set<String> keys = new HashSet<>();
            host.path("system_profile").fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(expected)) {
                return "host " + index + " has system_profile keys " + keys + ", expected " + expected;
            }
            index++;
        }
        return null;
    }

    /**
     * Null when {@code body} is the OS facet of the account: one value per RHEL version the generator gives its shown
     * hosts, each with the number of shown hosts of that version, ordered by count descending.
     */
    String expectOperatingSystems(JsonNode body) {
        java.util.Map<String, Long> versions = new java.util.TreeMap<>();
        for (long n = 0; n < size; n++) {
            if (!Benchmark.staleWarning(n)) {
                versions.merge(BenchHosts.osMajor(n) + "." + BenchHosts.osMinor(n), 1L, Long::sum);
            }
        }
        String problem = expectTotal(body, versions.size());
        if (problem != null) {
            return problem;
        }
        long previous = Long.MAX_VALUE;
        for (JsonNode item : body.path("results")) {
            JsonNode value = item.path("value");
            String version = value.path("major").asText() + "." + value.path("minor").asText();
            long count = item.path("count").asLong(-1);
            if (!"RHEL".equals(value.path("name").asText()) || !Long.valueOf(count).equals(versions.get(version))) {
                return "facet item " + item + ", expected RHEL " + version + " with " + versions.get(version);
            }
            if (count > previous) {
                return "facet not ordered by count descending at " + item;
            }
            previous = count;
        }
        return null;
    }

    /**
     * Null when {@code body} is the first page of GET /groups on the query account: {@code groups} groups in all, the
     * first 50 by name ({@link Benchmark#groupName}), each with {@code perGroup} hosts (none is culled).
     */
    static String expectGroups(JsonNode body, int groups, long perGroup) {
        String problem = expectTotal(body, groups);
        if (problem != null) {
            return problem;
        }
        JsonNode results = body.path("results");
        if (results.size() != Math.min(50, groups)) {
            return results.size() + " groups on the first page, expected " + Math.min(50, groups);
        }
        for (int g = 0; g < results.size(); g++) {
            JsonNode group = results.get(g);
            if (!Benchmark.groupName(g).equals(group.path("name").asText())
                    || group.path("host_count").asLong(-1) != perGroup) {
                return "group " + g + " is " + group + ", expected " + Benchmark.groupName(g) + " with host_count "
                        + perGroup;
            }
        }
        return null;
    }

    /** Null when {@code body}'s {@code total} is {@code total}. */
    static String expectTotal(JsonNode body, long total) {
        return body.path("total").asLong(-1) == total ? null
                : "total " + body.path("total").asText() + ", expected " + total;
    }
}
