package io.hbi.inventory.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs work in one database transaction, and sorts failures into "try again" and "the data is wrong". */
public final class Transactions {

    /** Work done on the connection of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The work of the service's requests and ingestion, unless named otherwise with {@link #forWork}. */
    public static final String HOST_WRITES = "host writes";

    private final DataSource dataSource;
    private final WriteFailures failures;
    private final String workName;

    public Transactions(DataSource dataSource, WriteFailures failures) {
        this(dataSource, failures, HOST_WRITES);
    }

    private Transactions(DataSource dataSource, WriteFailures failures, String work) {
        this.dataSource = dataSource;
        this.failures = failures;
        this.workName = work;
    }

    /**
     * The same transactions for a work of its own (a background job): its failures and commits are remembered apart
     * from the others', so that its commits never hide that the hosts' writes are refused, nor theirs its failures.
     */
    public Transactions forWork(String name) {
        return new Transactions(dataSource, failures, name);
    }

    /**
     * Runs reads on a read-only connection of the pool, each statement in a transaction of its own (auto-commit).
     *
     * @throws StoreUnavailableException when the database is unavailable
     */
    static <T> T readOnly(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Attempts of a transaction that PostgreSQL aborted as a deadlock victim or for a serialization failure. */
    static final int ATTEMPTS = 3;

    /**
     * Runs {@code work} and commits; rolls back when it throws. A transaction PostgreSQL aborted because it
     * deadlocked with another one (or could not be serialized) is run again, up to {@link #ATTEMPTS} times in all:
     * {@code work} must not keep state between attempts.
     *
     * @throws StoreUnavailableException when the failure is the infrastructure's (retry later)
     * @throws StoreException            when PostgreSQL refused the data
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (StoreUnavailableException e) {
                failures.failed(workName, e.getMessage());
                if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException cause) || !isConflict(cause)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A transaction held open across steps that the caller runs one after the other (a route's): {@link #commit}
     * once they all succeeded; {@link #close} rolls back what was not committed and gives the connection back.
     */
    public final class Open implements AutoCloseable {

        private final Connection connection;
        private boolean ended;

        private Open(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** @throws StoreUnavailableException when the commit fails (nothing of the transaction stays) */
        public void commit() {
            try {
                boolean clears = failures.showing(workName) && wrote(connection);
                connection.commit();
                ended = true;
                if (clears) {
                    failures.committed(workName);
                }
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() {
            try {
                if (!ended) {
                    rollbackQuietly(connection);
                }
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the pool discards it
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already gone
                }
            }
        }
    }

    /**
     * Begins a transaction that the caller ends with {@link Open#commit} and {@link Open#close}; no attempt is
     * repeated. For work that cannot be one callback, such as a route's steps.
     *
     * @throws StoreUnavailableException when no connection can be had
     */
    public Open begin() {
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new Open(connection);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A failure of a transaction held open: translated, and counted when it is the infrastructure's. */
    private RuntimeException failed(SQLException e) {
        RuntimeException translated = translate(e);
        if (translated instanceof StoreUnavailableException) {
            failures.failed(workName, translated.getMessage());
        }
        return translated;
    }

    private static boolean isConflict(SQLException e) {
        String state = sqlState(e);
        return "40P01".equals(state) || "40001".equals(state);
    }

    private <T> T once(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                // after a failure, only a transaction that wrote proves that the database does the work again
                boolean clears = failures.showing(workName) && wrote(connection);
                connection.commit();
                if (clears) {
                    failures.committed(workName);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Whether the transaction has written anything (PostgreSQL gives it a transaction id only then). */
    private static boolean wrote(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    /**
     * Maps a JDBC failure to the store's two kinds. Only a data exception (SQLSTATE class 22) or an integrity
     * constraint violation (class 23) is the data's fault; everything else (a read-only standby, a revoked
     * privilege, a missing table, a full disk, an internal error, a lost connection) is the infrastructure's and
     * is retried. The message names the SQLSTATE and the server's words, never the statement's parameters (the
     * driver is told not to put them into its messages: {@code logServerErrorDetail=false}).
     */
    public static RuntimeException translate(SQLException e) {
        String state = sqlState(e);
        if (isDataError(state)) {
            // the server's own words may quote the value it refused ("invalid input syntax for type uuid: …"): only
            // the SQLSTATE and the names of the schema objects concerned are kept, and the exception is not chained
            return new StoreException("Database refused the data (SQLSTATE " + state + where(e) + ")");
        }
        return new StoreUnavailableException("Database unavailable (SQLSTATE " + (state == null ? "none" : state)
                + ": " + firstLine(e.getMessage()) + ")", e);
    }

    /** The table, column and constraint a data error names, if the server said. */
    private static String where(SQLException e) {
        for (SQLException current = e; current != null && current != current.getNextException();
             current = current.getNextException()) {
            if (current instanceof PSQLException server && server.getServerErrorMessage() != null) {
                ServerErrorMessage message = server.getServerErrorMessage();
                StringBuilder where = new StringBuilder();
                append(where, "table", message.getTable());
                append(where, "column", message.getColumn());
                append(where, "constraint", message.getConstraint());
                return where.toString();
            }
        }
        return "";
    }

    private static void append(StringBuilder where, String what, String name) {
        if (name != null) {
            where.append(", ").append(what).append(' ').append(name);
        }
    }

    /** Whether PostgreSQL refused the data itself: a data exception or an integrity constraint violation. */
    static boolean isDataError(String state) {
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The SQLSTATE of the failure, looking behind a batch's wrapper to the statement that failed. */
    static String sqlState(SQLException e) {
        for (SQLException current = e; current != null && current != current.getNextException();
             current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
        }
        return e.getSQLState();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
