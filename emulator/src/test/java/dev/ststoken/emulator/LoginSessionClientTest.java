package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Json;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCache;
import dev.ststoken.signin.LoginCredentials;
import dev.ststoken.signin.LoginSessionCredentials;
import dev.ststoken.signin.LoginSessionException;
import dev.ststoken.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our login_session client against the emulator's sign-in service over real HTTP: a sign-in written
 * in the AWS CLI's cache format, credentials refreshed with our DPoP proof and written back, and
 * every bad cache or refusal a clear error with the file left as it was.
 */
class LoginSessionClientTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "client-verifier-client-verifier-client-verifier-01";
    static final Duration MIN = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    Emulator emulator;
    IamClient client;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(dir.resolve("state")).withClock(clock).withMaxSkew(Duration.ofDays(3650)));
        client = new IamClient(emulator, clock);
        cache = dir.resolve("home/.aws/login/cache");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    LoginSessionCredentials session(Clock clientClock) {
        return new LoginSessionCredentials(
                cache, "arn:aws:iam::" + emulator.accountId() + ":user/demo", emulator.endpoint(), clientClock);
    }

    /** A sign-in as the authorize page ends it, redeemed and cached by our client. */
    LoginCredentials signIn() throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        String code = emulator.signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge);
        return session(clock)
                .redeem(code, VERIFIER, REDIRECT, CLIENT, DpopKey.generate(new SecureRandom()), emulator.accountId());
    }

    String arn(LoginCredentials credentials) throws Exception {
        return client.sts(
                        new AwsCredentials(
                                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()),
                        "GetCallerIdentity")
                .textAt("Arn");
    }

    Path file() {
        return session(clock).file();
    }

    @Test
    void a_sign_in_is_cached_in_the_aws_cli_format_and_refreshed_when_low() throws Exception {
        LoginCredentials first = signIn();

        assertThat(file().getFileName().toString())
                .isEqualTo(LoginCache.fileName("arn:aws:iam::" + emulator.accountId() + ":user/demo"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
                .isEqualTo("rwx------");
        Map<String, Object> token = Json.parseObject(Files.readString(file()));
        assertThat(token).containsKeys("accessToken", "refreshToken", "clientId", "dpopKey", "tokenType");
        assertThat((String) token.get("dpopKey")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(arn(first)).endsWith(":user/demo");

        clock.advance(Duration.ofMinutes(5));
        assertThat(session(clock).credentials(MIN, false)).isEqualTo(first); // 10 minutes left: no call

        clock.advance(Duration.ofMinutes(6));
        LoginCredentials second = session(clock).credentials(MIN, false);
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.expiration()).isEqualTo(clock.instant().plusSeconds(900));
        assertThat(arn(second)).endsWith(":user/demo");
        Map<String, Object> after = Json.parseObject(Files.readString(file()));
        assertThat(after.get("refreshToken")).isNotEqualTo(token.get("refreshToken"));
        assertThat(after.get("dpopKey")).isEqualTo(token.get("dpopKey"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
    }

    @Test
    void an_ended_sign_in_says_sign_in_again_and_keeps_the_file() throws Exception {
        signIn();
        String before = Files.readString(file());
        clock.advance(Duration.ofHours(12));

        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOfSatisfying(
                        LoginSessionException.class,
                        e -> assertThat(e.signInAgain()).isTrue())
                .hasMessageContaining("has ended")
                .hasMessageContaining("TOKEN_EXPIRED")
                .hasMessageContaining("aws login");
        assertThat(Files.readString(file())).isEqualTo(before);
    }

    @Test
    void a_revoked_sign_in_is_refused_and_the_file_kept() throws Exception {
        signIn();
        String stale = Files.readString(file());
        clock.advance(Duration.ofMinutes(12));
        session(clock).credentials(MIN, false);
        // The old entry comes back (a restored backup, a copy stolen earlier): its refresh token is spent.
        Files.writeString(file(), stale);
        clock.advance(Duration.ofMinutes(12));

        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOfSatisfying(
                        LoginSessionException.class,
                        e -> assertThat(e.signInAgain()).isTrue())
                .hasMessageContaining("revoked");
        assertThat(Files.readString(file())).isEqualTo(stale);
    }

    @Test
    void a_tampered_refresh_token_is_refused_and_the_file_kept() throws Exception {
        signIn();
        Map<String, Object> token = Json.parseObject(Files.readString(file()));
        String refresh = (String) token.get("refreshToken");
        token.put(
                "refreshToken", refresh.substring(0, refresh.length() - 3) + (refresh.endsWith("AAA") ? "BBB" : "AAA"));
        String tampered = Json.write(token);
        Files.writeString(file(), tampered);
        clock.advance(Duration.ofMinutes(12));

        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOf(LoginSessionException.class)
                .hasMessageContaining("refresh token is not valid");
        assertThat(Files.readString(file())).isEqualTo(tampered);
    }

    @Test
    void a_clock_far_off_is_named_and_the_file_kept() throws Exception {
        signIn();
        String before = Files.readString(file());
        clock.advance(Duration.ofMinutes(12));
        Clock late = Clock.fixed(clock.instant().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);

        assertThatThrownBy(() -> session(late).credentials(Duration.ofMinutes(30), false))
                .isInstanceOf(LoginSessionException.class)
                .hasMessageContaining("iat")
                .hasMessageContaining("clock");
        assertThat(Files.readString(file())).isEqualTo(before);
    }

    @Test
    void a_cache_file_others_can_read_or_owned_by_another_user_is_refused() throws Exception {
        signIn();
        String before = Files.readString(file());

        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOf(LoginSessionException.class)
                .hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));

        Files.setAttribute(file(), "unix:uid", 65534);
        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOf(LoginSessionException.class)
                .hasMessageContaining("refusing");
        Files.setAttribute(file(), "unix:uid", (Integer) Files.getAttribute(dir, "unix:uid"));

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOf(LoginSessionException.class)
                .hasMessageContaining("writable by group or others");
        assertThat(Files.readString(file())).isEqualTo(before);
    }

    @Test
    void a_missing_session_says_sign_in_first() {
        assertThatThrownBy(() -> session(clock).credentials(MIN, false))
                .isInstanceOfSatisfying(
                        LoginSessionException.class,
                        e -> assertThat(e.signInAgain()).isTrue())
                .hasMessageContaining("aws login");
    }

    @Test
    void the_key_round_trips_through_the_cli_pem_and_a_swapped_public_point_is_refused() throws Exception {
        DpopKey key = DpopKey.generate(new SecureRandom());
        DpopKey other = DpopKey.generate(new SecureRandom());
        assertThat(DpopKey.fromPem(key.toPem()).jwk()).isEqualTo(key.jwk());
        byte[] mine = Base64.getMimeDecoder().decode(key.toPem().replaceAll("-----[A-Z ]+-----", ""));
        byte[] theirs = Base64.getMimeDecoder().decode(other.toPem().replaceAll("-----[A-Z ]+-----", ""));
        System.arraycopy(theirs, theirs.length - 64, mine, mine.length - 64, 64);
        String swapped = "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(mine) + "\n-----END EC PRIVATE KEY-----\n";
        assertThatThrownBy(() -> DpopKey.fromPem(swapped)).hasMessageContaining("not its private key");
    }
}
