package io.hbi.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbi.inventory.host.InvalidInputException;
import io.hbi.inventory.selection.HostAttributeFilter;
import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.Ordering;
import io.hbi.inventory.selection.TimeRange;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Later HBI's plain host filters and orderings (hbi-later §0.2, §0.4), parsed from raw query strings the way
 * GET /hosts and GET /tags read them: provider_id, provider_type, updated_start/updated_end,
 * last_check_in_start/last_check_in_end, system_type, order_by operating_system and last_check_in.
 */
class HostAttributeParametersTest {

    private static HostAttributeFilter attributes(String rawQuery) {
        return HostRequests.filter(QueryParameters.parse(rawQuery, ReadOperations.LIST_PARAMETERS)).attributes();
    }

    private static String badRequest(String rawQuery) {
        try {
            QueryParameters parameters = QueryParameters.parse(rawQuery, ReadOperations.LIST_PARAMETERS);
            HostRequests.filter(parameters);
            HostRequests.ordering(parameters);
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no 400 for " + rawQuery);
    }

    @Test
    void withoutThemThereIsNoFilterAndTheCountsMayAnswer() {
        HostFilter filter = HostRequests.filter(QueryParameters.parse("staleness=fresh", ReadOperations.LIST_PARAMETERS));
        assertThat(filter.attributes()).isEqualTo(HostAttributeFilter.NONE);
        assertThat(filter.attributes().isEmpty()).isTrue();
        assertThat(filter.onlyStaleness()).isTrue();
        assertThat(HostRequests.filter(QueryParameters.parse("provider_type=aws", ReadOperations.LIST_PARAMETERS))
                .onlyStaleness()).isFalse();
    }

    @Test
    void providerIdIsAnyStringAndProviderTypeOneOfTheEnum() {
        assertThat(attributes("provider_id=i-0ABC%2Fx").providerId()).hasValue("i-0ABC/x");
        for (String type : new String[] {"alibaba", "aws", "azure", "discovery", "gcp", "ibm"}) {
            assertThat(attributes("provider_type=" + type).providerType()).hasValue(type);
        }
        assertThat(badRequest("provider_type=AWS")).isEqualTo(
                "provider_type: 'AWS' is not one of ['alibaba', 'aws', 'azure', 'discovery', 'gcp', 'ibm']");
        assertThat(badRequest("provider_type=")).startsWith("provider_type: '' is not one of");
    }

    @Test
    void systemTypeIsAnArrayOfTheEnumInEitherSpelling() {
        assertThat(attributes("system_type=edge").systemTypes()).containsExactly("edge");
        assertThat(attributes("system_type=edge,bootc").systemTypes()).containsExactlyInAnyOrder("edge", "bootc");
        assertThat(attributes("system_type=conventional&system_type=cluster").systemTypes())
                .containsExactlyInAnyOrder("conventional", "cluster");
        assertThat(badRequest("system_type=server")).isEqualTo(
                "system_type: 'server' is not one of ['conventional', 'bootc', 'edge', 'cluster']");
        assertThat(badRequest("system_type=edge,")).startsWith("system_type: '' is not one of");
    }

    @Test
    void timeRangesAreInclusiveBoundsOfRfc3339DateTimes() {
        HostAttributeFilter filter = attributes("updated_start=2026-01-02T03:04:05Z&updated_end=2026-01-02T04:10:00.5%2B01:00"
                + "&last_check_in_start=2026-02-01T00:00:00.123456-05:00");
        assertThat(filter.updated()).isEqualTo(new TimeRange(Optional.of(Instant.parse("2026-01-02T03:04:05Z")),
                Optional.of(Instant.parse("2026-01-02T03:10:00.5Z"))));
        assertThat(filter.lastCheckIn()).isEqualTo(new TimeRange(
                Optional.of(Instant.parse("2026-02-01T05:00:00.123456Z")), Optional.empty()));
        assertThat(attributes("last_check_in_end=2026-02-01t00:00:00z").lastCheckIn().end())
                .as("RFC 3339 allows lower case").hasValue(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(attributes("updated_start=2026-01-02T03:04:05Z&updated_end=2026-01-02T03:04:05Z").updated().isAny())
                .as("start = end is one instant").isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "updated_start, 2026-01-02",
            "updated_end, 2026-01-02T03:04:05",
            "last_check_in_start, yesterday",
            "last_check_in_end, 2026-13-01T00:00:00Z",
            "updated_start, ''",
            "updated_end, 2026-01-02T03:04Z",
            "updated_end, 2026-02-30T00:00:00Z",
            "last_check_in_start, 2026-01-02T03:04:05+0100",
            "last_check_in_start, 2026-01-02T03:04:05+01:00:30",
            "last_check_in_start, 2026-01-02T03:04:05.Z",
            "last_check_in_end, 2026-01-02 03:04:05Z",
    })
    void aValueThatIsNotAnRfc3339DateTimeIsA400NamingTheParameter(String name, String value) {
        String encoded = value.replace("+", "%2B").replace(" ", "%20");
        assertThat(badRequest(name + "=" + encoded)).isEqualTo(name + ": '" + value + "' is not a 'date-time'");
    }

    @Test
    void anUnencodedPlusIsASpaceAndSoNotADateTime() {
        assertThat(badRequest("updated_start=2026-01-02T03:04:05+01:00"))
                .isEqualTo("updated_start: '2026-01-02T03:04:05 01:00' is not a 'date-time'");
    }

    @Test
    void aStartAfterItsEndIsA400InLaterHbisWords() {
        assertThat(badRequest("updated_start=2026-01-02T00:00:00Z&updated_end=2026-01-01T23:59:59.999999Z"))
                .isEqualTo("updated_start cannot be after updated_end.");
        assertThat(badRequest("last_check_in_start=2026-01-02T00:00:00Z&last_check_in_end=2026-01-01T00:00:00Z"))
                .isEqualTo("last_check_in_start cannot be after last_check_in_end.");
        assertThat(attributes("updated_start=2026-01-02T00:00:00%2B01:00&updated_end=2026-01-01T23:30:00Z").updated()
                .start()).as("compared as instants: 23:00Z is before 23:30Z").hasValue(Instant.parse("2026-01-01T23:00:00Z"));
    }

    @Test
    void aBoundIn1970OrEarlierIsIgnoredAfterTheOrderCheck() {
        assertThat(attributes("updated_start=1970-01-01T00:00:00Z&updated_end=2026-01-01T00:00:00Z").updated())
                .isEqualTo(new TimeRange(Optional.empty(), Optional.of(Instant.parse("2026-01-01T00:00:00Z"))));
        assertThat(attributes("last_check_in_end=1970-12-31T23:59:59Z").lastCheckIn().isAny()).isTrue();
        assertThat(attributes("last_check_in_start=1971-01-01T00:00:00Z").lastCheckIn().start()).isPresent();
        assertThat(badRequest("updated_start=2026-01-01T00:00:00Z&updated_end=1970-01-01T00:00:00Z"))
                .isEqualTo("updated_start cannot be after updated_end.");
    }

    @ParameterizedTest
    @CsvSource({
            "order_by=operating_system, OPERATING_SYSTEM_DESC",
            "order_by=operating_system&order_how=ASC, OPERATING_SYSTEM_ASC",
            "order_by=operating_system&order_how=DESC, OPERATING_SYSTEM_DESC",
            "order_by=last_check_in, LAST_CHECK_IN_DESC",
            "order_by=last_check_in&order_how=ASC, LAST_CHECK_IN_ASC",
            "order_by=display_name, DISPLAY_NAME_ASC",
            "order_by=updated, UPDATED_DESC",
            "'', DEFAULT",
    })
    void orderByOperatingSystemAndLastCheckInDefaultToDescending(String rawQuery, Ordering expected) {
        assertThat(HostRequests.ordering(QueryParameters.parse(rawQuery, ReadOperations.LIST_PARAMETERS)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_by=last_check_in&order_how=asc", "order_by=operating_system&order_how=Desc"})
    void orderHowStaysExactlyAscOrDesc(String rawQuery) {
        assertThat(badRequest(rawQuery)).startsWith("order_how: '");
    }

    @Test
    void orderHowWithoutOrderByNamesEveryColumn() {
        assertThat(badRequest("order_how=DESC")).isEqualTo("Providing ordering direction without a column is not"
                + " supported. Provide order_by={updated,display_name,operating_system,last_check_in,group_name}.");
        assertThat(badRequest("order_by=os")).isEqualTo("order_by: 'os' is not one of ['display_name', 'updated',"
                + " 'operating_system', 'last_check_in', 'group_name']");
    }

    @Test
    void getTagsTakesThemToo() {
        HostFilter filter = HostRequests.tagsFilter(QueryParameters.parse(
                "provider_id=x&provider_type=gcp&system_type=bootc&updated_end=2026-01-01T00:00:00Z",
                ReadOperations.TAGS_PARAMETERS));
        assertThat(filter.attributes().providerId()).hasValue("x");
        assertThat(filter.attributes().providerType()).hasValue("gcp");
        assertThat(filter.attributes().systemTypes()).isEqualTo(Set.of("bootc"));
        assertThat(filter.attributes().updated().end()).isPresent();
        assertThat(filter.onlyStaleness()).isFalse();
    }

    @Test
    void theByIdOperationsDoNotDeclareTheFilters() {
        assertThatThrownBy(() -> QueryParameters.parse("provider_id=x", ReadOperations.BY_ID_PARAMETERS))
                .isInstanceOf(ProblemException.class)
                .hasMessage("Extra query parameter(s) provider_id not in spec");
    }
}
