package io.hbi.inventory.dev;

import io.hbi.inventory.config.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A real PostgreSQL server and a real Kafka broker started on this machine, for dev mode and the test suite: the
 * {@code INVENTORY_DB_*} role and database are created as the defaults expect, and the topics the service uses
 * exist before it starts.
 */
public final class LocalInfrastructure implements AutoCloseable {

    /** Partitions of every topic created here: enough for several consumers to share the ingress topic. */
    public static final int PARTITIONS = 4;

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaBroker kafka;

    private LocalInfrastructure(EmbeddedPostgres postgres, EmbeddedKafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /**
     * Starts PostgreSQL on a free port and Kafka on {@code kafkaPort} (0: a free port), then creates the role, the
     * database and the topics named by {@code settings}. {@code durable=false} turns off fsync, for test suites
     * that throw the data away anyway (it turns synchronous_commit and full_page_writes off too); dev mode and benchmarks
     * keep PostgreSQL's durable defaults.
     */
    public static LocalInfrastructure start(Settings settings, int kafkaPort, boolean durable) {
        return start(settings, 0, kafkaPort, durable);
    }

    /** As {@link #start(Settings, int, boolean)}, with PostgreSQL on {@code postgresPort} (0: a free port). */
    public static LocalInfrastructure start(Settings settings, int postgresPort, int kafkaPort, boolean durable) {
        EmbeddedPostgres postgres;
        try {
            // The embedded library's builder raises max_connections and turns synchronous_commit off; put back what
            // a stock installation has, so that what passes here passes there (max_locks_per_transaction, the
            // lock table's size, is never touched either).
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off");
            if (postgresPort > 0) {
                builder.setPort(postgresPort);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL could not start: " + e.getMessage(), e);
        }
        EmbeddedKafkaBroker kafka;
        try {
            kafka = EmbeddedKafkaBroker.start(kafkaPort);
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            throw e;
        }
        LocalInfrastructure infrastructure = new LocalInfrastructure(postgres, kafka);
        try {
            infrastructure.createDatabase(settings.get("inventory.db.name"), settings.get("inventory.db.user"),
                    settings.get("inventory.db.pass"));
            infrastructure.createTopics(topicsOf(settings));
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    /** The variables that point the service at this infrastructure, with {@code database} as the database. */
    public Map<String, String> environment(Settings settings, String database) {
        return Map.of(
                "INVENTORY_DB_HOST", "localhost",
                "INVENTORY_DB_PORT", String.valueOf(postgres.getPort()),
                "INVENTORY_DB_NAME", database,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    }

    /** Creates a database owned by {@code user} (created too if it does not exist). */
    public void createDatabase(String database, String user, String password) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + literal(user)
                    + ") THEN CREATE ROLE " + identifier(user) + " LOGIN PASSWORD " + literal(password)
                    + "; END IF; END $$");
            statement.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    public void createTopics(Collection<String> topics) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).collect(Collectors.toList());
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /** A new topic takes produce requests only once every partition has a leader; wait for that (bounded). */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException,
            TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!topics.isEmpty()) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null
                                && !partition.leader().isEmpty()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // the metadata of the new topics has not reached the broker yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader for the partitions of " + topics + " after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    public static List<String> topicsOf(Settings settings) {
        return List.of(settings.get("inventory.kafka.ingress-topic"), settings.get("inventory.kafka.egress-topic"),
                settings.get("inventory.kafka.event-topic"), settings.get("inventory.kafka.dlq-topic"),
                settings.get("inventory.payload-tracker.topic"), settings.get("inventory.kafka.notifications-topic"));
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    public void close() {
        kafka.close();
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the process is going away anyway
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
