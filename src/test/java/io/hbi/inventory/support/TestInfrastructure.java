package io.hbi.inventory.support;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server and Kafka broker of the test suite: started once per JVM (the first test that asks),
 * stopped when the JVM exits. Each service a test starts gets a database of its own.
 */
public final class TestInfrastructure {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalInfrastructure infrastructure;

    private TestInfrastructure() {
    }

    public static synchronized LocalInfrastructure get() {
        if (infrastructure == null) {
            LocalInfrastructure started = LocalInfrastructure.start(Settings.load(Map.of()), 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-infrastructure-stop"));
            infrastructure = started;
        }
        return infrastructure;
    }

    /** A new, empty database owned by the default user; returns its name. */
    public static String newDatabase() {
        Settings defaults = Settings.load(Map.of());
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        get().createDatabase(name, defaults.get("inventory.db.user"), defaults.get("inventory.db.pass"));
        return name;
    }

    /**
     * Settings that point at the test infrastructure with a new database, topics of their own (so services of
     * different tests never share a consumer group or see each other's events) and a free HTTP port.
     */
    public static Settings settings(Map<String, String> overrides) {
        Settings defaults = Settings.load(Map.of());
        int id = DATABASES.get() + 1;
        Map<String, String> env = new java.util.HashMap<>(get().environment(defaults, newDatabase()));
        env.put("LISTEN_PORT", String.valueOf(FreePort.find()));
        env.put("INVENTORY_LOG_FORMAT", "text");
        env.put("KAFKA_CONSUMER_AUTO_OFFSET_RESET", "earliest");
        env.put("INVENTORY_OUTBOX_POLL_INTERVAL_MS", "50");
        String suffix = "." + ProcessHandle.current().pid() + "." + id;
        for (String topic : List.of("KAFKA_HOST_INGRESS_TOPIC", "KAFKA_HOST_EGRESS_TOPIC", "KAFKA_EVENT_TOPIC",
                "KAFKA_HOST_INGRESS_DLQ_TOPIC", "PAYLOAD_TRACKER_KAFKA_TOPIC", "KAFKA_NOTIFICATIONS_TOPIC")) {
            String property = Settings.DECLARED.stream().filter(s -> s.env().equals(topic)).findFirst().orElseThrow()
                    .property();
            env.put(topic, defaults.get(property) + suffix);
        }
        env.putAll(overrides);
        Settings settings = defaults.with(env);
        get().createTopics(LocalInfrastructure.topicsOf(settings));
        return settings;
    }
}
