package io.hbi.inventory.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import javax.sql.DataSource;

/** Runs work in one database transaction, and sorts failures into "try again" and "the data is wrong". */
public final class Transactions {

    /** Work done on the connection of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
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
                if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException cause) || !isConflict(cause)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isConflict(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private <T> T once(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
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

    /** Maps a JDBC failure to the store's two kinds. */
    public static RuntimeException translate(SQLException e) {
        if (isTransient(e)) {
            return new StoreUnavailableException("Database unavailable: " + e.getMessage(), e);
        }
        return new StoreException("Database refused the data: " + e.getMessage(), e);
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // no server answer at all: the connection is gone
            return true;
        }
        return state.startsWith("08")        // connection exception
                || state.startsWith("53")    // insufficient resources
                || state.startsWith("57")    // operator intervention: shutdown, crash, cancel
                || state.startsWith("58")    // system error
                || state.equals("40001")     // serialization failure
                || state.equals("40P01")     // deadlock detected
                || state.equals("55P03")     // lock not available
                || state.equals("25P03");    // idle in transaction timeout
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
