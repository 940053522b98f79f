package io.hbi.inventory.host;

/** The validation messages clients of the 2020 service saw (marshmallow 2 wording, HBI's own texts). */
final class Messages {
    static final String MISSING = "Missing data for required field.";
    static final String NULL = "Field may not be null.";
    static final String NOT_STRING = "Not a valid string.";
    static final String NOT_LIST = "Not a valid list.";
    static final String NOT_INTEGER = "Not a valid integer.";
    static final String NOT_BOOLEAN = "Not a valid boolean.";
    static final String NOT_MAPPING = "Not a valid mapping type.";
    static final String NOT_DATETIME = "Not a valid datetime.";
    static final String INVALID_INPUT_TYPE = "Invalid input type.";
    static final String INVALID_VALUE = "Invalid value.";
    static final String NOT_A_CHOICE = "Not a valid choice.";
    static final String NO_PATTERN_MATCH = "String does not match expected pattern.";
    static final String NOT_UNIQUE = "Items must be unique.";
    static final String NO_TIMEZONE = "Timestamp must contain timezone info";
    static final String NO_CANONICAL_FACTS = "At least one of the canonical fact fields must be present.";
    static final String MALFORMED_FACT =
            "Invalid format of Fact object.  Fact must contain 'namespace' and 'facts' keys.";
    static final String TAGS_NOT_CONTAINER = "Tags must be either an object, an array or null.";
    static final String TAG_NAMESPACE_NOT_OBJECT = "Tags in a namespace must be an object or null.";
    static final String TAG_VALUES_NOT_ARRAY = "Tag values must be an array or null.";
    static final String TAG_VALUE_NOT_STRING = "Tag value must be a string or null.";

    private Messages() {
    }
}
