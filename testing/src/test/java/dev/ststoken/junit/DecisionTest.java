package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Assertions over the emulator's policy decision, trust policies included (AWS's simulator leaves
 * them out): "alice may assume the role with MFA and not without", without the SDK.
 */
class DecisionTest {
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @Test
    void alice_may_assume_a_role_that_demands_mfa_with_a_code_and_not_without() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trustingWithMfa(alice);

        Decision without = alice.mayAssume(deploy);
        assertThat(without.allowed()).isFalse();
        assertThat(without.errorCode()).isEqualTo("AccessDenied");
        assertThat(without.reason()).contains(alice.arn()).contains("sts:AssumeRole");
        assertThat(alice.mayAssumeWithMfa(deploy)).isEqualTo(Decision.ALLOWED);
        // Asked twice in a row: each ask takes the device's next code, never a used one.
        assertThat(alice.mayAssumeWithMfa(deploy).allowed()).isTrue();
        // The decisions are not the code under test's requests.
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void a_user_the_trust_policy_does_not_name_is_refused_with_or_without_mfa() {
        TestUser alice = sts.user("alice").withAccessKey();
        TestUser bob = sts.user("bob").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trusting(alice);

        assertThat(alice.mayAssume(deploy).allowed()).isTrue();
        assertThat(bob.mayAssume(deploy).allowed()).isFalse();
        assertThat(bob.mayAssumeWithMfa(deploy).allowed()).isFalse();
    }

    @Test
    void an_identity_policy_that_denies_the_role_wins_over_the_trust_policy() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trustingWithMfa(alice);
        alice.withPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + deploy.arn() + "\"}]}");

        Decision denied = alice.mayAssumeWithMfa(deploy);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void a_malformed_session_policy_is_refused_as_aws_refuses_it() {
        TestUser alice = sts.user("alice").withAccessKey();
        TestRole deploy = sts.role("deploy").trusting(alice);

        Decision refused = alice.mayAssume(deploy, "{not a policy");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.errorCode()).isEqualTo("MalformedPolicyDocument");
        assertThat(alice.mayAssume(
                        deploy,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))
                .isEqualTo(Decision.ALLOWED);
    }
}
