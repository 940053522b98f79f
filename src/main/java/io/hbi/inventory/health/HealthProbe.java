package io.hbi.inventory.health;

import io.hbi.inventory.store.WriteFailures;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Tells whether the two things the service cannot work without, PostgreSQL and Kafka, answer right now, and whether
 * the database still does the work it is given.
 */
public final class HealthProbe {

    private final DataSource dataSource;
    private final WriteFailures writeFailures;
    private final Admin kafka;
    private final Duration timeout;

    public HealthProbe(DataSource dataSource, WriteFailures writeFailures, Admin kafka, Duration timeout) {
        this.dataSource = dataSource;
        this.writeFailures = writeFailures;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    public HealthReport check() {
        Map<String, String> failures = new LinkedHashMap<>();
        String database = checkDatabase();
        if (database != null) {
            failures.put("database", database);
        }
        String broker = checkKafka();
        if (broker != null) {
            failures.put("kafka", broker);
        }
        return new HealthReport(failures);
    }

    private String checkDatabase() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid((int) Math.max(1, timeout.toSeconds()))) {
                return "connection is not valid";
            }
            // it answers, but may refuse the work (a read-only standby, a revoked privilege, a full disk)
            String failing = writeFailures.current();
            return failing == null ? null : "the last transaction failed, none has committed since: " + failing;
        } catch (Exception e) {
            return describe(e);
        }
    }

    private String checkKafka() {
        try {
            int nodes = kafka.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? null : "no broker available";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return describe(e);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }
}
