package io.hbi.inventory.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.staleness.StalenessWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HostJsonTest {

    static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    static final UUID ID = UUID.fromString("6e7b6317-0a2d-4552-a2f2-b7da0aece49d");

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object(String json) {
        return (ObjectNode) parse(json);
    }

    static Host sampleHost() {
        return new Host(ID, "000501", null, "host1", null,
                object("{'insights_id': '4a8fb994-57fe-4dbb-ad2a-9e922560b6c1', 'ip_addresses': ['10.0.0.2'],"
                        + " 'fqdn': 'host1.domain.test'}"),
                object("{'ns1': {'key1': 'value1'}, 'legacy': null}"),
                object("{'insights-client': {'env': ['prod']}, 'null': {'bare': []}}"),
                object("{'arch': 'x86_64'}"),
                OffsetDateTime.parse("2020-07-07T12:00:00.123456+02:00"), "puptoo",
                OffsetDateTime.parse("2020-07-06T08:07:03.354307Z"),
                OffsetDateTime.parse("2020-07-07T09:00:00.000001Z"));
    }

    /** The sample host with the given tenancy: an org (a today's caller's) and an account, each may be null. */
    static Host inOrg(Host host, String account, String orgId) {
        return new Host(host.id(), account, orgId, host.displayName(), host.ansibleHost(), host.canonicalFacts(),
                host.facts(), host.tags(), host.systemProfile(), host.staleTimestamp(), host.reporter(), host.created(),
                host.updated());
    }

    @Test
    void restHostHasTheTwentyKeysOf2020InOrderPlusOrgIdAfterAccountAndLaterHbisProviderCheckInAndGroups() {
        ObjectNode json = HostJson.restHost(sampleHost(), StalenessWindow.DEFAULT);
        assertThat(json.fieldNames()).toIterable().containsExactly("id", "account", "org_id", "display_name",
                "ansible_host", "insights_id", "rhel_machine_id", "subscription_manager_id", "satellite_id",
                "bios_uuid", "ip_addresses", "fqdn", "mac_addresses", "external_id", "provider_id", "provider_type",
                "facts", "reporter", "stale_timestamp", "stale_warning_timestamp", "culled_timestamp", "created",
                "updated", "last_check_in", "per_reporter_staleness", "groups");
        assertThat(json).isEqualTo(parse("{'id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'account': '000501',"
                + " 'org_id': null, 'display_name': 'host1', 'ansible_host': null,"
                + " 'insights_id': '4a8fb994-57fe-4dbb-ad2a-9e922560b6c1', 'rhel_machine_id': null,"
                + " 'subscription_manager_id': null, 'satellite_id': null, 'bios_uuid': null,"
                + " 'ip_addresses': ['10.0.0.2'], 'fqdn': 'host1.domain.test', 'mac_addresses': null,"
                + " 'external_id': null, 'provider_id': null, 'provider_type': null,"
                + " 'facts': [{'namespace': 'ns1', 'facts': {'key1': 'value1'}}, {'namespace': 'legacy', 'facts': {}}],"
                + " 'reporter': 'puptoo',"
                + " 'stale_timestamp': '2020-07-07T10:00:00.123456+00:00',"
                + " 'stale_warning_timestamp': '2020-07-14T10:00:00.123456+00:00',"
                + " 'culled_timestamp': '2020-07-21T10:00:00.123456+00:00',"
                + " 'created': '2020-07-06T08:07:03.354307+00:00',"
                + " 'updated': '2020-07-07T09:00:00.000001+00:00',"
                + " 'last_check_in': '2020-07-07T09:00:00.000001+00:00',"
                + " 'per_reporter_staleness': {'puptoo': {'last_check_in': '2020-07-07T09:00:00.000001+00:00',"
                + "   'stale_timestamp': '2020-07-07T10:00:00.123456+00:00',"
                + "   'stale_warning_timestamp': '2020-07-14T10:00:00.123456+00:00',"
                + "   'culled_timestamp': '2020-07-21T10:00:00.123456+00:00', 'check_in_succeeded': true}},"
                + " 'groups': []}"));
    }

    @Test
    void aHostShowsItsGroupWholeOverRestAndTrimmedInEvents() {
        HostGroup group = new HostGroup(java.util.UUID.fromString("0c5a3e1e-9f4b-4d0a-8b57-2f7c1c1d5e11"), "web",
                "5894300", null, OffsetDateTime.parse("2026-12-01T10:00:00Z"),
                OffsetDateTime.parse("2026-12-02T10:00:00.5Z"));
        Host grouped = sampleHost().withGroups(List.of(group));
        assertThat(HostJson.restHost(grouped, StalenessWindow.DEFAULT).get("groups")).isEqualTo(parse(
                "[{'id': '0c5a3e1e-9f4b-4d0a-8b57-2f7c1c1d5e11', 'name': 'web', 'org_id': '5894300', 'account': null,"
                        + " 'ungrouped': false, 'created': '2026-12-01T10:00:00+00:00',"
                        + " 'updated': '2026-12-02T10:00:00.500000+00:00'}]"));
        assertThat(HostJson.eventHost(grouped, StalenessWindow.DEFAULT).get("groups")).isEqualTo(parse(
                "[{'id': '0c5a3e1e-9f4b-4d0a-8b57-2f7c1c1d5e11', 'name': 'web', 'ungrouped': false}]"));
        assertThat(HostJson.eventHost(sampleHost(), StalenessWindow.DEFAULT).get("groups")).isEqualTo(parse("[]"));
    }

    @Test
    void aHostOfAnOrgWithASettingShowsTimestampsMeasuredFromItsCheckInsAndEveryOtherHost2020s() {
        Host host = sampleHost();
        OffsetDateTime checkIn = OffsetDateTime.parse("2026-03-01T10:00:00Z");
        OffsetDateTime satellite = OffsetDateTime.parse("2026-02-01T10:00:00Z");
        java.util.function.Function<String, Host> ofOrg = orgId -> new Host(host.id(), host.account(), orgId,
                host.displayName(), host.ansibleHost(), host.canonicalFacts(), host.facts(), host.tags(),
                host.systemProfile(), host.staleTimestamp(), host.reporter(), host.created(), host.updated(), null,
                null, checkIn, java.util.Map.of(
                "puptoo", new io.hbi.inventory.host.ReporterCheckIn(checkIn, host.staleTimestamp()),
                "satellite", new io.hbi.inventory.host.ReporterCheckIn(satellite, null)));
        Host checkedIn = ofOrg.apply("with-setting");
        io.hbi.inventory.staleness.StalenessRules rules = io.hbi.inventory.staleness.StalenessRules.of(
                StalenessWindow.DEFAULT, List.of(new io.hbi.inventory.staleness.StalenessSetting(
                        java.util.UUID.randomUUID(), "with-setting", 60, 120, 180, null, null)));
        for (ObjectNode json : List.of(HostJson.restHost(checkedIn, rules), HostJson.eventHost(checkedIn, rules))) {
            assertThat(json.get("stale_timestamp").asText()).isEqualTo("2026-03-01T10:01:00+00:00");
            assertThat(json.get("stale_warning_timestamp").asText()).isEqualTo("2026-03-01T10:02:00+00:00");
            assertThat(json.get("culled_timestamp").asText()).isEqualTo("2026-03-01T10:03:00+00:00");
            assertThat(json.get("per_reporter_staleness")).isEqualTo(parse("{"
                    + "'puptoo': {'last_check_in': '2026-03-01T10:00:00+00:00',"
                    + "  'stale_timestamp': '2026-03-01T10:01:00+00:00',"
                    + "  'stale_warning_timestamp': '2026-03-01T10:02:00+00:00',"
                    + "  'culled_timestamp': '2026-03-01T10:03:00+00:00', 'check_in_succeeded': true},"
                    + "'satellite': {'last_check_in': '2026-02-01T10:00:00+00:00',"
                    + "  'stale_timestamp': '2026-02-01T10:01:00+00:00',"
                    + "  'stale_warning_timestamp': '2026-02-01T10:02:00+00:00',"
                    + "  'culled_timestamp': '2026-02-01T10:03:00+00:00', 'check_in_succeeded': true}}"));
        }
        ObjectNode other = HostJson.restHost(ofOrg.apply("without"), rules);
        assertThat(other.get("stale_timestamp").asText()).isEqualTo("2020-07-07T10:00:00.123456+00:00");
        assertThat(other.at("/per_reporter_staleness/satellite/stale_timestamp").isNull())
                .as("2020's rule: a reporter that sent no stale_timestamp is unknown").isTrue();
    }

    @Test
    void providerAndLastCheckInAreShownAndARowWithoutACheckInShowsItsUpdated() {
        Host host = sampleHost();
        Host checkedIn = new Host(host.id(), host.account(), host.orgId(), host.displayName(), host.ansibleHost(),
                host.canonicalFacts(), host.facts(), host.tags(), host.systemProfile(), host.staleTimestamp(),
                host.reporter(), host.created(), host.updated(), "i-0abc", "aws",
                OffsetDateTime.parse("2020-07-07T08:00:00Z"));
        for (ObjectNode json : List.of(HostJson.restHost(checkedIn, StalenessWindow.DEFAULT),
                HostJson.eventHost(checkedIn, StalenessWindow.DEFAULT))) {
            assertThat(json.get("provider_id").asText()).isEqualTo("i-0abc");
            assertThat(json.get("provider_type").asText()).isEqualTo("aws");
            assertThat(json.get("last_check_in").asText()).isEqualTo("2020-07-07T08:00:00+00:00");
        }
        assertThat(HostJson.eventHost(host, StalenessWindow.DEFAULT).get("last_check_in").asText())
                .as("a row written before V12: its updated").isEqualTo("2020-07-07T09:00:00.000001+00:00");
    }

    @Test
    void orgIdIsTheHostsOrgAndAccountMayBeNull() {
        Host today = inOrg(sampleHost(), null, "5894300");
        for (ObjectNode json : List.of(HostJson.restHost(today, StalenessWindow.DEFAULT),
                HostJson.eventHost(today, StalenessWindow.DEFAULT))) {
            assertThat(json.get("org_id").asText()).isEqualTo("5894300");
            assertThat(json.get("account").isNull()).isTrue();
            assertThat(json.fieldNames()).toIterable().startsWith("id", "account", "org_id", "display_name");
        }
        Host both = inOrg(sampleHost(), "000501", "5894300");
        assertThat(HostJson.restHost(both, StalenessWindow.DEFAULT).get("account").asText()).isEqualTo("000501");
        assertThat(HostJson.eventHost(both, StalenessWindow.DEFAULT).get("org_id").asText()).isEqualTo("5894300");
        assertThat(HostJson.eventHost(sampleHost(), StalenessWindow.DEFAULT).get("org_id").isNull())
                .as("a 2020 host without an org").isTrue();
    }

    @Test
    void unknownStalenessRendersNullTimestampsAndNoFactsRendersEmptyList() {
        Host host = sampleHost();
        Host legacy = new Host(host.id(), host.account(), host.orgId(), host.displayName(), host.ansibleHost(),
                host.canonicalFacts(), null, null, null, null, host.reporter(), host.created(), host.updated());
        ObjectNode json = HostJson.restHost(legacy, StalenessWindow.DEFAULT);
        assertThat(json.get("stale_timestamp").isNull()).isTrue();
        assertThat(json.get("stale_warning_timestamp").isNull()).isTrue();
        assertThat(json.get("culled_timestamp").isNull()).isTrue();
        assertThat(json.get("facts")).isEqualTo(parse("[]"));
        ObjectNode event = HostJson.eventHost(legacy, StalenessWindow.DEFAULT);
        assertThat(event.get("tags")).isEqualTo(parse("[]"));
        assertThat(event.get("system_profile")).isEqualTo(parse("{}"));
    }

    @Test
    void eventHostHasTheEventKeysPlusFactsOrgIdProviderAndLastCheckIn() {
        ObjectNode json = HostJson.eventHost(sampleHost(), StalenessWindow.DEFAULT);
        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "account", "org_id",
                "display_name", "ansible_host", "insights_id", "rhel_machine_id", "subscription_manager_id",
                "satellite_id", "bios_uuid", "ip_addresses", "fqdn", "mac_addresses", "external_id", "provider_id",
                "provider_type", "facts", "created", "updated", "last_check_in", "stale_timestamp",
                "stale_warning_timestamp", "culled_timestamp", "reporter", "per_reporter_staleness", "tags",
                "system_profile", "groups");
        assertThat(json.get("tags")).isEqualTo(parse("[{'namespace': 'insights-client', 'key': 'env', 'value': 'prod'},"
                + " {'namespace': null, 'key': 'bare', 'value': null}]"));
        assertThat(json.get("system_profile")).isEqualTo(parse("{'arch': 'x86_64'}"));
        assertThat(json.get("facts")).isEqualTo(parse("[{'namespace': 'ns1', 'facts': {'key1': 'value1'}},"
                + " {'namespace': 'legacy', 'facts': {}}]"));
        assertThat(json.get("stale_timestamp").asText()).isEqualTo("2020-07-07T10:00:00.123456+00:00");
    }

    @Test
    void systemProfileItem() {
        assertThat(HostJson.systemProfileItem(sampleHost())).isEqualTo(
                parse("{'id': '6e7b6317-0a2d-4552-a2f2-b7da0aece49d', 'system_profile': {'arch': 'x86_64'}}"));
    }

    @Test
    void isoformatLikePython() {
        assertThat(HostJson.isoformat(OffsetDateTime.parse("2020-07-07T10:00:00Z")))
                .isEqualTo("2020-07-07T10:00:00+00:00");
        assertThat(HostJson.isoformat(OffsetDateTime.parse("2020-07-07T12:00:00.5+02:00")))
                .isEqualTo("2020-07-07T10:00:00.500000+00:00");
        assertThat(HostJson.isoformat(OffsetDateTime.parse("2020-07-07T10:00:00.000000999Z")))
                .isEqualTo("2020-07-07T10:00:00+00:00");
        assertThat(HostJson.isoformat(OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 6000, ZoneOffset.ofHours(-1))))
                .isEqualTo("2020-01-02T04:04:05.000006+00:00");
        assertThat(HostJson.isoformat(null)).isNull();
        assertThat(HostJson.naiveIsoformat(Instant.parse("2020-07-07T10:00:00.123456Z")))
                .isEqualTo("2020-07-07T10:00:00.123456");
        assertThat(HostJson.naiveIsoformat(Instant.parse("2020-07-07T10:00:00Z"))).isEqualTo("2020-07-07T10:00:00");
    }
}
