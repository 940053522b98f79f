package io.hbi.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.hbi.inventory.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every YAML file of routes/ and kamelets/ goes through Camel's routes loader: a broken file fails the build. */
class RoutesLoadTest {

    static Stream<Path> yamlFiles() throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (String folder : List.of("routes", "kamelets")) {
            if (Files.isDirectory(Path.of(folder))) {
                try (Stream<Path> paths = Files.list(Path.of(folder))) {
                    paths.filter(path -> path.toString().endsWith(".yaml")).sorted().forEach(files::add);
                }
            }
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("yamlFiles")
    void loads(Path file) throws Exception {
        assertThat(file.getFileName().toString()).matches(".+\\.(camel|kamelet)\\.yaml");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(Settings.load(Map.of()).asProperties());
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            assertThat(model.getRouteDefinitions().size() + model.getRouteTemplateDefinitions().size()
                    + model.getRestDefinitions().size() + model.getRouteConfigurationDefinitions().size()).as("definitions in %s", file).isPositive();
        }
    }
}
