package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The stored state of one host (a row of {@code hosts}). The JSON members are shared, not copied: treat them as
 * read-only; {@link HostMerge} always builds new nodes.
 *
 * @param canonicalFacts {@code {fact: value}} for the present canonical facts only
 * @param facts          {@code {namespace: {...}}}
 * @param tags           {@code {namespace: {key: [values]}}}, namespace {@code "null"} for "no namespace"
 * @param systemProfile  the validated system profile, {@code {}} when none
 * @param staleTimestamp null for legacy hosts whose staleness is unknown
 * @param account        null for a host written by a today's caller without one (decisions.md 10)
 * @param orgId          null for a host written by a 2020 caller and not adopted by an org yet
 * @param providerId     the cloud provider's id of the host (later HBI); null when none was reported
 * @param providerType   one of {@link Provider#TYPES}, lower case; null exactly when providerId is
 * @param lastCheckIn    when the host was last ingested (decisions.md 13); null for a row written before V12 and not
 *                       ingested since ({@link #lastCheckInOrUpdated})
 * @param perReporter    each reporter's own last check-in (hbi-later §L3.3); null for a row written before V20 and not
 *                       ingested since ({@link #reporterCheckIns})
 * @param groups         the group the host is in, or none (decisions.md 12: at most one); read with the host where it
 *                       is shown or announced, empty where it was not read
 */
public record Host(
        UUID id,
        String account,
        String orgId,
        String displayName,
        String ansibleHost,
        ObjectNode canonicalFacts,
        ObjectNode facts,
        ObjectNode tags,
        ObjectNode systemProfile,
        OffsetDateTime staleTimestamp,
        String reporter,
        OffsetDateTime created,
        OffsetDateTime updated,
        String providerId,
        String providerType,
        OffsetDateTime lastCheckIn,
        Map<String, ReporterCheckIn> perReporter,
        List<HostGroup> groups) {

    public Host {
        perReporter = perReporter == null ? null : Map.copyOf(perReporter);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A host as stored, its groups not read. */
    public Host(UUID id, String account, String orgId, String displayName, String ansibleHost,
                ObjectNode canonicalFacts, ObjectNode facts, ObjectNode tags, ObjectNode systemProfile,
                OffsetDateTime staleTimestamp, String reporter, OffsetDateTime created, OffsetDateTime updated,
                String providerId, String providerType, OffsetDateTime lastCheckIn,
                Map<String, ReporterCheckIn> perReporter) {
        this(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, systemProfile, staleTimestamp,
                reporter, created, updated, providerId, providerType, lastCheckIn, perReporter, List.of());
    }

    /** A host without the check-ins of its reporters (a row as written before V20), its groups not read. */
    public Host(UUID id, String account, String orgId, String displayName, String ansibleHost,
                ObjectNode canonicalFacts, ObjectNode facts, ObjectNode tags, ObjectNode systemProfile,
                OffsetDateTime staleTimestamp, String reporter, OffsetDateTime created, OffsetDateTime updated,
                String providerId, String providerType, OffsetDateTime lastCheckIn) {
        this(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, systemProfile, staleTimestamp,
                reporter, created, updated, providerId, providerType, lastCheckIn, null, List.of());
    }

    /** A host without provider and without a recorded check-in (a row as written before V12). */
    public Host(UUID id, String account, String orgId, String displayName, String ansibleHost,
                ObjectNode canonicalFacts, ObjectNode facts, ObjectNode tags, ObjectNode systemProfile,
                OffsetDateTime staleTimestamp, String reporter, OffsetDateTime created, OffsetDateTime updated) {
        this(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, systemProfile, staleTimestamp,
                reporter, created, updated, null, null, null);
    }

    /**
     * The check-in time the API shows, filters and orders by: {@code lastCheckIn}, or for a row written before V12
     * and not ingested since, {@code updated} (the last time it was ingested or edited; the SQL function
     * host_last_check_in of db/migration V12 is the same rule).
     */
    public OffsetDateTime lastCheckInOrUpdated() {
        return lastCheckIn != null ? lastCheckIn : updated;
    }

    /**
     * Each reporter's last check-in, sorted by reporter: {@code perReporter}, or for a row written before V20 and not
     * ingested since, its one reporter's, which checked in when the host did with the stale_timestamp it has.
     */
    public Map<String, ReporterCheckIn> reporterCheckIns() {
        if (perReporter != null) {
            return new TreeMap<>(perReporter);
        }
        Map<String, ReporterCheckIn> only = new TreeMap<>();
        if (reporter != null) {
            only.put(reporter, new ReporterCheckIn(lastCheckInOrUpdated(), staleTimestamp));
        }
        return only;
    }

    /** This host with other facts, display name and ansible host, changed at {@code now} (an edit, not a check-in). */
    public Host edited(String newDisplayName, String newAnsibleHost, ObjectNode newFacts, OffsetDateTime now) {
        return new Host(id, account, orgId, newDisplayName, newAnsibleHost, canonicalFacts, newFacts, tags,
                systemProfile, staleTimestamp, reporter, created, now, providerId, providerType, lastCheckIn,
                perReporter, groups);
    }

    /** This host with another system profile (as read from the database). */
    public Host withSystemProfile(ObjectNode newSystemProfile) {
        return new Host(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, newSystemProfile,
                staleTimestamp, reporter, created, updated, providerId, providerType, lastCheckIn, perReporter, groups);
    }

    /** This host in these groups (as read from the database; none: ungrouped). */
    public Host withGroups(List<HostGroup> newGroups) {
        return new Host(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, systemProfile,
                staleTimestamp, reporter, created, updated, providerId, providerType, lastCheckIn, perReporter,
                newGroups);
    }

    /**
     * This host checked in at {@code now} ({@code POST /hosts/checkin}, hbi-later §L3.4): its last check-in and its
     * reporter's move to now, and its stale_timestamp (2020's rule measures from it) to {@code staleTimestamp}; nothing
     * else changes, not even {@code updated} (only the staleness bookkeeping moved, hbi-later §L3.5).
     */
    public Host checkedIn(OffsetDateTime now, OffsetDateTime newStaleTimestamp) {
        Map<String, ReporterCheckIn> reporters = reporterCheckIns();
        reporters.put(reporter, new ReporterCheckIn(now, newStaleTimestamp));
        return new Host(id, account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, systemProfile,
                newStaleTimestamp, reporter, created, updated, providerId, providerType, now, reporters, groups);
    }
}
