package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The nine canonical facts (contract §3.2): their checks and their stored, normalised form (decision 2). */
public final class CanonicalFacts {

    /** Canonical facts in the order the host object renders them. */
    public static final List<String> NAMES = List.of(
            "insights_id", "rhel_machine_id", "subscription_manager_id", "satellite_id", "bios_uuid",
            "ip_addresses", "fqdn", "mac_addresses", "external_id");

    /** Canonical facts whose value is a uuid, stored lowercase hyphenated. */
    public static final Set<String> UUID_FACTS =
            Set.of("insights_id", "rhel_machine_id", "subscription_manager_id", "bios_uuid");

    /** The order the 2020 schema declared (and so reported errors for) the canonical facts. */
    private static final List<String> CHECK_ORDER = List.of(
            "insights_id", "rhel_machine_id", "subscription_manager_id", "satellite_id", "fqdn", "bios_uuid",
            "ip_addresses", "mac_addresses", "external_id");

    private CanonicalFacts() {
    }

    /** Checks every canonical fact present in {@code host}; an absent fact is fine. */
    static List<FieldError> validate(JsonNode host) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : CHECK_ORDER) {
            JsonNode value = host.get(name);
            if (value != null) {
                errors.addAll(check(name, value));
            }
        }
        return errors;
    }

    private static List<FieldError> check(String name, JsonNode value) {
        return switch (name) {
            case "satellite_id" -> FieldChecks.string(value, name, UuidFormat::isSatelliteId);
            case "fqdn" -> FieldChecks.string(value, name, Length.between(1, 255));
            case "external_id" -> FieldChecks.string(value, name, Length.between(1, 500));
            case "ip_addresses" -> FieldChecks.stringList(value, name, Length.atLeast(1), Length.between(1, 255));
            case "mac_addresses" -> FieldChecks.stringList(value, name, Length.atLeast(1), Length.between(1, 59));
            default -> FieldChecks.string(value, name, UuidFormat::isValid);
        };
    }

    /**
     * The canonical facts of an already validated {@code host}: only truthy values, in {@link #NAMES} order,
     * uuid facts (and a uuid-shaped satellite_id) lowercase hyphenated, everything else verbatim.
     */
    static ObjectNode read(JsonNode host) {
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        for (String name : NAMES) {
            JsonNode value = host.get(name);
            if (!FieldChecks.isTruthy(value)) {
                continue;
            }
            if (UUID_FACTS.contains(name)) {
                facts.put(name, UuidFormat.normalise(value.textValue()));
            } else if (name.equals("satellite_id")) {
                facts.put(name, UuidFormat.normaliseSatelliteId(value.textValue()));
            } else {
                facts.set(name, value.deepCopy());
            }
        }
        return facts;
    }

    /**
     * The dedup scope of a host (decisions.md 10), the prefix of its tokens: {@code org:<org_id>} for a host of an
     * org, its account for a host without one (as before orgs, so the tokens of 2020 hosts stay what they were).
     * Two hosts are only ever the same host within one scope; a scope that is also some account's name costs
     * lookups, never isolation, as every candidate is checked against the writer's tenant (DedupPlan).
     */
    public static String scope(String orgId, String account) {
        return orgId != null ? "org:" + orgId : account;
    }

    /** The tokens of a host: {@link #tokens(String, ObjectNode)} in its {@link #scope}. */
    public static String[] tokens(Host host) {
        return tokens(scope(host.orgId(), host.account()), host.canonicalFacts());
    }

    /**
     * The canonical facts as a set of "scope fact=value" tokens, one per scalar fact and one per element of the
     * array facts, sorted: the {@code canonical_fact_tokens} column of the host, the same as the SQL function of that
     * name computes (db/migration V1, V8). JSONB containment between two canonical-fact objects is token-set
     * containment, which the dedup finds through a GIN index on them.
     */
    public static String[] tokens(String scope, ObjectNode canonicalFacts) {
        return prefixed(scope + " ", canonicalFacts);
    }

    /**
     * The tokens of {@link #tokens(String, ObjectNode)} without a scope ({@code "fact=value"}): what two hosts' canonical
     * facts share, whatever their tenants.
     */
    public static String[] factTokens(ObjectNode canonicalFacts) {
        return prefixed("", canonicalFacts);
    }

    private static String[] prefixed(String prefix, ObjectNode canonicalFacts) {
        java.util.TreeSet<String> tokens = new java.util.TreeSet<>();
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = canonicalFacts.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> fact = it.next();
            if (fact.getValue().isArray()) {
                for (JsonNode element : fact.getValue()) {
                    tokens.add(prefix + fact.getKey() + "=" + text(element));
                }
            } else {
                tokens.add(prefix + fact.getKey() + "=" + text(fact.getValue()));
            }
        }
        return tokens.toArray(String[]::new);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
