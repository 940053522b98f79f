package io.hbi.inventory.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbi.inventory.host.HostGroup;
import io.hbi.inventory.host.InvalidInputException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Group names, the group list's orderings and the host list's group filters (hbi-later.md §0.2, §L4.1, §L4.5). */
class GroupSelectionTest {

    @Test
    void aNameLosesItsSurroundingWhitespaceAndKeepsToItsCharactersAndLength() {
        assertThat(HostGroup.checkedName("  Web Servers_01-a \t")).isEqualTo("Web Servers_01-a");
        assertThat(HostGroup.checkedName("n".repeat(255))).hasSize(255);
        for (String bad : List.of("", "   ", "n".repeat(256))) {
            assertThatThrownBy(() -> HostGroup.checkedName(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("{'name': ['Length must be between 1 and 255.']}");
        }
        for (String bad : List.of("a/b", "a.b", "ä", "a\u0000b", "semi;colon")) {
            assertThatThrownBy(() -> HostGroup.checkedName(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessage("{'name': ['String does not match expected pattern.']}");
        }
    }

    @Test
    void eachColumnHasItsOwnDefaultDirectionAndTheDirectionIgnoresCase() {
        assertThat(GroupOrdering.of(null, null)).isEqualTo(GroupOrdering.NAME_ASC);
        assertThat(GroupOrdering.of("name", "desc")).isEqualTo(GroupOrdering.NAME_DESC);
        assertThat(GroupOrdering.of("host_count", null)).isEqualTo(GroupOrdering.HOST_COUNT_DESC);
        assertThat(GroupOrdering.of("host_count", "Asc")).isEqualTo(GroupOrdering.HOST_COUNT_ASC);
        assertThat(GroupOrdering.of("updated", null)).isEqualTo(GroupOrdering.UPDATED_DESC);
        assertThat(GroupOrdering.of("updated", "ASC")).isEqualTo(GroupOrdering.UPDATED_ASC);
        assertThat(GroupOrdering.of(null, "DESC")).as("order_how alone orders the names").isEqualTo(GroupOrdering.NAME_DESC);
    }

    @Test
    void theHostOrderingByGroupNameIsAscendingUnlessDescendingIsAsked() {
        assertThat(Ordering.of("group_name", null)).isEqualTo(Ordering.GROUP_NAME_ASC);
        assertThat(Ordering.of("group_name", "DESC")).isEqualTo(Ordering.GROUP_NAME_DESC);
        assertThat(Ordering.COLUMNS).contains("group_name");
    }

    @Test
    void anEmptyGroupNameStandsForTheHostsInNoGroup() {
        UUID id = UUID.randomUUID();
        GroupFilter filter = GroupFilter.of(List.of("web", "", "web", "db"), Set.of(id));
        assertThat(filter.names()).containsExactly("web", "db");
        assertThat(filter.ungrouped()).isTrue();
        assertThat(filter.ids()).containsExactly(id);
        assertThat(GroupFilter.of(List.of(""), Set.of()).names()).isEmpty();
        assertThat(GroupFilter.of(List.of(), Set.of()).isEmpty()).isTrue();
        assertThat(GroupFilter.NONE.isEmpty()).isTrue();
        assertThat(GroupFilter.of(id).ids()).containsExactly(id);
    }

    @Test
    void aGroupFilterIsAFilterOfItsOwn() {
        HostFilter staleness = HostFilter.forTags(List.of(), HostFilter.DEFAULT_STALENESS, false);
        assertThat(staleness.onlyStaleness()).isTrue();
        HostFilter grouped = staleness.withGroups(GroupFilter.of(List.of(""), Set.of()));
        assertThat(grouped.onlyStaleness()).as("the maintained counts cannot answer it").isFalse();
        assertThat(grouped.withAttributes(HostAttributeFilter.NONE).groups().ungrouped()).isTrue();
        assertThat(grouped.withSystemProfile(ProfileFilter.NONE).groups().ungrouped()).isTrue();
    }
}
