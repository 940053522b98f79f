package io.hbi.inventory.selection;

import io.hbi.inventory.host.Host;
import io.hbi.inventory.staleness.StalenessRules;
import java.util.List;

/**
 * One page of hosts and the staleness rules they were selected by (decisions.md 13): the rules read in the same
 * request, so that the timestamps they are shown with agree with the filter that found them.
 */
public record HostPage(Page<Host> page, StalenessRules staleness) {

    public long total() {
        return page.total();
    }

    public List<Host> items() {
        return page.items();
    }
}
