package dev.ststoken.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Crypto;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official SigV4 test suite (test resources, Apache-2.0, with its LICENSE and NOTICE). Every
 * case runs, including the four botocore skips (its request parser cannot read them; ours can).
 * Each case checks canonical request, string to sign and signature, the verifier's view of the
 * signed request, and (where the suite signs every header) our signer's Authorization header.
 */
class SigV4TestSuiteTest {
    static final AwsCredentials KEY = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path root =
                Path.of(SigV4TestSuiteTest.class.getResource("/sigv4-testsuite").toURI());
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".req")).forEach(p -> dirs.add(p.getParent()));
        }
        dirs.sort(null);
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(34);
        return dirs.stream();
    }

    record Case(String name, HttpRequestParts request, String creq, String sts, String authz) {}

    static Case load(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        String req = read(dir, name + ".req");
        String creq = read(dir, name + ".creq");
        HttpRequestParts request = parseRequest(req);
        // The suite's session-token case keeps the token only in the canonical request.
        for (String line : creq.split("\n")) {
            if (line.startsWith("x-amz-security-token:") && request.header("X-Amz-Security-Token") == null) {
                List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
                headers.add(Map.entry("X-Amz-Security-Token", line.substring(line.indexOf(':') + 1)));
                request = new HttpRequestParts(
                        request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
            }
        }
        return new Case(name, request, creq, read(dir, name + ".sts"), read(dir, name + ".authz"));
    }

    static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    /** Request line (the path may contain a space), Name:value headers with folded continuations, body. */
    static HttpRequestParts parseRequest(String text) {
        String[] lines = text.split("\n", -1);
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        List<String[]> headers = new ArrayList<>();
        int i = 1;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = lines[i];
            if (Character.isWhitespace(line.charAt(0)) && !headers.isEmpty()) {
                String[] last = headers.get(headers.size() - 1);
                last[1] = last[1] + " " + line.strip();
            } else {
                int colon = line.indexOf(':');
                headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1)});
            }
        }
        String body = i < lines.length ? String.join("\n", Arrays.asList(lines).subList(i + 1, lines.length)) : "";
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String[] h : headers) {
            entries.add(Map.entry(h[0], h[1]));
        }
        return new HttpRequestParts(method, path, query, entries, body.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> signedHeaders(String authz) {
        String part = authz.substring(authz.indexOf("SignedHeaders=") + "SignedHeaders=".length());
        return Arrays.asList(part.substring(0, part.indexOf(',')).split(";"));
    }

    static String signature(String authz) {
        return authz.substring(authz.indexOf("Signature=") + "Signature=".length())
                .strip();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void canonical_request_string_to_sign_and_signature_match_the_suite(Path dir) throws IOException {
        Case c = load(dir);
        CanonicalRequest canonical = CanonicalRequest.of(
                c.request(),
                signedHeaders(c.authz()),
                Crypto.sha256Hex(c.request().body()),
                false);
        assertThat(canonical.text()).isEqualTo(c.creq());
        CredentialScope scope = new CredentialScope("20150830", "us-east-1", "service");
        String stringToSign = SigV4.stringToSign("20150830T123600Z", scope, canonical.hash());
        assertThat(stringToSign).isEqualTo(c.sts());
        assertThat(SigV4.signature(KEY.secretAccessKey(), scope, "20150830T123600Z", canonical))
                .isEqualTo(signature(c.authz()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifier_accepts_the_signed_request_and_refuses_a_wrong_secret(Path dir) throws Exception {
        Case c = load(dir);
        List<Map.Entry<String, String>> headers = new ArrayList<>(c.request().headers());
        headers.add(Map.entry("Authorization", c.authz()));
        HttpRequestParts signed = new HttpRequestParts(
                c.request().method(),
                c.request().rawPath(),
                c.request().rawQuery(),
                headers,
                c.request().body());
        SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(TIME, ZoneOffset.UTC), Duration.ofMinutes(15));
        SignatureClaim claim = verifier.parse(signed);
        verifier.checkTime(claim);
        assertThat(claim.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(verifier.verify(claim, signed, KEY.secretAccessKey())).isTrue();
        assertThat(verifier.verify(claim, signed, KEY.secretAccessKey() + "x")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signer_produces_the_suites_authorization_header(Path dir) throws IOException {
        Case c = load(dir);
        // post-sts-header-after adds the token after signing: a valid form our signer does not produce.
        org.junit.jupiter.api.Assumptions.assumeFalse(c.name().equals("post-sts-header-after"));
        String token = c.request().header("X-Amz-Security-Token");
        List<Map.Entry<String, String>> unsigned = new ArrayList<>();
        for (Map.Entry<String, String> header : c.request().headers()) {
            if (!header.getKey().equalsIgnoreCase("X-Amz-Date")
                    && !header.getKey().equalsIgnoreCase("X-Amz-Security-Token")) {
                unsigned.add(header);
            }
        }
        HttpRequestParts request = new HttpRequestParts(
                c.request().method(),
                c.request().rawPath(),
                c.request().rawQuery(),
                unsigned,
                c.request().body());
        AwsCredentials credentials = new AwsCredentials(KEY.accessKeyId(), KEY.secretAccessKey(), token);
        List<Map.Entry<String, String>> signed = new SigV4Signer(Clock.fixed(TIME, ZoneOffset.UTC))
                .signHeaders(request, credentials, "us-east-1", "service");
        assertThat(signed.get(signed.size() - 1).getValue()).isEqualTo(c.authz());
    }
}
