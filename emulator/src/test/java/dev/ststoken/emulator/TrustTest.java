package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Totp;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role trust policies on AssumeRole, combined with the caller's own policies as AWS combines them. */
class TrustTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    IamClient client;
    AwsCredentials root;
    AwsCredentials alice;
    String account;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        client = new IamClient(emulator, clock);
        root = emulator.rootCredentials();
        account = emulator.accountId();
        client.call(root, "CreateUser", "UserName", "alice");
        var key = client.call(root, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        alice = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    String role(String principal, String condition) throws Exception {
        return client.call(
                        root,
                        "CreateRole",
                        "RoleName",
                        "r" + System.nanoTime() % 100000,
                        "AssumeRolePolicyDocument",
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"sts:AssumeRole\""
                                + (condition == null ? "" : ",\"Condition\":" + condition) + "}}")
                .textAt("Role", "Arn");
    }

    String assume(AwsCredentials who, String roleArn, String... extra) {
        try {
            String[] params = new String[4 + extra.length];
            params[0] = "RoleArn";
            params[1] = roleArn;
            params[2] = "RoleSessionName";
            params[3] = "ci";
            System.arraycopy(extra, 0, params, 4, extra.length);
            client.sts(who, "AssumeRole", params);
            return "allowed";
        } catch (dev.ststoken.errors.StsServiceException e) {
            assertThat(e.awsMessage())
                    .isEqualTo("User: arn:aws:iam::" + account + ":user/alice is not authorized to "
                            + "perform: sts:AssumeRole on resource: " + roleArn);
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_trust_policy_naming_the_user_is_enough() throws Exception {
        assertThat(assume(alice, role("arn:aws:iam::" + account + ":user/alice", null)))
                .isEqualTo("allowed");
        assertThat(assume(alice, role("arn:aws:iam::" + account + ":user/bob", null)))
                .isEqualTo("AccessDenied");
    }

    @Test
    void a_trust_policy_naming_the_account_also_needs_the_users_own_allow() throws Exception {
        String roleArn = role("arn:aws:iam::" + account + ":root", null);
        assertThat(assume(alice, roleArn)).isEqualTo("AccessDenied");
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "alice",
                "PolicyName",
                "assume",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                        + "\"Resource\":\"" + roleArn + "\"}}");
        assertThat(assume(alice, roleArn)).isEqualTo("allowed");
        assertThat(assume(alice, role(account, null))).isEqualTo("AccessDenied");
    }

    @Test
    void an_explicit_deny_in_the_users_policy_wins_over_a_trust_policy_naming_it() throws Exception {
        String roleArn = role("arn:aws:iam::" + account + ":user/alice", null);
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "alice",
                "PolicyName",
                "never",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"sts:*\",\"Resource\":\"*\"}}");
        assertThat(assume(alice, roleArn)).isEqualTo("AccessDenied");
    }

    @Test
    void an_external_id_condition_needs_the_same_external_id() throws Exception {
        String roleArn = role(
                "arn:aws:iam::" + account + ":user/alice", "{\"StringEquals\":{\"sts:ExternalId\":\"tenant-42\"}}");
        assertThat(assume(alice, roleArn)).isEqualTo("AccessDenied");
        assertThat(assume(alice, roleArn, "ExternalId", "tenant-41")).isEqualTo("AccessDenied");
        assertThat(assume(alice, roleArn, "ExternalId", "tenant-42")).isEqualTo("allowed");
    }

    @Test
    void an_mfa_condition_is_met_by_a_code_in_the_call_or_an_mfa_session() throws Exception {
        String roleArn = role(
                "arn:aws:iam::" + account + ":user/demo",
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}");
        DemoIdentity demo = emulator.demoIdentity();
        // The demo user's own policy allows nothing without MFA, so it needs MFA here twice over.
        assertThat(client.stsRefusal(demo.credentials(), "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "ci")
                        .code())
                .isEqualTo("AccessDenied");
        long step = Totp.step(clock.instant());
        client.sts(
                demo.credentials(),
                "AssumeRole",
                "RoleArn",
                roleArn,
                "RoleSessionName",
                "ci",
                "SerialNumber",
                demo.mfaSerial(),
                "TokenCode",
                Totp.code(demo.mfaSeed(), step - 1));
        AwsCredentials session = client.demoSession(step);
        client.sts(session, "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "ci");
        clock.advance(java.time.Duration.ofMinutes(61));
        assertThat(client.stsRefusal(session, "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "ci")
                        .code())
                .isEqualTo("AccessDenied");
    }

    @Test
    void iam_refuses_a_trust_policy_it_could_not_evaluate() throws Exception {
        var refused = client.refusal(
                root,
                "CreateRole",
                "RoleName",
                "bad",
                "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}}");
        assertThat(refused.code()).isEqualTo("MalformedPolicyDocument");
        String roleArn = role("arn:aws:iam::" + account + ":user/bob", null);
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        client.call(
                root,
                "UpdateAssumeRolePolicy",
                "RoleName",
                name,
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\","
                        + "\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                        + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}}");
        assertThat(assume(alice, roleArn)).isEqualTo("allowed");
    }

    String trustOf(String roleArn) throws Exception {
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return dev.ststoken.internal.PercentEncoding.decode(
                client.call(root, "GetRole", "RoleName", name).textAt("Role", "AssumeRolePolicyDocument"), false);
    }

    @Test
    void a_trust_policy_keeps_meaning_the_user_it_named_when_saved_not_a_new_one_of_the_same_name() throws Exception {
        String aliceArn = "arn:aws:iam::" + account + ":user/alice";
        String aliceId = client.call(root, "GetUser", "UserName", "alice").textAt("User", "UserId");
        String roleArn = role(aliceArn, null);
        assertThat(trustOf(roleArn)).contains("\"" + aliceArn + "\"").doesNotContain(aliceId);
        assertThat(assume(alice, roleArn)).isEqualTo("allowed");

        client.call(root, "DeleteAccessKey", "UserName", "alice", "AccessKeyId", alice.accessKeyId());
        client.call(root, "DeleteUser", "UserName", "alice");
        // As AWS shows a deleted principal: by the unique id the policy was bound to.
        assertThat(trustOf(roleArn)).contains("\"" + aliceId + "\"").doesNotContain(aliceArn);

        client.call(root, "CreateUser", "UserName", "alice");
        var key = client.call(root, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        AwsCredentials newAlice = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
        assertThat(assume(newAlice, roleArn)).isEqualTo("AccessDenied");
        assertThat(trustOf(roleArn)).contains("\"" + aliceId + "\"").doesNotContain(aliceArn);

        // Saved again, the policy names the new alice.
        client.call(
                root,
                "UpdateAssumeRolePolicy",
                "RoleName",
                roleArn.substring(roleArn.lastIndexOf('/') + 1),
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + aliceArn
                        + "\"]},\"Action\":\"sts:AssumeRole\"}}");
        assertThat(assume(newAlice, roleArn)).isEqualTo("allowed");
        assertThat(trustOf(roleArn)).contains("\"" + aliceArn + "\"");
    }

    @Test
    void a_trust_policy_naming_a_role_keeps_meaning_that_role() throws Exception {
        String first = role("arn:aws:iam::" + account + ":user/alice", null);
        String firstName = first.substring(first.lastIndexOf('/') + 1);
        String firstId = client.call(root, "GetRole", "RoleName", firstName).textAt("Role", "RoleId");
        String second = role(first, null);
        assertThat(trustOf(second)).contains("\"" + first + "\"");
        client.call(root, "DeleteRole", "RoleName", firstName);
        assertThat(trustOf(second)).contains("\"" + firstId + "\"").doesNotContain(first);
    }
}
