package io.hbi.inventory.dev;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import io.hbi.inventory.config.StartupException;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) running inside this JVM, for dev
 * mode and tests. It keeps its log directory across {@link #stop()} and {@link #start()}, so a restart keeps
 * topics, data and committed offsets, like a restarted broker.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean deleteOnClose;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(int port, int controllerPort, Path logDir, boolean deleteOnClose) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Formats a fresh temporary log directory and starts a broker on {@code port} (0: any free port). */
    public static EmbeddedKafkaBroker start(int port) {
        try {
            Path dir = Files.createTempDirectory("inventory-kafka-");
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port == 0 ? freePort() : port, freePort(), dir, true);
            broker.format();
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts (or restarts) the broker on its port and log directory. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(port)) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new StartupException("Kafka broker could not start: port " + port
                    + " is in use (another dev instance, or a broker already listening there?)");
        }
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            raftServer.shutdown();
            raftServer.awaitShutdown();
            throw new StartupException("Kafka broker could not start on localhost:" + port + ": " + e.getMessage());
        }
        server = raftServer;
    }

    /** Stops the broker; its data stays for a later {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private Properties config() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        return props;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
