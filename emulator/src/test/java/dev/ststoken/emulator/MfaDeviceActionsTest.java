package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Virtual MFA devices with IAM enforced: the policies decide, on the resources AWS names. */
class MfaDeviceActionsTest extends PolicyTestBase {
    @Test
    void a_user_without_permission_cannot_create_a_virtual_mfa_device() throws Exception {
        AwsCredentials alice = user("alice");
        assertThat(client.refusal(alice, "CreateVirtualMFADevice", "VirtualMFADeviceName", "alice")
                        .awsMessage())
                .isEqualTo("User: arn:aws:iam::" + account + ":user/alice is not authorized to perform: "
                        + "iam:CreateVirtualMFADevice on resource: arn:aws:iam::" + account + ":mfa/alice because no "
                        + "identity-based policy allows the iam:CreateVirtualMFADevice action");
    }

    @Test
    void with_the_self_management_policy_a_user_sets_up_mfa_with_its_long_term_key_alone() throws Exception {
        AwsCredentials alice = user("alice");
        client.call(
                root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("SelfManageCredentialsWithMFA"));
        QueryResult device = client.call(alice, "CreateVirtualMFADevice", "VirtualMFADeviceName", "alice")
                .child("VirtualMFADevice");
        byte[] seed = Base32.decode(
                new String(Base64.getDecoder().decode(device.textAt("Base32StringSeed")), StandardCharsets.US_ASCII));
        long step = Totp.step(clock.instant());
        client.call(
                alice,
                "EnableMFADevice",
                "UserName",
                "alice",
                "SerialNumber",
                device.textAt("SerialNumber"),
                "AuthenticationCode1",
                Totp.code(seed, step - 1),
                "AuthenticationCode2",
                Totp.code(seed, step));
        assertThat(client.call(alice, "ListMFADevices").child("MFADevices").children())
                .hasSize(1);
        // Anything else needs MFA first.
        assertThat(client.refusal(alice, "ListAccessKeys").awsMessage()).contains("with an explicit deny");
        assertThat(client.refusal(
                                alice,
                                "EnableMFADevice",
                                "UserName",
                                "demo",
                                "SerialNumber",
                                device.textAt("SerialNumber"),
                                "AuthenticationCode1",
                                "123456",
                                "AuthenticationCode2",
                                "654321")
                        .code())
                .isEqualTo("AccessDenied");
    }
}
