package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates one raw host (a REST {@code POST /hosts} item or an MQ {@code data}) and normalises it into a
 * {@link HostInput} (contract §3.2–§3.8, decisions 2 and 7). Unknown top-level keys are dropped. Thread-safe.
 *
 * <p>Checks run in the order the 2020 schema declared its fields; the domain checks (malformed MQ fact set, no
 * canonical fact) run only once every field is valid, as in 2020.
 */
public final class HostValidator {

    /** What kind of failure: decides the title of the 2020 error body and how its detail is written. */
    public enum Problem {
        /** Field errors; detail = {@link #describe}, title "Bad Request". */
        INVALID_FIELDS("Bad Request"),
        /** MQ fact item without namespace/facts; detail = the message, title "Bad Request". */
        MALFORMED_FACTS("Bad Request"),
        /** No truthy canonical fact; detail = the message, title "Invalid request". */
        NO_CANONICAL_FACTS("Invalid request");

        private final String title;

        Problem(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The outcome of {@link #validate}: either {@link Valid} or {@link Invalid}. */
    public sealed interface Result permits Valid, Invalid {
        /** REST only: the input carried truthy {@code tags}, which were ignored (count a metric). */
        boolean tagsIgnored();

        default boolean isValid() {
            return this instanceof Valid;
        }
    }

    /**
     * @param host                     the validated, normalised input
     * @param droppedSystemProfileKeys unknown system-profile keys dropped (decision 7 metric)
     */
    public record Valid(HostInput host, boolean tagsIgnored, int droppedSystemProfileKeys) implements Result {
    }

    public record Invalid(Problem problem, List<FieldError> errors, boolean tagsIgnored) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }

        public String title() {
            return problem.title();
        }

        /** The 2020 error detail: the marshmallow repr for field errors, else the plain message. */
        public String detail() {
            return problem == Problem.INVALID_FIELDS ? describe(errors) : errors.get(0).message();
        }
    }

    private final SystemProfileSchema systemProfileSchema;

    public HostValidator() {
        this(SystemProfileSchema.shared());
    }

    public HostValidator(SystemProfileSchema systemProfileSchema) {
        this.systemProfileSchema = systemProfileSchema;
    }

    /** Renders errors as the Python repr of marshmallow's error dict, e.g. {@code {'account': ['...']}}. */
    public static String describe(List<FieldError> errors) {
        return ErrorRepr.describe(errors);
    }

    /** A 2020 host: {@link #validate(JsonNode, Door, boolean)} without org tenancy. */
    public Result validate(JsonNode rawHost, Door door) {
        return validate(rawHost, door, false);
    }

