package io.hbi.inventory.rest;

import io.hbi.inventory.selection.TagFilter;
import io.hbi.inventory.host.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@code tags} item (contract §1.2, §1.4): the query string decodes it once, then it is split on {@code /} and
 * {@code =}, then each part is percent-decoded again, with {@code +} kept.
 */
class TagFilterTest {

    /** The tag filters of a raw (as sent) query string, as GET /hosts reads them. */
    private static List<TagFilter> tags(String rawQuery) {
        return HostRequests.filter(QueryParameters.parse(rawQuery, Set.of("tags"))).tags();
    }

    private static TagFilter tag(String rawQuery) {
        List<TagFilter> tags = tags(rawQuery);
        assertThat(tags).hasSize(1);
        return tags.get(0);
    }

    @Test
    void namespaceAndValueAreOptional() {
        assertThat(tag("tags=ns/k=v")).isEqualTo(new TagFilter("ns", "k", "v"));
        assertThat(tag("tags=k=v")).isEqualTo(new TagFilter(null, "k", "v"));
        assertThat(tag("tags=ns/k")).isEqualTo(new TagFilter("ns", "k", null));
        assertThat(tag("tags=k")).isEqualTo(new TagFilter(null, "k", null));
    }

    @Test
    void specialCharactersEncodedOnceAreFoundWithAPlusKeptAsAPlus() {
        // Python's quote() of ";?:@&+$/-_.!~*'()'=#": everything but the slash encoded, the '=' separator too
        assertThat(tag("tags=%3B%3F%3A%40%26%2B%24/-_.%21~%2A%27%28%29%27%3D%23"))
                .isEqualTo(new TagFilter(";?:@&+$", "-_.!~*'()'", "#"));
        // each part encoded, the separators as they are
        assertThat(tag("tags=%3B%3F%3A%40%26%2B%24/-_.!~*'()'=%23")).isEqualTo(new TagFilter(";?:@&+$", "-_.!~*'()'", "#"));
    }

    @Test
    void partsOfWhitespaceOnlyAreKept() {
        String ws = " \t\n\r\f\u000b";
        String encoded = "%20%09%0A%0D%0C%0B";
        assertThat(tag("tags=" + encoded + "/" + encoded + "=" + encoded)).isEqualTo(new TagFilter(ws, ws, ws));
    }

    @Test
    void separatorsInsideAPartAreEncodedTwiceAndDecodedAfterTheSplit() {
        // quote(quote(";,/?:@&=+$", safe="") + "/" + quote("-_.!~*'()", safe="") + "=" + quote("#", safe=""))
        assertThat(tag("tags=%253B%252C%252F%253F%253A%2540%2526%253D%252B%2524/-_.%2521~%252A%2527%2528%2529%3D%2523"))
                .isEqualTo(new TagFilter(";,/?:@&=+$", "-_.!~*'()", "#"));
        assertThat(tag("tags=a%252Bb/k")).isEqualTo(new TagFilter("a+b", "k", null));
    }

    @Test
    void aCommaSeparatesTagsUnlessItIsEncodedTwice() {
        assertThat(tags("tags=a/b,c/d")).containsExactly(new TagFilter("a", "b", null), new TagFilter("c", "d", null));
        assertThat(tags("tags=a%2Cb/k")).containsExactly(new TagFilter(null, "a", null), new TagFilter("b", "k", null));
        assertThat(tags("tags=a%252Cb/k")).containsExactly(new TagFilter("a,b", "k", null));
    }

    @Test
    void aPercentThatIsNotAnEscapeStaysAndBadUtf8BecomesTheReplacementCharacter() {
        assertThat(TagFilter.unquote("100%")).isEqualTo("100%");
        assertThat(TagFilter.unquote("%zz%4")).isEqualTo("%zz%4");
        assertThat(TagFilter.unquote("a%2Bb+c")).isEqualTo("a+b+c");
        assertThat(TagFilter.unquote("%C3%A9%FF")).isEqualTo("\u00e9\ufffd");
        assertThat(tag("tags=ns/k=100%2525")).isEqualTo(new TagFilter("ns", "k", "100%"));
    }

    @Test
    void eachDecodedPartIsAtMost255Characters() {
        assertThat(tag("tags=" + "%2541".repeat(255)).key()).hasSize(255);
        assertThatThrownBy(() -> tags("tags=ns/" + "%2541".repeat(256)))
                .isInstanceOf(InvalidInputException.class).hasMessage("key is longer than 255 characters");
        assertThatThrownBy(() -> tags("tags=a/b/c")).isInstanceOf(InvalidInputException.class).hasMessageContaining("tags");
    }
}
