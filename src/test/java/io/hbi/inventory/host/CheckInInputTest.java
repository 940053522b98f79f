package io.hbi.inventory.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The body of POST /hosts/checkin (hbi-later §L3.4). */
class CheckInInputTest {

    static CheckInInput parse(String body) {
        try {
            return CheckInInput.parse(new ObjectMapper().readTree(body.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theCanonicalFactsAreNormalisedAsAnIngestedHostsAre() {
        CheckInInput input = parse("{'insights_id': '4A8FB99457FE4DBBAD2A9E922560B6C1', 'fqdn': 'a.example.com',"
                + " 'checkin_frequency': 60}");
        assertThat(input.canonicalFacts().get("insights_id").asText()).isEqualTo("4a8fb994-57fe-4dbb-ad2a-9e922560b6c1");
        assertThat(input.canonicalFacts().get("fqdn").asText()).isEqualTo("a.example.com");
        assertThat(input.frequencyMinutes()).isEqualTo(60);
        assertThat(parse("{'fqdn': 'a.example.com'}").frequencyMinutes()).isEqualTo(1440);
    }

    @Test
    void everyRuleOfTheBodyIsA400() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("At least one of the canonical fact fields must be present.");
        assertThatThrownBy(() -> parse("{'provider_type': 'aws', 'provider_id': 'i-1'}"))
                .hasMessage("At least one of the canonical fact fields must be present.");
        assertThatThrownBy(() -> parse("{'fqdn': 'a', 'checkin_frequency': 2881}"))
                .hasMessageContaining("checkin_frequency").hasMessageContaining("2880");
        assertThatThrownBy(() -> parse("{'fqdn': 'a', 'checkin_frequency': 0}")).hasMessageContaining("checkin_frequency");
        assertThatThrownBy(() -> parse("{'insights_id': 'not-a-uuid'}")).hasMessageContaining("insights_id");
        assertThatThrownBy(() -> parse("{'fqdn': 'a', 'provider_id': 'i-1'}")).hasMessageContaining("provider");
        assertThatThrownBy(() -> parse("{'fqdn': 'a', 'account': '1'}"))
                .hasMessage("Additional properties are not allowed ('account' was unexpected)");
        assertThatThrownBy(() -> parse("[]")).hasMessage("Request body must be a JSON object");
        parse("{'fqdn': 'a', 'checkin_frequency': 2880}");
    }
}
