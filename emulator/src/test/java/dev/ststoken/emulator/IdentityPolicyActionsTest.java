package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.PercentEncoding;
import org.junit.jupiter.api.Test;

/** Inline and attached policies of users, roles and groups. */
class IdentityPolicyActionsTest extends PolicyTestBase {
    @Test
    void an_inline_policy_reads_back_url_encoded_and_grants_until_deleted() throws Exception {
        AwsCredentials alice = user("alice");
        client.call(root, "PutUserPolicy", "UserName", "alice", "PolicyName", "roles", "PolicyDocument", LIST_ROLES);
        assertThat(PercentEncoding.decode(
                        client.call(root, "GetUserPolicy", "UserName", "alice", "PolicyName", "roles")
                                .textAt("PolicyDocument"),
                        false))
                .isEqualTo(LIST_ROLES);
        assertThat(client.call(root, "ListUserPolicies", "UserName", "alice")
                        .child("PolicyNames")
                        .children())
                .extracting(member -> member.text())
                .containsExactly("roles");
        client.call(alice, "ListRoles");
        client.call(root, "DeleteUserPolicy", "UserName", "alice", "PolicyName", "roles");
        assertThat(client.refusal(alice, "ListRoles").code()).isEqualTo("AccessDenied");
        assertThat(client.refusal(root, "GetUserPolicy", "UserName", "alice", "PolicyName", "roles")
                        .awsMessage())
                .isEqualTo("The user policy with name roles cannot be found.");
    }

    @Test
    void a_role_sessions_permissions_are_its_roles() throws Exception {
        client.call(
                root,
                "CreateRole",
                "RoleName",
                "worker",
                "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\","
                        + "\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                        + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}}");
        AwsCredentials alice = user("alice");
        AwsCredentials worker = client.assumed(client.sts(
                alice, "AssumeRole", "RoleArn", "arn:aws:iam::" + account + ":role/worker", "RoleSessionName", "ci"));
        assertThat(client.refusal(worker, "ListRoles").code()).isEqualTo("AccessDenied");
        client.call(root, "CreatePolicy", "PolicyName", "roles", "PolicyDocument", LIST_ROLES);
        client.call(root, "AttachRolePolicy", "RoleName", "worker", "PolicyArn", policyArn("roles"));
        client.call(worker, "ListRoles");
        assertThat(client.call(root, "ListAttachedRolePolicies", "RoleName", "worker")
                        .child("AttachedPolicies")
                        .children())
                .extracting(member -> member.textAt("PolicyArn"))
                .containsExactly(policyArn("roles"));
        assertThat(client.refusal(root, "DeleteRole", "RoleName", "worker").code())
                .isEqualTo("DeleteConflict");
        client.call(root, "DetachRolePolicy", "RoleName", "worker", "PolicyArn", policyArn("roles"));
        assertThat(client.refusal(root, "DetachRolePolicy", "RoleName", "worker", "PolicyArn", policyArn("roles"))
                        .awsMessage())
                .isEqualTo("Policy " + policyArn("roles") + " was not found.");
        client.call(root, "PutRolePolicy", "RoleName", "worker", "PolicyName", "inline", "PolicyDocument", LIST_ROLES);
        client.call(worker, "ListRoles");
    }

    @Test
    void iam_quotas_hold_for_inline_size_and_attached_count() throws Exception {
        user("alice");
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\","
                + "\"Resource\":\"arn:aws:iam::*:role/" + "x".repeat(2048) + "\"}}";
        assertThat(client.refusal(
                                root, "PutUserPolicy", "UserName", "alice", "PolicyName", "big", "PolicyDocument", big)
                        .code())
                .isEqualTo("LimitExceeded");
        for (int i = 0; i < 10; i++) {
            client.call(root, "CreatePolicy", "PolicyName", "p" + i, "PolicyDocument", LIST_ROLES);
            client.call(root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("p" + i));
        }
        client.call(root, "CreatePolicy", "PolicyName", "p10", "PolicyDocument", LIST_ROLES);
        assertThat(client.refusal(root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("p10"))
                        .awsMessage())
                .isEqualTo("Cannot exceed quota for PoliciesPerUser: 10");
        assertThat(client.refusal(root, "DeleteUser", "UserName", "alice").code())
                .isEqualTo("DeleteConflict");
    }

    @Test
    void a_user_without_permission_cannot_grant_itself_any() throws Exception {
        AwsCredentials alice = user("alice");
        assertThat(client.refusal(
                                alice,
                                "PutUserPolicy",
                                "UserName",
                                "alice",
                                "PolicyName",
                                "mine",
                                "PolicyDocument",
                                LIST_ROLES)
                        .awsMessage())
                .isEqualTo("User: arn:aws:iam::" + account + ":user/alice is not authorized "
                        + "to perform: iam:PutUserPolicy on resource: arn:aws:iam::" + account
                        + ":user/alice because no "
                        + "identity-based policy allows the iam:PutUserPolicy action");
        assertThat(client.refusal(
                                alice,
                                "AttachUserPolicy",
                                "UserName",
                                "alice",
                                "PolicyArn",
                                policyArn("SelfManageCredentialsWithMFA"))
                        .code())
                .isEqualTo("AccessDenied");
    }
}
