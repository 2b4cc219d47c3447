package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {
    @Test
    void encodes_all_but_unreserved_characters() {
        assertThat(PercentEncoding.encode("a-b_c.d~e f+g/h:ሴ")).isEqualTo("a-b_c.d~e%20f%2Bg%2Fh%3A%E1%88%B4");
        assertThat(PercentEncoding.encode("a/b c", true)).isEqualTo("a/b%20c");
    }

    @Test
    void form_decoding_turns_plus_into_space_and_keeps_malformed_escapes() {
        assertThat(PercentEncoding.decode("a+b%2Bc%zz%", true)).isEqualTo("a b+c%zz%");
        assertThat(PercentEncoding.decode("a+b", false)).isEqualTo("a+b");
        assertThat(PercentEncoding.decode("%E1%88%B4", false)).isEqualTo("ሴ");
    }

    @Test
    void pairs_round_trip_through_the_form_encoder() {
        List<Map.Entry<String, String>> pairs = List.of(
                Map.entry("Action", "GetSessionToken"),
                Map.entry("SerialNumber", "arn:aws:iam::123456789012:mfa/a+b=c"),
                Map.entry("Empty", ""));
        assertThat(PercentEncoding.parsePairs(PercentEncoding.formEncode(pairs), true))
                .isEqualTo(pairs);
    }
}
