package io.hbi.inventory.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.selection.FacetCount;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Page;
import io.hbi.inventory.selection.PageRequest;
import io.hbi.inventory.selection.ProfileFields;
import io.hbi.inventory.selection.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The SQL of the system profile facets (hbi-later.md §L2.5): over the hosts GET /hosts would select for the same
 * tenant and filters ({@link HostQueries#conditions}), the distinct values of one field with the number of hosts
 * having each, counted by PostgreSQL (GROUP BY), most frequent first; the total is the number of distinct values.
 * The paths are the schema's ({@link ProfileFields}), a legacy root name read as its {@code workloads} path.
 */
public final class ProfileFacets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OS = ProfileConditions.jsonb(List.of("operating_system"));

    private final DataSource dataSource;
    private final HostQueries queries;
    private final List<String> sapSystem;
    private final List<String> sapSids;

    public ProfileFacets(DataSource dataSource, HostQueries queries, ProfileFields fields) {
        this.dataSource = dataSource;
        this.queries = queries;
        this.sapSystem = path(fields, "sap_system");
        this.sapSids = path(fields, "sap_sids");
    }

    private static List<String> path(ProfileFields fields, String legacyName) {
        return fields.filterRoot(legacyName).map(ProfileFields.Field::path)
                .orElse(ProfileFields.ALIASES.get(legacyName));
    }

    /** {@code GET /system_profile/operating_system}: {@code {name, major, minor}} of hosts with an OS name. */
    public Page<FacetCount> operatingSystems(Tenant tenant, HostFilter filter, PageRequest paging, Instant now) {
        SqlWhere where = queries.conditions(tenant, filter, now);
        // the operating_system object read once per host (OFFSET 0 keeps the subquery from being flattened into one
        // read of the whole profile per key)
        String grouped = "SELECT os ->> 'name' AS name, os -> 'major' AS major, os -> 'minor' AS minor,"
                + " count(*) AS count FROM (SELECT " + OS + " AS os FROM hosts WHERE " + where.sql() + " OFFSET 0)"
                + " AS h WHERE os ->> 'name' IS NOT NULL GROUP BY 1, 2, 3";
        return page(grouped, "count DESC, name, major, minor", where, List.of(), paging, row -> {
            ObjectNode value = JsonNodeFactory.instance.objectNode();
            value.put("name", row.getString("name"));
            value.set("major", json(row.getString("major")));
            value.set("minor", json(row.getString("minor")));
            return value;
        });
    }

    /** {@code GET /system_profile/sap_system}: the sap_system booleans of the hosts. */
    public Page<FacetCount> sapSystems(Tenant tenant, HostFilter filter, PageRequest paging, Instant now) {
        String value = ProfileConditions.jsonb(sapSystem);
        SqlWhere where = queries.conditions(tenant, filter, now).and("jsonb_typeof(" + value + ") = 'boolean'");
        String grouped = "SELECT " + value + " AS value, count(*) AS count FROM hosts WHERE " + where.sql()
                + " GROUP BY 1";
        return page(grouped, "count DESC, value", where, List.of(), paging, row -> json(row.getString("value")));
    }

    /**
     * {@code GET /system_profile/sap_sids}: each SID of the hosts, counted once per host; {@code search} (null: none)
     * keeps the SIDs that contain it, case-insensitively and literally.
     */
    public Page<FacetCount> sapSids(Tenant tenant, HostFilter filter, String search, PageRequest paging,
                                    Instant now) {
        String sids = ProfileConditions.jsonb(sapSids);
        SqlWhere where = queries.conditions(tenant, filter, now);
        List<Object> after = new ArrayList<>();
        String searched = "";
        if (search != null && !search.isEmpty()) {
            searched = " WHERE strpos(lower(sid), lower(?)) > 0";
            after.add(search);
        }
        String grouped = "SELECT sids.sid AS value, count(*) AS count FROM hosts CROSS JOIN LATERAL (SELECT DISTINCT"
                + " e.sid FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(" + sids + ") = 'array' THEN " + sids
                + " ELSE '[]'::jsonb END) AS e(sid)" + searched + ") AS sids WHERE " + where.sql() + " GROUP BY 1";
        return page(grouped, "count DESC, value", where, after, paging, row -> JsonNodeFactory.instance
                .textNode(row.getString("value")));
    }

    @FunctionalInterface
    private interface ValueReader {
        JsonNode read(ResultSet row) throws SQLException;
    }

    /**
     * One page of the grouped rows in {@code order}, with the number of groups. The search parameters of a lateral
     * come before the host conditions in the statement, so they are bound first.
     */
    private Page<FacetCount> page(String grouped, String order, SqlWhere where, List<Object> before,
                                  PageRequest paging, ValueReader reader) {
        String sql = "SELECT *, count(*) OVER () AS total FROM (" + grouped + ") AS facet ORDER BY " + order
                + " LIMIT ? OFFSET ?";
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try {
                List<FacetCount> items = new ArrayList<>();
                long total = 0;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int next = bind(statement, before, where);
                    statement.setInt(next, paging.perPage());
                    statement.setLong(next + 1, (long) (paging.page() - 1) * paging.perPage());
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            items.add(new FacetCount(reader.read(row), row.getLong("count")));
                            total = row.getLong("total");
                        }
                    }
                }
                if (items.isEmpty() && paging.page() > 1) {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(*) FROM (" + grouped + ") AS facet")) {
                        bind(statement, before, where);
                        try (ResultSet row = statement.executeQuery()) {
                            row.next();
                            total = row.getLong(1);
                        }
                    }
                }
                return new Page<>(total, items);
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    private static int bind(PreparedStatement statement, List<Object> before, SqlWhere where) throws SQLException {
        int index = 1;
        for (Object value : before) {
            statement.setObject(index++, value);
        }
        return where.bind(statement, index);
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
