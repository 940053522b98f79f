package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import static io.hbi.inventory.host.Json.object;
import static io.hbi.inventory.host.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;

class HostMergeTest {

    private static final UUID ID = UUID.fromString("6e7b6317-0a2d-4552-a2f2-b7da0aece49d");
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2020, 7, 1, 8, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2020, 7, 7, 9, 0, 0, 1000, ZoneOffset.UTC);
    private static final OffsetDateTime STALE = OffsetDateTime.of(2020, 7, 8, 10, 0, 0, 0, ZoneOffset.ofHours(2));

    private static HostInput input(String canonicalFacts, String displayName, String reporter) {
        return new HostInput("0000001", null, displayName, null, object(canonicalFacts), null, null, false, null, STALE,
                reporter);
    }

    private static HostInput input(String canonicalFacts) {
        return input(canonicalFacts, null, "puptoo");
    }

    private static Host stored(String displayName, String canonicalFacts) {
        return new Host(ID, "0000001", null, displayName, "ansible.old", object(canonicalFacts),
                object("{'ns1': {'a': 1}, 'ns2': {'b': 2}}"), object("{'keep': {'k': ['v']}, 'gone': {'x': []}}"),
                object("{'arch': 'x86_64', 'number_of_cpus': 2}"),
                OffsetDateTime.of(2020, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC), "yupana", CREATED, CREATED);
    }

    private static HostInput with(HostInput in, String ansibleHost, ObjectNode facts, ObjectNode tags,
                                  ObjectNode systemProfile) {
        return new HostInput(in.account(), in.orgId(), in.displayName(), ansibleHost, in.canonicalFacts(), facts, tags,
                tags != null && tags.isEmpty(), systemProfile, in.staleTimestamp(), in.reporter());
    }

    // ---- each reporter's check-in (hbi-later L3.3) ------------------------------------------------------------

    @Test
    void aCreatedHostHasItsReportersCheckInAndAnUpdateAddsTheNextReporters() {
        Host created = HostMerge.create(ID, input("{'fqdn': 'a'}"), NOW);
        assertThat(created.perReporter()).containsExactly(java.util.Map.entry("puptoo",
                new ReporterCheckIn(NOW, STALE)));
        OffsetDateTime later = NOW.plusHours(1);
        Host updated = HostMerge.update(created, input("{'fqdn': 'a'}", null, "rhsm-conduit"), Door.MQ, later);
        assertThat(updated.reporterCheckIns()).containsOnlyKeys("puptoo", "rhsm-conduit");
        assertThat(updated.reporterCheckIns().get("puptoo").lastCheckIn()).isEqualTo(NOW);
        assertThat(updated.reporterCheckIns().get("rhsm-conduit").lastCheckIn()).isEqualTo(later);
    }

    @Test
    void aRowWithoutCheckInsOfItsReportersHasItsOneReportersAndSatelliteReplacesYupana() {
        Host old = stored("old", "{'fqdn': 'a'}");
        assertThat(old.reporterCheckIns()).containsExactly(java.util.Map.entry("yupana",
                new ReporterCheckIn(CREATED, old.staleTimestamp())));
        Host updated = HostMerge.update(old, input("{'fqdn': 'a'}", null, "satellite"), Door.MQ, NOW);
        assertThat(updated.reporterCheckIns()).containsOnlyKeys("satellite");
        Host byPuptoo = HostMerge.update(old, input("{'fqdn': 'a'}"), Door.MQ, NOW);
        assertThat(byPuptoo.reporterCheckIns()).containsOnlyKeys("yupana", "puptoo");
    }

    @Test
    void aCheckInMovesTheCheckInsAndStaleTimestampButNotUpdated() {
        Host host = HostMerge.create(ID, input("{'fqdn': 'a'}"), CREATED);
        Host checked = host.checkedIn(NOW, NOW.plusDays(1));
        assertThat(checked.lastCheckIn()).isEqualTo(NOW);
        assertThat(checked.updated()).isEqualTo(CREATED);
        assertThat(checked.staleTimestamp()).isEqualTo(NOW.plusDays(1));
        assertThat(checked.reporterCheckIns().get("puptoo")).isEqualTo(new ReporterCheckIn(NOW, NOW.plusDays(1)));
        assertThat(checked.edited("n", null, host.facts(), NOW).perReporter()).as("an edit is not a check-in")
                .isEqualTo(checked.perReporter());
    }

    // ---- create --------------------------------------------------------------------------------------------

    @Test
    void createTakesTheInput() {
        HostInput in = with(input("{'fqdn': 'h.test'}", "given", "puptoo"), "ans",
                object("{'ns': {'a': 1}}"), object("{'ns': {'k': ['v']}, 'empty': {}}"), object("{'arch': 'x'}"));
        Host host = HostMerge.create(ID, in, NOW);
        assertThat(host.id()).isEqualTo(ID);
        assertThat(host.account()).isEqualTo("0000001");
        assertThat(host.displayName()).isEqualTo("given");
        assertThat(host.ansibleHost()).isEqualTo("ans");
        assertThat(host.canonicalFacts()).isEqualTo(parse("{'fqdn': 'h.test'}"));
        assertThat(host.facts()).isEqualTo(parse("{'ns': {'a': 1}}"));
        assertThat(host.tags()).isEqualTo(parse("{'ns': {'k': ['v']}}"));
        assertThat(host.systemProfile()).isEqualTo(parse("{'arch': 'x'}"));
        assertThat(host.staleTimestamp()).isEqualTo(STALE);
        assertThat(host.reporter()).isEqualTo("puptoo");
        assertThat(host.created()).isEqualTo(NOW);
        assertThat(host.updated()).isEqualTo(NOW);
    }

    @Test
    void createWithoutOptionalPartsStoresEmptyObjects() {
        Host host = HostMerge.create(ID, input("{'fqdn': 'h.test'}"), NOW);
        assertThat(host.facts()).isEqualTo(parse("{}"));
        assertThat(host.tags()).isEqualTo(parse("{}"));
        assertThat(host.systemProfile()).isEqualTo(parse("{}"));
        assertThat(host.ansibleHost()).isNull();
    }

    @Test
    void createDisplayNameDefaultsToFqdnThenId() {
        assertThat(HostMerge.create(ID, input("{'fqdn': 'h.test'}"), NOW).displayName()).isEqualTo("h.test");
        assertThat(HostMerge.create(ID, input("{'external_id': 'e'}"), NOW).displayName()).isEqualTo(ID.toString());
    }

    // ---- update: display_name ------------------------------------------------------------------------------

    @Test
    void updateDisplayNameReplacedWhenGiven() {
        Host updated = HostMerge.update(stored("old", "{'fqdn': 'a'}"), input("{}", "new", "puptoo"), Door.MQ, NOW);
        assertThat(updated.displayName()).isEqualTo("new");
    }

    @Test
    void updateDisplayNameKeptWhenNotGiven() {
        Host updated = HostMerge.update(stored("old", "{'fqdn': 'a'}"), input("{}", null, "puptoo"), Door.MQ, NOW);
        assertThat(updated.displayName()).isEqualTo("old");
    }

    @Test
    void updateBackFillsAnEmptyDisplayNameFromTheMergedFqdnThenTheId() {
        assertThat(HostMerge.update(stored(null, "{'fqdn': 'old.fqdn'}"), input("{'fqdn': 'new.fqdn'}"), Door.MQ,
                NOW).displayName()).isEqualTo("new.fqdn");
        assertThat(HostMerge.update(stored("", "{'fqdn': 'old.fqdn'}"), input("{'external_id': 'e'}"), Door.REST,
                NOW).displayName()).isEqualTo("old.fqdn");
        assertThat(HostMerge.update(stored(null, "{'external_id': 'e'}"), input("{}"), Door.MQ,
                NOW).displayName()).isEqualTo(ID.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yupana", "rhsm-conduit"})
    void yupanaAndRhsmConduitNeverChangeDisplayNameButUpdateTheRest(String reporter) {
        Host updated = HostMerge.update(stored("old", "{'fqdn': 'a'}"), input("{'fqdn': 'b'}", "new", reporter),
                Door.MQ, NOW);
        assertThat(updated.displayName()).isEqualTo("old");
        assertThat(updated.reporter()).isEqualTo(reporter);
        assertThat(updated.canonicalFacts()).isEqualTo(parse("{'fqdn': 'b'}"));
        assertThat(HostMerge.update(stored(null, "{'fqdn': 'a'}"), input("{}", null, reporter), Door.MQ, NOW)
                .displayName()).isNull();
    }

    // ---- update: other fields ------------------------------------------------------------------------------

    @Test
    void updateMergesCanonicalFactsNeverRemovingStoredOnes() {
        Host updated = HostMerge.update(stored("n", "{'fqdn': 'a', 'insights_id': 'i', 'ip_addresses': ['1']}"),
                input("{'fqdn': 'b', 'ip_addresses': ['2', '3'], 'external_id': 'e'}"), Door.MQ, NOW);
        assertThat(updated.canonicalFacts()).isEqualTo(
                parse("{'fqdn': 'b', 'insights_id': 'i', 'ip_addresses': ['2', '3'], 'external_id': 'e'}"));
    }

    @Test
    void updateAnsibleHostSetWhenNotNullAndEmptyClears() {
        Host existing = stored("n", "{'fqdn': 'a'}");
        HostInput base = input("{}");
        assertThat(HostMerge.update(existing, with(base, null, null, null, null), Door.MQ, NOW).ansibleHost())
                .isEqualTo("ansible.old");
        assertThat(HostMerge.update(existing, with(base, "", null, null, null), Door.MQ, NOW).ansibleHost())
                .isEmpty();
        assertThat(HostMerge.update(existing, with(base, "new", null, null, null), Door.REST, NOW).ansibleHost())
                .isEqualTo("new");
    }

    @Test
    void updateReplacesFactNamespacesWholesaleAndKeepsOthers() {
        Host updated = HostMerge.update(stored("n", "{'fqdn': 'a'}"),
                with(input("{}"), null, object("{'ns1': {'c': 3}, 'ns3': {}}"), null, null), Door.REST, NOW);
        assertThat(updated.facts()).isEqualTo(parse("{'ns1': {'c': 3}, 'ns2': {'b': 2}, 'ns3': {}}"));
        assertThat(HostMerge.update(stored("n", "{'fqdn': 'a'}"), input("{}"), Door.MQ, NOW).facts())
                .isEqualTo(parse("{'ns1': {'a': 1}, 'ns2': {'b': 2}}"));
    }

    @Test
    void updateTagsReplaceDeleteKeep() {
        Host updated = HostMerge.update(stored("n", "{'fqdn': 'a'}"),
                with(input("{}"), null, null, object("{'gone': {}, 'new': {'k': ['v']}}"), null), Door.MQ, NOW);
        assertThat(updated.tags()).isEqualTo(parse("{'keep': {'k': ['v']}, 'new': {'k': ['v']}}"));
        assertThat(HostMerge.update(stored("n", "{'fqdn': 'a'}"), with(input("{}"), null, null, object("{}"), null),
                Door.MQ, NOW).tags()).isEqualTo(parse("{'keep': {'k': ['v']}, 'gone': {'x': []}}"));
    }

    @Test
    void updateShallowMergesTheSystemProfileOnMqOnly() {
        HostInput in = with(input("{}"), null, null, null, object("{'number_of_cpus': 4, 'os_release': '8'}"));
        assertThat(HostMerge.update(stored("n", "{'fqdn': 'a'}"), in, Door.MQ, NOW).systemProfile())
                .isEqualTo(parse("{'arch': 'x86_64', 'number_of_cpus': 4, 'os_release': '8'}"));
        assertThat(HostMerge.update(stored("n", "{'fqdn': 'a'}"), in, Door.REST, NOW).systemProfile())
                .isEqualTo(parse("{'arch': 'x86_64', 'number_of_cpus': 2}"));
        assertThat(HostMerge.update(stored("n", "{'fqdn': 'a'}"), input("{}"), Door.MQ, NOW).systemProfile())
                .isEqualTo(parse("{'arch': 'x86_64', 'number_of_cpus': 2}"));
    }

    @Test
    void rhsmAndWorkloadsAreMergedKeyByKeyAndEveryOtherFieldIsReplaced() {
        ObjectNode stored = object("{'arch': 'x86_64',"
                + " 'rhsm': {'version': '8.1', 'environment_ids': ['e1']},"
                + " 'workloads': {'sap': {'sap_system': true, 'sids': ['ABC']}, 'ansible': {'hub_version': '1.2'}},"
                + " 'operating_system': {'name': 'RHEL', 'major': 8, 'minor': 4},"
                + " 'system_purpose': {'role': 'Server', 'sla': 'Premium'}}");
        ObjectNode sent = object("{'rhsm': {'version': '9.2'}, 'workloads': {'sap': {'sap_system': false}},"
                + " 'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 2}, 'system_purpose': {'usage': 'Test'}}");
        ObjectNode sentCopy = sent.deepCopy();
        ObjectNode storedCopy = stored.deepCopy();

        ObjectNode merged = HostMerge.mergeSystemProfile(stored, sent);

        assertThat(merged).isEqualTo(parse("{'arch': 'x86_64',"
                + " 'rhsm': {'version': '9.2', 'environment_ids': ['e1']},"
                + " 'workloads': {'sap': {'sap_system': false}, 'ansible': {'hub_version': '1.2'}},"
                + " 'operating_system': {'name': 'RHEL', 'major': 9, 'minor': 2},"
                + " 'system_purpose': {'usage': 'Test'}}"));
        assertThat(stored).isEqualTo(storedCopy);
        assertThat(sent).isEqualTo(sentCopy);
        ((ObjectNode) merged.get("rhsm")).put("version", "changed");
        ((ObjectNode) merged.get("workloads")).remove("sap");
        assertThat(stored).as("the result shares no node with the arguments").isEqualTo(storedCopy);
        assertThat(sent).isEqualTo(sentCopy);
    }

    @Test
    void rhsmOrWorkloadsWithoutAStoredObjectAreTakenAsSent() {
        assertThat(HostMerge.mergeSystemProfile(object("{'arch': 'x'}"),
                object("{'rhsm': {'version': '9'}, 'workloads': {'mssql': {'version': '15.2.0'}}}")))
                .isEqualTo(parse("{'arch': 'x', 'rhsm': {'version': '9'}, 'workloads': {'mssql': {'version': '15.2.0'}}}"));
        assertThat(HostMerge.mergeSystemProfile(null, object("{'workloads': {}}"))).isEqualTo(parse("{'workloads': {}}"));
        assertThat(HostMerge.mergeSystemProfile(object("{'workloads': {'sap': {'sap_system': true}}}"),
                object("{'workloads': {}}"))).as("an empty object sent keeps every stored key")
                .isEqualTo(parse("{'workloads': {'sap': {'sap_system': true}}}"));
    }

    @Test
    void theMergeOfRhsmAndWorkloadsHappensOnMqOnly() {
        Host existing = stored("n", "{'fqdn': 'a'}");
        Host withRhsm = new Host(existing.id(), existing.account(), existing.orgId(), existing.displayName(),
                existing.ansibleHost(), existing.canonicalFacts(), existing.facts(), existing.tags(),
                object("{'rhsm': {'version': '8.1', 'environment_ids': ['e1']}}"), existing.staleTimestamp(),
                existing.reporter(), existing.created(), existing.updated());
        HostInput in = with(input("{}"), null, null, null, object("{'rhsm': {'version': '9.2'}}"));
        assertThat(HostMerge.update(withRhsm, in, Door.MQ, NOW).systemProfile())
                .isEqualTo(parse("{'rhsm': {'version': '9.2', 'environment_ids': ['e1']}}"));
        assertThat(HostMerge.update(withRhsm, in, Door.REST, NOW).systemProfile())
                .isEqualTo(parse("{'rhsm': {'version': '8.1', 'environment_ids': ['e1']}}"));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anUpdateGivesTheSameHostFromAStoredProfileReadWithoutTheFieldsItReplaces(Door door) {
        Host existing = stored("n", "{'fqdn': 'a'}").withSystemProfile(object("{'arch': 'x86_64',"
                + " 'installed_packages': ['a-1.0-1.x86_64', 'b-2.0-1.noarch'], 'number_of_cpus': 2,"
                + " 'rhsm': {'version': '8.1', 'environment_ids': ['e1']}, 'workloads': {'sap': {'sap_system': true}},"
                + " 'yum_repos': [{'id': 'r', 'enabled': true}]}"));
        HostInput in = with(input("{}"), null, null, null, object("{'installed_packages': ['a-1.1-1.x86_64'],"
                + " 'number_of_cpus': 4, 'rhsm': {'version': '9.2'}, 'workloads': {'ansible': {'hub_version': '1'}},"
                + " 'os_release': '9.2'}"));

        Set<String> replaced = HostMerge.profileFieldsReplaced(in, door);
        ObjectNode withoutThem = existing.systemProfile().deepCopy();
        withoutThem.remove(replaced);
        Host merged = HostMerge.update(existing.withSystemProfile(withoutThem), in, door, NOW);

        assertThat(replaced).isEqualTo(door == Door.MQ
                ? Set.of("installed_packages", "number_of_cpus", "os_release") : Set.of());
        assertThat(merged.systemProfile()).isEqualTo(HostMerge.update(existing, in, door, NOW).systemProfile());
        assertThat(merged).usingRecursiveComparison().ignoringFields("systemProfile")
                .isEqualTo(HostMerge.update(existing, in, door, NOW));
        assertThat(HostMerge.profileFieldsReplaced(input("{}"), Door.MQ)).as("no profile sent: none replaced").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void updateAlwaysOverwritesStaleTimestampAndReporterAndBumpsUpdated(Door door) {
        Host updated = HostMerge.update(stored("n", "{'fqdn': 'a'}"), input("{}", null, "puptoo"), door, NOW);
        assertThat(updated.staleTimestamp()).isEqualTo(STALE);
        assertThat(updated.reporter()).isEqualTo("puptoo");
        assertThat(updated.created()).isEqualTo(CREATED);
        assertThat(updated.updated()).isEqualTo(NOW);
        assertThat(updated.id()).isEqualTo(ID);
        assertThat(updated.account()).isEqualTo("0000001");
    }

    @Test
    void updateLeavesTheStoredHostUntouched() {
        Host existing = stored("n", "{'fqdn': 'a'}");
        Host before = new Host(existing.id(), existing.account(), existing.orgId(), existing.displayName(), existing.ansibleHost(),
                existing.canonicalFacts().deepCopy(), existing.facts().deepCopy(), existing.tags().deepCopy(),
                existing.systemProfile().deepCopy(), existing.staleTimestamp(), existing.reporter(),
                existing.created(), existing.updated());
        HostMerge.update(existing, with(input("{'fqdn': 'b'}"), "x", object("{'ns1': {}}"),
                object("{'keep': {}}"), object("{'arch': 'y'}")), Door.MQ, NOW);
        assertThat(existing).isEqualTo(before);
    }
}
