package io.hbi.inventory.staleness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.host.InvalidInputException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bodies of POST and PATCH /account/staleness (hbi-later §L3.2): their checks, merge and the near-default rule. */
class StalenessChangeTest {

    static final StalenessSetting DEFAULTS = StalenessSetting.systemDefaults("org-1");

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String refusal(String body) {
        InvalidInputException refused = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(() ->
                StalenessChange.parse(json(body)).applyTo(DEFAULTS));
        assertThat(refused).as(body).isNotNull();
        assertThat(refused.title()).isEqualTo("Bad Request");
        return refused.getMessage();
    }

    @Test
    void anySubsetMergesWithTheCurrentValuesAndTheImmutableOnesAreIgnored() {
        StalenessSetting merged = StalenessChange.parse(json("{'conventional_time_to_stale': 60,"
                + " 'immutable_time_to_stale': 5}")).applyTo(DEFAULTS);
        assertThat(merged.staleSeconds()).isEqualTo(60);
        assertThat(merged.staleWarningSeconds()).isEqualTo(StalenessSetting.DEFAULT_STALE_WARNING);
        assertThat(merged.deleteSeconds()).isEqualTo(StalenessSetting.DEFAULT_DELETE);
        StalenessSetting stored = new StalenessSetting(UUID.randomUUID(), "org-1", 10, 20, 30, null, null);
        assertThat(StalenessChange.parse(json("{'conventional_time_to_delete': 40}")).applyTo(stored))
                .isEqualTo(new StalenessSetting(stored.id(), "org-1", 10, 20, 40, null, null));
        assertThat(StalenessChange.parse(json("{}")).applyTo(stored)).isEqualTo(stored);
    }

    @Test
    void eachFieldHasItsRangeAndEveryFieldOutOfItsRangeIsNamed() {
        assertThat(refusal("{'conventional_time_to_stale': 604801}")).isEqualTo("Validation Error:"
                + " {'conventional_time_to_stale': ['Must be greater than or equal to 1 and less than or equal to"
                + " 604800.']}");
        assertThat(refusal("{'conventional_time_to_stale': 0, 'conventional_time_to_delete': 63072001}"))
                .contains("'conventional_time_to_stale': ['Must be greater than or equal to 1")
                .contains("'conventional_time_to_delete': ['Must be greater than or equal to 1 and less than or"
                        + " equal to 63072000.']");
        assertThat(refusal("{'conventional_time_to_stale_warning': 15552001}"))
                .contains("less than or equal to 15552000.");
        assertThat(refusal("{'immutable_time_to_stale': 0}")).contains("'immutable_time_to_stale'");
        // the bounds themselves are accepted
        StalenessChange.parse(json("{'conventional_time_to_stale': 1, 'conventional_time_to_stale_warning': 15552000,"
                + " 'conventional_time_to_delete': 63072000}")).applyTo(DEFAULTS);
    }

    @Test
    void theMergedValuesMustIncreaseStrictly() {
        assertThat(refusal("{'conventional_time_to_stale': 604800}")).isEqualTo("Validation Error: {'_schema':"
                + " ['conventional_time_to_stale must be lower than conventional_time_to_stale_warning']}");
        assertThat(refusal("{'conventional_time_to_stale_warning': 2592000}")).isEqualTo("Validation Error:"
                + " {'_schema': ['conventional_time_to_stale_warning must be lower than conventional_time_to_delete']}");
        assertThat(refusal("{'conventional_time_to_stale': 10, 'conventional_time_to_stale_warning': 20,"
                + " 'conventional_time_to_delete': 20}")).contains("conventional_time_to_stale_warning must be lower");
        assertThat(refusal("{'conventional_time_to_delete': 5}")).isEqualTo("Validation Error: {'_schema':"
                + " ['conventional_time_to_stale must be lower than conventional_time_to_delete']}");
    }

    @Test
    void wrongTypesAndUnknownKeysAreRefusedBeforeRanges() {
        assertThat(refusal("{'conventional_time_to_stale': '60'}"))
                .isEqualTo("conventional_time_to_stale: \"60\" is not of type 'integer'");
        assertThat(refusal("{'conventional_time_to_stale': 60.5}")).contains("is not of type 'integer'");
        assertThat(refusal("{'conventional_time_to_stale': null}")).contains("is not of type 'integer'");
        assertThat(refusal("{'conventional_time_to_stale': true}")).contains("is not of type 'integer'");
        assertThat(refusal("{'time_to_stale': 60}"))
                .isEqualTo("Additional properties are not allowed ('time_to_stale' was unexpected)");
        assertThat(refusal("[]")).isEqualTo("Request body must be a JSON object");
        assertThatThrownBy(() -> StalenessChange.parse(json("{'conventional_time_to_stale': 99999999999}")))
                .hasMessageContaining("is not of type 'integer'");
    }

    @Test
    void withinAnHourOfEveryDefaultIsTheDefaults() {
        assertThat(StalenessChange.nearDefaults(DEFAULTS)).isTrue();
        assertThat(StalenessChange.nearDefaults(new StalenessSetting(null, "o", 104400 + 3599, 604800 - 3599,
                2592000 + 3599, null, null))).isTrue();
        assertThat(StalenessChange.nearDefaults(new StalenessSetting(null, "o", 104400 + 3600, 604800, 2592000,
                null, null))).isFalse();
        assertThat(StalenessChange.nearDefaults(new StalenessSetting(null, "o", 104400, 604800, 2592000 - 3600,
                null, null))).isFalse();
    }
}
