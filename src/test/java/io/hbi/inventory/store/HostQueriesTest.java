package io.hbi.inventory.store;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.TagFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.staleness.StalenessWindow;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests the maintained counts answer (the others count rows), and which columns a list reads. */
class HostQueriesTest {

    static final HostQueries QUERIES = new HostQueries(null, null, StalenessWindow.DEFAULT, true);

    @Test
    void onlyRequestsWithoutOtherFilters() {
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(), false))).isTrue();
        assertThat(QUERIES.onlyStaleness(filter(Optional.of("a.example.com"), List.of(), false))).isFalse();
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(TagFilter.parse("ns/k=v")), false))).isFalse();
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(), true))).isFalse();
        assertThat(new HostQueries(null, null, StalenessWindow.DEFAULT, false)
                .onlyStaleness(filter(Optional.empty(), List.of(), false))).isFalse();
    }

    @Test
    void aListReadsEveryColumnButTagsAndTheUnaskedProfile() {
        String columns = HostQueries.withoutTags(HostQueries.WITHOUT_SYSTEM_PROFILE);

        assertThat(columns).contains("NULL AS tags", "NULL AS system_profile_facts", "facts", "canonical_facts",
                "per_reporter_staleness");
        assertThat(columns.split(",")).hasSameSizeAs(HostRepository.COLUMNS.split(","));
    }

    static HostFilter filter(Optional<String> fqdn, List<TagFilter> tags, boolean registered) {
        return new HostFilter(fqdn, Optional.empty(), Optional.empty(), Optional.empty(), tags,
                HostFilter.DEFAULT_STALENESS, registered);
    }
}
