package io.hbi.inventory.support;

import io.hbi.inventory.config.Settings;
import java.util.Map;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

/**
 * The base of every route test: the test loads the real YAML files itself and advises them before the context starts
 * (no route builder, advice-with on), and the placeholders resolve to the service's default settings.
 */
public abstract class RouteTestSupport extends CamelTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true).withUseRouteBuilder(false);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withUseOverridePropertiesWithPropertiesComponent(Settings.load(Map.of()).asProperties());
    }
}
