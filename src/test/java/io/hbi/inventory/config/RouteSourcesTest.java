package io.hbi.inventory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where routes and kamelets are read from, decided without Camel (the IT {@code EditableRoutesIT} runs them). */
class RouteSourcesTest {

    @TempDir
    Path workingDirectory;

    @Test
    void theWorkingDirectorysFoldersAreUsedWhenTheyAreThere() throws IOException {
        routeFile(workingDirectory.resolve("routes"), "events.camel.yaml");
        Files.createDirectories(workingDirectory.resolve("kamelets"));

        RouteSources sources = RouteSources.resolve("", "", workingDirectory);

        assertThat(sources.camelProperties()).containsExactly(
                Map.entry("camel.main.routes-include-pattern", "file:" + workingDirectory + "/routes/*.camel.yaml"),
                Map.entry("camel.component.kamelet.location", "file:" + workingDirectory + "/kamelets,classpath:kamelets"));
    }

    @Test
    void theJarIsUsedOtherwise() throws IOException {
        assertThat(RouteSources.resolve("", "", workingDirectory).camelProperties()).containsExactly(
                Map.entry("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml"),
                Map.entry("camel.component.kamelet.location", "classpath:kamelets"));
        // a routes/ folder without route files is someone else's
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.writeString(workingDirectory.resolve("routes/notes.txt"), "not a route");
        assertThat(RouteSources.resolve("", "", workingDirectory).camelProperties())
                .containsEntry("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
    }

    @Test
    void theSettingsNameOtherFoldersRelativeToTheWorkingDirectoryOrAbsolute(@TempDir Path elsewhere) throws IOException {
        routeFile(workingDirectory.resolve("routes"), "events.camel.yaml");
        routeFile(workingDirectory.resolve("edited/routes"), "events.camel.yaml");
        Files.createDirectories(elsewhere.resolve("kamelets"));

        RouteSources sources = RouteSources.resolve("edited/routes/", elsewhere.resolve("kamelets").toString(),
                workingDirectory);

        assertThat(sources.camelProperties()).containsExactly(
                Map.entry("camel.main.routes-include-pattern", "file:" + workingDirectory + "/edited/routes/*.camel.yaml"),
                Map.entry("camel.component.kamelet.location", "file:" + elsewhere + "/kamelets,classpath:kamelets"));
    }

    @Test
    void aNamedFolderThatDoesNotExistStopsStartUpNamingTheVariable() throws IOException {
        routeFile(workingDirectory.resolve("routes"), "events.camel.yaml");
        assertThatThrownBy(() -> RouteSources.resolve("/no/such/routes", "", workingDirectory))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_ROUTES_DIR must be empty or an existing folder, but is '/no/such/routes'");
        assertThatThrownBy(() -> RouteSources.resolve("", "kamelets", workingDirectory))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_KAMELETS_DIR must be empty or an existing folder, but is 'kamelets'");
        assertThatThrownBy(() -> RouteSources.resolve("routes/events.camel.yaml", "", workingDirectory))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_ROUTES_DIR must be empty or an existing folder, but is "
                        + "'routes/events.camel.yaml'");
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_ROUTES_DIR", "/no/such/routes")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_ROUTES_DIR must be empty or an existing folder, but is '/no/such/routes'");
        assertThatThrownBy(() -> Settings.load(Map.of("INVENTORY_KAMELETS_DIR", "pom.xml")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_KAMELETS_DIR must be empty or an existing folder, but is 'pom.xml'");
    }

    @Test
    void aNamedRoutesFolderWithoutRouteFilesStopsStartUp() throws IOException {
        Files.createDirectories(workingDirectory.resolve("empty"));
        assertThatThrownBy(() -> RouteSources.resolve("empty", "", workingDirectory))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("INVENTORY_ROUTES_DIR must be a folder that holds the route files (*.camel.yaml), but "
                        + workingDirectory.resolve("empty") + " holds none");
    }

    @Test
    void theReaperLoadsTheEventRelayFileOfTheSameSource() throws IOException {
        assertThat(RouteSources.resolve("", "", workingDirectory).only("events.camel.yaml").camelProperties())
                .containsEntry("camel.main.routes-include-pattern", "classpath:routes/events.camel.yaml");

        routeFile(workingDirectory.resolve("routes"), "events.camel.yaml");
        assertThat(RouteSources.resolve("", "", workingDirectory).only("events.camel.yaml").camelProperties())
                .containsEntry("camel.main.routes-include-pattern", "file:" + workingDirectory + "/routes/events.camel.yaml");

        routeFile(workingDirectory.resolve("partial"), "ingest-rest.camel.yaml");
        assertThatThrownBy(() -> RouteSources.resolve("partial", "", workingDirectory).only("events.camel.yaml"))
                .isInstanceOf(StartupException.class)
                .hasMessage("The routes folder " + workingDirectory.resolve("partial") + " has no events.camel.yaml");
    }

    @Test
    void onlyAFolderOfEveryRouteIsReloadedOnChange() throws IOException {
        RouteSources jar = RouteSources.resolve("", "", workingDirectory).reloadingOnChange();
        assertThat(jar.watchedFolder()).isNull();
        assertThat(jar.watching()).isEqualTo("from the jar, not watched (no routes/ here, INVENTORY_ROUTES_DIR unset)");

        Path routes = routeFile(workingDirectory.resolve("routes"), "events.camel.yaml");
        RouteSources folder = RouteSources.resolve("", "", workingDirectory);
        assertThat(folder.watchedFolder()).isNull();
        assertThat(folder.watching()).isEqualTo("from " + routes + ", not watched");

        RouteSources watched = folder.reloadingOnChange();
        assertThat(watched.watchedFolder()).isEqualTo(routes);
        assertThat(watched.camelProperties()).isEqualTo(folder.camelProperties());
        assertThat(watched.watching()).isEqualTo("watching " + routes + "/*.camel.yaml: saving, adding or removing one "
                + "reloads the routes");

        assertThat(folder.only("events.camel.yaml").reloadingOnChange().watchedFolder()).isNull();
    }

    @Test
    void theTestsOfThisProjectLoadItsOwnFolders() {
        // Maven runs the tests in the project's root: the top-level routes/ and kamelets/ are what the jar holds
        RouteSources sources = RouteSources.of(Settings.load(Map.of()));
        assertThat(sources.camelProperties().get("camel.main.routes-include-pattern"))
                .isEqualTo("file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml");
    }

    private static Path routeFile(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), "- route:\n    from:\n      uri: direct:a\n      steps:\n        - log: a\n");
        return folder;
    }
}
