package io.hbi.inventory.selection;

import static io.hbi.inventory.selection.ProfileFixtures.fieldsParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.host.InvalidInputException;
import org.junit.jupiter.api.Test;

/** fields[system_profile] (hbi-later.md §L2.3). */
class SparseFieldsTest {

    static SparseFields parse(String query) {
        return SparseFields.parse(fieldsParameters(query), ProfileFixtures.laterFields());
    }

    @Test
    void commaListsJsonListsAndRepeatsMerge() {
        assertThat(parse("").requested()).isFalse();
        assertThat(parse("fields[system_profile]=arch,host_type").names()).containsExactly("arch", "host_type");
        assertThat(parse("fields[system_profile]=%5B%22arch%22%2C%22host_type%22%5D").names())
                .containsExactly("arch", "host_type");
        assertThat(parse("fields[system_profile]=arch&fields[system_profile]=workloads,arch").names())
                .containsExactly("arch", "workloads");
        assertThat(parse("fields%5Bsystem_profile%5D=arch").names()).containsExactly("arch");
    }

    @Test
    void unknownFieldsAndKeysAre400s() {
        assertThat(catchThrowableOfType(() -> parse("fields[system_profile]=arch,nope"), InvalidInputException.class)
                .getMessage()).isEqualTo("Requested field 'nope' is not present in the system_profile schema.");
        assertThat(catchThrowableOfType(() -> parse("fields[foo]=arch"), InvalidInputException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> parse("fields=arch"), InvalidInputException.class)).isNotNull();
    }

    @Test
    void onlyTheRequestedNonNullFieldsAreShownWhole() throws Exception {
        ObjectNode profile = (ObjectNode) new ObjectMapper().readTree(
                "{\"arch\": \"x86_64\", \"host_type\": null, \"workloads\": {\"sap\": {\"sids\": [\"ABC\"]}}, \"number_of_cpus\": 2}");
        assertThat(parse("fields[system_profile]=arch,host_type,workloads").shown(profile).toString())
                .isEqualTo("{\"arch\":\"x86_64\",\"workloads\":{\"sap\":{\"sids\":[\"ABC\"]}}}");
        assertThat(SparseFields.ALL.shown(profile).size()).isEqualTo(3);
    }
}
