package io.hbi.inventory.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the routes and kamelets come from: folders an operator can edit, or the copies inside the jar.
 * <ul>
 *   <li>Routes: the {@code *.camel.yaml} files of {@code INVENTORY_ROUTES_DIR}; when it is empty, of the working
 *       directory's {@code routes/} when that holds any, else the jar's. A folder replaces the jar's routes as a
 *       whole: a flow whose file is not there does not run.</li>
 *   <li>Kamelets: {@code INVENTORY_KAMELETS_DIR}, or the working directory's {@code kamelets/} when it is empty;
 *       a kamelet that folder lacks is taken from the jar.</li>
 *   <li>A named folder must exist: a missing one stops start-up with one line that names the variable.</li>
 *   <li>When asked ({@link #reloadingOnChange()}, dev mode), the routes folder is watched: a route file saved, added
 *       or removed reloads the routes ({@code camel/RouteFolderReload}).</li>
 * </ul>
 * Camel-free: the decision comes out as the camel-main properties that carry it ({@link #camelProperties()}) and the
 * folder to watch ({@link #watchedFolder()}).
 */
public final class RouteSources {

    /** The route files, in a folder or in the jar. */
    public static final String ROUTE_FILES = "*.camel.yaml";

    static final String JAR_ROUTES = "classpath:routes/";
    static final String JAR_KAMELETS = "classpath:kamelets";

    private static final Logger LOG = LoggerFactory.getLogger(RouteSources.class);

    /** null: the jar's routes. */
    private final Path routesFolder;
    /** null: the jar's kamelets only. */
    private final Path kameletsFolder;
    /** null: every route file; else the one file to load. */
    private final String onlyFile;
    private final boolean reloading;

    private RouteSources(Path routesFolder, Path kameletsFolder, String onlyFile, boolean reloading) {
        this.routesFolder = routesFolder;
        this.kameletsFolder = kameletsFolder;
        this.onlyFile = onlyFile;
        this.reloading = reloading;
    }

    /**
     * The sources named by the settings, relative paths and defaults taken from the working directory.
     *
     * @throws InvalidSettingException when a named folder does not exist or holds no route file
     */
    public static RouteSources of(Settings settings) {
        return resolve(settings.get("inventory.routes.dir"), settings.get("inventory.kamelets.dir"),
                Path.of("").toAbsolutePath());
    }

    /** The decision itself, for a given working directory. */
    static RouteSources resolve(String routesDir, String kameletsDir, Path workingDirectory) {
        Path routes;
        if (routesDir.isBlank()) {
            Path local = workingDirectory.resolve("routes");
            routes = Files.isDirectory(local) && holdsRouteFiles(local) ? local.normalize() : null;
        } else {
            routes = namedFolder("INVENTORY_ROUTES_DIR", routesDir, workingDirectory);
            if (!holdsRouteFiles(routes)) {
                throw new InvalidSettingException("INVENTORY_ROUTES_DIR must be a folder that holds the route files ("
                        + ROUTE_FILES + "), but " + routes + " holds none");
            }
        }
        Path kamelets;
        if (kameletsDir.isBlank()) {
            Path local = workingDirectory.resolve("kamelets");
            kamelets = Files.isDirectory(local) ? local.normalize() : null;
        } else {
            kamelets = namedFolder("INVENTORY_KAMELETS_DIR", kameletsDir, workingDirectory);
        }
        return new RouteSources(routes, kamelets, null, false);
    }

    /**
     * The same sources with only {@code fileName} of the routes (the {@code reaper} command runs the event relay
     * alone).
     *
     * @throws StartupException when the routes folder lacks that file
     */
    public RouteSources only(String fileName) {
        if (routesFolder != null && !Files.isRegularFile(routesFolder.resolve(fileName))) {
            throw new StartupException("The routes folder " + routesFolder + " has no " + fileName);
        }
        return new RouteSources(routesFolder, kameletsFolder, fileName, false);
    }

    /**
     * The same sources, with every change to a route file of the routes folder (a file saved, added or removed)
     * reloading the routes. No effect when the routes come from the jar, which cannot change.
     */
    public RouteSources reloadingOnChange() {
        return new RouteSources(routesFolder, kameletsFolder, onlyFile, routesFolder != null && onlyFile == null);
    }

    /** The folder whose route files are watched for changes; null when none is. */
    public Path watchedFolder() {
        return reloading ? routesFolder : null;
    }

    /** For dev mode's banner: which folder is watched, or why none is. */
    public String watching() {
        if (watchedFolder() != null) {
            return "watching " + routesFolder + "/" + ROUTE_FILES + ": saving, adding or removing one reloads the routes";
        }
        return routesFolder == null ? "from the jar, not watched (no routes/ here, INVENTORY_ROUTES_DIR unset)"
                : "from " + routesFolder + ", not watched";
    }

    /** The camel-main properties that load these routes and kamelets. */
    public Map<String, String> camelProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        String files = onlyFile == null ? ROUTE_FILES : onlyFile;
        properties.put("camel.main.routes-include-pattern",
                routesFolder == null ? JAR_ROUTES + files : "file:" + routesFolder + "/" + files);
        // several locations: the first that has the kamelet wins
        properties.put("camel.component.kamelet.location",
                kameletsFolder == null ? JAR_KAMELETS : "file:" + kameletsFolder + "," + JAR_KAMELETS);
        return properties;
    }

    /** Hands every property of {@link #camelProperties()} to {@code override}, after one log line saying where from. */
    public void applyTo(BiConsumer<String, String> override) {
        LOG.info("Routes: {}", this);
        camelProperties().forEach(override);
    }

    /** Where the routes and kamelets come from, in one line. */
    @Override
    public String toString() {
        String files = onlyFile == null ? ROUTE_FILES : onlyFile;
        String routes = routesFolder == null ? files + " of the jar" : files + " of " + routesFolder;
        String kamelets = kameletsFolder == null ? "kamelets of the jar" : "kamelets of " + kameletsFolder + ", then of the jar";
        return routes + (reloading ? " (reloaded when one changes)" : "") + "; " + kamelets;
    }

    private static Path namedFolder(String variable, String named, Path workingDirectory) {
        Path folder = workingDirectory.resolve(named.trim()).normalize();
        if (!Files.isDirectory(folder)) {
            // Settings.load checks this already; the folder may have gone since
            throw new InvalidSettingException(variable + " must be empty or an existing folder, but is '" + named + "'");
        }
        return folder;
    }

    private static boolean holdsRouteFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".camel.yaml") && Files.isRegularFile(file));
        } catch (IOException e) {
            throw new StartupException("Cannot read the routes folder " + folder + ": " + e.getMessage());
        }
    }
}
