package io.hbi.inventory.camel;

import io.hbi.inventory.config.RouteSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's live routes: Camel's file watcher (the {@link RouteWatcherReloadStrategy} behind
 * {@code camel.main.routes-reload-enabled}) on the routes folder, with a reload of our own: whenever a route file is
 * saved, added or removed, every route is stopped and loaded again from the files the folder holds then, so the
 * running routes are always those of the folder's files. Camel 4.18's own reload loads a file once per route it holds
 * and then fails on the duplicate ids (CAMEL-24866), adds the files one after the other (which breaks the REST DSL's
 * inlined routes, see {@link OneBatch}), and after a broken save leaves no route running (CAMEL-24860); here a file
 * that does not load is left out and the others run again.
 * <p>
 * Kamelets are read again too: the templates are dropped with the routes, and each is looked up anew (folder, then
 * jar) by the first route that uses it, so a kamelet change takes effect at the next route reload.
 * <p>
 * Bound in the registry, it is applied by camel-main to the CamelContext it configures.
 */
public final class RouteFolderReload implements CamelContextCustomizer, ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFolderReload.class);

    private final Path folder;
    private CamelContext context;

    public RouteFolderReload(Path folder) {
        this.folder = folder;
    }

    /** Starts watching the folder with the CamelContext. */
    @Override
    public void configure(CamelContext camelContext) {
        this.context = camelContext;
        RouteWatcherReloadStrategy watcher = new RouteWatcherReloadStrategy(folder.toString(), false);
        watcher.setPattern(RouteSources.ROUTE_FILES);
        watcher.setResourceReload(this);
        try {
            camelContext.addService(watcher);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /** A route file of the folder changed ({@code name} is its path; it may have been removed). */
    @Override
    public void onReload(String name, Resource changed) throws Exception {
        String file = Path.of(name).getFileName().toString();
        List<Resource> files = routeFiles();
        try {
            replaceRoutes(files);
            LOG.info("Routes reloaded after a change to {}: {} routes from the {} files of {}", file,
                    context.getRoutes().size(), files.size(), folder);
        } catch (Exception e) {
            List<Resource> others = files.stream().filter(resource -> !resource.getLocation().endsWith("/" + file))
                    .toList();
            LOG.warn("{} does not load, its routes stay stopped until it is saved again: {}", file, e.getMessage());
            try {
                replaceRoutes(others);
                LOG.info("Routes reloaded without {}: {} routes from {} files", file, context.getRoutes().size(),
                        others.size());
            } catch (Exception again) {
                LOG.error("The other route files do not load either, no route runs until they do: {}",
                        again.getMessage());
            }
        }
    }

    /** Stops and removes every route and kamelet template, then adds the routes of {@code files}, all in one batch. */
    private void replaceRoutes(List<Resource> files) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(files);
        context.getRouteController().removeAllRoutes();
        context.removeRouteTemplates("*");
        // kamelet endpoints make their route when they are created: they must be created again
        context.getEndpointRegistry().clear();
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                configurations.updateRouteConfigurationsToCamelContext(context);
            }
        }
        new OneBatch(builders).updateRoutesToCamelContext(context);
    }

    /**
     * The routes and REST operations of every file as one builder. The REST DSL inlines a {@code direct:} route into
     * the operation that calls it (rest-api.camel.yaml and the files of the operations' routes) only when both are
     * added together; file by file (as {@code RoutesLoader.updateRoutes} does) the route of the first file is
     * already running when the operation comes, and one of the two is lost.
     */
    private static final class OneBatch extends RouteBuilder {

        private final Collection<RoutesBuilder> builders;

        OneBatch(Collection<RoutesBuilder> builders) {
            this.builders = builders;
        }

        @Override
        public void configure() throws Exception {
            for (RoutesBuilder builder : builders) {
                if (!(builder instanceof RouteBuilder file)) {
                    throw new IllegalStateException("not a route file: " + builder);
                }
                getRouteCollection().getRoutes().addAll(file.configureRoutes(getContext()).getRoutes());
                getRestCollection().getRests().addAll(file.configureRests(getContext()).getRests());
                getRouteTemplateCollection().getRouteTemplates().addAll(file.getRouteTemplateCollection().getRouteTemplates());
                getTemplatedRouteCollection().getTemplatedRoutes().addAll(file.getTemplatedRouteCollection().getTemplatedRoutes());
            }
        }
    }

    private List<Resource> routeFiles() throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".camel.yaml") && Files.isRegularFile(path))
                    .sorted()
                    .map(path -> PluginHelper.getResourceLoader(context).resolveResource("file:" + path))
                    .toList();
        }
    }
}
