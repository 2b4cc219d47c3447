package dev.ststoken.emulator.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.RequestListener;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sso.IdentityCenterLogin;
import dev.ststoken.sso.IdentityCenterSignIn;
import dev.ststoken.sso.Registration;
import dev.ststoken.sso.SsoProfile;
import dev.ststoken.sso.SsoSession;
import dev.ststoken.sso.SsoToken;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's sign-in (core's IdentityCenterLogin) against the emulator's Identity Center over real
 * HTTP, on a clock the test moves: the device flow's pacing, its expiry, the AWS CLI's registration
 * file name, a token of another start URL; and the emulator's side: its requests in the request
 * listener, the throttle on wrong user codes, and loopback redirect URIs matched with any port.
 */
class IdentityCenterLoginTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Emulator emulator;
    final List<RequestListener.Answered> requests = Collections.synchronizedList(new ArrayList<>());
    TokenCache tokens;
    SsoSession session;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(dir.resolve("state")).withClock(clock).withRequestListener(requests::add));
        emulator.identityCenter();
        tokens = new TokenCache(dir.resolve("home/.aws/sso/cache"), new SessionCache(dir.resolve("cache")));
        session =
                new SsoSession("corp", "https://corp.example/start", "us-east-1", List.of("sso:account:access"), "dev");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    IdentityCenterLogin login() {
        return new IdentityCenterLogin(
                session, emulator.endpoint(), tokens, TlsSettings.DEFAULT, Transport.DEFAULT, clock);
    }

    /** Approves a device code on the page as the demo user, with a code of a step not used yet. */
    void approve(String userCode, String action) throws Exception {
        Path state = dir.resolve("state");
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        Browser browser = new Browser(emulator.endpoint());
        browser.get("/sso/device?user_code=" + userCode);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", browser.csrf);
        form.put("user_code", userCode);
        form.put("username", "sso-demo");
        form.put(
                "password",
                Files.readString(state.resolve(SsoHandler.DEMO_PASSWORD_FILE)).strip());
        form.put(
                "totp",
                Totp.code(
                        Base32.decode(Files.readString(state.resolve(SsoHandler.DEMO_SEED_FILE))
                                .strip()),
                        clock.instant()));
        form.put("action", action);
        assertThat(browser.post("/sso/device", form).statusCode()).isEqualTo(200);
    }

    List<String> files() throws Exception {
        if (!Files.isDirectory(tokens.dir())) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tokens.dir())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void the_device_flow_waits_the_interval_adds_five_seconds_after_slow_down_and_saves_the_token() throws Exception {
        List<Duration> pauses = new ArrayList<>();
        String[] userCode = new String[1];
        IdentityCenterLogin.Browser shown = new IdentityCenterLogin.Browser() {
            @Override
            public void authorize(URI url) {
                throw new AssertionError("the device flow opens no authorize page");
            }

            @Override
            public void device(String verificationUriComplete, String code) {
                assertThat(verificationUriComplete).isEqualTo(emulator.endpoint() + "/sso/device?user_code=" + code);
                userCode[0] = code;
            }
        };
        SsoToken token = login().deviceCode(shown, pause -> {
            pauses.add(pause);
            switch (pauses.size()) {
                case 1 -> clock.advance(pause); // polled once the interval has passed: pending
                case 2 -> {} // polled again at once (a client that does not wait): slow_down
                case 3 -> {
                    try {
                        approve(userCode[0], "allow");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                default -> clock.advance(pause);
            }
        });
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(6));
        assertThat(token.refreshToken()).isNotNull();
        assertThat(tokens.read(session.tokenCacheName(), "-").accessToken()).isEqualTo(token.accessToken());
        assertThat(files())
                .containsExactlyInAnyOrder(
                        session.tokenCacheName() + ".json", session.registrationCacheName() + ".json");
        // The emulator's request listener saw the Identity Center calls as it sees STS's.
        assertThat(requests.stream().map(r -> r.action() + " " + r.status() + " " + r.errorCode()))
                .containsSubsequence(
                        "RegisterClient 200 null",
                        "StartDeviceAuthorization 200 null",
                        "CreateToken 400 AuthorizationPendingException",
                        "CreateToken 400 SlowDownException",
                        "DevicePage 200 null",
                        "DevicePageSubmit 200 null",
                        "CreateToken 200 null");
        assertThat(requests).allSatisfy(r -> assertThat(r.callerArn()).isNull());
    }

    @Test
    void an_expired_device_code_and_a_denial_are_one_refusal_each_and_write_nothing() throws Exception {
        IdentityCenterLogin.Browser ignore = new IdentityCenterLogin.Browser() {
            @Override
            public void authorize(URI url) {}

            @Override
            public void device(String uri, String code) {}
        };
        assertThatThrownBy(() -> login().deviceCode(ignore, pause -> clock.advance(Duration.ofSeconds(301))))
                .isInstanceOfSatisfying(StsServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo("ExpiredTokenException");
                    assertThat(e.getMessage())
                            .contains("expired before the sign-in was approved; nothing was written")
                            .contains("sts-session-token sso login --profile dev");
                });
        String[] userCode = new String[1];
        IdentityCenterLogin.Browser remember = new IdentityCenterLogin.Browser() {
            @Override
            public void authorize(URI url) {}

            @Override
            public void device(String uri, String code) {
                userCode[0] = code;
            }
        };
        assertThatThrownBy(() -> login().deviceCode(remember, pause -> {
                    clock.advance(pause);
                    try {
                        approve(userCode[0], "deny");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .isInstanceOfSatisfying(
                        StsServiceException.class, e -> assertThat(e.code()).isEqualTo("AccessDeniedException"));
        assertThat(files()).isEmpty();
    }

    @Test
    void the_registration_file_is_named_as_the_aws_cli_names_it() {
        Path python = Peers.requirePython("json");
        String script = String.join(
                "\n",
                "import json, hashlib",
                "for url, region, scopes, name in [('https://corp.example/start', 'us-east-1', ['sso:account:access'], 'corp'),",
                "        ('https://d-1.awsapps.com/start#', 'eu-west-1', None, None),",
                "        ('https://x/start', 'ap-south-1', ['a', 'b:c'], 'caf\\u00e9 \"q\"\\\\')]:",
                "    args = {'tool': 'botocore', 'startUrl': url, 'region': region, 'scopes': scopes, 'session_name': name}",
                "    print(hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest())",
                "");
        Processes.Result result =
                Processes.run(List.of(python.toString(), "-c", script), Map.of(), null, null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines().toList())
                .containsExactly(
                        Registration.cacheName(
                                "https://corp.example/start", "us-east-1", List.of("sso:account:access"), "corp"),
                        Registration.cacheName("https://d-1.awsapps.com/start#", "eu-west-1", List.of(), null),
                        Registration.cacheName("https://x/start", "ap-south-1", List.of("a", "b:c"), "café \"q\"\\"));
    }

    @Test
    void a_token_of_another_start_url_is_refused_with_the_sign_in_command_and_left_as_it_is() throws Exception {
        SsoToken other = new SsoToken(
                "https://other.example/start",
                "us-east-1",
                "token",
                clock.instant().plusSeconds(3600),
                null,
                null,
                null,
                null);
        tokens.write(session.tokenCacheName(), other);
        Path file = tokens.file(session.tokenCacheName());
        String before = Files.readString(file);
        IdentityCenterSignIn signIn = new IdentityCenterSignIn(
                new SsoProfile("dev", "corp", session.startUrl(), "us-east-1", "123456789012", "Demo", List.of()),
                emulator.endpoint(),
                emulator.endpoint(),
                tokens,
                clock);
        assertThatThrownBy(() -> signIn.token(TlsSettings.DEFAULT, Transport.DEFAULT))
                .isInstanceOfSatisfying(
                        StsServiceException.class,
                        e -> assertThat(e.getMessage())
                                .contains("holds a token of another start URL (https://other.example/start)")
                                .contains("sso login --profile dev"));
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(requests).isEmpty(); // the token never went to the portal
    }

    @Test
    void wrong_user_codes_are_throttled_per_address_and_forgiven_after_the_window() throws Exception {
        Browser browser = new Browser(emulator.endpoint());
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < UserCodeThrottle.MAX_WRONG; i++) {
            browser.get("/sso/device");
            form.put("csrf", browser.csrf);
            form.put("user_code", "BCDF-GHJ" + "KLMNP".charAt(i));
            form.put("action", "deny");
            HttpResponse<String> wrong = browser.post("/sso/device", form);
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("That code is not valid or has expired.");
        }
        String[] userCode = new String[1];
        Thread flow = new Thread(() -> {
            try {
                login().deviceCode(
                                new IdentityCenterLogin.Browser() {
                                    @Override
                                    public void authorize(URI url) {}

                                    @Override
                                    public void device(String uri, String code) {
                                        userCode[0] = code;
                                    }
                                },
                                pause -> Thread.sleep(20));
            } catch (Exception e) {
                // ends with the emulator
            }
        });
        flow.setDaemon(true);
        flow.start();
        while (userCode[0] == null) {
            Thread.sleep(10);
        }
        browser.get("/sso/device");
        form.put("csrf", browser.csrf);
        form.put("user_code", userCode[0]);
        HttpResponse<String> throttled = browser.post("/sso/device", form);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many wrong codes");
        clock.advance(UserCodeThrottle.WINDOW);
        browser.get("/sso/device");
        form.put("csrf", browser.csrf);
        assertThat(browser.post("/sso/device", form).body()).contains("You denied the request");
    }

    @Test
    void a_loopback_ip_redirect_matches_its_registration_with_any_port_and_nothing_else_does() {
        List<String> registered = List.of("http://127.0.0.1/oauth/callback");
        assertThat(OidcApi.registered(registered, "http://127.0.0.1:49152/oauth/callback"))
                .isTrue();
        assertThat(OidcApi.registered(registered, "http://127.0.0.1/oauth/callback"))
                .isTrue();
        assertThat(OidcApi.registered(registered, "http://127.0.0.1:49152/other"))
                .isFalse();
        assertThat(OidcApi.registered(registered, "http://127.0.0.1:49152/oauth/callback?x=1"))
                .isFalse();
        assertThat(OidcApi.registered(registered, "http://localhost:49152/oauth/callback"))
                .isFalse();
        assertThat(OidcApi.registered(registered, "http://127.0.0.2:49152/oauth/callback"))
                .isFalse();
        assertThat(OidcApi.registered(registered, "https://127.0.0.1:49152/oauth/callback"))
                .isFalse();
        assertThat(OidcApi.registered(List.of("http://localhost/cb"), "http://localhost:8080/cb"))
                .isFalse();
    }
}
