package io.hbi.inventory.support;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The real YAML files of {@code routes/} (paths from the project directory), loaded into a context not yet started,
 * in one call, as camel-main loads them: the route configurations of every file are added before the routes, so a
 * route takes its {@code routeConfigurationId} from any of the files, whatever their order. (Loaded one call per file,
 * a route loaded before the configuration it names would run without it.)
 */
public final class YamlRoutes {

    private YamlRoutes() {
    }

    public static void load(CamelContext context, String... files) throws Exception {
        Resource[] resources = new Resource[files.length];
        for (int i = 0; i < files.length; i++) {
            resources[i] = ResourceHelper.resolveMandatoryResource(context, "file:" + files[i]);
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    }
}
