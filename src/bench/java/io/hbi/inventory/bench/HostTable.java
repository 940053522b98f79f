package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.CanonicalFacts;
import io.hbi.inventory.store.HostRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Direct access to the service's {@code hosts} table: filling it at scale with COPY (secondary indexes dropped
 * and rebuilt for large fills, as a bulk load does), the JDBC ceiling (plain batched upserts of the same rows, on
 * one or more connections), counting rows (what every scenario checks), the server's settings, and removing what a
 * scenario added.
 */
final class HostTable {

    /**
     * The columns a {@link Row} fills, in order: those of {@link HostRepository#COLUMNS} but the provider (a bench host
     * has none), with last_check_in last.
     */
    static final String ROW_COLUMNS = "id, account, org_id, display_name, ansible_host, created_on, modified_on, facts,"
            + " tags, canonical_facts, system_profile_facts, stale_timestamp, reporter, last_check_in";

    /**
     * The stored form of one host: the values of {@link #ROW_COLUMNS}, in order (null: SQL NULL), and its
     * canonical-fact tokens. The first 13 are the columns of 2020 and org_id.
     */
    record Row(String[] values, String[] tokens) {

        /**
         * Binds the row to an upsert of HostRepository's column order, then its tokens: HostRepository.UPSERT, or
         * with {@code withOrgId} false the same statement of a table without org_id (V7, MigrationTiming).
         */
        void bind(java.sql.PreparedStatement upsert, boolean withOrgId) throws SQLException {
            int p = 1;
            upsert.setObject(p++, java.util.UUID.fromString(values[0]));
            upsert.setString(p++, values[1]);
            if (withOrgId) {
                upsert.setString(p++, values[2]);
            }
            upsert.setString(p++, values[3]);
            upsert.setString(p++, values[4]);
            upsert.setObject(p++, OffsetDateTime.parse(values[5]));
            upsert.setObject(p++, OffsetDateTime.parse(values[6]));
            for (int v = 7; v <= 10; v++) {
                upsert.setString(p++, values[v]);
            }
            upsert.setObject(p++, OffsetDateTime.parse(values[11]));
            upsert.setString(p++, values[12]);
            if (withOrgId) {
                upsert.setString(p++, null); // provider_id
                upsert.setString(p++, null); // provider_type
                upsert.setObject(p++, OffsetDateTime.parse(values[13]));
                upsert.setString(p++, null); // per_reporter_staleness: its one reporter, checked in with the host
            }
            upsert.setArray(p, upsert.getConnection().createArrayOf("text", tokens));
        }

