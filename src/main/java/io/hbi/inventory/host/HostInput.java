package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;

/**
 * One host as it arrived (REST or MQ), validated and normalised by {@link HostValidator}.
 *
 * @param account             null when a today's host carries none
 * @param orgId               the org of a today's host ({@code org_id}); null for a 2020 host
 * @param displayName         null when absent (an empty string never passes validation)
 * @param ansibleHost         null when absent; {@code ""} clears the stored value
 * @param canonicalFacts      the truthy canonical facts in canonical order; UUID facts lowercase hyphenated
 * @param facts               {@code {namespace: {...}}}, duplicate namespaces merged; null when absent or empty
 * @param tags                stored form {@code {ns: {key: [values]}}}; null when the input had no {@code tags} key
 *                            or came through REST
 * @param tagsPresentButEmpty true when the input had {@code tags} set to null, {@code []} or {@code {}}
 * @param systemProfile       unknown keys already dropped; null when absent
 * @param staleTimestamp      always carries an offset
 * @param providerId          null when absent ({@link Provider})
 * @param providerType        lower case; null exactly when providerId is
 */
public record HostInput(
        String account,
        String orgId,
        String displayName,
        String ansibleHost,
        ObjectNode canonicalFacts,
        ObjectNode facts,
        ObjectNode tags,
        boolean tagsPresentButEmpty,
        ObjectNode systemProfile,
        OffsetDateTime staleTimestamp,
        String reporter,
        String providerId,
        String providerType) {

    /** An input without a provider. */
    public HostInput(String account, String orgId, String displayName, String ansibleHost, ObjectNode canonicalFacts,
                     ObjectNode facts, ObjectNode tags, boolean tagsPresentButEmpty, ObjectNode systemProfile,
                     OffsetDateTime staleTimestamp, String reporter) {
        this(account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, tagsPresentButEmpty, systemProfile,
                staleTimestamp, reporter, null, null);
    }

    /** This input with another system profile. */
    public HostInput withSystemProfile(ObjectNode profile) {
        return new HostInput(account, orgId, displayName, ansibleHost, canonicalFacts, facts, tags, tagsPresentButEmpty,
                profile, staleTimestamp, reporter, providerId, providerType);
    }
}
