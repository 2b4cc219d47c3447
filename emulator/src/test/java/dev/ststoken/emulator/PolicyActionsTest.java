package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.sts.QueryResult;
import org.junit.jupiter.api.Test;

/** Customer managed policies: versions, the default version deciding, and IAM's conflicts and quotas. */
class PolicyActionsTest extends PolicyTestBase {
    @Test
    void the_default_version_is_what_an_attached_policy_grants() throws Exception {
        AwsCredentials alice = user("alice");
        QueryResult created = client.call(root, "CreatePolicy", "PolicyName", "ops", "PolicyDocument", LIST_ROLES)
                .child("Policy");
        assertThat(created.textAt("Arn")).isEqualTo(policyArn("ops"));
        assertThat(created.textAt("PolicyId")).matches("ANPA[A-Z2-7]{17}");
        assertThat(created.textAt("DefaultVersionId")).isEqualTo("v1");
        client.call(root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("ops"));
        client.call(alice, "ListRoles");
        assertThat(client.call(root, "GetPolicy", "PolicyArn", policyArn("ops")).textAt("Policy", "AttachmentCount"))
                .isEqualTo("1");

        QueryResult v2 = client.call(
                        root, "CreatePolicyVersion", "PolicyArn", policyArn("ops"), "PolicyDocument", LIST_USERS)
                .child("PolicyVersion");
        assertThat(v2.textAt("VersionId")).isEqualTo("v2");
        assertThat(v2.textAt("IsDefaultVersion")).isEqualTo("false");
        client.call(alice, "ListRoles");
        client.call(root, "SetDefaultPolicyVersion", "PolicyArn", policyArn("ops"), "VersionId", "v2");
        assertThat(client.refusal(alice, "ListRoles").code()).isEqualTo("AccessDenied");
        client.call(alice, "ListUsers");

        QueryResult v1 = client.call(root, "GetPolicyVersion", "PolicyArn", policyArn("ops"), "VersionId", "v1")
                .child("PolicyVersion");
        assertThat(PercentEncoding.decode(v1.textAt("Document"), false)).isEqualTo(LIST_ROLES);
        assertThat(client.call(root, "ListPolicyVersions", "PolicyArn", policyArn("ops"))
                        .child("Versions")
                        .children())
                .extracting(member -> member.textAt("VersionId"))
                .containsExactly("v2", "v1");
    }

    @Test
    void iam_keeps_five_versions_never_deletes_the_default_and_refuses_to_delete_a_policy_in_use() throws Exception {
        user("alice");
        client.call(root, "CreatePolicy", "PolicyName", "ops", "PolicyDocument", LIST_ROLES);
        for (int i = 2; i <= 5; i++) {
            client.call(root, "CreatePolicyVersion", "PolicyArn", policyArn("ops"), "PolicyDocument", LIST_USERS);
        }
        assertThat(client.refusal(
                                root,
                                "CreatePolicyVersion",
                                "PolicyArn",
                                policyArn("ops"),
                                "PolicyDocument",
                                LIST_USERS)
                        .awsMessage())
                .isEqualTo("A managed policy can have up to 5 versions. Before you create a new "
                        + "version, you must delete an existing version.");
        assertThat(client.refusal(root, "DeletePolicyVersion", "PolicyArn", policyArn("ops"), "VersionId", "v1")
                        .awsMessage())
                .isEqualTo("Cannot delete the default version of a policy.");
        client.call(root, "DeletePolicyVersion", "PolicyArn", policyArn("ops"), "VersionId", "v3");
        QueryResult v6 = client.call(
                        root,
                        "CreatePolicyVersion",
                        "PolicyArn",
                        policyArn("ops"),
                        "PolicyDocument",
                        LIST_USERS,
                        "SetAsDefault",
                        "true")
                .child("PolicyVersion");
        assertThat(v6.textAt("VersionId")).isEqualTo("v6");
        assertThat(v6.textAt("IsDefaultVersion")).isEqualTo("true");

        client.call(root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("ops"));
        assertThat(client.refusal(root, "DeletePolicy", "PolicyArn", policyArn("ops"))
                        .awsMessage())
                .isEqualTo("Cannot delete a policy attached to entities.");
        client.call(root, "DetachUserPolicy", "UserName", "alice", "PolicyArn", policyArn("ops"));
        assertThat(client.refusal(root, "DeletePolicy", "PolicyArn", policyArn("ops"))
                        .code())
                .isEqualTo("DeleteConflict");
        for (String version : new String[] {"v1", "v2", "v4", "v5"}) {
            client.call(root, "DeletePolicyVersion", "PolicyArn", policyArn("ops"), "VersionId", version);
        }
        client.call(root, "DeletePolicy", "PolicyArn", policyArn("ops"));
        assertThat(client.refusal(root, "GetPolicy", "PolicyArn", policyArn("ops"))
                        .code())
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void a_malformed_document_or_policy_arn_is_refused_in_iams_words() throws Exception {
        assertThat(client.refusal(root, "CreatePolicy", "PolicyName", "bad", "PolicyDocument", "{\"Statement\":[{}]}")
                        .code())
                .isEqualTo("MalformedPolicyDocument");
        assertThat(client.refusal(root, "GetPolicy", "PolicyArn", "arn:aws:iam::x:role/not-a-policy")
                        .code())
                .isEqualTo("InvalidInput");
        client.call(root, "CreatePolicy", "PolicyName", "ops", "PolicyDocument", LIST_ROLES);
        assertThat(client.refusal(root, "CreatePolicy", "PolicyName", "ops", "PolicyDocument", LIST_ROLES)
                        .code())
                .isEqualTo("EntityAlreadyExists");
    }

    @Test
    void list_policies_has_the_demo_users_policy_and_filters_attached_ones() throws Exception {
        client.call(root, "CreatePolicy", "PolicyName", "unused", "PolicyDocument", LIST_ROLES);
        assertThat(client.call(root, "ListPolicies", "Scope", "Local")
                        .child("Policies")
                        .children())
                .extracting(member -> member.textAt("PolicyName"))
                .containsExactly("SelfManageCredentialsWithMFA", "unused");
        assertThat(client.call(root, "ListPolicies", "OnlyAttached", "true")
                        .child("Policies")
                        .children())
                .extracting(member -> member.textAt("PolicyName"))
                .containsExactly("SelfManageCredentialsWithMFA");
        // Scope=AWS: AWS's managed policies (AwsManagedPoliciesTest), none of the account's.
        assertThat(client.call(root, "ListPolicies", "Scope", "AWS")
                        .child("Policies")
                        .children())
                .extracting(member -> member.textAt("PolicyName"))
                .contains("AdministratorAccess", "IAMReadOnlyAccess")
                .doesNotContain("SelfManageCredentialsWithMFA", "unused");
    }
}
