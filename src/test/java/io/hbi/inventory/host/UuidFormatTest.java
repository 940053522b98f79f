package io.hbi.inventory.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UuidFormatTest {

    private static final String CANONICAL = "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1";

    @ParameterizedTest
    @ValueSource(strings = {
            "4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
            "4a8fb99457fe4dbbad2a9e922560b6c1",
            "4A8FB994-57FE-4DBB-AD2A-9E922560B6C1",
            "urn:uuid:4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
            "uuid:4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
            "{4a8fb994-57fe-4dbb-ad2a-9e922560b6c1}",
            "{4a8fb99457fe4dbbad2a9e922560b6c1}",
            "4a8f-b994-57fe-4dbb-ad2a-9e92-2560-b6c1",
    })
    void acceptsEveryPythonSpellingAndNormalisesToLowercaseHyphenated(String spelling) {
        assertThat(UuidFormat.isValid(spelling)).isTrue();
        assertThat(UuidFormat.normalise(spelling)).isEqualTo(CANONICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "123456", "4a8fb99457fe4dbbad2a9e922560b6c14a8fb994", "4a8fb99457fe4dbbad2a9e922560b6c",
            "4a8fb99457fe4dbbad2a9e922560b6cg", "not-a-uuid", "URN:UUID:4a8fb994-57fe-4dbb-ad2a-9e922560b6c1",
    })
    void rejectsWhatPythonRejects(String value) {
        assertThat(UuidFormat.isValid(value)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(UuidFormat.isValid(null)).isFalse();
    }

    @Test
    void satelliteIdIsAUuidOrExactlyTenDigits() {
        assertThat(UuidFormat.isSatelliteId("1000056432")).isTrue();
        assertThat(UuidFormat.isSatelliteId("100005643")).isFalse();
        assertThat(UuidFormat.isSatelliteId("10000564321")).isFalse();
        assertThat(UuidFormat.isSatelliteId("100005643a")).isFalse();
        assertThat(UuidFormat.isSatelliteId(CANONICAL.toUpperCase())).isTrue();
        assertThat(UuidFormat.normaliseSatelliteId("1000056432")).isEqualTo("1000056432");
        assertThat(UuidFormat.normaliseSatelliteId("4A8FB99457FE4DBBAD2A9E922560B6C1")).isEqualTo(CANONICAL);
    }
}
