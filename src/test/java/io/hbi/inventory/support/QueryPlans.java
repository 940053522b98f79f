package io.hbi.inventory.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** EXPLAIN of a statement the way the service runs it: as a custom plan and as a generic (prepared) plan. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** The custom plan of {@code sql} as it ran ({@code EXPLAIN ANALYZE}): what each node really read. */
    public static String analyze(DataSource dataSource, String sql, String types, String arguments)
            throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PREPARE analyzed (" + types + ") AS " + numbered(sql));
            try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE analyzed ("
                    + arguments + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("DEALLOCATE analyzed");
        }
        return plan.toString();
    }

    /** {@code EXPLAIN (ANALYZE)} of {@code sql} run with these JDBC parameters bound as the service binds them. */
    public static String analyze(DataSource dataSource, String sql, List<Object> parameters) throws SQLException {
        return explain(dataSource, "(ANALYZE, COSTS OFF) " + sql, parameters);
    }

    /**
     * The plan PostgreSQL makes for {@code sql} with these JDBC parameters bound as the service binds them
     * ({@code setObject}, in order): the plan for those values, as the service's connections ask for
     * ({@code plan_cache_mode = force_custom_plan}).
     */
    public static String explain(DataSource dataSource, String sql, List<Object> parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** Both plans of {@code sql} (JDBC {@code ?} parameters of {@code types}) for {@code arguments}, concatenated. */
    public static String of(DataSource dataSource, String sql, String types, String arguments) throws SQLException {
        String numbered = numbered(sql);
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PREPARE planned (" + types + ") AS " + numbered);
            for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                statement.execute("SET plan_cache_mode = " + mode);
                try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE planned (" + arguments + ")")) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
            statement.execute("DEALLOCATE planned");
            statement.execute("RESET plan_cache_mode");
        }
        return plan.toString();
    }

    /** JDBC's {@code ?} parameters as PostgreSQL's {@code $1, $2, …}. */
    private static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }
}
