package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Totp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetCallerIdentity without HTTP answers what the server answers for the same credentials. */
class LocalCallerIdentityTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    LocalCallerIdentity local;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        local = LocalCallerIdentity.of(stateDir, clock);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    StsClient sts() {
        return new StsClient(new StsEndpoint(emulator.endpoint(), "us-east-1"), TlsSettings.DEFAULT, clock);
    }

    SessionCredentials demoSession() throws Exception {
        DemoIdentity demo = emulator.demoIdentity();
        return sts().getSessionToken(
                        demo.credentials(),
                        new GetSessionTokenRequest(900, demo.mfaSerial(), Totp.code(demo.mfaSeed(), clock.instant())));
    }

    String serverRefusal(AwsCredentials who) {
        try {
            sts().getCallerIdentity(who);
        } catch (StsServiceException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the server answered");
    }

    String localRefusal(AwsCredentials who) {
        try {
            local.getCallerIdentity(who);
        } catch (EmulatorRefusalException e) {
            return e.code();
        }
        throw new AssertionError("answered locally");
    }

    @Test
    void long_term_keys_and_a_session_get_the_servers_answer() throws Exception {
        for (AwsCredentials who : new AwsCredentials[] {
            emulator.rootCredentials(),
            emulator.demoIdentity().credentials(),
            demoSession().credentials()
        }) {
            assertThat(local.getCallerIdentity(who)).isEqualTo(sts().getCallerIdentity(who));
        }
    }

    @Test
    void an_expired_session_a_wrong_secret_and_an_unknown_key_get_the_servers_refusal() throws Exception {
        AwsCredentials session = demoSession().credentials();
        AwsCredentials wrongSecret = new AwsCredentials(session.accessKeyId(), "x".repeat(40), session.sessionToken());
        AwsCredentials unknown = new AwsCredentials("AKIAUNKNOWN000000000", "secret");
        for (AwsCredentials who : new AwsCredentials[] {wrongSecret, unknown}) {
            assertThat(localRefusal(who)).isEqualTo(serverRefusal(who));
        }
        clock.advance(Duration.ofSeconds(901));
        assertThat(localRefusal(session)).isEqualTo("ExpiredToken").isEqualTo(serverRefusal(session));
    }

    @Test
    void a_state_dir_without_an_account_is_refused_and_left_alone() {
        Path empty = stateDir.resolve("none");
        assertThatThrownBy(() -> LocalCallerIdentity.of(empty, clock))
                .isInstanceOf(EmulatorStateException.class)
                .hasMessageContaining("no emulator account");
        assertThat(empty).doesNotExist();
    }
}
