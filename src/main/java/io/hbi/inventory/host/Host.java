package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
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
        OffsetDateTime updated) {
}