    /**
     * @param byOrg a host of a today's caller or message (decisions.md 10): {@code org_id} is required (1 to 36
     *              characters) and {@code account} optional (null, or up to 10 characters; empty is none). A 2020
     *              host ({@code byOrg} false) keeps the 2020 rules: {@code account} required, {@code org_id} ignored
     *              as every unknown key is.
     */
    public Result validate(JsonNode rawHost, Door door, boolean byOrg) {
        boolean tagsIgnored = door == Door.REST && rawHost != null && FieldChecks.isTruthy(rawHost.get("tags"));
        if (rawHost == null || !rawHost.isObject()) {
            return new Invalid(Problem.INVALID_FIELDS,
                    List.of(new FieldError("_schema", Messages.INVALID_INPUT_TYPE)), tagsIgnored);
        }
        List<FieldError> nul = NulCharacters.find(rawHost);
        if (!nul.isEmpty()) {
            return new Invalid(Problem.INVALID_FIELDS, nul, tagsIgnored);
        }
        List<FieldError> errors = new ArrayList<>();
        optional(rawHost, "display_name", v -> FieldChecks.string(v, "display_name", Length.between(1, 200)), errors);
        optional(rawHost, "ansible_host", v -> FieldChecks.string(v, "ansible_host", Length.between(0, 255)), errors);
        if (byOrg) {
            required(rawHost, "org_id", v -> FieldChecks.string(v, "org_id", Length.between(1, 36)), errors);
            JsonNode account = rawHost.get("account");
            if (account != null && !account.isNull()) {
                errors.addAll(FieldChecks.string(account, "account", Length.between(0, 10)));
            }
        } else {
            required(rawHost, "account", v -> FieldChecks.string(v, "account", Length.between(1, 10)), errors);
        }
        errors.addAll(CanonicalFacts.validate(rawHost));
        errors.addAll(Provider.fieldErrors(rawHost));
        optional(rawHost, "facts", v -> InputFacts.validate(v, door), errors);
        SystemProfileSchema.Outcome profile = rawHost.has("system_profile")
                ? systemProfileSchema.validate(rawHost.get("system_profile"), door)
                : null;
        if (profile != null) {
            errors.addAll(profile.errors());
        }
        required(rawHost, "stale_timestamp", StaleTimestamp::validate, errors);
        required(rawHost, "reporter", v -> FieldChecks.string(v, "reporter", Length.between(1, 255)), errors);
        if (door == Door.MQ) {
            optional(rawHost, "tags", InputTags::validate, errors);
        }
        if (!errors.isEmpty()) {
            return new Invalid(Problem.INVALID_FIELDS, errors, tagsIgnored);
        }
        Optional<String> provider = Provider.pairError(rawHost);
        if (provider.isPresent()) {
            return new Invalid(Problem.INVALID_FIELDS, List.of(new FieldError("_schema", provider.get())), tagsIgnored);
        }

        ObjectNode canonicalFacts = CanonicalFacts.read(rawHost);
        JsonNode facts = rawHost.get("facts");
        if (door == Door.MQ && facts != null) {
            Optional<String> malformed = InputFacts.formatError(facts);
            if (malformed.isPresent()) {
                return new Invalid(Problem.MALFORMED_FACTS, List.of(new FieldError("facts", malformed.get())),
                        tagsIgnored);
            }
        }
        if (canonicalFacts.isEmpty()) {
            return new Invalid(Problem.NO_CANONICAL_FACTS,
                    List.of(new FieldError("canonical_facts", Messages.NO_CANONICAL_FACTS)), tagsIgnored);
        }

        JsonNode tags = door == Door.MQ ? rawHost.get("tags") : null;
        HostInput host = new HostInput(
                byOrg ? emptyAsNull(text(rawHost, "account")) : rawHost.get("account").textValue(),
                byOrg ? rawHost.get("org_id").textValue() : null,
                text(rawHost, "display_name"),
                text(rawHost, "ansible_host"),
                canonicalFacts,
                InputFacts.read(facts),
                tags == null ? null : Tags.normalise(tags),
                tags != null && !FieldChecks.isTruthy(tags),
                profile == null ? null : profile.profile(),
                StaleTimestamp.read(rawHost.get("stale_timestamp")),
                rawHost.get("reporter").textValue(),
                Provider.id(rawHost),
                Provider.type(rawHost));
        return new Valid(host, tagsIgnored, profile == null ? 0 : profile.droppedKeys());
    }

    private interface FieldCheck {
        List<FieldError> check(JsonNode value);
    }

    private static void required(JsonNode host, String field, FieldCheck check, List<FieldError> errors) {
        JsonNode value = host.get(field);
        if (value == null) {
            errors.add(new FieldError(field, Messages.MISSING));
        } else {
            errors.addAll(check.check(value));
        }
    }

    private static void optional(JsonNode host, String field, FieldCheck check, List<FieldError> errors) {
        JsonNode value = host.get(field);
        if (value != null) {
            errors.addAll(check.check(value));
        }
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String text(JsonNode host, String field) {
        JsonNode value = host.get(field);
        return value == null ? null : value.textValue();
    }
}