        /** The tokens as a PostgreSQL array literal. */
        String tokenLiteral() {
            StringBuilder literal = new StringBuilder("{");
            for (int i = 0; i < tokens.length; i++) {
                literal.append(i == 0 ? "\"" : ",\"").append(tokens[i].replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            return literal.append('}').toString();
        }
    }

    private final String url;
    private final Properties credentials;

    HostTable(String url, String user, String password) {
        this.url = url;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        // as the service does: a JDBC batch of inserts goes to the server as a few multi-row statements
        credentials.setProperty("reWriteBatchedInserts", "true");
    }

    /** The database's JDBC URL (no credentials in it). */
    String jdbcUrl() {
        return url;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    /**
     * Host {@code n} as the service stores it, in org {@code orgId} and account {@code account} (either may be null,
     * not both), with the tokens of its dedup scope ({@link CanonicalFacts#scope}: the org's when it has one).
     */
    static Row row(BenchHosts hosts, long n, String orgId, String account, int variant, OffsetDateTime now,
                   OffsetDateTime stale) {
        return row(hosts, n, orgId, account, variant, now, stale, now);
    }

    /** {@link #row} checked in at {@code lastCheckIn} rather than when it was written. */
    static Row row(BenchHosts hosts, long n, String orgId, String account, int variant, OffsetDateTime now,
                   OffsetDateTime stale, OffsetDateTime lastCheckIn) {
        ObjectNode canonicalFacts = hosts.canonicalFacts(n);
        return new Row(new String[] {
                BenchHosts.uuid("host", n).toString(), account, orgId, BenchHosts.displayName(n), BenchHosts.fqdn(n),
                now.toString(), now.toString(), hosts.storedFacts(n, variant).toString(),
                hosts.storedTags(n, variant).toString(), canonicalFacts.toString(),
                hosts.systemProfile(n, variant).toString(), stale.toString(), "puptoo", lastCheckIn.toString()},
                CanonicalFacts.tokens(CanonicalFacts.scope(orgId, account), canonicalFacts));
    }

    /**
     * Adds the rows {@code rowOf(first) … rowOf(last - 1)} with COPY on {@code streams} connections. With {@code
     * rebuildIndexes}, the secondary indexes are dropped first and built again after the load (much faster for
     * large fills). Ends with VACUUM ANALYZE, as autovacuum would after a bulk load.
     */
    void fill(long first, long last, LongFunction<Row> rowOf, int streams, boolean rebuildIndexes) throws Exception {
        List<String> indexes = List.of();
        if (rebuildIndexes) {
            indexes = dropSecondaryIndexes();
        }
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Future<?>> copies = new ArrayList<>();
            long size = (last - first + streams - 1) / streams;
            for (int s = 0; s < streams; s++) {
                long from = first + s * size;
                long to = Math.min(last, from + size);
                copies.add(pool.submit(() -> {
                    copy(from, to, rowOf);
                    return null;
                }));
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET maintenance_work_mem = '512MB'");
            for (String index : indexes) {
                statement.execute(index);
            }
            statement.execute("VACUUM ANALYZE hosts");
        }
    }

    /** Saves the staleness setting {@code seconds} (stale, stale_warning, delete) of these orgs, unless they have one. */
    void saveStalenessSettings(List<String> orgs, int[] seconds) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO staleness (id, org_id,"
                     + " conventional_time_to_stale, conventional_time_to_stale_warning, conventional_time_to_delete,"
                     + " created_on, modified_on) VALUES (gen_random_uuid(), ?, ?, ?, ?, now(), now())"
                     + " ON CONFLICT (org_id) DO NOTHING")) {
            for (String org : orgs) {
                insert.setString(1, org);
                insert.setInt(2, seconds[0]);
                insert.setInt(3, seconds[1]);
                insert.setInt(4, seconds[2]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Drops the secondary (not primary, not unique) indexes of hosts; returns their definitions, to build them again. */
    List<String> dropSecondaryIndexes() throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT i.indexname, i.indexdef FROM pg_indexes i"
                    + " JOIN pg_index x ON x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass"
                    + " WHERE i.tablename = 'hosts' AND NOT x.indisprimary AND NOT x.indisunique")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                    definitions.add(rows.getString(2));
                }
            }
            for (String name : names) {
                statement.execute("DROP INDEX " + name);
            }
        }
        return definitions;
    }

