package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /hosts/checkin} (hbi-later §L3.4): the canonical facts that find the host (at least one,
 * each checked and normalised as an ingested host's are, decisions.md 2), the provider pair (provider_id needs
 * provider_type) and {@code checkin_frequency}, minutes 1..2880 (default 1440): when the host's org has no staleness
 * setting (decisions.md 13), its 2020 stale_timestamp moves to that long after the check-in, as HBI's check-in did in
 * 2020; later HBI accepts and ignores it, and so does an org's setting.
 *
 * @param canonicalFacts the truthy canonical facts, normalised
 */
public record CheckInInput(ObjectNode canonicalFacts, int frequencyMinutes) {

    public static final int DEFAULT_FREQUENCY = 1440;
    static final int MAX_FREQUENCY = 2880;

    private static final Set<String> KEYS = keys();

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>(CanonicalFacts.NAMES);
        keys.addAll(List.of("provider_id", "provider_type", "checkin_frequency"));
        return Set.copyOf(keys);
    }

    /**
     * The check-in a body asks for.
     *
     * @throws InvalidInputException when the body is not an object of known keys, a fact or the frequency is
     *                               invalid, or it has no canonical fact
     */
    public static CheckInInput parse(JsonNode body) {
        BodyKeys.requireKnown(body, KEYS);
        List<FieldError> errors = new ArrayList<>(NulCharacters.find(body));
        errors.addAll(CanonicalFacts.validate(body));
        errors.addAll(Provider.fieldErrors(body));
        JsonNode frequency = body.get("checkin_frequency");
        if (frequency != null && (!frequency.isIntegralNumber() || !frequency.canConvertToInt()
                || frequency.intValue() < 1 || frequency.intValue() > MAX_FREQUENCY)) {
            errors.add(new FieldError("checkin_frequency", "Must be greater than or equal to 1 and less than or equal"
                    + " to " + MAX_FREQUENCY + "."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(ErrorRepr.describe(errors));
        }
        Optional<String> provider = Provider.pairError(body);
        if (provider.isPresent()) {
            throw new InvalidInputException(ErrorRepr.describe(List.of(new FieldError("_schema", provider.get()))));
        }
        ObjectNode canonicalFacts = CanonicalFacts.read(body);
        if (canonicalFacts.isEmpty()) {
            throw new InvalidInputException(Messages.NO_CANONICAL_FACTS);
        }
        return new CheckInInput(canonicalFacts, frequency == null ? DEFAULT_FREQUENCY : frequency.intValue());
    }
}
