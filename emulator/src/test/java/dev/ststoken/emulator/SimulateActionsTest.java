package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sts.QueryResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy simulator answers with the evaluator the emulator enforces with. */
class SimulateActionsTest extends PolicyTestBase {
    static final String BLOCK_UNLESS_MFA = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
            + "{\"Sid\":\"Block\",\"Effect\":\"Deny\",\"NotAction\":\"iam:ListMFADevices\",\"Resource\":\"*\","
            + "\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}";

    QueryResult simulate(String... extra) throws Exception {
        String[] params = new String[4 + extra.length];
        params[0] = "PolicyInputList.member.1";
        params[1] = BLOCK_UNLESS_MFA;
        params[2] = "ActionNames.member.1";
        params[3] = "iam:ListRoles";
        System.arraycopy(extra, 0, params, 4, extra.length);
        return client.call(root, "SimulateCustomPolicy", params)
                .child("EvaluationResults")
                .children()
                .get(0);
    }

    @Test
    void a_custom_policy_is_decided_from_only_the_context_entries_given() throws Exception {
        QueryResult none = simulate();
        assertThat(none.textAt("EvalDecision")).isEqualTo("explicitDeny");
        assertThat(none.textAt("EvalResourceName")).isEqualTo("*");
        assertThat(none.child("MissingContextValues").children())
                .extracting(QueryResult::text)
                .containsExactly("aws:MultiFactorAuthPresent");
        assertThat(none.path("MatchedStatements", "member").textAt("SourcePolicyId"))
                .isEqualTo("PolicyInputList.1");
        QueryResult withMfa = simulate(
                "ContextEntries.member.1.ContextKeyName",
                "aws:MultiFactorAuthPresent",
                "ContextEntries.member.1.ContextKeyValues.member.1",
                "true",
                "ContextEntries.member.1.ContextKeyType",
                "boolean");
        assertThat(withMfa.textAt("EvalDecision")).isEqualTo("allowed");
        assertThat(withMfa.child("MissingContextValues").children()).isEmpty();
    }

    @Test
    void a_principals_policies_include_its_groups_and_every_action_resource_pair_is_answered() throws Exception {
        user("alice");
        client.call(root, "CreateGroup", "GroupName", "ops");
        client.call(root, "PutGroupPolicy", "GroupName", "ops", "PolicyName", "roles", "PolicyDocument", LIST_ROLES);
        client.call(root, "AddUserToGroup", "GroupName", "ops", "UserName", "alice");
        List<QueryResult> results = client.call(
                        root,
                        "SimulatePrincipalPolicy",
                        "PolicySourceArn",
                        "arn:aws:iam::" + account + ":user/alice",
                        "ActionNames.member.1",
                        "iam:ListRoles",
                        "ActionNames.member.2",
                        "iam:ListUsers")
                .child("EvaluationResults")
                .children();
        assertThat(results)
                .extracting(r -> r.textAt("EvalActionName") + "=" + r.textAt("EvalDecision"))
                .containsExactly("iam:ListRoles=allowed", "iam:ListUsers=implicitDeny");
        assertThat(results.get(0).path("MatchedStatements", "member").textAt("SourcePolicyType"))
                .isEqualTo("group");
    }

    @Test
    void a_user_needs_permission_to_simulate() throws Exception {
        var alice = user("alice");
        assertThat(client.refusal(
                                alice,
                                "SimulateCustomPolicy",
                                "PolicyInputList.member.1",
                                LIST_ROLES,
                                "ActionNames.member.1",
                                "iam:ListRoles")
                        .code())
                .isEqualTo("AccessDenied");
    }

    @Test
    void permission_boundaries_and_resource_policies_are_refused_not_left_out() throws Exception {
        String denyAll =
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        String[][] inputs = {
            {"PermissionsBoundaryPolicyInputList.member.1", denyAll},
            {"ResourcePolicy", denyAll},
            {"ResourceOwner", "arn:aws:iam::" + account + ":root"},
            {"CallerArn", "arn:aws:iam::" + account + ":user/alice"},
            {"ResourceHandlingOption", "EC2-Classic-InstanceStore"},
        };
        for (String[] input : inputs) {
            var refused = client.refusal(
                    root,
                    "SimulateCustomPolicy",
                    "PolicyInputList.member.1",
                    LIST_ROLES,
                    "ActionNames.member.1",
                    "iam:ListRoles",
                    input[0],
                    input[1]);
            // Before, a boundary denying everything was ignored and the answer was "allowed".
            assertThat(refused.code()).as(input[0]).isEqualTo("InvalidInput");
            assertThat(refused.awsMessage()).contains(input[0].replace(".member.1", ""));
        }
        user("alice");
        var refused = client.refusal(
                root,
                "SimulatePrincipalPolicy",
                "PolicySourceArn",
                "arn:aws:iam::" + account + ":user/alice",
                "ActionNames.member.1",
                "iam:ListRoles",
                "PermissionsBoundaryPolicyInputList.member.1",
                denyAll);
        assertThat(refused.code()).isEqualTo("InvalidInput");
    }
}
