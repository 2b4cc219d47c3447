package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.sts.QueryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session policies of AssumeRole ({@code Policy}, {@code PolicyArns}): the session may do what both
 * its role's policies and they allow, an explicit deny in either wins, and STS's limits and errors.
 */
class SessionPoliciesTest extends PolicyTestBase {
    static final String DENY_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    static final String CREATE_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:CreateUser\",\"Resource\":\"*\"}}";

    AwsCredentials alice;
    String roleArn;

    @BeforeEach
    void role() throws Exception {
        alice = user("alice");
        roleArn = client.call(
                        root,
                        "CreateRole",
                        "RoleName",
                        "worker",
                        "AssumeRolePolicyDocument",
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                                + account + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}}")
                .textAt("Role", "Arn");
        // The role may create and list users, nothing else.
        client.call(
                root,
                "PutRolePolicy",
                "RoleName",
                "worker",
                "PolicyName",
                "users",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                        + "\"Action\":[\"iam:CreateUser\",\"iam:ListUsers\"],\"Resource\":\"*\"}}");
    }

    QueryResult assume(String... sessionPolicies) throws Exception {
        List<String> params = new ArrayList<>(List.of("RoleArn", roleArn, "RoleSessionName", "ci"));
        params.addAll(List.of(sessionPolicies));
        return client.sts(alice, "AssumeRole", params.toArray(new String[0]));
    }

    boolean created(String name) throws Exception {
        return client.call(root, "ListUsers").child("Users").children().stream()
                .anyMatch(user -> user.textAt("UserName").equals(name));
    }

    @Test
    void a_deny_everything_session_can_do_nothing_its_role_may() throws Exception {
        AwsCredentials plain = client.assumed(assume());
        client.call(plain, "CreateUser", "UserName", "one");
        assertThat(created("one")).isTrue();

        AwsCredentials denied = client.assumed(assume("Policy", DENY_ALL));
        var refused = client.refusal(denied, "CreateUser", "UserName", "two");
        assertThat(refused.code()).isEqualTo("AccessDenied");
        assertThat(refused.awsMessage()).endsWith("with an explicit deny in a session policy");
        assertThat(created("two")).as("the refused session created no user").isFalse();
        assertThat(client.refusal(denied, "ListUsers").code()).isEqualTo("AccessDenied");
    }

    @Test
    void a_session_may_do_only_what_both_its_role_and_its_session_policies_allow() throws Exception {
        AwsCredentials listOnly = client.assumed(assume("Policy", LIST_USERS));
        client.call(listOnly, "ListUsers");
        var refused = client.refusal(listOnly, "CreateUser", "UserName", "three");
        assertThat(refused.awsMessage()).endsWith("because no session policy allows the iam:CreateUser action");
        assertThat(created("three")).isFalse();

        // A session policy allowing everything adds nothing the role lacks.
        AwsCredentials everything = client.assumed(assume("Policy", ALLOW_ALL));
        client.call(everything, "ListUsers");
        assertThat(client.refusal(everything, "ListRoles").awsMessage())
                .endsWith("because no identity-based policy allows the iam:ListRoles action");

        // Managed session policies, read as they are when the session acts.
        client.call(root, "CreatePolicy", "PolicyName", "create", "PolicyDocument", CREATE_USERS);
        AwsCredentials managed = client.assumed(assume("PolicyArns.member.1.arn", policyArn("create")));
        client.call(managed, "CreateUser", "UserName", "four");
        assertThat(client.refusal(managed, "ListUsers").code()).isEqualTo("AccessDenied");
        // Inline and managed together: either may allow, both are session policies.
        AwsCredentials both =
                client.assumed(assume("Policy", LIST_USERS, "PolicyArns.member.1.arn", policyArn("create")));
        client.call(both, "ListUsers");
        client.call(both, "CreateUser", "UserName", "five");
        // An ARN naming no policy grants nothing.
        AwsCredentials unknown = client.assumed(assume("PolicyArns.member.1.arn", policyArn("missing")));
        assertThat(client.refusal(unknown, "ListUsers").code()).isEqualTo("AccessDenied");
    }

    @Test
    void sts_refuses_malformed_and_oversized_session_policies() throws Exception {
        assertThat(client.stsRefusal(
                                alice, "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "ci", "Policy", "{not json")
                        .code())
                .isEqualTo("MalformedPolicyDocument");
        assertThat(client.stsRefusal(
                                alice,
                                "AssumeRole",
                                "RoleArn",
                                roleArn,
                                "RoleSessionName",
                                "ci",
                                "Policy",
                                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}")
                        .code())
                .isEqualTo("MalformedPolicyDocument");
        String padded = ALLOW_ALL.replace("{\"Effect\"", " ".repeat(2100) + "{\"Effect\"");
        assertThat(client.stsRefusal(alice, "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "ci", "Policy", padded)
                        .code())
                .isEqualTo("ValidationError");
        String nearlyFull = ALLOW_ALL.replace("{\"Effect\"", " ".repeat(1900) + "{\"Effect\"");
        List<String> params =
                new ArrayList<>(List.of("RoleArn", roleArn, "RoleSessionName", "ci", "Policy", nearlyFull));
        for (int i = 1; i <= 4; i++) {
            params.addAll(List.of("PolicyArns.member." + i + ".arn", policyArn("p" + i)));
        }
        var tooLarge = client.stsRefusal(alice, "AssumeRole", params.toArray(new String[0]));
        assertThat(tooLarge.code()).isEqualTo("PackedPolicyTooLarge");
        assertThat(tooLarge.awsMessage())
                .matches(
                        "Packed policy consumes 1\\d\\d% of allotted space, please use smaller policy for operation\\.");
        // Within the space: the answer says how much of it the policies take.
        assertThat(assume("Policy", LIST_USERS).textAt("PackedPolicySize")).matches("\\d+");
    }
}
