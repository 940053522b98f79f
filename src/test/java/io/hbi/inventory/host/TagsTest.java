package io.hbi.inventory.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.HostValidator.Invalid;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hbi.inventory.host.Json.host;
import static io.hbi.inventory.host.Json.object;
import static io.hbi.inventory.host.Json.parse;
import static io.hbi.inventory.host.Json.repeat;
import static org.assertj.core.api.Assertions.assertThat;

class TagsTest {

    private static final HostValidator VALIDATOR = new HostValidator();

    private static List<FieldError> errors(String tags) {
        HostValidator.Result result = VALIDATOR.validate(host("{'tags': " + tags + "}"), Door.MQ);
        assertThat(result).isInstanceOf(Invalid.class);
        return ((Invalid) result).errors();
    }

    private static ObjectNode accepted(String tags) {
        HostValidator.Result result = VALIDATOR.validate(host("{'tags': " + tags + "}"), Door.MQ);
        assertThat(result.isValid()).as("%s", result).isTrue();
        return ((HostValidator.Valid) result).host().tags();
    }

    @Nested
    class StructuredListForm {
        @Test
        void limits() {
            accepted("[{'namespace': '" + repeat(255) + "', 'key': '" + repeat(255) + "', 'value': '" + repeat(255)
                    + "'}]");
            accepted("[{'namespace': null, 'key': 'k', 'value': null}, {'key': 'k'}]");
            assertThat(errors("[{'namespace': '" + repeat(256) + "', 'key': 'k'}]"))
                    .containsExactly(new FieldError("tags[0].namespace", "Longer than maximum length 255."));
            assertThat(errors("[{'key': 'k', 'value': '" + repeat(256) + "'}]"))
                    .containsExactly(new FieldError("tags[0].value", "Longer than maximum length 255."));
            assertThat(errors("[{'key': '" + repeat(256) + "'}]"))
                    .containsExactly(new FieldError("tags[0].key", "Length must be between 1 and 255."));
            assertThat(errors("[{'key': ''}]"))
                    .containsExactly(new FieldError("tags[0].key", "Length must be between 1 and 255."));
        }

        @Test
        void keyIsRequiredAndNotNull() {
            assertThat(errors("[{'key': 'k'}, {'namespace': 'n'}]"))
                    .containsExactly(new FieldError("tags[1].key", "Missing data for required field."));
            assertThat(errors("[{'key': null}]"))
                    .containsExactly(new FieldError("tags[0].key", "Field may not be null."));
        }

        @Test
        void types() {
            assertThat(errors("[{'namespace': 1, 'key': 2, 'value': true}]")).containsExactly(
                    new FieldError("tags[0].namespace", "Not a valid string."),
                    new FieldError("tags[0].key", "Not a valid string."),
                    new FieldError("tags[0].value", "Not a valid string."));
        }

        @ParameterizedTest
        @ValueSource(strings = {"'a'", "1", "null", "['a']"})
        void otherElementTypesAreErrors(String element) {
            assertThat(errors("[" + element + "]")).containsExactly(new FieldError("tags[0]", "Invalid input type."));
        }

        @Test
        void normalisation() {
            assertThat(accepted("[{'namespace': 'NS1', 'key': 'k', 'value': 'v1'},"
                    + " {'namespace': 'NS1', 'key': 'k', 'value': 'v2'},"
                    + " {'namespace': 'NS1', 'key': 'k', 'value': 'v1'},"
                    + " {'namespace': 'NS1', 'key': 'k', 'value': null},"
                    + " {'namespace': 'NS1', 'key': 'k', 'value': ''},"
                    + " {'namespace': 'NS1', 'key': 'bare'},"
                    + " {'namespace': null, 'key': 'a', 'value': 'x'},"
                    + " {'namespace': '', 'key': 'b'},"
                    + " {'namespace': 'null', 'key': 'c', 'value': ''},"
                    + " {'key': 'd', 'value': 'y'}]"))
                    .isEqualTo(parse("{'NS1': {'k': ['v1', 'v2'], 'bare': []},"
                            + " 'null': {'a': ['x'], 'b': [], 'c': [], 'd': ['y']}}"));
        }

        @Test
        void keysThatLookLikePointersAreKeys() {
            assertThat(accepted("[{'namespace': '/ns', 'key': '/k', 'value': 'v'}]"))
                    .isEqualTo(parse("{'/ns': {'/k': ['v']}}"));
        }
    }

