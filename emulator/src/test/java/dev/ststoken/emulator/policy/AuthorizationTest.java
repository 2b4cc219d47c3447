package dev.ststoken.emulator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.IamClient;
import dev.ststoken.emulator.endpoint.Authenticator;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.RequestFacts;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.StateFiles;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Totp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which policies and context keys a caller's request is evaluated with, and AWS's refusal texts. */
class AuthorizationTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    IamClient client;
    AwsCredentials root;
    String account;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        client = new IamClient(emulator, clock);
        root = emulator.rootCredentials();
        account = emulator.accountId();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    Caller caller(AwsCredentials who) throws Exception {
        Account current = StateFiles.read(stateDir);
        SessionTokens tokens = new SessionTokens(current.tokenKey(), new Ids(new java.security.SecureRandom()));
        return new Authenticator(tokens, clock)
                .authenticate(who.accessKeyId(), who.sessionToken(), current)
                .caller()
                .withFacts(new RequestFacts("127.0.0.1", false, "us-east-1", clock.instant(), true));
    }

    Map<String, List<String>> keysOf(AwsCredentials who) throws Exception {
        Account current = StateFiles.read(stateDir);
        return Authorization.context(caller(who), current);
    }

    @Test
    void a_long_term_key_carries_no_mfa_or_token_keys() throws Exception {
        Map<String, List<String>> keys = keysOf(emulator.demoIdentity().credentials());
        assertThat(keys)
                .doesNotContainKeys("aws:multifactorauthpresent", "aws:multifactorauthage", "aws:tokenissuetime");
        assertThat(keys)
                .containsEntry("aws:username", List.of("demo"))
                .containsEntry("aws:principaltype", List.of("User"))
                .containsEntry("aws:principalarn", List.of("arn:aws:iam::" + account + ":user/demo"))
                .containsEntry("aws:securetransport", List.of("false"))
                .containsEntry("aws:sourceip", List.of("127.0.0.1"))
                .containsEntry("aws:requestedregion", List.of("us-east-1"))
                .containsEntry("aws:currenttime", List.of("2026-11-23T10:00:05Z"));
        assertThat(keys.get("aws:userid").get(0)).matches("AIDA[A-Z2-7]{17}");
    }

    @Test
    void a_session_without_mfa_says_false_and_has_no_mfa_age() throws Exception {
        Map<String, List<String>> keys = keysOf(client.demoSession(-1));
        assertThat(keys)
                .containsEntry("aws:multifactorauthpresent", List.of("false"))
                .containsEntry("aws:tokenissuetime", List.of("2026-11-23T10:00:05Z"))
                .doesNotContainKey("aws:multifactorauthage");
    }

    @Test
    void a_session_with_mfa_says_true_and_its_age_grows_with_the_clock() throws Exception {
        AwsCredentials session = client.demoSession(Totp.step(clock.instant()));
        clock.advance(Duration.ofMinutes(20));
        Map<String, List<String>> keys = keysOf(session);
        assertThat(keys)
                .containsEntry("aws:multifactorauthpresent", List.of("true"))
                .containsEntry("aws:multifactorauthage", List.of("1200"));
    }

    @Test
    void a_role_session_is_an_assumed_role_without_a_user_name() throws Exception {
        client.call(
                root,
                "CreateRole",
                "RoleName",
                "worker",
                "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\","
                        + "\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                        + ":user/demo\"},\"Action\":\"sts:AssumeRole\"}}");
        AwsCredentials mfa = client.demoSession(Totp.step(clock.instant()));
        AwsCredentials role = client.assumed(client.sts(
                mfa, "AssumeRole", "RoleArn", "arn:aws:iam::" + account + ":role/worker", "RoleSessionName", "ci"));
        Map<String, List<String>> keys = keysOf(role);
        assertThat(keys)
                .doesNotContainKey("aws:username")
                .containsEntry("aws:principaltype", List.of("AssumedRole"))
                .containsEntry("aws:principalarn", List.of("arn:aws:iam::" + account + ":role/worker"))
                .containsEntry("aws:multifactorauthpresent", List.of("true"))
                .containsEntry("aws:multifactorauthage", List.of("0"));
        assertThat(keys.get("aws:userid").get(0)).matches("AROA[A-Z2-7]{17}:ci");
    }

    @Test
    void a_user_gets_what_its_groups_policies_allow_and_nothing_else() throws Exception {
        client.call(root, "CreateUser", "UserName", "alice");
        AwsCredentials alice = key("alice");
        assertThat(client.refusal(alice, "ListRoles").awsMessage())
                .isEqualTo("User: arn:aws:iam::" + account
                        + ":user/alice is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::" + account
                        + ":role/ because no identity-based policy allows the iam:ListRoles action");
        client.call(root, "CreateGroup", "GroupName", "readers");
        client.call(
                root,
                "PutGroupPolicy",
                "GroupName",
                "readers",
                "PolicyName",
                "read",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:List*\",\"Resource\":\"*\"}}");
        client.call(root, "AddUserToGroup", "GroupName", "readers", "UserName", "alice");
        assertThat(client.call(alice, "ListRoles").textAt("IsTruncated")).isEqualTo("false");
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "alice",
                "PolicyName",
                "no-roles",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}}");
        assertThat(client.refusal(alice, "ListRoles").awsMessage())
                .endsWith("iam:ListRoles on resource: arn:aws:iam::" + account
                        + ":role/ with an explicit deny in an identity-based policy");
        client.call(root, "RemoveUserFromGroup", "GroupName", "readers", "UserName", "alice");
        client.call(root, "DeleteUserPolicy", "UserName", "alice", "PolicyName", "no-roles");
        assertThat(client.refusal(alice, "ListRoles").code()).isEqualTo("AccessDenied");
    }

    @Test
    void the_source_address_a_policy_sees_is_the_clients_own() throws Exception {
        client.call(root, "CreateUser", "UserName", "alice");
        AwsCredentials alice = key("alice");
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "alice",
                "PolicyName",
                "from-here",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\","
                        + "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"},"
                        + "\"Bool\":{\"aws:SecureTransport\":\"false\"}}}}");
        client.call(alice, "ListRoles");
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "alice",
                "PolicyName",
                "from-here",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\","
                        + "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}}");
        assertThat(client.refusal(alice, "ListRoles").code()).isEqualTo("AccessDenied");
    }

    @Test
    void root_is_never_evaluated() throws Exception {
        client.call(root, "ListRoles");
        client.call(root, "ListUsers");
    }

    AwsCredentials key(String user) throws Exception {
        var key = client.call(root, "CreateAccessKey", "UserName", user).child("AccessKey");
        return new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
    }
}
