package io.hbi.inventory.support;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.dev.LocalInfrastructure;
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

    /** Settings that point at the test infrastructure with a new database and a free HTTP port. */
    public static Settings settings(Map<String, String> overrides) {
        Settings defaults = Settings.load(Map.of());
        Map<String, String> env = new java.util.HashMap<>(get().environment(defaults, newDatabase()));
        env.put("LISTEN_PORT", String.valueOf(FreePort.find()));
        env.put("INVENTORY_LOG_FORMAT", "text");
        env.putAll(overrides);
        return defaults.with(env);
    }
}
