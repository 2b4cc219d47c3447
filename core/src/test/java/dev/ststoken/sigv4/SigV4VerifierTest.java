package dev.ststoken.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {
    static final Instant NOW = Instant.parse("2022-01-27T01:59:28Z");
    final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));

    static HttpRequestParts signedAt(Instant time, AwsCredentials credentials) {
        HttpRequestParts request = new HttpRequestParts(
                "POST",
                "/",
                "",
                List.of(
                        Map.entry("Content-Type", "application/x-www-form-urlencoded"),
                        Map.entry("Host", "localhost:4599")),
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes());
        List<Map.Entry<String, String>> headers = new SigV4Signer(Clock.fixed(time, ZoneOffset.UTC))
                .signHeaders(request, credentials, "us-east-1", "sts");
        return new HttpRequestParts("POST", "/", "", headers, request.body());
    }

    static HttpRequestParts withHeader(HttpRequestParts request, String name, String value) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers()) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                headers.add(h);
            }
        }
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
        return new HttpRequestParts(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    @Test
    void an_amz_date_is_read_in_iso_basic_format_and_impossible_dates_are_refused() throws Exception {
        assertThat(SigV4Verifier.parseAmzDate("20261130T235959Z")).isEqualTo(Instant.parse("2026-11-30T23:59:59Z"));
        assertThat(SigV4Verifier.parseAmzDate("20240229T000000Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        for (String bad : List.of(
                "20260230T000000Z",
                "20261130T240000Z",
                "20261130T236000Z",
                "20261300T000000Z",
                "20261130t000000Z",
                "20261130T000000",
                "2026113OT000000Z",
                "+2026113T000000Z",
                "2026-11-30T00:00:00Z",
                "")) {
            assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(bad))
                    .as(bad)
                    .isInstanceOf(SigV4Exception.class)
                    .hasMessageContaining("ISO-8601 'basic format'");
        }
    }

    @Test
    void a_request_without_any_signature_is_missing_its_authentication_token() {
        HttpRequestParts bare = new HttpRequestParts("POST", "/", "", List.of(Map.entry("Host", "x")), new byte[0]);
        assertThatThrownBy(() -> verifier.parse(bare))
                .isInstanceOf(SigV4Exception.class)
                .hasMessage("Request is missing Authentication Token")
                .extracting(e -> ((SigV4Exception) e).code())
                .isEqualTo("MissingAuthenticationToken");
    }

    @Test
    void an_authorization_part_without_equals_sign_is_an_incomplete_signature() {
        HttpRequestParts request = withHeader(
                signedAt(NOW, SigV4TestSuiteTest.KEY),
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20200122/us-east-1/sts/aws4_request, SignedHeaders, Signature=abc");
        assertThatThrownBy(() -> verifier.parse(request))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageStartingWith(
                        "'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header")
                .extracting(e -> ((SigV4Exception) e).code())
                .isEqualTo("IncompleteSignature");
    }

    @Test
    void missing_parts_are_all_named() {
        HttpRequestParts request = withHeader(
                signedAt(NOW, SigV4TestSuiteTest.KEY),
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20200122/us-east-1/sts/aws4_request");
        assertThatThrownBy(() -> verifier.parse(request))
                .hasMessageContaining("requires 'Signature' parameter")
                .hasMessageContaining("requires 'SignedHeaders' parameter");
    }

    @Test
    void a_request_signed_more_than_15_minutes_ago_has_an_expired_signature_in_aws_words() throws Exception {
        SignatureClaim claim = verifier.parse(signedAt(Instant.parse("2022-01-27T00:14:27Z"), SigV4TestSuiteTest.KEY));
        assertThatThrownBy(() -> verifier.checkTime(claim))
                .isInstanceOf(SigV4Exception.class)
                .hasMessage("Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z "
                        + "(20220127T015928Z - 15 min.)");
    }

    @Test
    void a_request_signed_more_than_15_minutes_ahead_is_not_yet_current() throws Exception {
        SignatureClaim claim = verifier.parse(signedAt(NOW.plusSeconds(16 * 60), SigV4TestSuiteTest.KEY));
        assertThatThrownBy(() -> verifier.checkTime(claim)).hasMessageStartingWith("Signature not yet current: ");
    }

    @Test
    void a_request_within_the_skew_window_passes() throws Exception {
        verifier.checkTime(verifier.parse(signedAt(NOW.minusSeconds(14 * 60), SigV4TestSuiteTest.KEY)));
        verifier.checkTime(verifier.parse(signedAt(NOW.plusSeconds(14 * 60), SigV4TestSuiteTest.KEY)));
    }

    @Test
    void a_tampered_body_does_not_verify() throws Exception {
        HttpRequestParts signed = signedAt(NOW, SigV4TestSuiteTest.KEY);
        HttpRequestParts tampered = new HttpRequestParts(
                "POST", "/", "", signed.headers(), "Action=GetSessionToken&Version=2011-06-15".getBytes());
        SignatureClaim claim = verifier.parse(tampered);
        assertThat(verifier.verify(claim, signed, SigV4TestSuiteTest.KEY.secretAccessKey()))
                .isTrue();
        assertThat(verifier.verify(claim, tampered, SigV4TestSuiteTest.KEY.secretAccessKey()))
                .isFalse();
    }

    @Test
    void a_declared_payload_hash_that_does_not_match_the_body_is_refused() throws Exception {
        HttpRequestParts request = withHeader(signedAt(NOW, SigV4TestSuiteTest.KEY), "X-Amz-Content-Sha256", "00");
        SignatureClaim claim = verifier.parse(request);
        assertThatThrownBy(() -> verifier.verify(claim, request, "x")).hasMessageContaining("x-amz-content-sha256");
    }

    @Test
    void host_must_be_signed() throws Exception {
        HttpRequestParts signed = signedAt(NOW, SigV4TestSuiteTest.KEY);
        String authorization = signed.header("Authorization")
                .replace("SignedHeaders=content-type;host;x-amz-date", "SignedHeaders=content-type;x-amz-date");
        HttpRequestParts request = withHeader(signed, "Authorization", authorization);
        SignatureClaim claim = verifier.parse(request);
        assertThatThrownBy(() -> verifier.verify(claim, request, "x")).hasMessageContaining("'Host'");
    }

    @Test
    void the_session_token_header_is_part_of_the_claim() throws Exception {
        SignatureClaim claim = verifier.parse(signedAt(NOW, new AwsCredentials("ASIAX", "s", "tok")));
        assertThat(claim.sessionToken()).isEqualTo("tok");
        assertThat(claim.toString()).doesNotContain("tok");
    }
}
