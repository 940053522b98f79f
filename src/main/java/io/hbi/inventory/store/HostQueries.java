package io.hbi.inventory.store;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.selection.GroupFilter;
import io.hbi.inventory.selection.HostAttributeFilter;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.HostPage;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.SparseFields;
import io.hbi.inventory.selection.TagCount;
import io.hbi.inventory.selection.TagFilter;
import io.hbi.inventory.selection.Tenant;
import io.hbi.inventory.selection.TimeRange;
import io.hbi.inventory.staleness.StalenessWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The SQL of the read API (contract §1.4–§1.7, §8): tenant-scoped host lists with their filters, orderings and
 * pages, hosts by id, and the tenant's tags with host counts. Every query is scoped by the caller's {@link Tenant}
 * ({@link TenantScope}) and starts from an index on {@code account} (a 2020 caller) or {@code org_id} (a today's
 * caller); see db/migration for which index serves which filter and ordering. Totals and tag counts of requests
 * filtered by staleness only come from the maintained counts of {@link HostCounts}, except for a System identity's
 * (its owner's hosts are not counted there); the others count the rows. The staleness of the tenant's hosts follows
 * the rules ({@link StalenessSettings}) each request reads in its own transaction first ({@link StalenessConditions}):
 * the filter, the total and the timestamps shown with the hosts all follow the same read.
 */
public final class HostQueries {

    /** A statement as it is run: SQL with JDBC {@code ?} parameters, and their values in order. */
    public record BuiltStatement(String sql, List<Object> parameters) {
        public BuiltStatement {
            parameters = java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
        }

        void bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
        }
    }

    /**
     * Every column the row mapper reads, the system profile as NULL: GET /hosts and GET /hosts/{ids} do not show it,
     * and it is the largest column (TOASTed, parsed for nothing otherwise).
     */
    static final String WITHOUT_SYSTEM_PROFILE = withoutSystemProfile(HostRepository.COLUMNS);

    private final DataSource dataSource;
    private final HostRepository rows;
    private final StalenessSettings settings;
    private final boolean maintainedCounts;

    public HostQueries(DataSource dataSource, HostRepository rows, StalenessWindow staleness) {
        this(dataSource, rows, staleness, true);
    }

    /** With {@code maintainedCounts} false, every total is counted from the rows (what tests compare with). */
    HostQueries(DataSource dataSource, HostRepository rows, StalenessWindow staleness, boolean maintainedCounts) {
        this.dataSource = dataSource;
        this.rows = rows;
        this.settings = new StalenessSettings(staleness);
        this.maintainedCounts = maintainedCounts;
    }

    /** GET /hosts: hosts without their system profile. */
    public HostPage list(Tenant tenant, HostFilter filter, Ordering ordering, PageRequest paging, Instant now) {
        return list(tenant, filter, ordering, paging, SparseFields.NONE, now);
    }

    /** GET /hosts: hosts with the system profile fields asked for ({@code fields[system_profile]}), if any. */
    public HostPage list(Tenant tenant, HostFilter filter, Ordering ordering, PageRequest paging,
                         SparseFields fields, Instant now) {
        return read(connection -> {
            StalenessConditions staleness = staleness(connection, tenant, now);
            Optional<StalenessConditions.Exclusion> excluded = countedExclusion(tenant, filter, staleness);
            TotalCount total = excluded.isPresent()
                    ? (counting, where) -> HostCounts.hostTotal(counting, tenant, excluded.get())
                    : countedApart(filter) ? HostQueries::count : null;
            return new HostPage(hosts(connection, withoutTags(columns(fields)), hostConditions(tenant, filter, staleness),
                    ordering, paging.page(), paging.perPage(), total), staleness.rules());
        });
    }

    /** The statement that counts what {@link #list} matches when it counts the rows (what the query-plan tests explain). */
    public BuiltStatement countStatement(Tenant tenant, HostFilter filter, Instant now) {
        SqlWhere where = conditions(tenant, filter, now);
        return new BuiltStatement(COUNT + where.sql(), where.parameters());
    }

    /**
     * Whether the page is read apart from its total: a filter by groups (names or ids), whose hosts one range of
     * hosts_group_members holds in the list's order, so that the page stops after its rows and the total counts the
     * range without reading the rows; every other filter's page counts its own matches.
     */
    static boolean countedApart(HostFilter filter) {
        return !filter.groups().names().isEmpty() || !filter.groups().ids().isEmpty();
    }

    /**
     * The statement {@link #list} reads its page with for these arguments (what the query-plan tests explain): the
     * same conditions, and the page counts its own matches unless the maintained counts give the total.
     */
    public BuiltStatement listStatement(Tenant tenant, HostFilter filter, Ordering ordering, PageRequest paging,
                                        Instant now) {
        StalenessConditions staleness = read(connection -> staleness(connection, tenant, now));
        return pageStatement(withoutTags(WITHOUT_SYSTEM_PROFILE), hostConditions(tenant, filter, staleness), ordering,
                paging.page(), paging.perPage(),
                countedExclusion(tenant, filter, staleness).isEmpty() && !countedApart(filter));
    }

    /** The staleness conditions of the tenant's hosts, by the rules read now on {@code connection}. */
    private StalenessConditions staleness(Connection connection, Tenant tenant, Instant now) throws SQLException {
        return new StalenessConditions(tenant, settings.rulesOf(connection, tenant), now);
    }

    /**
     * GET /hosts/{ids} and its sub-resources: the tenant's non-culled hosts among {@code ids}, with their system
     * profile only when {@code withSystemProfile}; the others are absent (decisions.md 11).
     */
    public HostPage byIds(Tenant tenant, List<UUID> ids, boolean withSystemProfile, Ordering ordering,
                          PageRequest paging, Instant now) {
        return byIds(tenant, ids, withSystemProfile ? SparseFields.ALL : SparseFields.NONE, ordering, paging, now);
    }

    /** GET /hosts/{ids} and its sub-resources with the system profile fields asked for, if any. */
    public HostPage byIds(Tenant tenant, List<UUID> ids, SparseFields fields, Ordering ordering,
                          PageRequest paging, Instant now) {
        return read(connection -> {
            StalenessConditions staleness = staleness(connection, tenant, now);
            SqlWhere where = TenantScope.of(tenant).and("id = ANY (?)", (Object) ids.toArray(UUID[]::new));
            staleness.notCulled(where);
            return new HostPage(hosts(connection, columns(fields), where, ordering, paging.page(), paging.perPage(),
                    null), staleness.rules());
        });
    }

    /** GET /tags: the tags of the matching hosts with host counts, a page of them and how many there are. */
    public Page<TagCount> tags(Tenant tenant, HostFilter filter, String search, boolean orderByCount,
                               boolean descending, PageRequest paging, Instant now) {
        int page = paging.page();
        int perPage = paging.perPage();
        SqlWhere tags = new SqlWhere();
        if (search != null && !search.isEmpty()) {
            tags.and("(strpos(namespace, ?) > 0 OR strpos(key, ?) > 0 OR strpos(value, ?) > 0)", search, search, search);
        }
        String direction = descending ? "DESC" : "ASC";
        String order = orderByCount
                ? "count " + direction + ", namespace NULLS FIRST, key, value NULLS FIRST"
                : "namespace " + direction + " NULLS FIRST, key " + direction + ", value " + direction + " NULLS FIRST";
        StalenessConditions staleness = read(connection -> staleness(connection, tenant, now));
        Optional<StalenessConditions.Exclusion> excluded = countedExclusion(tenant, filter, staleness);
        if (excluded.isPresent()) {
            String found = "WITH " + HostCounts.tagsFound(tenant, excluded.get(), tags.sql());
            return tagPage(found, order, page, perPage, statement ->
                    tags.bind(statement, HostCounts.bindTagsFound(statement, tenant, excluded.get())));
        }
        SqlWhere hosts = hostConditions(tenant, filter, staleness);
        String found = "WITH tag_rows AS ("
                + " SELECT NULLIF(n.key, 'null') AS namespace, k.key AS key, v.value"
                + " FROM hosts h"
                + " CROSS JOIN LATERAL jsonb_each(h.tags) AS n"
                + " CROSS JOIN LATERAL jsonb_each(CASE jsonb_typeof(n.value) WHEN 'object' THEN n.value ELSE '{}' END) AS k"
                + " CROSS JOIN LATERAL (SELECT jsonb_array_elements_text(k.value) AS value"
                + "   WHERE jsonb_typeof(k.value) = 'array'"
                + "   UNION ALL SELECT NULL WHERE jsonb_typeof(k.value) <> 'array' OR jsonb_array_length(k.value) = 0) AS v"
                + " WHERE " + hosts.sql() + "),"
                + " tags_found AS (SELECT namespace, key, value, count(*) AS count FROM tag_rows"
                + " WHERE " + tags.sql() + " GROUP BY namespace, key, value)";
        return tagPage(found, order, page, perPage, statement -> tags.bind(statement, hosts.bind(statement, 1)));
    }

    /** Binds the parameters of a {@code tags_found} query; returns the next free index. */
    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * One page of {@code tags_found} in {@code order} and the number of its rows. The estimates of the tag expansion
     * (jsonb_each: 100 rows each) are far too high, so JIT compilation, which would cost more than the query, is off.
     */
    private Page<TagCount> tagPage(String found, String order, int page, int perPage, Binder binder) {
        return readWithoutJit(connection -> {
            List<TagCount> items = new ArrayList<>();
            long total = 0;
            try (PreparedStatement statement = connection.prepareStatement(found
                    + " SELECT *, count(*) OVER () AS total FROM tags_found ORDER BY " + order + " LIMIT ? OFFSET ?")) {
                int next = binder.bind(statement);
                statement.setInt(next, perPage);
                statement.setLong(next + 1, (long) (page - 1) * perPage);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        items.add(new TagCount(result.getString("namespace"), result.getString("key"),
                                result.getString("value"), result.getLong("count")));
                        total = result.getLong("total");
                    }
                }
            }
            if (items.isEmpty() && page > 1) {
                try (PreparedStatement statement = connection.prepareStatement(found + " SELECT count(*) FROM tags_found")) {
                    binder.bind(statement);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        total = result.getLong(1);
                    }
                }
            }
            return new Page<>(total, items);
        });
    }

    /**
     * When the maintained counts answer this filter for this tenant, the hosts it leaves out (see {@link HostCounts},
     * {@link StalenessConditions#exclusion}); empty when the rows must be counted: other filters, or a System
     * identity's tenant (the counts are of whole orgs and accounts, not of one owner's hosts).
     */
    Optional<StalenessConditions.Exclusion> countedExclusion(Tenant tenant, HostFilter filter,
                                                            StalenessConditions staleness) {
        return tenant.owner() == null && onlyStaleness(filter) ? staleness.exclusion(filter.staleness())
                : Optional.empty();
    }

    /** No filter but staleness: what the maintained counts can answer (with {@link #excludedUpTo}), when used. */
    boolean onlyStaleness(HostFilter filter) {
        return maintainedCounts && filter.onlyStaleness();
    }

    /**
     * Both names of a host in one lower-case text, as indexed by hosts_names_trgm (db/migration V6): the substring
     * filters use it to find their candidates, then check the name itself.
     */
    private static final String NAMES = "lower(coalesce(display_name, '') || ' ' || coalesce(canonical_facts ->> 'fqdn', ''))";

    private SqlWhere hostConditions(Tenant tenant, HostFilter filter, StalenessConditions staleness) {
        // A tags filter scopes itself to the account or org ({account: tags} contains {account: filter} only for the
        // account's own hosts, {org: tags} likewise) through its own index; a separate "account = ?" would make
        // PostgreSQL intersect that index with one that lists the whole account (measured: a third of the query's
        // time). A System identity's scope stays: its owner's hosts are few, found through hosts_org_owner.
        SqlWhere where = filter.tags().isEmpty() || tenant.owner() != null ? TenantScope.of(tenant) : new SqlWhere();
        filter.fqdn().ifPresent(fqdn -> where.and("canonical_facts ->> 'fqdn' = ?", fqdn));
        filter.displayName().ifPresent(name -> where.and(NAMES + " LIKE ? ESCAPE '\\' AND lower(display_name) LIKE ? ESCAPE '\\'",
                contains(name), contains(name)));
        filter.hostnameOrId().ifPresent(text -> {
            String pattern = contains(text);
            String byName = "(" + NAMES + " LIKE ? ESCAPE '\\' AND (lower(display_name) LIKE ? ESCAPE '\\'"
                    + " OR lower(canonical_facts ->> 'fqdn') LIKE ? ESCAPE '\\'))";
            if (filter.hostnameAsId().isPresent()) {
                where.and("(" + byName + " OR id = ?)", pattern, pattern, pattern, filter.hostnameAsId().get());
            } else {
                where.and(byName, pattern, pattern, pattern);
            }
        });
        filter.insightsId().ifPresent(id -> where.and("canonical_facts ->> 'insights_id' = ?", id));
        for (TagFilter tag : filter.tags()) {
            if (tenant.byOrg()) {
                where.and("org_tags(org_id, tags) @> org_tags(?, ?::jsonb)", tenant.orgId(),
                        tag.containment().toString());
            } else {
                where.and("account_tags(account, tags) @> account_tags(?, ?::jsonb)", tenant.account(),
                        tag.containment().toString());
            }
        }
        staleness.registeredWith(where, filter.registeredWith());
        attributesIn(where, filter.attributes());
        staleness.in(where, filter.staleness());
        ProfileConditions.and(where, filter.systemProfile());
        groupsIn(where, tenant, filter.groups());
        return where;
    }

    /**
     * The group filters (decisions.md 12, hbi-later §L4.5) on the host's {@code group_id} (V15): in one of the tenant's
     * groups with one of the names (case-insensitively, through the tenant's unique index on the names) or, for an
     * empty name, in no group; and in one of the groups with one of the ids. A group's hosts are one range of
     * hosts_group_members (V16), in the list's default order: one group, named or by id, is an equality on
     * {@code group_id} (a name through a scalar subquery, unique in the tenant), so that a page reads the first
     * entries of the range only.
     */
    private static void groupsIn(SqlWhere where, Tenant tenant, GroupFilter groups) {
        List<String> byName = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String named = "SELECT id FROM groups WHERE " + TenantScope.groupSql(tenant) + " AND lower(name) ";
        if (groups.names().size() == 1) {
            byName.add("group_id = (" + named + "= lower(?))");
            values.add(TenantScope.key(tenant));
            values.add(groups.names().get(0));
        } else if (!groups.names().isEmpty()) {
            byName.add("group_id IN (" + named + "IN (SELECT lower(n) FROM unnest(?::text[]) AS n))");
            values.add(TenantScope.key(tenant));
            values.add(groups.names().toArray(String[]::new));
        }
        if (groups.ungrouped()) {
            byName.add("group_id IS NULL");
        }
        if (!byName.isEmpty()) {
            where.and(byName.size() == 1 ? byName.get(0) : "(" + String.join(" OR ", byName) + ")", values.toArray());
        }
        if (groups.ids().size() == 1) {
            where.and("group_id = ?", groups.ids().iterator().next());
        } else if (!groups.ids().isEmpty()) {
            where.and("group_id = ANY (?)", (Object) groups.ids().toArray(UUID[]::new));
        }
    }

    /** The conditions of {@link #list} for these arguments (what the system profile facets count). */
    SqlWhere conditions(Tenant tenant, HostFilter filter, Instant now) {
        return hostConditions(tenant, filter, read(connection -> staleness(connection, tenant, now)));
    }

    /**
     * The check-in time of a host (db/migration V12): last_check_in, or modified_on for a row written before V12 and
     * not ingested since; what last_check_in shows (Host#lastCheckInOrUpdated), filters and orders by.
     */
    static final String LAST_CHECK_IN = "host_last_check_in(last_check_in, modified_on)";

    /**
     * Later HBI's plain filters (hbi-later §0.4, §7.1): provider_id case-insensitively exact, provider_type exact (it is
     * stored lower case), the inclusive time ranges, and the system types derived from the profile by the SQL function
     * of V12 (nothing stored that could drift from the profile). The last_check_in range can read the tenant's index of
     * V13 (that of order_by=last_check_in), the updated range the tenant's modified_on index (V1, V9); the others
     * narrow the tenant's rows that its indexes find.
     */
    private static void attributesIn(SqlWhere where, HostAttributeFilter attributes) {
        attributes.providerId().ifPresent(id -> where.and("lower(provider_id) = lower(?)", id));
        attributes.providerType().ifPresent(type -> where.and("provider_type = ?", type));
        rangeIn(where, "modified_on", attributes.updated());
        rangeIn(where, LAST_CHECK_IN, attributes.lastCheckIn());
        if (!attributes.systemTypes().isEmpty()) {
            where.and("host_system_type(" + ProfileConditions.FILTERABLE + ") = ANY (?)",
                    (Object) attributes.systemTypes().toArray(String[]::new));
        }
    }

    private static void rangeIn(SqlWhere where, String column, TimeRange range) {
        range.start().ifPresent(start -> where.and(column + " >= ?", Timestamp.from(start)));
        range.end().ifPresent(end -> where.and(column + " <= ?", Timestamp.from(end)));
    }

    /** The number of hosts matching {@code where}. */
    @FunctionalInterface
    private interface TotalCount {
        long of(Connection connection, SqlWhere where) throws SQLException;
    }

    /**
     * One page of hosts and the total. {@code totalCount} null: the total is counted by the page's own statement
     * ({@code count(*) OVER ()}), so a filter's matches are found once, not once for the page and again for the
     * count.
     */
    private Page<Host> hosts(Connection connection, String columns, SqlWhere where, Ordering ordering, int page,
                             int perPage, TotalCount totalCount) throws SQLException {
        boolean counted = totalCount == null;
        BuiltStatement pageStatement = pageStatement(columns, where, ordering, page, perPage, counted);
        List<Host> items = new ArrayList<>();
        long matches = -1;
        try (PreparedStatement statement = connection.prepareStatement(pageStatement.sql())) {
            pageStatement.bind(statement);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    items.add(rows.map(result).withGroups(GroupRepository.hostGroups(result)));
                    if (counted) {
                        matches = result.getLong("total_count");
                    }
                }
            }
        }
        long total;
        if (matches >= 0) {
            total = matches;
        } else if (items.size() < perPage && (page == 1 || !items.isEmpty())) {
            total = (long) (page - 1) * perPage + items.size();
        } else {
            total = counted ? count(connection, where) : totalCount.of(connection, where);
        }
        return new Page<>(total, items);
    }

    /**
     * The statement of one page of hosts. A page that passes over rows — one after the first, or a {@code counted} one
     * (its total is {@code count(*) OVER ()} of every match) — takes its ids (and the total) from the matches alone,
     * narrow rows, then reads the hosts it shows by id: PostgreSQL computes a SELECT list for every row that OFFSET
     * skips, and a shown column may cost a lookup (the host's group) or a JSON build (sparse profile fields), which a
     * deep page would pay for every host before it.
     */
    private static BuiltStatement pageStatement(String hostColumns, SqlWhere where, Ordering ordering, int page,
                                                int perPage, boolean counted) {
        // every page shows the hosts' groups (decisions.md 12), read by the statement that selects the hosts
        String columns = hostColumns + ", " + GroupRepository.HOST_GROUP_COLUMN;
        long offset = (long) (page - 1) * perPage;
        String sql = counted || offset > 0
                ? "SELECT " + columns + (counted ? ", page.total_count" : "") + " FROM hosts JOIN (SELECT id AS page_id"
                        + (counted ? ", count(*) OVER () AS total_count" : "") + " FROM hosts WHERE " + where.sql()
                        + " ORDER BY " + orderBy(ordering) + " LIMIT ? OFFSET ?) AS page ON hosts.id = page.page_id"
                        + " ORDER BY " + orderBy(ordering)
                : "SELECT " + columns + " FROM hosts WHERE " + where.sql() + " ORDER BY " + orderBy(ordering)
                        + " LIMIT ? OFFSET ?";
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(perPage);
        parameters.add(offset);
        return new BuiltStatement(sql, parameters);
    }

    /**
     * The name of a host's group as order_by=group_name sorts it (hbi-later §0.2), case-insensitively; NULL for a host in
     * no group (first ascending, last descending). No index: it reads the group of each of the tenant's hosts.
     */
    static final String GROUP_NAME = "(SELECT lower(g.name) FROM groups AS g WHERE g.id = hosts.group_id)";

    /**
     * The ORDER BY of an ordering (contract §1.6, hbi-later §0.2); ties go to the newer host, then the greater id. The
     * operating system sorts by host_os_sort_key (db/migration V12; no index: it reads the inline profile_filterable of V14 of
     * each of the tenant's hosts), the
     * check-in by {@link #LAST_CHECK_IN} (indexes of V13).
     */
    static String orderBy(Ordering ordering) {
        return switch (ordering) {
            case DEFAULT, UPDATED_DESC -> "modified_on DESC, id DESC";
            case UPDATED_ASC -> "modified_on ASC, id DESC";
            case DISPLAY_NAME_ASC -> "display_name ASC, modified_on DESC, id DESC";
            case DISPLAY_NAME_DESC -> "display_name DESC, modified_on DESC, id DESC";
            case OPERATING_SYSTEM_DESC -> "host_os_sort_key(profile_filterable) DESC, modified_on DESC, id DESC";
            case OPERATING_SYSTEM_ASC -> "host_os_sort_key(profile_filterable) ASC, modified_on DESC, id DESC";
            case LAST_CHECK_IN_DESC -> LAST_CHECK_IN + " DESC, modified_on DESC, id DESC";
            case LAST_CHECK_IN_ASC -> LAST_CHECK_IN + " ASC, modified_on DESC, id DESC";
            case GROUP_NAME_ASC -> GROUP_NAME + " ASC NULLS FIRST, modified_on DESC, id DESC";
            case GROUP_NAME_DESC -> GROUP_NAME + " DESC NULLS LAST, modified_on DESC, id DESC";
        };
    }

    private static final String COUNT = "SELECT count(*) FROM hosts WHERE ";

    private static long count(Connection connection, SqlWhere where) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT + where.sql())) {
            where.bind(statement, 1);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** {@link #read} in a transaction of its own with JIT compilation off. */
    private <T> T readWithoutJit(Transactions.Work<T> work) {
        return read(connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL jit = off");
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private <T> T read(Transactions.Work<T> work) {
        return Transactions.readOnly(dataSource, work);
    }

    /**
     * The columns of a host row with the system profile as asked: none (NULL), all, or an object of the requested
     * top-level keys only (the names are the schema's, checked by {@link SparseFields#parse}), so a list page does
     * not read whole profiles.
     */
    static String columns(SparseFields fields) {
        if (!fields.requested()) {
            return WITHOUT_SYSTEM_PROFILE;
        }
        if (fields.all()) {
            return HostRepository.COLUMNS;
        }
        if (fields.names().isEmpty()) {
            return HostRepository.COLUMNS.replace("system_profile_facts", "'{}'::jsonb AS system_profile_facts");
        }
        List<String> pairs = new ArrayList<>();
        for (String name : fields.names()) {
            String literal = "'" + name.replace("'", "''") + "'";
            pairs.add(literal + ", " + ProfileConditions.column(List.of(name)) + " -> " + literal);
        }
        return HostRepository.COLUMNS.replace("system_profile_facts",
                "jsonb_build_object(" + String.join(", ", pairs) + ") AS system_profile_facts");
    }

    /**
     * The columns with tags as NULL: a list shows no tags (GET /hosts/{ids}/tags and events do), and parsing a
     * host's tags for nothing was a tenth of a list page's work.
     */
    static String withoutTags(String columns) {
        if (!columns.contains(", tags, ")) {
            throw new IllegalStateException("no tags in " + columns);
        }
        return columns.replace(", tags, ", ", NULL AS tags, ");
    }

    static String withoutSystemProfile(String columns) {
        if (!columns.contains("system_profile_facts")) {
            throw new IllegalStateException("no system_profile_facts in " + columns);
        }
        return columns.replace("system_profile_facts", "NULL AS system_profile_facts");
    }

    /** A LIKE pattern matching {@code text} anywhere, case-insensitively, with % and _ taken literally. */
    static String contains(String text) {
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