    private void copy(long from, long to, LongFunction<Row> rowOf) throws SQLException, IOException {
        try (Connection connection = connect()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                    "COPY hosts (" + ROW_COLUMNS + ", canonical_fact_tokens) FROM STDIN WITH (FORMAT csv)",
                    1 << 20),
                    StandardCharsets.UTF_8), 1 << 20)) {
                for (long n = from; n < to; n++) {
                    Row row = rowOf.apply(n);
                    writeCsv(out, row.values());
                    out.write(",\"");
                    out.write(row.tokenLiteral().replace("\"", "\"\""));
                    out.write("\"\n");
                }
            }
        }
    }

    private static void writeCsv(Writer out, String[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (values[i] != null) {
                out.write('"');
                out.write(values[i].replace("\"", "\"\""));
                out.write('"');
            }
        }
    }

    /**
     * The ceiling: {@code rows} upserted with the service's own statement, {@code perTransaction} per JDBC batch
     * and transaction, on {@code connections} connections at once (transaction {@code t} on connection {@code t %
     * connections}, as the service's consumers split a load between them). Returns the latency of each transaction
     * in nanoseconds.
     */
    long[] upsert(List<Row> rows, int perTransaction, int connections) throws Exception {
        long[] latencies = new long[(rows.size() + perTransaction - 1) / perTransaction];
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                writers.add(pool.submit(() -> {
                    upsert(rows, perTransaction, first, connections, latencies);
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private void upsert(List<Row> rows, int perTransaction, int first, int step, long[] latencies) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement upsert = connection.prepareStatement(HostRepository.UPSERT)) {
            connection.setAutoCommit(false);
            for (int batch = first; batch < latencies.length; batch += step) {
                long started = System.nanoTime();
                for (Row row : rows.subList(batch * perTransaction, Math.min(rows.size(), (batch + 1) * perTransaction))) {
                    row.bind(upsert, true);
                    upsert.addBatch();
                }
                upsert.executeBatch();
                connection.commit();
                latencies[batch] = System.nanoTime() - started;
            }
        }
    }

    /**
     * Deletes every host of these accounts and of these orgs (what a scenario added: a today's message may carry no
     * account), then lets VACUUM tidy up after it.
     */
    void deleteTenants(List<String> accounts, List<String> orgs) throws SQLException {
        try (Connection connection = connect()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM hosts WHERE account = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("varchar", accounts.toArray()));
                delete.executeUpdate();
            }
            // a statement of its own: each finds its rows through its own index (the org one is partial)
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM hosts WHERE org_id = ANY (?)"
                    + " AND org_id IS NOT NULL")) {
                delete.setArray(1, connection.createArrayOf("varchar", orgs.toArray()));
                delete.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE hosts");
            }
        }
    }

    /**
     * Puts hosts {@code 0 … hosts - 1} (by {@link BenchHosts#uuid}) into {@code groups} new groups of this org and
     * account ({@link Benchmark#groupId}, {@link Benchmark#groupName}), {@code hosts / groups} each (their
     * {@code group_id}), in one transaction; the service's compaction folds the member counts the triggers record. Ends
     * with VACUUM FULL of hosts, then VACUUM ANALYZE of both tables (VACUUM FULL leaves the visibility map empty, which
     * index-only scans need set), so that the table is as a bulk load leaves it, as after
     * {@link #fill}: the UPDATE writes every one of those hosts again, which doubled the table of the 100k step (the
     * deep page then read it whole and sorted it on disk: 11–13 requests/s instead of 32–35) and sent their names
     * through the pending list of the trigram index, which then scanned five times slower (hostname_or_id 64–109
     * instead of 219–314 requests/s); README "The fall of hostname_or_id at 100k".
     */
    void fillGroups(String orgId, String account, int groups, long hosts) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO groups (id, org_id, account, name,"
                    + " created_on, modified_on) VALUES (?, ?, ?, ?, now(), now())")) {
                for (int g = 0; g < groups; g++) {
                    insert.setObject(1, Benchmark.groupId(g));
                    insert.setString(2, orgId);
                    insert.setString(3, account);
                    insert.setString(4, Benchmark.groupName(g));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement join = connection.prepareStatement("UPDATE hosts SET group_id = m.group_id"
                    + " FROM unnest(?::uuid[], ?::uuid[]) AS m(host_id, group_id) WHERE hosts.id = m.host_id")) {
                for (long first = 0; first < hosts; first += 10_000) {
                    List<Object> hostIds = new ArrayList<>();
                    List<Object> groupIds = new ArrayList<>();
                    for (long n = first; n < Math.min(hosts, first + 10_000); n++) {
                        hostIds.add(BenchHosts.uuid("host", n));
                        groupIds.add(Benchmark.groupId(Benchmark.groupOf(n, hosts)));
                    }
                    join.setArray(1, connection.createArrayOf("uuid", hostIds.toArray()));
                    join.setArray(2, connection.createArrayOf("uuid", groupIds.toArray()));
                    join.executeUpdate();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM FULL hosts");
                statement.execute("VACUUM ANALYZE groups, hosts");
            }
        }
    }

    /** The server settings that decide what a commit costs and how much a transaction may lock, as SHOW prints them. */
    static final List<String> SERVER_SETTINGS = List.of("server_version", "fsync", "synchronous_commit",
            "full_page_writes", "max_connections", "max_locks_per_transaction", "shared_buffers");

    /** {@link #SERVER_SETTINGS} of the server the benchmark measures, read with SHOW. */
    Map<String, String> serverSettings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String name : SERVER_SETTINGS) {
                try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
                    rows.next();
                    settings.put(name, rows.getString(1));
                }
            }
        }
        return settings;
    }

    long count() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM hosts")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
