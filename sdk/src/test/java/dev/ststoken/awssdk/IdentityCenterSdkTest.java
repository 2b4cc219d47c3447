package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.sso.IdentityCenterLogin;
import dev.ststoken.sso.SsoSession;
import dev.ststoken.sso.SsoToken;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK for Java v2 (its sso and ssooidc modules, nothing of ours) resolves an sso_session
 * profile through its ProfileCredentialsProvider against the emulator, from the token our sign-in
 * (the code behind sso login) wrote: it renews the token near its end with CreateToken at
 * AWS_ENDPOINT_URL_SSO_OIDC, writes it back, gets the role's credentials at AWS_ENDPOINT_URL_SSO,
 * and STS says the session is the Demo permission set's role.
 */
class IdentityCenterSdkTest {
    @TempDir
    Path home;

    /** Its emulator; the tests use the running Emulator's Identity Center (emulator.identityCenter()). */
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    Emulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = sts.emulator();
        emulator.identityCenter();
    }

    /** The device page answered for the demo user, as a person does in a browser. */
    void approve(String verificationUriComplete) throws Exception {
        Path state = emulator.stateDir();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(verificationUriComplete)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        String userCode = verificationUriComplete.substring(verificationUriComplete.indexOf("user_code=") + 10);
        String form = PercentEncoding.formEncode(List.of(
                Map.entry("csrf", csrf.group(1)),
                Map.entry("user_code", userCode),
                Map.entry("username", "sso-demo"),
                Map.entry(
                        "password",
                        Files.readString(state.resolve("sso-demo-password.txt")).strip()),
                Map.entry(
                        "totp",
                        Totp.code(
                                Base32.decode(Files.readString(state.resolve("sso-demo-mfa-seed.txt"))
                                        .strip()),
                                sts.clock().instant())),
                Map.entry("action", "allow")));
        HttpResponse<String> approved = http.send(
                HttpRequest.newBuilder(URI.create(verificationUriComplete).resolve("/sso/device"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    @Test
    void the_sdks_profile_credentials_provider_uses_and_renews_the_token_our_sign_in_wrote() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = %s
                sso_role_name = Demo
                region = us-east-1

                [sso-session corp]
                sso_start_url = https://corp.example/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access
                """.formatted(emulator.accountId()));
        TokenCache tokens = new TokenCache(home.resolve(".aws/sso/cache"), new SessionCache(home.resolve("cache")));
        SsoSession session =
                new SsoSession("corp", "https://corp.example/start", "us-east-1", List.of("sso:account:access"), "dev");
        SsoToken ours = new IdentityCenterLogin(
                        session, emulator.endpoint(), tokens, TlsSettings.DEFAULT, Transport.DEFAULT, Clock.systemUTC())
                .deviceCode(
                        new IdentityCenterLogin.Browser() {
                            @Override
                            public void authorize(URI url) {}

                            @Override
                            public void device(String uri, String code) throws java.io.IOException {
                                try {
                                    approve(uri);
                                } catch (Exception e) {
                                    throw new java.io.IOException(e);
                                }
                            }
                        },
                        pause -> Thread.sleep(pause.toMillis()));
        // Near its end, so the SDK renews it (its token provider renews within five minutes of the end).
        Path file = tokens.file(session.tokenCacheName());
        Map<String, Object> json = Json.parseObject(Files.readString(file));
        json.put(
                "expiresAt",
                Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS).toString());
        Files.writeString(file, Json.write(json));

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", emulator.endpoint().toString());
        env.remove("AWS_PROFILE");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.Result probe = Processes.run(
                List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SsoProfileProbe.class.getName(),
                        "dev",
                        emulator.endpoint().toString()),
                env,
                null,
                null,
                Duration.ofSeconds(120));
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
        assertThat(probe.stdout()).contains("key ASIA");
        assertThat(probe.stdout())
                .containsPattern("arn arn:aws:sts::" + emulator.accountId()
                        + ":assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");
        Map<String, Object> renewed = Json.parseObject(Files.readString(file));
        assertThat(renewed.get("accessToken")).isNotEqualTo(ours.accessToken());
        assertThat(Instant.parse((String) renewed.get("expiresAt")))
                .isAfter(Instant.now().plusSeconds(1800));
    }
}
