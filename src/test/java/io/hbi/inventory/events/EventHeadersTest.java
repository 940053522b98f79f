package io.hbi.inventory.events;

import io.hbi.inventory.host.Host;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static io.hbi.inventory.events.HostJsonTest.object;
import static io.hbi.inventory.events.HostJsonTest.sampleHost;
import static org.assertj.core.api.Assertions.assertThat;

class EventHeadersTest {

    private final EventHeaders headers = new EventHeaders("inventory-mq-7d9f-x2");

    static Host withProfile(Host host, String systemProfile) {
        return new Host(host.id(), host.account(), host.orgId(), host.displayName(), host.ansibleHost(),
                host.canonicalFacts(), host.facts(), host.tags(), systemProfile == null ? null : object(systemProfile),
                host.staleTimestamp(), host.reporter(), host.created(), host.updated());
    }

    static Host withoutInsightsIdOrReporter(Host host) {
        return new Host(host.id(), host.account(), host.orgId(), host.displayName(), host.ansibleHost(),
                object("{'fqdn': 'x.example.com'}"), host.facts(), host.tags(), host.systemProfile(),
                host.staleTimestamp(), null, host.created(), host.updated());
    }

    @Test
    void everyHeaderOfAConventionalHostInOrder() {
        assertThat(headers.of(HostEventType.CREATED, sampleHost(), "a1b2")).containsExactly(
                Map.entry("event_type", "created"),
                Map.entry("request_id", "a1b2"),
                Map.entry("producer", "inventory-mq-7d9f-x2"),
                Map.entry("insights_id", "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1"),
                Map.entry("reporter", "puptoo"),
                Map.entry("host_type", ""),
                Map.entry("os_name", ""),
                Map.entry("is_bootc", "False"));
    }

    @Test
    void theEventTypeOfEachKind() {
        assertThat(headers.of(HostEventType.UPDATED, sampleHost(), null)).containsEntry("event_type", "updated");
        assertThat(headers.of(HostEventType.DELETE, sampleHost(), null)).containsEntry("event_type", "delete");
    }

    @Test
    void anUnknownRequestIdIsEmpty() {
        assertThat(headers.of(HostEventType.UPDATED, sampleHost(), null)).containsEntry("request_id", "");
        assertThat(headers.of(HostEventType.UPDATED, sampleHost(), "")).containsEntry("request_id", "");
        assertThat(headers.of(HostEventType.DELETE, sampleHost(), HostEvents.NO_REQUEST_ID))
                .as("2020's placeholder for no request id").containsEntry("request_id", "");
    }

    @Test
    void aHostWithoutInsightsIdHasTheZeroUuidAndWithoutReporterAnEmptyOne() {
        Map<String, String> values = headers.of(HostEventType.DELETE, withoutInsightsIdOrReporter(sampleHost()), "r");
        assertThat(values).containsEntry("insights_id", "00000000-0000-0000-0000-000000000000")
                .containsEntry("reporter", "");
        assertThat(EventHeaders.NO_INSIGHTS_ID).isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void hostTypeIsEdgeOnlyForAnEdgeProfile() {
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(), "{'host_type': 'edge'}"), null))
                .containsEntry("host_type", "edge");
        for (String profile : new String[] {"{'host_type': 'cluster'}", "{'host_type': 'Edge'}",
                "{'host_type': null}", "{'host_type': 1}", "{}"}) {
            assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(), profile), null)).as(profile)
                    .containsEntry("host_type", "");
        }
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(), null), null))
                .as("no profile at all").containsEntry("host_type", "").containsEntry("os_name", "")
                .containsEntry("is_bootc", "False");
    }

    @Test
    void osNameIsTheOperatingSystemsName() {
        assertThat(headers.of(HostEventType.UPDATED,
                withProfile(sampleHost(), "{'operating_system': {'major': 9, 'minor': 4, 'name': 'RHEL'}}"), null))
                .containsEntry("os_name", "RHEL");
        assertThat(headers.of(HostEventType.UPDATED,
                withProfile(sampleHost(), "{'operating_system': {'major': 9, 'minor': 4}}"), null))
                .containsEntry("os_name", "");
        assertThat(headers.of(HostEventType.UPDATED,
                withProfile(sampleHost(), "{'os_release': 'Red Hat Enterprise Linux'}"), null))
                .as("os_release is not the operating system's name").containsEntry("os_name", "");
    }

    @Test
    void isBootcWhenBootcStatusHasABootedImage() {
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(),
                "{'bootc_status': {'booted': {'image': 'quay.io/x/y:1', 'image_digest': 'sha256:abc'}}}"), null))
                .containsEntry("is_bootc", "True");
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(),
                "{'bootc_status': {'booted': {}}}"), null)).as("present, even empty").containsEntry("is_bootc", "True");
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(),
                "{'bootc_status': {'staged': {'image': 'quay.io/x/y:2'}}}"), null)).containsEntry("is_bootc", "False");
        assertThat(headers.of(HostEventType.CREATED, withProfile(sampleHost(),
                "{'bootc_status': {'booted': null}}"), null)).containsEntry("is_bootc", "False");
    }

    @Test
    void producerIsTheConfiguredNameElseTheLocalHostName() throws Exception {
        String localHost = InetAddress.getLocalHost().getHostName();
        assertThat(EventHeaders.producerName("inventory-api-5c8b-q7")).isEqualTo("inventory-api-5c8b-q7");
        assertThat(EventHeaders.producerName("")).as("HOSTNAME's default").isEqualTo(localHost);
        assertThat(EventHeaders.producerName(" ")).isEqualTo(localHost);
        assertThat(EventHeaders.producerName(null)).isEqualTo(localHost);
        assertThat(new EventHeaders(null).of(HostEventType.CREATED, sampleHost(), null)).containsEntry("producer", "");
    }
}
