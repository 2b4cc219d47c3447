package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestClock;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCache;
import dev.ststoken.signin.LoginSessionCredentials;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees from {@code get} on a login_session profile whose sign-in cannot be used: an
 * ended (12 hours) or revoked sign-in, a tampered refresh token, a clock far from the service's, a
 * cache file owned by another user or in a directory others can write. Each is one line on stderr
 * with the exit code of its kind (the service refused: 1; our own files or settings: 2), nothing on
 * stdout, and the cache file exactly as it was.
 */
class LoginSessionRefusalsCliTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "refusal-verifier-refusal-verifier-refusal-verifier-1";

    @TempDir
    Path home;

    /** Signatures are accepted however far the CLI's clock is from the emulator's (the extension's rule). */
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.builder()
            .clockStartingAt(Instant.parse("2026-12-01T09:00:00Z"))
            .build();

    TestClock clock;
    CliRun cli;
    String session;

    @BeforeEach
    void setUp() throws Exception {
        clock = sts.clock();
        session = "arn:aws:iam::" + sts.accountId() + ":user/demo";
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile console]\nlogin_session = " + session + "\nregion = us-east-1\nendpoint_url = "
                        + sts.endpoint() + "\n");
        cli = new CliRun(home);
        cli.clock = clock;
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        LoginSessionCredentials.signIn(
                home.resolve(".aws/login/cache"),
                sts.endpoint(),
                clock,
                sts.emulator().signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge),
                VERIFIER,
                REDIRECT,
                CLIENT,
                DpopKey.generate(new SecureRandom()));
    }

    Path file() {
        return home.resolve(".aws/login/cache").resolve(LoginCache.fileName(session));
    }

    /** get on the profile: one line on stderr, nothing on stdout, the entry untouched. */
    CliRun.Result refused(int exitCode, String before) throws Exception {
        CliRun.Result r = cli.run("get", "--profile", "console", "--no-cache");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
        assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stdout()).isEmpty();
        assertThat(Files.readString(file())).isEqualTo(before);
        return r;
    }

    @Test
    void an_ended_sign_in_names_both_ways_to_sign_in_again() throws Exception {
        String before = Files.readString(file());
        clock.advance(Duration.ofHours(12));
        assertThat(refused(1, before).stderr())
                .contains("has ended")
                .contains("aws login")
                .contains("sts-session-token signin");
    }

    @Test
    void a_revoked_sign_in_is_exit_1() throws Exception {
        String stale = Files.readString(file());
        clock.advance(Duration.ofMinutes(12));
        assertThat(cli.run("get", "--profile", "console", "--no-cache").exitCode())
                .isZero();
        Files.writeString(file(), stale); // a restored copy: its refresh token was spent 12 minutes ago
        clock.advance(Duration.ofMinutes(12));
        assertThat(refused(1, stale).stderr()).contains("revoked");
    }

    /** Failed on the code before: a refusal the service answered was exit 3 ('endpoint unreachable'). */
    @Test
    void a_tampered_refresh_token_is_exit_1() throws Exception {
        Map<String, Object> token = Json.parseObject(Files.readString(file()));
        String refresh = (String) token.get("refreshToken");
        token.put(
                "refreshToken", refresh.substring(0, refresh.length() - 3) + (refresh.endsWith("AAA") ? "BBB" : "AAA"));
        String tampered = Json.write(token);
        Files.writeString(file(), tampered);
        clock.advance(Duration.ofMinutes(12));
        assertThat(refused(1, tampered).stderr()).contains("refresh token is not valid");
    }

    @Test
    void a_clock_far_ahead_is_named() throws Exception {
        String before = Files.readString(file());
        // This machine's clock 20 minutes ahead: the entry looks spent, and the proof's iat is refused.
        cli.clock = Clock.fixed(clock.instant().plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        assertThat(refused(1, before).stderr()).contains("iat").contains("clock");
    }

    @Test
    void an_entry_owned_by_another_user_or_a_directory_others_can_write_is_exit_2() throws Exception {
        String before = Files.readString(file());
        Object me = Files.getAttribute(file(), "unix:uid");
        Files.setAttribute(file(), "unix:uid", 65534);
        try {
            assertThat(refused(2, before).stderr()).contains("refusing").contains(file().toString());
        } finally {
            Files.setAttribute(file(), "unix:uid", me);
        }
        Path dir = file().getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(refused(2, before).stderr()).contains("writable by group or others");
    }
}
