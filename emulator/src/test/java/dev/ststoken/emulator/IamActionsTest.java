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

/** IAM and AssumeRole through our Query client over HTTP, with the fixed rules of unenforced mode. */
class IamActionsTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    AwsCredentials root;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(stateDir).withClock(clock).withIamEnforcement(false));
        root = emulator.rootCredentials();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    StsClient iam() {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                "iam",
                "2010-05-08"));
    }

    StsClient sts() {
        return new StsClient(new StsEndpoint(emulator.endpoint(), "us-east-1"), TlsSettings.DEFAULT, clock);
    }

    QueryResult call(AwsCredentials who, String action, String... params) throws Exception {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return iam().call(action, list, who);
    }

    StsServiceException refusal(AwsCredentials who, String action, String... params) {
        try {
            call(who, action, params);
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(action + " succeeded");
    }

    record Alice(AwsCredentials key, String serial, byte[] seed) {}

    /** Root creates alice, her key and an enabled virtual MFA device (codes of the previous and current step). */
    Alice alice() throws Exception {
        call(root, "CreateUser", "UserName", "alice");
        QueryResult key = call(root, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        QueryResult device = call(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "alice")
                .child("VirtualMFADevice");
        String seedText =
                new String(Base64.getDecoder().decode(device.textAt("Base32StringSeed")), StandardCharsets.US_ASCII);
        byte[] seed = Base32.decode(seedText);
        long step = Totp.step(clock.instant());
        call(
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
        return new Alice(
                new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey")),
                device.textAt("SerialNumber"),
                seed);
    }

    @Test
    void root_creates_a_user_that_gets_an_mfa_session_with_the_next_code() throws Exception {
        Alice alice = alice();
        assertThat(call(root, "GetUser", "UserName", "alice").textAt("User", "Arn"))
                .isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/alice");
        // The enabling codes are spent; the next step's code works.
        String spent = Totp.code(alice.seed(), clock.instant());
        StsServiceException replay = refusalSts(alice.key(), alice.serial(), spent);
        assertThat(replay.code()).isEqualTo("AccessDenied");
        SessionCredentials s = sts().getSessionToken(
                        alice.key(),
                        new GetSessionTokenRequest(
                                null, alice.serial(), Totp.code(alice.seed(), Totp.step(clock.instant()) + 1)));
        assertThat(sts().getCallerIdentity(s.credentials()).arn()).endsWith(":user/alice");
    }

    StsServiceException refusalSts(AwsCredentials who, String serial, String code) {
        try {
            sts().getSessionToken(who, new GetSessionTokenRequest(null, serial, code));
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("GetSessionToken succeeded");
    }

    @Test
    void enabling_needs_two_consecutive_codes() throws Exception {
        call(root, "CreateUser", "UserName", "bob");
        QueryResult device = call(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "bob")
                .child("VirtualMFADevice");
        byte[] seed = Base32.decode(
                new String(Base64.getDecoder().decode(device.textAt("Base32StringSeed")), StandardCharsets.US_ASCII));
        long step = Totp.step(clock.instant());
        StsServiceException e = refusal(
                root,
                "EnableMFADevice",
                "UserName",
                "bob",
                "SerialNumber",
                device.textAt("SerialNumber"),
                "AuthenticationCode1",
                Totp.code(seed, step),
                "AuthenticationCode2",
                Totp.code(seed, step));
        assertThat(e.code()).isEqualTo("InvalidAuthenticationCode");
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    @Test
    void a_user_manages_only_its_own_keys_and_devices() throws Exception {
        Alice alice = alice();
        call(root, "CreateUser", "UserName", "carol");
        assertThat(call(alice.key(), "ListAccessKeys").toString()).isNotNull();
        assertThat(call(alice.key(), "ListAccessKeys").textAt("UserName")).isEqualTo("alice");
        StsServiceException e = refusal(alice.key(), "CreateAccessKey", "UserName", "carol");
        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.awsMessage()).contains("user/alice is not authorized to perform: iam:CreateAccessKey");
        assertThat(refusal(alice.key(), "CreateUser", "UserName", "mallory").code())
                .isEqualTo("AccessDenied");
        assertThat(refusal(alice.key(), "DeactivateMFADevice", "UserName", "carol", "SerialNumber", alice.serial())
                        .code())
                .isEqualTo("AccessDenied");
    }

    @Test
    void a_user_cannot_delete_or_take_a_virtual_mfa_device_another_user_created() throws Exception {
        AwsCredentials mallory = userWithKey("mallory");
        AwsCredentials bob = userWithKey("bob");
        QueryResult device = call(bob, "CreateVirtualMFADevice", "VirtualMFADeviceName", "bob")
                .child("VirtualMFADevice");
        String serial = device.textAt("SerialNumber");
        // Mallory has seen bob's QR code: she knows the seed, so only ownership can stop her.
        byte[] seed = Base32.decode(
                new String(Base64.getDecoder().decode(device.textAt("Base32StringSeed")), StandardCharsets.US_ASCII));
        long step = Totp.step(clock.instant());

        StsServiceException take = refusal(
                mallory,
                "EnableMFADevice",
                "UserName",
                "mallory",
                "SerialNumber",
                serial,
                "AuthenticationCode1",
                Totp.code(seed, step - 1),
                "AuthenticationCode2",
                Totp.code(seed, step));
        assertThat(take.code()).isEqualTo("AccessDenied");
        assertThat(take.awsMessage()).contains("iam:EnableMFADevice");
        StsServiceException delete = refusal(mallory, "DeleteVirtualMFADevice", "SerialNumber", serial);
        assertThat(delete.code()).isEqualTo("AccessDenied");
        assertThat(delete.awsMessage()).contains("iam:DeleteVirtualMFADevice");

        call(
                bob,
                "EnableMFADevice",
                "UserName",
                "bob",
                "SerialNumber",
                serial,
                "AuthenticationCode1",
                Totp.code(seed, step - 1),
                "AuthenticationCode2",
                Totp.code(seed, step));
        assertThat(call(root, "ListMFADevices", "UserName", "bob").textAt("MFADevices", "member", "SerialNumber"))
                .isEqualTo(serial);
    }

    AwsCredentials userWithKey(String name) throws Exception {
        call(root, "CreateUser", "UserName", name);
        QueryResult key = call(root, "CreateAccessKey", "UserName", name).child("AccessKey");
        return new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
    }

    @Test
    void a_user_deletes_an_unassigned_device_it_created() throws Exception {
        Alice alice = alice();
        String serial = call(alice.key(), "CreateVirtualMFADevice", "VirtualMFADeviceName", "alice-spare")
                .textAt("VirtualMFADevice", "SerialNumber");
        call(alice.key(), "DeleteVirtualMFADevice", "SerialNumber", serial);
        assertThat(call(root, "ListVirtualMFADevices")
                        .child("VirtualMFADevices")
                        .children())
                .hasSize(2);
    }

    @Test
    void a_session_without_mfa_cannot_call_iam_and_one_with_mfa_can() throws Exception {
        Alice alice = alice();
        SessionCredentials plain = sts().getSessionToken(alice.key(), new GetSessionTokenRequest(null, null, null));
        StsServiceException e = refusal(plain.credentials(), "ListAccessKeys");
        assertThat(e.code()).isEqualTo("InvalidClientTokenId");
        SessionCredentials withMfa = sts().getSessionToken(
                        alice.key(),
                        new GetSessionTokenRequest(
                                null, alice.serial(), Totp.code(alice.seed(), Totp.step(clock.instant()) + 1)));
        assertThat(call(withMfa.credentials(), "ListAccessKeys").textAt("UserName"))
                .isEqualTo("alice");
    }

    @Test
    void deleted_keys_and_users_stop_working_and_conflicts_are_reported() throws Exception {
        Alice alice = alice();
        assertThat(refusal(root, "DeleteUser", "UserName", "alice").code()).isEqualTo("DeleteConflict");
        call(
                root,
                "UpdateAccessKey",
                "UserName",
                "alice",
                "AccessKeyId",
                alice.key().accessKeyId(),
                "Status",
                "Inactive");
        assertThat(refusal(alice.key(), "ListAccessKeys").code()).isEqualTo("InvalidClientTokenId");
        call(
                root,
                "DeleteAccessKey",
                "UserName",
                "alice",
                "AccessKeyId",
                alice.key().accessKeyId());
        assertThat(refusal(root, "DeleteVirtualMFADevice", "SerialNumber", alice.serial())
                        .code())
                .isEqualTo("DeleteConflict");
        call(root, "DeactivateMFADevice", "UserName", "alice", "SerialNumber", alice.serial());
        call(root, "DeleteVirtualMFADevice", "SerialNumber", alice.serial());
        call(root, "DeleteUser", "UserName", "alice");
        assertThat(refusal(root, "GetUser", "UserName", "alice").code()).isEqualTo("NoSuchEntity");
        assertThat(refusal(root, "CreateUser", "UserName", "demo").code()).isEqualTo("EntityAlreadyExists");
    }

    @Test
    void a_user_has_at_most_two_keys() throws Exception {
        call(root, "CreateUser", "UserName", "dave");
        call(root, "CreateAccessKey", "UserName", "dave");
        call(root, "CreateAccessKey", "UserName", "dave");
        assertThat(refusal(root, "CreateAccessKey", "UserName", "dave").code()).isEqualTo("LimitExceeded");
    }

    @Test
    void list_calls_show_what_was_created() throws Exception {
        Alice alice = alice();
        assertThat(call(root, "ListUsers").child("Users").children()).hasSize(2);
        assertThat(call(root, "ListMFADevices", "UserName", "alice").textAt("MFADevices", "member", "SerialNumber"))
                .isEqualTo(alice.serial());
        call(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "spare");
        assertThat(call(root, "ListVirtualMFADevices", "AssignmentStatus", "Unassigned")
                        .child("VirtualMFADevices")
                        .children())
                .hasSize(1);
        assertThat(call(root, "ListVirtualMFADevices")
                        .child("VirtualMFADevices")
                        .children())
                .hasSize(3);
    }

    @Test
    void assume_role_follows_duration_rules_chaining_and_reports_the_assumed_role() throws Exception {
        Alice alice = alice();
        QueryResult role = call(
                        root,
                        "CreateRole",
                        "RoleName",
                        "deployer",
                        "MaxSessionDuration",
                        "7200",
                        "AssumeRolePolicyDocument",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[]}")
                .child("Role");
        String roleArn = role.textAt("Arn");
        assertThat(role.textAt("AssumeRolePolicyDocument")).startsWith("%7B%22Version%22");
        assertThat(call(root, "GetRole", "RoleName", "deployer").textAt("Role", "MaxSessionDuration"))
                .isEqualTo("7200");

        QueryResult assumed = sts().call(
                        "AssumeRole",
                        List.of(
                                Map.entry("RoleArn", roleArn),
                                Map.entry("RoleSessionName", "ci"),
                                Map.entry("DurationSeconds", "7200")),
                        alice.key());
        SessionCredentials session = sts().credentialsFrom(assumed.child("Credentials"), "AssumeRole");
        assertThat(session.expiration()).isEqualTo(clock.instant().plusSeconds(7200));
        assertThat(assumed.textAt("AssumedRoleUser", "Arn"))
                .isEqualTo("arn:aws:sts::" + emulator.accountId() + ":assumed-role/deployer/ci");
        assertThat(sts().getCallerIdentity(session.credentials()).userId()).isEqualTo(role.textAt("RoleId") + ":ci");

        StsServiceException tooLong = stsRefusal(alice.key(), roleArn, "7201");
        assertThat(tooLong.awsMessage()).contains("exceeds the MaxSessionDuration set for this role");
        StsServiceException chained = stsRefusal(session.credentials(), roleArn, "3601");
        assertThat(chained.awsMessage()).contains("role chaining");
        stsCall(session.credentials(), roleArn, "3600");
        assertThat(stsRefusal(root, roleArn, "900").awsMessage()).contains("root");
        StsServiceException noRole = stsRefusal(alice.key(), roleArn.replace("deployer", "nobody"), "900");
        assertThat(noRole.code()).isEqualTo("AccessDenied");
        assertThat(refusal(alice.key(), "DeleteRole", "RoleName", "deployer").code())
                .isEqualTo("AccessDenied");
        call(root, "DeleteRole", "RoleName", "deployer");
        assertThat(refusal(root, "GetRole", "RoleName", "deployer").code()).isEqualTo("NoSuchEntity");
        assertThat(stsRefusal(alice.key(), roleArn, "900").code()).isEqualTo("AccessDenied");
    }

    QueryResult stsCall(AwsCredentials who, String roleArn, String duration) throws Exception {
        return sts().call(
                        "AssumeRole",
                        List.of(
                                Map.entry("RoleArn", roleArn),
                                Map.entry("RoleSessionName", "s1"),
                                Map.entry("DurationSeconds", duration)),
                        who);
    }

    StsServiceException stsRefusal(AwsCredentials who, String roleArn, String duration) {
        try {
            stsCall(who, roleArn, duration);
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("AssumeRole succeeded");
    }
}
