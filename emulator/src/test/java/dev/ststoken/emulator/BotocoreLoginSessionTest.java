package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCredentials;
import dev.ststoken.signin.LoginSessionCredentials;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client no one here wrote: botocore's LoginProvider (the one boto3 and the AWS CLI v2 use for
 * login_session profiles), pointed at the emulator with AWS_ENDPOINT_URL_SIGNIN, resolves a profile
 * from a cache entry our client wrote, refreshes it with its own DPoP proof and calls STS with the
 * result; then our client goes on with the refresh token botocore wrote back. The emulator runs on
 * the wall clock here: botocore stamps its proofs and expiry with it.
 */
class BotocoreLoginSessionTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "botocore-verifier-botocore-verifier-botocore-0123";

    @TempDir
    Path dir;

    /** The wall clock botocore uses, which the test may move ahead a little (proofs are good 300 s either way). */
    final MutableClock clock = new MutableClock(Instant.now());

    Emulator emulator;
    Path cache;
    Path python;
    Path script;

    @BeforeEach
    void start() throws Exception {
        python = Peers.requirePython("botocore", "cryptography");
        emulator = Emulator.start(EmulatorConfig.forTests(dir.resolve("state")).withClock(clock));
        cache = dir.resolve("home/.aws/login/cache");
        script = dir.resolve("botocore_login_session.py");
        try (InputStream in = getClass().getResourceAsStream("botocore_login_session.py")) {
            Files.write(script, in.readAllBytes());
        }
        Files.writeString(
                dir.resolve("config"), "[profile signin]\nlogin_session = " + session() + "\nregion = us-east-1\n");
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    String session() {
        return "arn:aws:iam::" + emulator.accountId() + ":user/demo";
    }

    LoginSessionCredentials ours() {
        return new LoginSessionCredentials(cache, session(), emulator.endpoint(), clock);
    }

    Map<String, Object> botocore() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String name : List.of(
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN",
                "AWS_PROFILE",
                "AWS_ENDPOINT_URL",
                "AWS_DEFAULT_PROFILE")) {
            env.remove(name);
        }
        env.put("HOME", dir.resolve("home").toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_LOGIN_CACHE_DIRECTORY", cache.toString());
        env.put("AWS_ENDPOINT_URL_SIGNIN", emulator.endpoint().toString());
        env.put("TEST_STS_ENDPOINT", emulator.endpoint().toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Processes.Result result = Processes.run(
                List.of(python.toString(), script.toString(), "signin"), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Json.parseObject(result.stdout().strip());
    }

    /** The entry's credentials made to look an hour old (one minute left), as botocore refreshes below five. */
    void runLow() throws Exception {
        Map<String, Object> token = Json.parseObject(Files.readString(ours().file()));
        @SuppressWarnings("unchecked")
        Map<String, Object> access = (Map<String, Object>) token.get("accessToken");
        access.put("expiresAt", Timestamps.utcZ(Instant.now().plusSeconds(60)));
        Files.writeString(ours().file(), Json.write(token));
    }

    String refreshToken() throws Exception {
        return (String) Json.parseObject(Files.readString(ours().file())).get("refreshToken");
    }

    @Test
    void botocore_refreshes_our_entry_and_we_go_on_with_what_it_wrote() throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        LoginCredentials signedIn = ours().redeem(
                        emulator.signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge),
                        VERIFIER,
                        REDIRECT,
                        CLIENT,
                        DpopKey.generate(new SecureRandom()),
                        emulator.accountId());
        runLow();
        String ourRefreshToken = refreshToken();

        Map<String, Object> out = botocore();

        assertThat(out.get("ok")).as("%s", out).isEqualTo(true);
        assertThat(out.get("method")).isEqualTo("login");
        assertThat(out.get("arn")).isEqualTo(session());
        assertThat(out.get("accessKeyId")).isNotEqualTo(signedIn.accessKeyId());
        String botocoreRefreshToken = refreshToken();
        assertThat(botocoreRefreshToken).isNotEqualTo(ourRefreshToken);
        assertThat(Files.getPosixFilePermissions(ours().file()))
                .containsExactlyInAnyOrderElementsOf(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        // Ours reads botocore's entry and refreshes with the refresh token botocore got.
        LoginCredentials ourNext = ours().credentials(Duration.ofMinutes(5), true);
        assertThat(ourNext.accessKeyId()).isNotEqualTo(out.get("accessKeyId"));
        assertThat(refreshToken()).isNotEqualTo(botocoreRefreshToken);
        String stale = Files.readString(ours().file());

        // And botocore again, with what we wrote.
        runLow();
        Map<String, Object> again = botocore();
        assertThat(again.get("ok")).as("%s", again).isEqualTo(true);
        assertThat(again.get("arn")).isEqualTo(session());

        // A used refresh token (the entry restored from before botocore's refresh), a minute and more
        // after its use: botocore is told TOKEN_EXPIRED and asks for a new sign-in, as against AWS.
        clock.advance(Duration.ofSeconds(70));
        Files.writeString(ours().file(), stale);
        runLow();
        Map<String, Object> revoked = botocore();
        assertThat(revoked.get("ok")).isEqualTo(false);
        assertThat(revoked.get("error")).as("%s", revoked).isEqualTo("LoginRefreshRequired");
    }

    /**
     * The entry as the signin command writes it (LoginSessionCredentials.signIn: the login_session
     * read from the id token, the entry with idToken): botocore takes it as aws login's and refreshes it.
     */
    @Test
    void botocore_refreshes_an_entry_our_signin_command_wrote() throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        LoginSessionCredentials signedIn = LoginSessionCredentials.signIn(
                ours().file().getParent(),
                emulator.endpoint(),
                clock,
                emulator.signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge),
                VERIFIER,
                REDIRECT,
                CLIENT,
                DpopKey.generate(new SecureRandom()));
        assertThat(signedIn.loginSession()).isEqualTo(session());
        assertThat(signedIn.file()).isEqualTo(ours().file());
        assertThat(Json.parseObject(Files.readString(ours().file()))).containsKey("idToken");
        String first = (String)
                ((Map<?, ?>) Json.parseObject(Files.readString(ours().file())).get("accessToken")).get("accessKeyId");
        runLow();

        Map<String, Object> out = botocore();

        assertThat(out.get("ok")).as("%s", out).isEqualTo(true);
        assertThat(out.get("method")).isEqualTo("login");
        assertThat(out.get("arn")).isEqualTo(session());
        assertThat(out.get("accessKeyId")).isNotEqualTo(first);
        assertThat(Json.parseObject(Files.readString(ours().file()))).containsKey("idToken");
    }
}
