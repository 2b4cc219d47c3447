package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STS's rules that stop an attacker: who may assume a role, how many wrong MFA codes a user may try. */
class StsActionsTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    AwsCredentials root;
    DemoIdentity demo;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        root = emulator.rootCredentials();
        demo = emulator.demoIdentity();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** One attempt per call: a throttled answer must reach the test, not be retried away. */
    StsClient client(URI endpoint, String service, String version) {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(endpoint, "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                service,
                version));
    }

    StsClient sts() {
        return client(emulator.endpoint(), "sts", StsClient.STS_VERSION);
    }

    QueryResult iam(AwsCredentials who, String action, String... params) throws Exception {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return client(emulator.endpoint(), "iam", "2010-05-08").call(action, list, who);
    }

    static StsServiceException refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an AWS error, got " + e, e);
        }
        throw new AssertionError("expected an AWS error, the call succeeded");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    String code(long stepOffset) {
        return Totp.code(demo.mfaSeed(), Totp.step(clock.instant()) + stepOffset);
    }

    String wrongCode() {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(code(-1)) && !code.equals(code(0)) && !code.equals(code(1))) {
                return code;
            }
        }
    }

    SessionCredentials demoSession(StsClient client, String code) throws Exception {
        return client.getSessionToken(demo.credentials(), new GetSessionTokenRequest(null, demo.mfaSerial(), code));
    }

    @Test
    void a_root_session_cannot_assume_a_role_as_root_keys_cannot() throws Exception {
        // Even a trust policy that names the account's root does not let root in.
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + emulator.accountId() + "\"},\"Action\":\"sts:AssumeRole\"}}";
        String roleArn = iam(root, "CreateRole", "RoleName", "deployer", "AssumeRolePolicyDocument", trust)
                .textAt("Role", "Arn");
        SessionCredentials rootSession = sts().getSessionToken(root, new GetSessionTokenRequest(null, null, null));

        StsServiceException e = refusal(() -> sts().call(
                        "AssumeRole",
                        List.of(Map.entry("RoleArn", roleArn), Map.entry("RoleSessionName", "s1")),
                        rootSession.credentials()));

        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.awsMessage()).isEqualTo("Roles may not be assumed by root accounts.");
    }

    @Test
    void after_five_wrong_codes_even_the_right_code_is_throttled_for_fifteen_minutes() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(() -> demoSession(sts(), wrongCode())).awsMessage())
                    .contains("invalid MFA");
        }
        StsServiceException throttled = refusal(() -> demoSession(sts(), code(0)));
        assertThat(throttled.code()).isEqualTo("Throttling");
        assertThat(throttled.httpStatus()).isEqualTo(400);
        assertThat(throttled.awsMessage()).isEqualTo("Rate exceeded");

        clock.advance(Duration.ofMinutes(14));
        assertThat(refusal(() -> demoSession(sts(), code(0))).code()).isEqualTo("Throttling");
        clock.advance(Duration.ofMinutes(1));
        assertThat(demoSession(sts(), code(0)).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void once_throttled_a_user_gets_one_more_guess_every_fifteen_minutes() throws Exception {
        for (int i = 0; i < 5; i++) {
            refusal(() -> demoSession(sts(), wrongCode()));
        }
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(refusal(() -> demoSession(sts(), wrongCode())).code()).isEqualTo("AccessDenied");
            assertThat(refusal(() -> demoSession(sts(), wrongCode())).code()).isEqualTo("Throttling");
        }
    }

    @Test
    void a_right_code_clears_the_count_of_wrong_ones() throws Exception {
        for (int i = 0; i < 4; i++) {
            refusal(() -> demoSession(sts(), wrongCode()));
        }
        demoSession(sts(), code(0));
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            assertThat(refusal(() -> demoSession(sts(), wrongCode())).code()).isEqualTo("AccessDenied");
        }
        assertThat(demoSession(sts(), code(0)).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void the_throttle_is_per_user_and_holds_across_emulators_sharing_the_state_dir() throws Exception {
        iam(root, "CreateUser", "UserName", "alice");
        QueryResult key = iam(root, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        AwsCredentials alice = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
        QueryResult device = iam(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "alice")
                .child("VirtualMFADevice");
        byte[] seed = Base32.decode(
                new String(Base64.getDecoder().decode(device.textAt("Base32StringSeed")), StandardCharsets.US_ASCII));
        long step = Totp.step(clock.instant());
        iam(
                root,
                "EnableMFADevice",
                "UserName",
                "alice",
                "SerialNumber",
                device.textAt("SerialNumber"),
                "AuthenticationCode1",
                Totp.code(seed, step - 1),
                "AuthenticationCode2",
                Totp.code(seed, step));

        try (Emulator second = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock))) {
            StsClient other = client(second.endpoint(), "sts", StsClient.STS_VERSION);
            for (int i = 0; i < 5; i++) {
                StsClient either = i % 2 == 0 ? sts() : other;
                refusal(() -> demoSession(either, wrongCode()));
            }
            assertThat(refusal(() -> demoSession(other, code(0))).code()).isEqualTo("Throttling");
            assertThat(refusal(() -> demoSession(sts(), code(0))).code()).isEqualTo("Throttling");
            SessionCredentials aliceSession = other.getSessionToken(
                    alice, new GetSessionTokenRequest(null, device.textAt("SerialNumber"), Totp.code(seed, step + 1)));
            assertThat(aliceSession.accessKeyId()).startsWith("ASIA");
        }
    }
}
