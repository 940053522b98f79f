package io.hbi.inventory.selection;

import io.hbi.inventory.host.HostGroup;

/** A group and its {@code host_count}: how many of its hosts are not culled (hbi-later.md §L4.1). */
public record GroupCount(HostGroup group, long hostCount) {
}