    @Nested
    class NestedObjectForm {
        @Test
        void limits() {
            accepted("{'" + repeat(255) + "': {'" + repeat(255) + "': ['" + repeat(255) + "']}}");
            assertThat(errors("{'" + repeat(256) + "': {}}"))
                    .containsExactly(new FieldError("tags", "Longer than maximum length 255."));
            assertThat(errors("{'ns': {'" + repeat(256) + "': []}}"))
                    .containsExactly(new FieldError("tags", "Length must be between 1 and 255."));
            assertThat(errors("{'ns': {'': []}}"))
                    .containsExactly(new FieldError("tags", "Length must be between 1 and 255."));
            assertThat(errors("{'ns': {'k': ['" + repeat(256) + "']}}"))
                    .containsExactly(new FieldError("tags", "Longer than maximum length 255."));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "{'ns': 'x'}|Tags in a namespace must be an object or null.",
                "{'ns': []}|Tags in a namespace must be an object or null.",
                "{'ns': {'k': 'v'}}|Tag values must be an array or null.",
                "{'ns': {'k': {}}}|Tag values must be an array or null.",
                "{'ns': {'k': [1]}}|Tag value must be a string or null.",
                "{'ns': {'k': [['v']]}}|Tag value must be a string or null.",
                "\"tag\"|Tags must be either an object, an array or null.",
                "5|Tags must be either an object, an array or null.",
                "true|Tags must be either an object, an array or null.",
        })
        void messages(String tags, String message) {
            assertThat(errors(tags)).containsExactly(new FieldError("tags", message));
        }

        @Test
        void normalisation() {
            assertThat(accepted("{'NS1': {'k': ['v1', 'v2', 'v1', null, ''], 'k2': [], 'k3': null, 'k4': ['', null]},"
                    + " 'NS2': null, 'NS3': {}, 'null': {'a': ['x']}, '': {'b': ['y']}}"))
                    .isEqualTo(parse("{'NS1': {'k': ['v1', 'v2'], 'k2': [], 'k3': [], 'k4': []},"
                            + " 'NS2': {}, 'NS3': {}, 'null': {'a': ['x'], 'b': ['y']}}"));
        }
    }

    @Test
    void renderOneEntryPerValueAndNullForValuelessKeysAndNullNamespace() {
        ArrayNode rendered = Tags.render(object("{'NS1': {'k': ['v1', 'v2'], 'bare': []}, 'null': {'a': ['x']}}"));
        assertThat(rendered).isEqualTo(parse("[{'namespace': 'NS1', 'key': 'k', 'value': 'v1'},"
                + " {'namespace': 'NS1', 'key': 'k', 'value': 'v2'},"
                + " {'namespace': 'NS1', 'key': 'bare', 'value': null},"
                + " {'namespace': null, 'key': 'a', 'value': 'x'}]"));
        assertThat(Tags.render(null)).isEmpty();
    }

    @Test
    void countPerValueAndOneForAValuelessKey() {
        assertThat(Tags.count(object("{'NS1': {'k': ['v1', 'v2'], 'bare': []}, 'null': {'a': ['x']}}")))
                .isEqualTo(4);
        assertThat(Tags.count(object("{}"))).isZero();
        assertThat(Tags.count(null)).isZero();
    }

    @Test
    void searchIsACaseSensitiveSubstringOfNamespaceKeyOrValue() {
        ArrayNode rendered = Tags.render(object("{'insights-client': {'env': ['prod']},"
                + " 'null': {'Owner': ['Bob Smith'], 'bare': []}}"));
        assertThat(Tags.search(rendered, "client")).hasSize(1);
        assertThat(Tags.search(rendered, "nv")).hasSize(1);
        assertThat(Tags.search(rendered, "rod")).hasSize(1);
        assertThat(Tags.search(rendered, "owner")).isEmpty();
        assertThat(Tags.search(rendered, "Owner")).hasSize(1);
        assertThat(Tags.search(rendered, " ")).hasSize(1);
        assertThat(Tags.search(rendered, "null")).isEmpty();
        assertThat(Tags.search(rendered, "")).hasSize(3);
        assertThat(Tags.search(rendered, null)).hasSize(3);
    }

    @Test
    void createDropsNamespacesWithoutKeys() {
        assertThat(Tags.forCreate(object("{'NS1': {'k': []}, 'NS2': {}}"))).isEqualTo(parse("{'NS1': {'k': []}}"));
        assertThat(Tags.forCreate(null)).isEqualTo(parse("{}"));
    }

    @Test
    void updateReplacesGivenNamespacesDeletesEmptyOnesAndKeepsTheRest() {
        ObjectNode stored = object("{'keep': {'a': ['1']}, 'replace': {'b': ['2'], 'c': []}, 'delete': {'d': []}}");
        ObjectNode updated = Tags.applyUpdate(stored,
                object("{'replace': {'e': ['3']}, 'delete': {}, 'new': {'f': []}, 'absent': {}}"));
        assertThat(updated).isEqualTo(parse("{'keep': {'a': ['1']}, 'replace': {'e': ['3']}, 'new': {'f': []}}"));
        assertThat(stored).isEqualTo(parse("{'keep': {'a': ['1']}, 'replace': {'b': ['2'], 'c': []},"
                + " 'delete': {'d': []}}"));
        assertThat(Tags.applyUpdate(stored, null)).isEqualTo(stored);
        assertThat(Tags.applyUpdate(null, object("{'x': {'k': []}}"))).isEqualTo(parse("{'x': {'k': []}}"));
    }
}
