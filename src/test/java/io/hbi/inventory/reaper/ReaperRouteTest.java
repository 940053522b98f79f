package io.hbi.inventory.reaper;

import io.hbi.inventory.support.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.YamlRoutes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reaper (routes/reaper.camel.yaml) with the real YAML and a stub of {@link HostReaper}: whether the
 * route starts follows {@code inventory.reaper.scheduled}, its Quartz trigger takes its cron from
 * {@code inventory.reaper.cron} (both read from the real {@code quartz:} endpoint, never fired here), and each firing
 * (the consumer replaced by {@code direct:host-reaper}) reaps the culled hosts.
 */
class ReaperRouteTest extends RouteTestSupport {

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("hostReaper", new StubHostReaper());
    }

    @Test
    void withoutAScheduleTheRouteDoesNotStartAndItsTriggerTakesThePlaceholderCron() throws Exception {
        loadWith("false", "0 0 0 1 1 ? 2099");
        context.start();

        assertThat(context.getRouteController().getRouteStatus("host-reaper")).isEqualTo(ServiceStatus.Stopped);
        QuartzEndpoint quartz = (QuartzEndpoint) context.getRoute("host-reaper").getEndpoint();
        assertThat(quartz.getCron()).isEqualTo("0 0 0 1 1 ? 2099");
        assertThat(journal).isEmpty();
    }

    @Test
    void withAScheduleTheRouteStartsWithTheCronOfTheSchedule() throws Exception {
        loadWith("true", "0 30 2 1 1 ? 2098");
        context.start();

        assertThat(context.getRouteController().getRouteStatus("host-reaper")).isEqualTo(ServiceStatus.Started);
        QuartzEndpoint quartz = (QuartzEndpoint) context.getRoute("host-reaper").getEndpoint();
        assertThat(quartz.getCron()).isEqualTo("0 30 2 1 1 ? 2098");
        assertThat(quartz.isStateful()).as("a long run delays the next one instead of overlapping it").isTrue();
        assertThat(journal).as("not fired before its time").isEmpty();
    }

    @Test
    void theDefaultSettingsLeaveTheReaperOff() throws Exception {
        YamlRoutes.load(context, "routes/reaper.camel.yaml");
        context.start();

        assertThat(context.getRouteController().getRouteStatus("host-reaper")).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void eachFiringReapsTheCulledHosts() throws Exception {
        loadWith("true", "0 30 2 1 1 ? 2098");
        AdviceWith.adviceWith(context, "host-reaper", route -> route.replaceFromWith("direct:host-reaper"));
        context.start();

        Exchange first = template.send("direct:host-reaper", exchange -> { });
        Exchange second = template.send("direct:host-reaper", exchange -> { });

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        assertThat(journal).containsExactly("reap culled", "reap culled");
    }

    /** Loads the route with the two properties it reads set to these values. */
    private void loadWith(String scheduled, String cron) throws Exception {
        Properties properties = Settings.load(Map.of()).asProperties();
        properties.put("inventory.reaper.scheduled", scheduled);
        properties.put("inventory.reaper.cron", cron);
        context.getPropertiesComponent().setOverrideProperties(properties);
        YamlRoutes.load(context, "routes/reaper.camel.yaml");
    }

    /** {@link HostReaper#reapCulled()}: records the call. */
    public final class StubHostReaper {
        public HostReaper.Run reapCulled() {
            journal.add("reap culled");
            return new HostReaper.Run(0, 0, 0, Duration.ZERO, null);
        }
    }
}
