package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.HostValidator.Invalid;
import io.hbi.inventory.host.HostValidator.Problem;
import io.hbi.inventory.host.HostValidator.Result;
import io.hbi.inventory.host.HostValidator.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.hbi.inventory.host.Json.host;
import static io.hbi.inventory.host.Json.object;
import static io.hbi.inventory.host.Json.parse;
import static io.hbi.inventory.host.Json.repeat;
import static org.assertj.core.api.Assertions.assertThat;

class HostValidatorTest {

    private final HostValidator validator = new HostValidator();

    private HostInput valid(JsonNode raw, Door door) {
        Result result = validator.validate(raw, door);
        assertThat(result).as("errors: %s", result instanceof Invalid i ? i.errors() : "").isInstanceOf(Valid.class);
        return ((Valid) result).host();
    }

    private List<FieldError> errors(JsonNode raw, Door door) {
        Result result = validator.validate(raw, door);
        assertThat(result).isInstanceOf(Invalid.class);
        return ((Invalid) result).errors();
    }

    // ---- required fields -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"account", "stale_timestamp", "reporter"})
    void requiredFieldMissing(String field) {
        ObjectNode raw = host("{}");
        raw.remove(field);
        for (Door door : Door.values()) {
            assertThat(errors(raw, door)).containsExactly(new FieldError(field, "Missing data for required field."));
        }
    }

    @Test
    void minimalHostIsValid() {
        HostInput in = valid(host("{}"), Door.REST);
        assertThat(in.account()).isEqualTo("0000001");
        assertThat(in.reporter()).isEqualTo("puptoo");
        assertThat(in.displayName()).isNull();
        assertThat(in.ansibleHost()).isNull();
        assertThat(in.facts()).isNull();
        assertThat(in.tags()).isNull();
        assertThat(in.systemProfile()).isNull();
        assertThat(in.staleTimestamp()).isEqualTo(OffsetDateTime.of(2020, 7, 7, 10, 0, 0, 0, ZoneOffset.UTC));
    }

