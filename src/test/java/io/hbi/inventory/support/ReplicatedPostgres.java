package io.hbi.inventory.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a real streaming replica of it, from the same embedded binaries as every other test and
 * without {@code pg_basebackup} (the embedded distribution has none): a physical replication slot keeps the WAL, a
 * non-exclusive base backup ({@code pg_backup_start}, a copy of the data directory, {@code pg_backup_stop} with its
 * backup label) seeds the replica, which starts as a hot standby streaming from the slot.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    private static final String SLOT = "inventory_replica";
    /** Files of a running server's data directory a base backup leaves out (PostgreSQL's own list, and zonky's lock). */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "tablespace_map");
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_subtrans", "pg_dynshmem");

    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres replica;
    private final Path replicaDirectory;

    private ReplicatedPostgres(EmbeddedPostgres primary, EmbeddedPostgres replica, Path replicaDirectory) {
        this.primary = primary;
        this.replica = replica;
        this.replicaDirectory = replicaDirectory;
    }

    /** Starts both, with {@code database} owned by the login role {@code user} on the primary (and so the replica). */
    public static ReplicatedPostgres start(String database, String user, String password) {
        EmbeddedPostgres primary = null;
        Path primaryDirectory = null;
        Path replicaDirectory = null;
        try {
            primaryDirectory = Files.createTempDirectory("inventory-primary");
            primary = EmbeddedPostgres.builder().setDataDirectory(primaryDirectory).setCleanDataDirectory(true)
                    .setPort(FreePort.find()).start();
            try (Connection connection = primary.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                statement.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\"");
                statement.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
                statement.execute("SELECT pg_backup_start('inventory-replica', true)");
                replicaDirectory = Files.createTempDirectory("inventory-replica");
                copyDataDirectory(primaryDirectory, replicaDirectory);
                ResultSet stop = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)");
                stop.next();
                Files.writeString(replicaDirectory.resolve("backup_label"), stop.getString(1));
            }
            // a standby that streams from the slot (in postgresql.auto.conf: the connection string has spaces, which
            // the server's command line would split)
            Files.createFile(replicaDirectory.resolve("standby.signal"));
            Files.writeString(replicaDirectory.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port="
                    + primary.getPort() + " user=postgres'\nprimary_slot_name = '" + SLOT + "'\nhot_standby = on\n",
                    java.nio.file.StandardOpenOption.APPEND);
            java.io.File log = replicaDirectory.resolve("replica.log").toFile();
            EmbeddedPostgres replica = EmbeddedPostgres.builder().setDataDirectory(replicaDirectory)
                    .setCleanDataDirectory(false).setPort(FreePort.find()).setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log)).start();
            return new ReplicatedPostgres(primary, replica, replicaDirectory);
        } catch (IOException e) {
            String log = replicaLog(replicaDirectory);
            close(primary, replicaDirectory);
            throw new UncheckedIOException("The replicated PostgreSQL could not start: " + e.getMessage() + log, e);
        } catch (SQLException e) {
            close(primary, replicaDirectory);
            throw new IllegalStateException("The base backup failed: " + e.getMessage(), e);
        }
    }

    /** The replica server's own log, for the message of a failed start. */
    private static String replicaLog(Path replicaDirectory) {
        Path log = replicaDirectory == null ? null : replicaDirectory.resolve("replica.log");
        try {
            return log != null && Files.exists(log) ? "\nreplica log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public int primaryPort() {
        return primary.getPort();
    }

    public int replicaPort() {
        return replica.getPort();
    }

    /** Whether the replica streams from the primary (its WAL receiver is connected). */
    public boolean streaming() {
        return queryOnReplica("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1;
    }

    /** Stops the replica applying the WAL it receives: its reads stay where they are. */
    public void pauseReplay() {
        executeOnReplica("SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        executeOnReplica("SELECT pg_wal_replay_resume()");
    }

    private void executeOnReplica(String sql) {
        try (Connection connection = replica.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private long queryOnReplica(String sql) {
        try (Connection connection = replica.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void copyDataDirectory(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(directory);
                if (relative.getNameCount() > 1 && EMPTIED.contains(relative.getName(0).toString())
                        && !relative.toString().equals("pg_wal/archive_status")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(file);
                boolean emptied = relative.getNameCount() > 1 && EMPTIED.contains(relative.getName(0).toString());
                if (!emptied && !NOT_COPIED.contains(relative.toString())) {
                    try {
                        Files.copy(file, to.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a file the server removed while it was copied: the WAL replayed from the backup's start
                        // recreates what it must
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try {
            replica.close();
        } catch (IOException ignored) {
            // stopping: nothing else to do
        }
        close(primary, replicaDirectory);
    }

    private static void close(EmbeddedPostgres primary, Path replicaDirectory) {
        if (primary != null) {
            try {
                primary.close();
            } catch (IOException ignored) {
                // stopping: nothing else to do
            }
        }
        if (replicaDirectory != null) {
            try (Stream<Path> paths = Files.walk(replicaDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }
}
