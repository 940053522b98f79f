package io.hbi.inventory.store;

import io.hbi.inventory.support.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.support.CapturedLog;
import io.hbi.inventory.support.YamlRoutes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compaction of the host and tag counts (routes/host-counts.camel.yaml) with the real YAML and a stub of
 * {@link HostCounts}: the timer is replaced by {@code direct:host-count-compaction}; an unavailable database is logged
 * and left to the next run, any other failure is not swallowed.
 */
class HostCountsRouteTest extends RouteTestSupport {

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final StubHostCounts counts = new StubHostCounts();
    private CapturedLog log;

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("hostCounts", counts);
    }

    @BeforeEach
    void startRoutes() throws Exception {
        YamlRoutes.load(context, "routes/host-counts.camel.yaml");
        AdviceWith.adviceWith(context, "host-count-compaction", route ->
                route.replaceFromWith("direct:host-count-compaction"));
        context.start();
        log = CapturedLog.of("host-count-compaction");
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void eachTickCompactsTheCounts() {
        Exchange tick = template.send("direct:host-count-compaction", exchange -> { });

        assertThat(tick.getException()).isNull();
        assertThat(journal).containsExactly("compact");
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void anUnavailableDatabaseIsLoggedAndSwallowed() {
        counts.failure = new StoreUnavailableException("Database unavailable: connection refused", null);

        Exchange tick = template.send("direct:host-count-compaction", exchange -> { });

        assertThat(tick.getException()).as("not failed").isNull();
        assertThat(journal).containsExactly("compact");
        assertThat(log.lines()).containsExactly(
                "WARN Host counts not compacted, will retry: Database unavailable: connection refused");
    }

    @Test
    void anyOtherFailureIsNotSwallowed() {
        counts.failure = new StoreException("relation \"host_count_deltas\" does not exist");

        Exchange tick = template.send("direct:host-count-compaction", exchange -> { });

        assertThat(tick.getException()).isSameAs(counts.failure);
        assertThat(journal).containsExactly("compact");
        assertThat(log.lines()).noneMatch(line -> line.contains("will retry"));
    }

    /** {@link HostCounts#compact()}: records the call, then fails with {@link #failure} when set. */
    public final class StubHostCounts {
        volatile RuntimeException failure;

        public boolean compact() {
            journal.add("compact");
            if (failure != null) {
                throw failure;
            }
            return true;
        }
    }
}
