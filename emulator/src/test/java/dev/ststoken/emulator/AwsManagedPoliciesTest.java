package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.policy.Policy;
import dev.ststoken.emulator.state.AwsManagedPolicies;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.sts.QueryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AWS managed policies by ARN: read (GetPolicy, GetPolicyVersion, ListPolicies with Scope=AWS),
 * attached to users, groups and roles and then evaluated like the account's own, and never changed.
 */
class AwsManagedPoliciesTest extends PolicyTestBase {
    static final String IAM_READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
    static final String LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    @Test
    void get_policy_and_its_default_version_by_aws_arn() throws Exception {
        QueryResult policy =
                client.call(root, "GetPolicy", "PolicyArn", IAM_READ_ONLY).child("Policy");
        assertThat(policy.textAt("Arn")).isEqualTo(IAM_READ_ONLY);
        assertThat(policy.textAt("PolicyName")).isEqualTo("IAMReadOnlyAccess");
        assertThat(policy.textAt("Path")).isEqualTo("/");
        assertThat(policy.textAt("DefaultVersionId")).isEqualTo("v4");
        assertThat(policy.textAt("IsAttachable")).isEqualTo("true");
        assertThat(policy.textAt("AttachmentCount")).isEqualTo("0");
        assertThat(policy.textAt("PolicyId")).matches("ANPA[A-Z2-7]{17}");
        assertThat(policy.textAt("CreateDate")).isEqualTo("2015-02-06T18:40:39Z");

        QueryResult version = client.call(root, "GetPolicyVersion", "PolicyArn", IAM_READ_ONLY, "VersionId", "v4")
                .child("PolicyVersion");
        assertThat(version.textAt("IsDefaultVersion")).isEqualTo("true");
        assertThat(PercentEncoding.decode(version.textAt("Document"), false)).contains("\"iam:Get*\"", "\"iam:List*\"");
        assertThat(client.refusal(root, "GetPolicyVersion", "PolicyArn", IAM_READ_ONLY, "VersionId", "v1")
                        .code())
                .isEqualTo("NoSuchEntity");
        assertThat(client.call(root, "GetPolicy", "PolicyArn", LAMBDA_BASIC).textAt("Policy", "Path"))
                .isEqualTo("/service-role/");
        assertThat(client.refusal(root, "GetPolicy", "PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy")
                        .code())
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void list_policies_scope_aws_pages_through_the_snapshot_and_local_leaves_it_out() throws Exception {
        client.call(root, "CreatePolicy", "PolicyName", "ours", "PolicyDocument", LIST_ROLES);
        List<String> arns = new ArrayList<>();
        String marker = null;
        do {
            QueryResult page = marker == null
                    ? client.call(root, "ListPolicies", "Scope", "AWS", "MaxItems", "10")
                    : client.call(root, "ListPolicies", "Scope", "AWS", "MaxItems", "10", "Marker", marker);
            List<QueryResult> members = page.child("Policies").children();
            assertThat(members.size()).isLessThanOrEqualTo(10);
            members.forEach(m -> arns.add(m.textAt("Arn")));
            marker = "true".equals(page.textAt("IsTruncated")) ? page.textAt("Marker") : null;
        } while (marker != null);
        assertThat(arns)
                .hasSize(AwsManagedPolicies.all().size())
                .contains(IAM_READ_ONLY, LAMBDA_BASIC, "arn:aws:iam::aws:policy/AdministratorAccess")
                .allMatch(arn -> arn.startsWith("arn:aws:iam::aws:policy/"));
        assertThat(client.call(root, "ListPolicies", "Scope", "Local")
                        .child("Policies")
                        .children())
                .extracting(m -> m.textAt("Arn"))
                .contains(policyArn("ours"))
                .noneMatch(arn -> arn.startsWith("arn:aws:iam::aws:"));
        assertThat(client.call(root, "ListPolicies", "Scope", "AWS", "PathPrefix", "/service-role/")
                        .child("Policies")
                        .children())
                .extracting(m -> m.textAt("Arn"))
                .contains(LAMBDA_BASIC)
                .doesNotContain(IAM_READ_ONLY);
    }

    @Test
    void an_attached_aws_policy_grants_what_its_document_says() throws Exception {
        AwsCredentials alice = user("alice");
        assertThat(client.refusal(alice, "ListRoles").code()).isEqualTo("AccessDenied");
        client.call(root, "AttachUserPolicy", "UserName", "alice", "PolicyArn", IAM_READ_ONLY);
        client.call(alice, "ListRoles");
        client.call(alice, "GetPolicy", "PolicyArn", IAM_READ_ONLY);
        assertThat(client.refusal(alice, "CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", "{}")
                        .code())
                .isEqualTo("AccessDenied");
        assertThat(client.call(root, "ListAttachedUserPolicies", "UserName", "alice")
                        .child("AttachedPolicies")
                        .children())
                .extracting(m -> m.textAt("PolicyArn"))
                .containsExactly(IAM_READ_ONLY);
        assertThat(client.call(root, "GetPolicy", "PolicyArn", IAM_READ_ONLY).textAt("Policy", "AttachmentCount"))
                .isEqualTo("1");

        // Through a group too.
        client.call(root, "CreateGroup", "GroupName", "admins");
        client.call(root, "AddUserToGroup", "GroupName", "admins", "UserName", "alice");
        client.call(
                root, "AttachGroupPolicy", "GroupName", "admins", "PolicyArn", "arn:aws:iam::aws:policy/IAMFullAccess");
        client.call(alice, "CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", TRUST_ROOT.formatted(account));
        client.call(root, "AttachRolePolicy", "RoleName", "r", "PolicyArn", LAMBDA_BASIC);

        QueryResult entities = client.call(root, "ListEntitiesForPolicy", "PolicyArn", IAM_READ_ONLY);
        assertThat(entities.child("PolicyUsers").children())
                .extracting(m -> m.textAt("UserName"))
                .containsExactly("alice");
        assertThat(entities.child("PolicyRoles").children()).isEmpty();
        assertThat(client.call(root, "ListEntitiesForPolicy", "PolicyArn", LAMBDA_BASIC, "EntityFilter", "Role")
                        .child("PolicyRoles")
                        .children())
                .extracting(m -> m.textAt("RoleName"))
                .containsExactly("r");
        assertThat(client.call(
                                root,
                                "ListEntitiesForPolicy",
                                "PolicyArn",
                                LAMBDA_BASIC,
                                "EntityFilter",
                                "LocalManagedPolicy")
                        .child("PolicyRoles")
                        .children())
                .isEmpty();
    }

    static final String TRUST_ROOT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    void an_account_cannot_change_or_delete_an_aws_policy_or_attach_one_aws_does_not_have() throws Exception {
        user("alice");
        assertThat(client.refusal(root, "CreatePolicyVersion", "PolicyArn", IAM_READ_ONLY, "PolicyDocument", LIST_ROLES)
                        .code())
                .isEqualTo("InvalidInput");
        assertThat(client.refusal(root, "DeletePolicy", "PolicyArn", IAM_READ_ONLY)
                        .code())
                .isEqualTo("InvalidInput");
        assertThat(client.refusal(root, "SetDefaultPolicyVersion", "PolicyArn", IAM_READ_ONLY, "VersionId", "v4")
                        .code())
                .isEqualTo("InvalidInput");
        assertThat(client.refusal(
                                root,
                                "TagPolicy",
                                "PolicyArn",
                                IAM_READ_ONLY,
                                "Tags.member.1.Key",
                                "k",
                                "Tags.member.1.Value",
                                "v")
                        .code())
                .isEqualTo("InvalidInput");
        assertThat(client.refusal(
                                root,
                                "AttachUserPolicy",
                                "UserName",
                                "alice",
                                "PolicyArn",
                                "arn:aws:iam::aws:policy/NoSuchPolicy")
                        .code())
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void every_snapshot_document_is_a_policy_the_engine_reads() throws Exception {
        assertThat(AwsManagedPolicies.all()).hasSizeGreaterThan(40);
        for (ManagedPolicy policy : AwsManagedPolicies.all()) {
            assertThat(policy.awsManaged()).isTrue();
            assertThat(policy.defaultVersion()).as(policy.name()).isNotNull();
            Policy.parse(policy.defaultVersion().document(), false);
        }
        // Ids are the same from one emulator to the next.
        assertThat(AwsManagedPolicies.get(IAM_READ_ONLY).policyId())
                .isEqualTo(client.call(root, "GetPolicy", "PolicyArn", IAM_READ_ONLY)
                        .textAt("Policy", "PolicyId"));
        assertThat(AwsManagedPolicies.get("arn:aws:iam::123456789012:policy/IAMReadOnlyAccess"))
                .isNull();
    }
}