    // ---- lengths (boundary in and out) ---------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "account, 1, 10, Length must be between 1 and 10.",
            "display_name, 1, 200, Length must be between 1 and 200.",
            "ansible_host, 0, 255, Length must be between 0 and 255.",
            "fqdn, 1, 255, Length must be between 1 and 255.",
            "external_id, 1, 500, Length must be between 1 and 500.",
            "reporter, 1, 255, Length must be between 1 and 255.",
    })
    void stringLengthBoundaries(String field, int min, int max, String message) {
        for (Door door : Door.values()) {
            valid(host("{}").put(field, repeat(max)), door);
            valid(host("{}").put(field, repeat(min)), door);
            assertThat(errors(host("{'" + field + "': '" + repeat(max + 1) + "'}"), door))
                    .containsExactly(new FieldError(field, message));
            if (min > 0) {
                assertThat(errors(host("{'" + field + "': '" + repeat(min - 1) + "'}"), door))
                        .containsExactly(new FieldError(field, message));
            }
        }
    }

    @Test
    void lengthCountsCodePointsLikePython() {
        valid(host("{'account': '" + "\uD83D\uDE00".repeat(10) + "'}"), Door.MQ);
    }

    @Test
    void emptyAnsibleHostIsAllowedAndKept() {
        assertThat(valid(host("{'ansible_host': ''}"), Door.MQ).ansibleHost()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"ip_addresses, 255", "mac_addresses, 59"})
    void addressListRules(String field, int itemMax) {
        valid(host("{'" + field + "': ['" + repeat(itemMax) + "']}"), Door.MQ);
        assertThat(errors(host("{'" + field + "': []}"), Door.MQ))
                .containsExactly(new FieldError(field, "Shorter than minimum length 1."));
        assertThat(errors(host("{'" + field + "': ['a', '" + repeat(itemMax + 1) + "']}"), Door.MQ))
                .containsExactly(new FieldError(field + "[1]", "Length must be between 1 and " + itemMax + "."));
        assertThat(errors(host("{'" + field + "': ['']}"), Door.MQ))
                .containsExactly(new FieldError(field + "[0]", "Length must be between 1 and " + itemMax + "."));
        assertThat(errors(host("{'" + field + "': 'a'}"), Door.MQ))
                .containsExactly(new FieldError(field, "Not a valid list."));
        assertThat(errors(host("{'" + field + "': [1]}"), Door.MQ))
                .containsExactly(new FieldError(field + "[0]", "Not a valid string."));
        assertThat(errors(host("{'" + field + "': [null]}"), Door.MQ))
                .containsExactly(new FieldError(field + "[0]", "Field may not be null."));
    }

    @Test
    void addressesAreNotFormatChecked() {
        HostInput in = valid(host("{'ip_addresses': ['blah'], 'mac_addresses': ['not a mac']}"), Door.REST);
        assertThat(in.canonicalFacts().get("ip_addresses")).isEqualTo(parse("['blah']"));
        assertThat(in.canonicalFacts().get("mac_addresses")).isEqualTo(parse("['not a mac']"));
    }

    // ---- types and null ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"account", "display_name", "ansible_host", "insights_id", "rhel_machine_id",
            "subscription_manager_id", "satellite_id", "bios_uuid", "fqdn", "external_id", "reporter"})
    void stringFieldsRejectNumbersAndNull(String field) {
        for (Door door : Door.values()) {
            assertThat(errors(host("{'" + field + "': 12}"), door))
                    .containsExactly(new FieldError(field, "Not a valid string."));
            assertThat(errors(host("{'" + field + "': null}"), door))
                    .containsExactly(new FieldError(field, "Field may not be null."));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip_addresses", "mac_addresses", "facts", "system_profile", "stale_timestamp"})
    void structuredFieldsRejectNull(String field) {
        for (Door door : Door.values()) {
            assertThat(errors(host("{'" + field + "': null}"), door))
                    .containsExactly(new FieldError(field, "Field may not be null."));
        }
    }

    @Test
    void wrongContainerTypes() {
        assertThat(errors(host("{'facts': {}}"), Door.MQ)).containsExactly(new FieldError("facts", "Not a valid list."));
        assertThat(errors(host("{'system_profile': []}"), Door.MQ))
                .containsExactly(new FieldError("system_profile", "Invalid input type."));
        assertThat(errors(host("{'stale_timestamp': 5}"), Door.MQ))
                .containsExactly(new FieldError("stale_timestamp", "Not a valid datetime."));
    }

    @Test
    void nonObjectHostIsInvalid() {
        Result result = validator.validate(parse("[1]"), Door.MQ);
        assertThat(((Invalid) result).detail()).isEqualTo("{'_schema': ['Invalid input type.']}");
    }

    @Test
    void unknownTopLevelKeysAreDropped() {
        HostInput in = valid(host("{'id': 'abc', 'whatever': {'x': 1}}"), Door.REST);
        assertThat(in.canonicalFacts().toString()).doesNotContain("abc");
    }

    // ---- canonical facts -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"insights_id", "rhel_machine_id", "subscription_manager_id", "bios_uuid", "satellite_id"})
    void uuidFactsAreCheckedAndStoredLowercaseHyphenated(String field) {
        HostInput in = valid(host("{'" + field + "': '4A8FB99457FE4DBBAD2A9E922560B6C1'}"), Door.MQ);
        assertThat(in.canonicalFacts().get(field).asText()).isEqualTo("4a8fb994-57fe-4dbb-ad2a-9e922560b6c1");
        for (String bad : List.of("", "123456", "4a8fb99457fe4dbbad2a9e922560b6c14a8fb994")) {
            assertThat(errors(host("{'" + field + "': '" + bad + "'}"), Door.MQ))
                    .containsExactly(new FieldError(field, "Invalid value."));
        }
    }

    @Test
    void satelliteIdAcceptsTenDigitsVerbatimButNotNine() {
        assertThat(valid(host("{'satellite_id': '1000056432'}"), Door.MQ).canonicalFacts().get("satellite_id").asText())
                .isEqualTo("1000056432");
        assertThat(errors(host("{'satellite_id': '100005643'}"), Door.MQ))
                .containsExactly(new FieldError("satellite_id", "Invalid value."));
    }

    @Test
    void uuidFactsRejectTenDigits() {
        assertThat(errors(host("{'insights_id': '1000056432'}"), Door.MQ))
                .containsExactly(new FieldError("insights_id", "Invalid value."));
    }

    @Test
    void atLeastOneCanonicalFactIsRequired() {
        ObjectNode raw = host("{'display_name': 'x'}");
        raw.remove("fqdn");
        Invalid invalid = (Invalid) validator.validate(raw, Door.REST);
        assertThat(invalid.problem()).isEqualTo(Problem.NO_CANONICAL_FACTS);
        assertThat(invalid.title()).isEqualTo("Invalid request");
        assertThat(invalid.detail()).isEqualTo("At least one of the canonical fact fields must be present.");
    }

    @Test
    void canonicalFactsKeepCanonicalOrderAndOnlyPresentFacts() {
        HostInput in = valid(host("{'external_id': 'e', 'insights_id': '4a8fb994-57fe-4dbb-ad2a-9e922560b6c1',"
                + " 'ip_addresses': ['10.0.0.1']}"), Door.MQ);
        assertThat(in.canonicalFacts().fieldNames()).toIterable()
                .containsExactly("insights_id", "ip_addresses", "fqdn", "external_id");
    }

    // ---- stale_timestamp -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"2020-07-07T10:00:00", "2020-07-07 10:00:00.123", "2020-07-07"})
    void timestampWithoutZoneIsRejected(String value) {
        assertThat(errors(host("{'stale_timestamp': '" + value + "'}"), Door.MQ))
                .containsExactly(new FieldError("stale_timestamp", "Timestamp must contain timezone info"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2020-13-07T10:00:00+00:00", "2020-07-07T25:00:00Z", ""})
    void unparseableTimestampIsRejected(String value) {
        assertThat(errors(host("{'stale_timestamp': '" + value + "'}"), Door.MQ))
                .containsExactly(new FieldError("stale_timestamp", "Not a valid datetime."));
    }

    @ParameterizedTest
    @CsvSource({
            "2020-07-07T10:00:00Z, 2020-07-07T10:00Z",
            "2020-07-07T12:00:00+02:00, 2020-07-07T10:00Z",
            "2020-07-07T05:30:00.123456-0430, 2020-07-07T10:00:00.123456Z",
            "2020-07-07T10:00:00.1234567+00:00, 2020-07-07T10:00:00.123456Z",
    })
    void timestampWithZoneIsParsed(String value, String utc) {
        OffsetDateTime parsed = valid(host("{'stale_timestamp': '" + value + "'}"), Door.MQ).staleTimestamp();
        assertThat(parsed.toInstant()).isEqualTo(OffsetDateTime.parse(utc).toInstant());
    }

    // ---- facts ---------------------------------------------------------------------------------------------

    @Test
    void factsBecomeNamespacesAndRepeatedNamespacesMerge() {
        HostInput in = valid(host("{'facts': [{'namespace': 'ns1', 'facts': {'a': 1, 'b': 1}},"
                + " {'namespace': 'ns2', 'facts': {}}, {'namespace': 'ns1', 'facts': {'b': 2}}]}"), Door.MQ);
        assertThat(in.facts()).isEqualTo(parse("{'ns1': {'a': 1, 'b': 2}, 'ns2': {}}"));
    }

    @Test
    void emptyFactsListIsAbsent() {
        assertThat(valid(host("{'facts': []}"), Door.MQ).facts()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void factsMustNotHaveEmptyKeysAtAnyDepth(Door door) {
        valid(host("{'facts': [{'namespace': 'ns', 'facts': {'a': {'b': [{'c': 1}]}}}]}"), door);
        for (String facts : List.of("{'': 1}", "{'a': {'': 1}}", "{'a': [{'b': {'': 2}}]}")) {
            assertThat(errors(host("{'facts': [{'namespace': 'ns', 'facts': " + facts + "}]}"), door))
                    .containsExactly(new FieldError("facts[0].facts", "Invalid value."));
        }
    }

    @Test
    void factItemTypes() {
        assertThat(errors(host("{'facts': [{'namespace': 1, 'facts': []}]}"), Door.MQ)).containsExactly(
                new FieldError("facts[0].namespace", "Not a valid string."),
                new FieldError("facts[0].facts", "Not a valid mapping type."));
        assertThat(errors(host("{'facts': ['x']}"), Door.MQ))
                .containsExactly(new FieldError("facts[0]", "Invalid input type."));
        assertThat(errors(host("{'facts': [{'namespace': null, 'facts': null}]}"), Door.MQ)).containsExactly(
                new FieldError("facts[0].namespace", "Field may not be null."),
                new FieldError("facts[0].facts", "Field may not be null."));
    }

    @Test
    void restRequiresNamespaceAndFactsInEveryItem() {
        assertThat(errors(host("{'facts': [{'namespace': 'a', 'facts': {}}, {'facts': {}}, {'namespace': ''}]}"),
                Door.REST)).containsExactly(
                new FieldError("facts[1].namespace", "Missing data for required field."),
                new FieldError("facts[2].namespace", "Shorter than minimum length 1."),
                new FieldError("facts[2].facts", "Missing data for required field."));
    }

    @Test
    void mqReportsAMalformedFactSet() {
        for (String item : List.of("{'facts': {}}", "{'namespace': 'ns'}")) {
            Invalid invalid = (Invalid) validator.validate(host("{'facts': [" + item + "]}"), Door.MQ);
            assertThat(invalid.problem()).isEqualTo(Problem.MALFORMED_FACTS);
            assertThat(invalid.title()).isEqualTo("Bad Request");
            assertThat(invalid.detail()).isEqualTo(
                    "Invalid format of Fact object.  Fact must contain 'namespace' and 'facts' keys.");
        }
    }

    @Test
    void mqAllowsAnEmptyNamespace() {
        assertThat(valid(host("{'facts': [{'namespace': '', 'facts': {'a': 1}}]}"), Door.MQ).facts())
                .isEqualTo(parse("{'': {'a': 1}}"));
    }

    // ---- tags at the door ----------------------------------------------------------------------------------

    @Test
    void restIgnoresTagsAndReportsIt() {
        Result result = validator.validate(host("{'tags': [{'namespace': 'a', 'key': 'b'}]}"), Door.REST);
        assertThat(result.tagsIgnored()).isTrue();
        assertThat(((Valid) result).host().tags()).isNull();
        assertThat(validator.validate(host("{'tags': 5}"), Door.REST).isValid()).isTrue();
        assertThat(validator.validate(host("{'tags': []}"), Door.REST).tagsIgnored()).isFalse();
        assertThat(validator.validate(host("{}"), Door.REST).tagsIgnored()).isFalse();
    }

    @Test
    void mqTagsPresentButEmpty() {
        for (String empty : List.of("null", "[]", "{}")) {
            HostInput in = valid(host("{'tags': " + empty + "}"), Door.MQ);
            assertThat(in.tags()).isEqualTo(object("{}"));
            assertThat(in.tagsPresentButEmpty()).isTrue();
        }
        HostInput absent = valid(host("{}"), Door.MQ);
        assertThat(absent.tags()).isNull();
        assertThat(absent.tagsPresentButEmpty()).isFalse();
        assertThat(valid(host("{'tags': {'ns': {}}}"), Door.MQ).tagsPresentButEmpty()).isFalse();
    }

    // ---- system profile at the door ------------------------------------------------------------------------

    @Test
    void systemProfileIsCleanedAndDroppedKeysAreCounted() {
        Valid valid = (Valid) validator.validate(
                host("{'system_profile': {'arch': 'x86_64', 'foo': 1, 'network_interfaces': [{'bar': 2}]}}"),
                Door.MQ);
        assertThat(valid.host().systemProfile()).isEqualTo(parse("{'arch': 'x86_64', 'network_interfaces': [{}]}"));
        assertThat(valid.droppedSystemProfileKeys()).isEqualTo(2);
    }

    @Test
    void numericStringForIntegerProfileFieldPassesOnMqOnly() {
        assertThat(valid(host("{'system_profile': {'number_of_cpus': '4'}}"), Door.MQ).systemProfile())
                .isEqualTo(parse("{'number_of_cpus': 4}"));
        assertThat(errors(host("{'system_profile': {'number_of_cpus': '4'}}"), Door.REST))
                .containsExactly(new FieldError("system_profile.number_of_cpus", "Not a valid integer."));
    }

    @Test
    void inputIsNotModified() {
        ObjectNode raw = host("{'system_profile': {'foo': 1, 'number_of_cpus': '2'},"
                + " 'insights_id': '4A8FB99457FE4DBBAD2A9E922560B6C1'}");
        ObjectNode copy = raw.deepCopy();
        valid(raw, Door.MQ);
        assertThat(raw).isEqualTo(copy);
    }

    // ---- describe ------------------------------------------------------------------------------------------

    @Test
    void describeRendersTheMarshmallowRepr() {
        Invalid invalid = (Invalid) validator.validate(host("{'account': '', 'display_name': '',"
                + " 'system_profile': {'network_interfaces': [{'mtu': 'x'}]}, 'ip_addresses': ['']}"), Door.REST);
        assertThat(invalid.problem()).isEqualTo(Problem.INVALID_FIELDS);
        assertThat(invalid.title()).isEqualTo("Bad Request");
        assertThat(invalid.detail()).isEqualTo("{'display_name': ['Length must be between 1 and 200.'],"
                + " 'account': ['Length must be between 1 and 10.'],"
                + " 'ip_addresses': {0: ['Length must be between 1 and 255.']},"
                + " 'system_profile': {'network_interfaces': {0: {'mtu': ['Not a valid integer.']}}}}");
    }

    @Test
    void describeGroupsSeveralMessagesOfOneFieldAndQuotesLikePython() {
        assertThat(HostValidator.describe(List.of(
                new FieldError("account", "one"), new FieldError("reporter", "x"), new FieldError("account", "it's"))))
                .isEqualTo("{'account': ['one', \"it's\"], 'reporter': ['x']}");
    }
}
