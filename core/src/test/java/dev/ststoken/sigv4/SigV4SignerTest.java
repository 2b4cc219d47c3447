package dev.ststoken.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.PercentEncoding;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4SignerTest {
    private static final String[] REGIONS = {
        "us-east-1",
        "eu-west-1",
        "ap-southeast-2",
        "cn-north-1",
        "us-gov-west-1",
        "me-central-1",
        "il-central-1",
        "us-iso-east-1"
    };
    private static final String SERIAL_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=/:,.@-_";

    @Test
    void agrees_with_the_aws_sdk_v2_signer_on_300_generated_sts_requests() {
        Random random = new Random(20261123);
        AwsV4HttpSigner sdk = AwsV4HttpSigner.create();
        for (int n = 0; n < 300; n++) {
            String region = REGIONS[random.nextInt(REGIONS.length)];
            Instant time = Instant.ofEpochSecond(1_400_000_000L + (random.nextLong() & 0xfffffffL) * 3);
            Clock clock = Clock.fixed(time, ZoneOffset.UTC);
            String host = random.nextBoolean()
                    ? "sts." + region + ".amazonaws.com"
                    : "127.0.0.1:" + (1024 + random.nextInt(60000));
            String keyId = "AKIA" + randomString(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            String secret =
                    randomString(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/", 40);
            String token = random.nextInt(3) == 0
                    ? randomString(random, "abcdefABCDEF0123456789+/=", 20 + random.nextInt(300))
                    : null;
            byte[] body = randomStsBody(random).getBytes(StandardCharsets.UTF_8);

            SdkHttpRequest sdkRequest = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(URI.create("http://" + host + "/"))
                    .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .build();
            AwsCredentialsIdentity identity = token == null
                    ? AwsCredentialsIdentity.create(keyId, secret)
                    : AwsSessionCredentialsIdentity.create(keyId, secret, token);
            SignedRequest sdkSigned = sdk.sign(r -> r.identity(identity)
                    .request(sdkRequest)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
            String expected =
                    sdkSigned.request().firstMatchingHeader("Authorization").orElseThrow();

            // Same headers as the SDK sent, minus the ones our signer adds itself.
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            headers.add(Map.entry("Host", host));
            sdkSigned.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Authorization")
                        && !name.equalsIgnoreCase("X-Amz-Date")
                        && !name.equalsIgnoreCase("X-Amz-Security-Token")
                        && !name.equalsIgnoreCase("Host")) {
                    values.forEach(v -> headers.add(Map.entry(name, v)));
                }
            });
            HttpRequestParts ours = new HttpRequestParts("POST", "/", "", headers, body);
            List<Map.Entry<String, String>> signed =
                    new SigV4Signer(clock).signHeaders(ours, new AwsCredentials(keyId, secret, token), region, "sts");
            assertThat(signed.get(signed.size() - 1).getValue())
                    .as("request %d", n)
                    .isEqualTo(expected);
        }
    }

    private static String randomStsBody(Random random) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("Action", random.nextBoolean() ? "GetSessionToken" : "GetCallerIdentity"));
        form.add(Map.entry("Version", "2011-06-15"));
        if (random.nextBoolean()) {
            form.add(Map.entry("DurationSeconds", Integer.toString(900 + random.nextInt(128700))));
        }
        if (random.nextBoolean()) {
            form.add(Map.entry(
                    "SerialNumber",
                    "arn:aws:iam::" + (100000000000L + (random.nextLong() & 0xffffffffL)) + ":mfa/"
                            + randomString(random, SERIAL_CHARS, 1 + random.nextInt(40))));
            form.add(Map.entry("TokenCode", String.format("%06d", random.nextInt(1_000_000))));
        }
        return PercentEncoding.formEncode(form);
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Test
    void signs_the_sts_worked_example_of_the_protocol_reference() {
        byte[] body =
                ("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=3600&SerialNumber=arn%3Aaws%3Aiam%3A%3A"
                                + "123456789012%3Amfa%2Falice&TokenCode=123456")
                        .getBytes(StandardCharsets.UTF_8);
        HttpRequestParts request = new HttpRequestParts(
                "POST",
                "/",
                "",
                List.of(
                        Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                        Map.entry("Host", "sts.us-east-1.amazonaws.com")),
                body);
        List<Map.Entry<String, String>> signed = new SigV4Signer(
                        Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC))
                .signHeaders(request, SigV4TestSuiteTest.KEY, "us-east-1", "sts");
        assertThat(signed.get(signed.size() - 1).getValue())
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
                        + "20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                        + "Signature=8f69d00c4c971da3c9e793472e19502c8c1f1130afc351d80090ab736bac98d2");
    }

    @Test
    void session_credentials_add_a_signed_security_token_header() {
        HttpRequestParts request =
                new HttpRequestParts("POST", "/", "", List.of(Map.entry("Host", "example.com")), new byte[0]);
        List<Map.Entry<String, String>> signed = new SigV4Signer(Clock.systemUTC())
                .signHeaders(request, new AwsCredentials("ASIAEXAMPLE", "secret", "token-value"), "us-east-1", "sts");
        assertThat(signed).anySatisfy(h -> assertThat(h).isEqualTo(Map.entry("X-Amz-Security-Token", "token-value")));
        assertThat(signed.get(signed.size() - 1).getValue())
                .contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
    }

    @Test
    void signed_header_names_are_lower_case_sorted_and_once_each_as_a_sorted_set_gives_them() {
        String[] names = {
            "Host",
            "X-Amz-Date",
            "content-type",
            "Content-Type",
            "x-amz-target",
            "Accept",
            "b",
            "a",
            "User-Agent",
            "Expect",
            "x-amz-security-token",
            "A",
            "host"
        };
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int n = random.nextInt(12); n > 0; n--) {
                headers.add(Map.entry(names[random.nextInt(names.length)], "v"));
            }
            java.util.TreeSet<String> expected = new java.util.TreeSet<>();
            for (Map.Entry<String, String> h : headers) {
                expected.add(h.getKey().toLowerCase(java.util.Locale.ROOT));
            }
            expected.removeAll(List.of("user-agent", "expect"));
            assertThat(SigV4Signer.signedHeaderNames(new HttpRequestParts("POST", "/", "", headers, null)))
                    .as(headers.toString())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void signing_a_request_loads_no_tree_map_or_heavy_class(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        List<String> classes = dev.ststoken.testing.LoadedClasses.of(dir, SignOne.class);
        assertThat(classes).contains(SigV4Signer.class.getName()).doesNotContain("java.util.TreeMap");
        dev.ststoken.testing.LoadedClasses.assertLight("signing a GetSessionToken", classes);
    }

    /** The child JVM's work: what a cold get signs. */
    public static final class SignOne {
        public static void main(String[] args) {
            HttpRequestParts request = new HttpRequestParts(
                    "POST",
                    "/",
                    "",
                    List.of(
                            Map.entry("Host", "sts.amazonaws.com"),
                            Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                    "Action=GetSessionToken&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
            List<Map.Entry<String, String>> signed = new SigV4Signer(Clock.systemUTC())
                    .signHeaders(request, new AwsCredentials("AKIDEXAMPLE", "secret", null), "us-east-1", "sts");
            if (!signed.get(signed.size() - 1).getValue().contains("SignedHeaders=content-type;host;x-amz-date,")) {
                throw new AssertionError(signed.toString());
            }
        }
    }

    @Test
    void presigned_query_verifies_and_expires() throws Exception {
        Instant time = Instant.parse("2026-11-23T10:00:00Z");
        HttpRequestParts request = new HttpRequestParts(
                "GET",
                "/",
                "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(Map.entry("Host", "127.0.0.1:4599")),
                new byte[0]);
        String query = new SigV4Signer(Clock.fixed(time, ZoneOffset.UTC))
                .presignQuery(request, SigV4TestSuiteTest.KEY, "us-east-1", "sts", Duration.ofSeconds(60));
        HttpRequestParts presigned = new HttpRequestParts("GET", "/", query, request.headers(), new byte[0]);

        SigV4Verifier inTime =
                new SigV4Verifier(Clock.fixed(time.plusSeconds(59), ZoneOffset.UTC), Duration.ofMinutes(15));
        SignatureClaim claim = inTime.parse(presigned);
        assertThat(claim.presigned()).isTrue();
        inTime.checkTime(claim);
        assertThat(inTime.verify(claim, presigned, SigV4TestSuiteTest.KEY.secretAccessKey()))
                .isTrue();

        SigV4Verifier late =
                new SigV4Verifier(Clock.fixed(time.plusSeconds(61), ZoneOffset.UTC), Duration.ofMinutes(15));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> late.checkTime(claim))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageStartingWith("Signature expired");
    }
}
