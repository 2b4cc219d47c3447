package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ststoken.internal.Json;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;

/**
 * Tokens and issuers that try to get past AssumeRoleWithWebIdentity: unsigned ({@code alg: none})
 * and HMAC tokens keyed with the issuer's public key, a token claiming a registered issuer it does
 * not come from, and hostile issuers (small local servers) whose discovery document points the
 * emulator at another host, answers with a redirect, a key set larger than the limit or another
 * issuer's name. Each is refused, and nothing beyond loopback is ever asked.
 */
class WebIdentityAttacksTest {
    private static final String SUB = "repo:acme/app:ref:refs/heads/main";

    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    private HttpServer hostile;
    private HttpServer bystander;
    private final AtomicInteger bystanderHits = new AtomicInteger();

    @AfterEach
    void stop() {
        if (hostile != null) {
            hostile.stop(0);
        }
        if (bystander != null) {
            bystander.stop(0);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unsignedToken(String alg, String issuer) {
        long now = sts.clock().instant().getEpochSecond();
        return b64("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\"}") + "."
                + b64(Json.write(
                        Map.of("iss", issuer, "sub", SUB, "aud", "sts.amazonaws.com", "iat", now, "exp", now + 600)));
    }

    private static InvalidIdentityTokenException refused(TestRole role, String token) {
        try (StsClient client = sts.stsClient(AnonymousCredentialsProvider.create())) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> client.assumeRoleWithWebIdentity(
                    r -> r.roleArn(role.arn()).roleSessionName("ci").webIdentityToken(token)));
            assertThat(thrown).isInstanceOf(InvalidIdentityTokenException.class);
            return (InvalidIdentityTokenException) thrown;
        }
    }

    @Test
    void an_unsigned_token_and_an_hmac_token_keyed_with_the_public_key_are_refused() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "*");
        assertThat(refused(deploy, unsignedToken("none", ci.url()) + ".")
                        .awsErrorDetails()
                        .errorMessage())
                .startsWith("Unsupported token signing algorithm");

        // The classic confusion: HS256 with the issuer's published RSA modulus as the HMAC key.
        String input = unsignedToken("HS256", ci.url());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ci.url().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hs256 = input + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertThat(refused(deploy, hs256).awsErrorDetails().errorMessage())
                .startsWith("Unsupported token signing algorithm");

        assertThat(refused(deploy, "not.a.jwt").awsErrorDetails().errorMessage())
                .isEqualTo(
                        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        // The token never appears in what the client is told.
        String forged = ci.token(SUB).forged().sign();
        assertThat(refused(deploy, forged).getMessage()).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
    }

    @Test
    void an_issuer_beyond_loopback_is_never_fetched() {
        String url = "https://metadata.internal.example";
        String arn = sts.oidcProvider(url);
        TestRole role = sts.role("deploy")
                .withTrustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Federated\":\"" + arn
                        + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}");
        String token = unsignedToken("RS256", url) + "." + b64("signature");
        assertThat(refused(role, token).awsErrorDetails().errorMessage())
                .contains("only from loopback issuers and from issuers its configuration allows");
    }

    /** A loopback issuer whose discovery document and key set are whatever the test says. */
    private String hostileIssuer(String discoveryJson, String jwksJson, int discoveryStatus, String location)
            throws Exception {
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String url = "http://127.0.0.1:" + hostile.getAddress().getPort();
        hostile.createContext("/.well-known/openid-configuration", exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
            }
            byte[] body = discoveryJson.replace("ISSUER", url).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(discoveryStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        hostile.createContext("/jwks", exchange -> {
            byte[] body = jwksJson.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (java.io.IOException e) {
                // the emulator hung up once it had read enough
            }
        });
        hostile.start();
        return url;
    }

    /** Another local server, which nothing should ever reach. */
    private String bystander() throws Exception {
        bystander = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bystander.createContext("/", exchange -> {
            bystanderHits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        bystander.start();
        return "http://127.0.0.1:" + bystander.getAddress().getPort();
    }

    private TestRole trusting(String url) {
        String arn = sts.oidcProvider(url);
        return sts.role("deploy")
                .withTrustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Federated\":\"" + arn
                        + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}");
    }

    @Test
    void a_hostile_issuer_cannot_point_the_emulator_elsewhere_or_flood_it() throws Exception {
        // jwks_uri beyond loopback: not fetched.
        String url = hostileIssuer(
                "{\"issuer\":\"ISSUER\",\"jwks_uri\":\"http://169.254.169.254/latest/meta-data/iam\"}",
                "{}",
                200,
                null);
        TestRole role = trusting(url);
        String token = unsignedToken("RS256", url) + "." + b64("signature");
        assertThat(refused(role, token).awsErrorDetails().errorMessage()).contains("only from loopback issuers");
    }

    @Test
    void a_redirect_is_not_followed() throws Exception {
        String url = hostileIssuer("{}", "{}", 302, bystander() + "/.well-known/openid-configuration");
        TestRole role = trusting(url);
        String token = unsignedToken("RS256", url) + "." + b64("signature");
        assertThat(refused(role, token).awsErrorDetails().errorMessage()).contains("answered 302");
        assertThat(bystanderHits).hasValue(0);
    }

    @Test
    void a_key_set_over_64_kib_and_a_discovery_document_naming_another_issuer_are_refused() throws Exception {
        String huge = "{\"keys\":[" + "{\"kty\":\"oct\",\"k\":\"AAAA\"},".repeat(6000) + "{}]}";
        String url = hostileIssuer("{\"issuer\":\"ISSUER\",\"jwks_uri\":\"ISSUER/jwks\"}", huge, 200, null);
        TestRole role = trusting(url);
        String token = unsignedToken("RS256", url) + "." + b64("signature");
        assertThat(refused(role, token).awsErrorDetails().errorMessage()).contains("larger than 65536 bytes");

        hostile.stop(0);
        String other = hostileIssuer(
                "{\"issuer\":\"https://token.actions.githubusercontent.com\",\"jwks_uri\":\"ISSUER/jwks\"}",
                "{}",
                200,
                null);
        TestRole second = trusting(other);
        String token2 = unsignedToken("RS256", other) + "." + b64("signature");
        assertThat(refused(second, token2).awsErrorDetails().errorMessage()).contains("names another issuer");

        hostile.stop(0);
        String garbled = hostileIssuer("<html>not json</html>", "{}", 200, null);
        TestRole third = trusting(garbled);
        String token3 = unsignedToken("RS256", garbled) + "." + b64("signature");
        assertThat(refused(third, token3).awsErrorDetails().errorMessage()).contains("is not a JSON object");
    }

    @Test
    void keys_are_kept_between_calls_and_fetched_again_for_a_token_they_do_not_verify() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "*");
        try (StsClient client = sts.stsClient(AnonymousCredentialsProvider.create())) {
            for (int i = 0; i < 3; i++) {
                String token = ci.token(SUB).sign();
                client.assumeRoleWithWebIdentity(
                        r -> r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token));
            }
            assertThat(ci.keyFetches()).isEqualTo(1);
            refused(deploy, ci.token(SUB).forged().sign());
            assertThat(ci.keyFetches()).isEqualTo(2);
        }
        assertThat(List.of(ci.keyFetches())).containsExactly(2);
    }
}
