package io.hbi.inventory.host;

import static io.hbi.inventory.host.Json.host;
import static io.hbi.inventory.host.Json.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbi.inventory.host.HostValidator.Invalid;
import io.hbi.inventory.host.HostValidator.Result;
import io.hbi.inventory.host.HostValidator.Valid;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code provider_id} and {@code provider_type} at ingest, as later HBI accepts them (its CanonicalFactsSchema): each
 * optional (null is absent), a string within its length, the two together, the type one of six in any case (stored
 * lower case), the id not blank; the same through both doors; not part of the dedup.
 */
class ProviderTest {

    private final HostValidator validator = new HostValidator();

    private HostInput valid(JsonNode raw, Door door) {
        Result result = validator.validate(raw, door);
        assertThat(result).as("errors: %s", result instanceof Invalid i ? i.errors() : "").isInstanceOf(Valid.class);
        return ((Valid) result).host();
    }

    /** The 2020-shaped detail of the host's 400. */
    private String detail(JsonNode raw, Door door) {
        Result result = validator.validate(raw, door);
        assertThat(result).isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) result;
        assertThat(invalid.title()).isEqualTo("Bad Request");
        return invalid.detail();
    }

    @Test
    void bothTogetherAreKeptTheTypeLowerCase() {
        for (Door door : Door.values()) {
            HostInput in = valid(host("{'provider_id': 'i-05d2313e6b9a42b16', 'provider_type': 'AWS'}"), door);
            assertThat(in.providerId()).isEqualTo("i-05d2313e6b9a42b16");
            assertThat(in.providerType()).isEqualTo("aws");
            assertThat(in.canonicalFacts().has("provider_id")).as("not a canonical fact").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alibaba", "aws", "azure", "discovery", "gcp", "ibm", "Azure", "GCP"})
    void everyTypeOfLaterHbiInAnyCase(String type) {
        assertThat(valid(host("{'provider_id': 'x', 'provider_type': '" + type + "'}"), Door.MQ).providerType())
                .isEqualTo(type.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void absentOrNullIsNone() {
        for (Door door : Door.values()) {
            HostInput absent = valid(host("{}"), door);
            assertThat(absent.providerId()).isNull();
            assertThat(absent.providerType()).isNull();
            HostInput nulls = valid(host("{'provider_id': null, 'provider_type': null}"), door);
            assertThat(nulls.providerId()).isNull();
            assertThat(nulls.providerType()).isNull();
        }
    }

    @Test
    void oneWithoutTheOtherIsThatHostsError() {
        for (Door door : Door.values()) {
            assertThat(detail(host("{'provider_id': 'i-1'}"), door))
                    .isEqualTo("{'_schema': ['provider_type and provider_id are both required.']}");
            assertThat(detail(host("{'provider_type': 'aws'}"), door))
                    .isEqualTo("{'_schema': ['provider_type and provider_id are both required.']}");
            assertThat(detail(host("{'provider_type': 'aws', 'provider_id': null}"), door))
                    .isEqualTo("{'_schema': ['provider_type and provider_id are both required.']}");
        }
    }

    @Test
    void anUnknownTypeIsNamedWithTheKnownOnes() {
        assertThat(detail(host("{'provider_id': 'i-1', 'provider_type': 'oracle'}"), Door.MQ))
                .isEqualTo("{'_schema': ['Unknown Provider Type: \"oracle\".  Valid provider types are: alibaba, aws,"
                        + " azure, discovery, gcp, ibm.']}");
    }

    @Test
    void aBlankIdIsRefused() {
        assertThat(detail(host("{'provider_id': ' \\t ', 'provider_type': 'aws'}"), Door.REST))
                .isEqualTo("{'_schema': ['Provider id can not be just blank, whitespaces or tabs']}");
    }

    @Test
    void lengthsAndTypesAreFieldErrorsReportedBeforeThePairRules() {
        valid(host("{'provider_id': '" + repeat(500) + "', 'provider_type': 'ibm'}"), Door.MQ);
        assertThat(detail(host("{'provider_id': '" + repeat(501) + "', 'provider_type': 'ibm'}"), Door.MQ))
                .isEqualTo("{'provider_id': ['Length must be between 1 and 500.']}");
        assertThat(detail(host("{'provider_id': '', 'provider_type': 'ibm'}"), Door.MQ))
                .isEqualTo("{'provider_id': ['Length must be between 1 and 500.']}");
        assertThat(detail(host("{'provider_id': 5}"), Door.MQ))
                .as("the pair rule waits for valid fields").isEqualTo("{'provider_id': ['Not a valid string.']}");
        assertThat(detail(host("{'provider_id': 'x', 'provider_type': '" + repeat(51) + "'}"), Door.MQ))
                .isEqualTo("{'provider_type': ['Length must be between 1 and 50.']}");
        assertThat(detail(host("{'provider_id': 'x', 'provider_type': ['aws']}"), Door.MQ))
                .isEqualTo("{'provider_type': ['Not a valid string.']}");
    }

    @Test
    void anUpdateReplacesThePairOnlyWhenTheInputNamesOneAndAlwaysChecksIn() {
        OffsetDateTime created = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        OffsetDateTime later = OffsetDateTime.parse("2026-01-02T00:00:00Z");
        Host host = HostMerge.create(UUID.randomUUID(),
                valid(host("{'provider_id': 'i-1', 'provider_type': 'aws'}"), Door.MQ), created);
        assertThat(host.lastCheckIn()).isEqualTo(created);
        assertThat(host.providerId()).isEqualTo("i-1");

        Host kept = HostMerge.update(host, valid(host("{}"), Door.MQ), Door.MQ, later);
        assertThat(kept.providerId()).isEqualTo("i-1");
        assertThat(kept.providerType()).isEqualTo("aws");
        assertThat(kept.lastCheckIn()).isEqualTo(later);
        assertThat(kept.updated()).isEqualTo(later);

        Host moved = HostMerge.update(kept, valid(host("{'provider_id': 'vm-9', 'provider_type': 'azure'}"), Door.REST),
                Door.REST, later.plusHours(1));
        assertThat(moved.providerId()).isEqualTo("vm-9");
        assertThat(moved.providerType()).isEqualTo("azure");
        assertThat(moved.lastCheckIn()).isEqualTo(later.plusHours(1));
    }

    @Test
    void anEditIsNotACheckIn() {
        OffsetDateTime created = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        Host host = HostMerge.create(UUID.randomUUID(),
                valid(host("{'provider_id': 'i-1', 'provider_type': 'aws'}"), Door.MQ), created);
        Host edited = host.edited("renamed", null, host.facts(), created.plusDays(1));
        assertThat(edited.updated()).isEqualTo(created.plusDays(1));
        assertThat(edited.lastCheckIn()).isEqualTo(created);
        assertThat(edited.providerId()).isEqualTo("i-1");
        assertThat(edited.displayName()).isEqualTo("renamed");
    }
}
