package dev.ststoken.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalRequestTest {
    @Test
    void paths_are_normalised_then_encoded() {
        assertThat(CanonicalRequest.canonicalUri("/")).isEqualTo("/");
        assertThat(CanonicalRequest.canonicalUri("//example//")).isEqualTo("/example/");
        assertThat(CanonicalRequest.canonicalUri("/example1/example2/../..")).isEqualTo("/");
        assertThat(CanonicalRequest.canonicalUri("/./example")).isEqualTo("/example");
        assertThat(CanonicalRequest.canonicalUri("/example space/")).isEqualTo("/example%20space/");
        // Non-S3 services encode the path as sent, so an escaped path is escaped again.
        assertThat(CanonicalRequest.canonicalUri("/a%20b")).isEqualTo("/a%2520b");
    }

    @Test
    void query_pairs_are_re_encoded_and_sorted_by_key_then_value() {
        assertThat(CanonicalRequest.canonicalQuery("b=2&a=2&a=1&c", false)).isEqualTo("a=1&a=2&b=2&c=");
        assertThat(CanonicalRequest.canonicalQuery("k=a%20b&s=%7E~", false)).isEqualTo("k=a%20b&s=~~");
        assertThat(CanonicalRequest.canonicalQuery("X-Amz-Signature=abc&A=1", true))
                .isEqualTo("A=1");
    }

    @Test
    void header_values_are_trimmed_and_inner_whitespace_collapsed() {
        assertThat(CanonicalRequest.trimAll("  a   b \t c  ")).isEqualTo("a b c");
    }

    @Test
    void to_string_shows_no_header_values() {
        CanonicalRequest request = new CanonicalRequest(
                "POST",
                "/",
                "",
                "x-amz-security-token:secret\n",
                "x-amz-security-token",
                CanonicalRequest.EMPTY_PAYLOAD_HASH);
        assertThat(request.toString()).doesNotContain("secret");
    }
}
