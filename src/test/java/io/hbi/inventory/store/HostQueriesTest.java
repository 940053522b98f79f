package io.hbi.inventory.store;

import io.hbi.inventory.selection.HostFilter;
import io.hbi.inventory.selection.TagFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.staleness.StalenessWindow;
import io.hbi.inventory.staleness.StalenessWindow.State;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests the maintained counts answer (the others count rows). */
class HostQueriesTest {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final HostQueries QUERIES = new HostQueries(null, null, StalenessWindow.DEFAULT, true);

    @Test
    void stalenessSetsThatLeaveOutOneRangeUpToABound() {
        StalenessWindow window = StalenessWindow.DEFAULT;
        assertThat(QUERIES.excludedUpTo(HostFilter.DEFAULT_STALENESS, NOW)).hasValue(window.staleWarningBefore(NOW));
        assertThat(QUERIES.excludedUpTo(EnumSet.of(State.FRESH, State.UNKNOWN), NOW)).hasValue(NOW);
        assertThat(QUERIES.excludedUpTo(EnumSet.of(State.FRESH, State.STALE, State.STALE_WARNING, State.UNKNOWN), NOW))
                .hasValue(window.culledBefore(NOW));
        for (EnumSet<State> others : List.of(EnumSet.of(State.UNKNOWN), EnumSet.of(State.FRESH, State.STALE),
                EnumSet.of(State.STALE, State.UNKNOWN), EnumSet.of(State.FRESH, State.STALE_WARNING, State.UNKNOWN),
                EnumSet.of(State.STALE_WARNING, State.STALE, State.UNKNOWN), EnumSet.noneOf(State.class))) {
            assertThat(QUERIES.excludedUpTo(others, NOW)).as(others.toString()).isEmpty();
        }
    }

    @Test
    void onlyRequestsWithoutOtherFilters() {
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(), false))).isTrue();
        assertThat(QUERIES.onlyStaleness(filter(Optional.of("a.example.com"), List.of(), false))).isFalse();
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(TagFilter.parse("ns/k=v")), false))).isFalse();
        assertThat(QUERIES.onlyStaleness(filter(Optional.empty(), List.of(), true))).isFalse();
        assertThat(new HostQueries(null, null, StalenessWindow.DEFAULT, false)
                .onlyStaleness(filter(Optional.empty(), List.of(), false))).isFalse();
    }

    static HostFilter filter(Optional<String> fqdn, List<TagFilter> tags, boolean registered) {
        return new HostFilter(fqdn, Optional.empty(), Optional.empty(), Optional.empty(), tags,
                HostFilter.DEFAULT_STALENESS, registered);
    }
}
