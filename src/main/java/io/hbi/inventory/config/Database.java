package io.hbi.inventory.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/** The pooled connection to PostgreSQL, migrated by Flyway before anything uses it. */
public final class Database {

    private Database() {
    }

    /**
     * Opens the pool (failing fast when the server cannot be reached) and applies {@code db/migration}.
     *
     * @throws StartupException with one line that says where the database was looked for and why it failed
     */
    public static HikariDataSource open(Settings settings) {
        HikariDataSource dataSource = pool(settings, "inventory-db", settings.jdbcUrl(), settings.databaseDescription(),
                false);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StartupException("Database migration failed on " + settings.databaseDescription() + ": "
                    + rootMessage(e));
        }
        return dataSource;
    }

    /**
     * Opens the pool of the read replica ({@code INVENTORY_DB_REPLICA_HOST}), read-only and never migrated (it
     * replays the primary's), when one is set; failing fast like the primary's.
     */
    public static Optional<HikariDataSource> openReplica(Settings settings) {
        return settings.replicaJdbcUrl()
                .map(url -> pool(settings, "inventory-db-replica", url, settings.replicaDescription(), true));
    }

    private static HikariDataSource pool(Settings settings, String name, String url, String description,
                                         boolean readOnly) {
        Duration timeout = Duration.ofSeconds(settings.getInt("inventory.db.pool-timeout"));
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setReadOnly(readOnly);
        config.setUsername(settings.get("inventory.db.user"));
        config.setPassword(settings.get("inventory.db.pass"));
        config.setMaximumPoolSize(settings.getInt("inventory.db.pool-size"));
        config.setConnectionTimeout(timeout.toMillis());
        config.setInitializationFailTimeout(timeout.toMillis());
        config.addDataSourceProperty("connectTimeout", String.valueOf(timeout.toSeconds()));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // No bound parameter (a host's values) and no server DETAIL (which quotes key values) in the driver's
        // exception messages, which end up in logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        // Plans for the actual parameters, every time: a generic plan of a prepared statement cannot know how
        // selective "stale_timestamp > ?" or a tag value is, and was measured to pick plans 2–3x slower than the
        // query's own (a tags filter intersected with every fresh host of the table). Planning costs a fraction of
        // a millisecond.
        config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StartupException("Cannot connect to PostgreSQL at " + description + ": " + rootMessage(e));
        }
    }

    /** Applies every pending migration of {@code classpath:db/migration}. */
    public static void migrate(DataSource dataSource) {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
        // a session-level advisory lock: with the default transaction-level one, Flyway keeps a transaction open while
        // it migrates, and CREATE INDEX CONCURRENTLY (V9) waits for that transaction forever (flyway/flyway#3682)
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        flyway.load().migrate();
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            message = message + " (SQLSTATE " + sql.getSQLState() + ")";
        }
        return message == null ? cause.getClass().getSimpleName() : message.replace('\n', ' ').trim();
    }
}
