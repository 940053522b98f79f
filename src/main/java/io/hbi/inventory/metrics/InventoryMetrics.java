package io.hbi.inventory.metrics;

import io.hbi.inventory.store.WriteFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.time.Duration;

/**
 * The inventory's own metrics, named as in the HBI contract (§9.1). Micrometer writes counters with the
 * {@code _total} suffix and timers as {@code _seconds_count/_sum/_max}, as prometheus-client did.
 */
public final class InventoryMetrics {

    private final MeterRegistry registry;
    private final Counter createHost;
    private final Counter updateHost;
    private final Counter deleteHost;
    private final Counter reaperFailures;
    private final Counter loginFailures;
    private final Counter tagsIgnoredFromHttp;
    private final Counter handlerSuccesses;
    private final Counter handlerFailures;
    private final Counter egressSuccesses;
    private final Counter egressFailures;
    private final Counter trackerSendFailures;
    private final Counter trackerConstructionFailures;
    private final Counter systemProfileKeysDropped;
    private final Counter deadLetters;
    private final Counter offsetCommitsGivenUp;
    private final Timer dedup;
    private final Timer elevatedIds;
    private final Timer newHostCommit;
    private final Timer updateHostCommit;
    private final Timer deleteHostCommit;
    private final Timer parsing;
    private final Timer handler;

    public InventoryMetrics(MeterRegistry registry) {
        this(registry, "Unknown");
    }

    /** @param version the build commit, exposed as {@code inventory_mq_service_version_info{version}} */
    public InventoryMetrics(MeterRegistry registry, String version) {
        this.registry = registry;
        createHost = registry.counter("inventory_create_host_count");
        updateHost = registry.counter("inventory_update_host_count");
        deleteHost = registry.counter("inventory_delete_host_count");
        reaperFailures = registry.counter("inventory_reaper_fail_count");
        loginFailures = registry.counter("inventory_login_failure_count");
        tagsIgnoredFromHttp = registry.counter("inventory_tags_ignored_from_http_count");
        handlerSuccesses = registry.counter("inventory_ingress_message_handler_successes");
        handlerFailures = registry.counter("inventory_ingress_message_handler_failures");
        egressSuccesses = registry.counter("inventory_egress_message_handler_successes");
        egressFailures = registry.counter("inventory_egress_message_handler_failures");
        trackerSendFailures = registry.counter("inventory_payload_tracker_message_send_failure_count");
        trackerConstructionFailures = registry.counter("inventory_payload_tracker_message_construction_failure_count");
        systemProfileKeysDropped = registry.counter("inventory_system_profile_unknown_keys_dropped");
        deadLetters = registry.counter("inventory_ingress_dead_letter_count");
        offsetCommitsGivenUp = registry.counter("inventory_ingress_offset_commit_given_up_count");
        dedup = timer("inventory_dedup_processing");
        elevatedIds = timer("inventory_find_host_using_elevated_ids_processing");
        newHostCommit = timer("inventory_new_host_commit");
        updateHostCommit = timer("inventory_update_host_commit");
        deleteHostCommit = timer("inventory_delete_host_commit");
        parsing = timer("inventory_ingress_message_parsing");
        handler = timer("inventory_ingress_message_handler");
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            Info.builder().name("inventory_mq_service_version").help("build of the service").labelNames("version")
                    .register(prometheus.getPrometheusRegistry()).addLabelValues(version);
        }
    }

    /**
     * {@code inventory_database_failure_count}: transactions the database failed for a reason that is not the data's
     * (not in HBI 2020; each is retried).
     */
    public void countWriteFailures(WriteFailures failures) {
        FunctionCounter.builder("inventory_database_failure_count", failures, WriteFailures::count)
                .description("transactions the database failed for an infrastructure reason (retried)")
                .register(registry);
    }

    private Timer timer(String name) {
        return Timer.builder(name).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void hostCreated(Duration commit) {
        createHost.increment();
        newHostCommit.record(commit);
    }

    public void hostUpdated(Duration commit) {
        updateHost.increment();
        updateHostCommit.record(commit);
    }

    public void hostDeleted(Duration commit) {
        deleteHost.increment();
        deleteHostCommit.record(commit);
    }

    /**
     * {@code inventory_ingress_offset_commit_given_up_count} (not in HBI 2020): partitions whose offsets a batch could
     * not commit because a rebalance gave them to another consumer, which reads those records again.
     */
    public void offsetCommitGivenUp() {
        offsetCommitsGivenUp.increment();
    }

    public void reaperFailed() {
        reaperFailures.increment();
    }

    public void loginFailed() {
        loginFailures.increment();
    }

    public void tagsIgnoredFromHttp() {
        tagsIgnoredFromHttp.increment();
    }

    public void restPost(String reporter) {
        registry.counter("rest_post_request_count", "reporter", label(reporter)).increment();
    }

    public void dedup(Duration elapsed) {
        dedup.record(elapsed);
    }

    public void elevatedIdLookup(Duration elapsed) {
        elevatedIds.record(elapsed);
    }

    public void parsing(Duration elapsed) {
        parsing.record(elapsed);
    }

    public void handler(Duration elapsed) {
        handler.record(elapsed);
    }

    /** An ingress message that was not JSON or not an add_host envelope ({@code cause} "invalid" or "error"). */
    public void parsingFailed(String cause) {
        registry.counter("inventory_ingress_message_parsing_failures", "cause", cause).increment();
        handlerFailures.increment();
    }

    public void addHostSucceeded(String result, String reporter) {
        registry.counter("inventory_ingress_add_host_successes", "result", result, "reporter", label(reporter))
                .increment();
        handlerSuccesses.increment();
    }

    /** {@code cause} is "InventoryException" for invalid hosts, "Exception" for anything else. */
    public void addHostFailed(String cause, String reporter) {
        registry.counter("inventory_ingress_add_host_failures", "cause", cause, "reporter", label(reporter))
                .increment();
        handlerFailures.increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public void eventsPublished(int count) {
        egressSuccesses.increment(count);
    }

    public void eventsFailed(int count) {
        egressFailures.increment(count);
    }

    public void eventSerialization(String eventType, Duration elapsed) {
        Timer.builder("inventory_event_serialization").tag("event_type", eventType).register(registry).record(elapsed);
    }

    public void trackerSendFailed() {
        trackerSendFailures.increment();
    }

    public void trackerConstructionFailed() {
        trackerConstructionFailures.increment();
    }

    public void systemProfileKeysDropped(int count) {
        if (count > 0) {
            systemProfileKeysDropped.increment(count);
        }
    }

    private static String label(String reporter) {
        return reporter == null ? "null" : reporter;
    }
}
