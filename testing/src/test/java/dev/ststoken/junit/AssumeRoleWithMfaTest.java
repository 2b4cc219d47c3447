package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** What a test writer checks with the extension: a role that needs MFA, through the AWS SDK v2. */
class AssumeRoleWithMfaTest {
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @Test
    void alice_may_assume_the_role_with_mfa_and_not_without() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trustingWithMfa(alice);

        try (StsClient client = sts.stsClient(alice.credentialsProvider())) {
            assertThatThrownBy(
                            () -> client.assumeRole(r -> r.roleArn(deploy.arn()).roleSessionName("ci")))
                    .isInstanceOfSatisfying(
                            StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

            AssumeRoleResponse assumed = client.assumeRole(r -> r.roleArn(deploy.arn())
                    .roleSessionName("ci")
                    .serialNumber(alice.mfa().serial())
                    .tokenCode(alice.mfa().nextCode()));

            assertThat(assumed.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/ci");
        }
        RecordedRequest refused = sts.takeRequest();
        assertThat(refused.action()).isEqualTo("AssumeRole");
        assertThat(refused.callerArn()).isEqualTo(alice.arn());
        assertThat(refused.denied()).isTrue();
        assertThat(refused.errorCode()).isEqualTo("AccessDenied");
        assertThat(refused.errorMessage()).contains(alice.arn()).contains("sts:AssumeRole");
        RecordedRequest allowed = sts.takeRequest();
        assertThat(allowed.action()).isEqualTo("AssumeRole");
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.errorCode()).isNull();
        assertThat(sts.requests()).containsExactly(refused, allowed);
    }

    @Test
    void an_mfa_session_of_alice_assumes_the_role_without_another_code() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trustingWithMfa(alice);

        try (StsClient client = sts.stsClient(alice.mfaSessionCredentialsProvider())) {
            client.assumeRole(r -> r.roleArn(deploy.arn()).roleSessionName("ci"));
        }

        RecordedRequest request = sts.takeRequest();
        assertThat(request.action()).isEqualTo("AssumeRole");
        assertThat(request.allowed()).as(request.toString()).isTrue();
        assertThat(request.accessKeyId()).startsWith("ASIA");
        assertThat(sts.requests())
                .as("the provider's GetSessionToken is the fixture's")
                .hasSize(1);
    }

    @Test
    void a_session_is_refused_as_expired_once_the_test_clock_passes_its_end() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();

        try (StsClient client = sts.stsClient(alice.mfaSessionCredentialsProvider())) {
            assertThat(client.getCallerIdentity().arn()).isEqualTo(alice.arn());
            sts.clock().advance(Duration.ofHours(11).plusMinutes(59));
            assertThat(client.getCallerIdentity().arn()).isEqualTo(alice.arn());

            sts.clock().advance(Duration.ofMinutes(1));

            assertThatThrownBy(client::getCallerIdentity)
                    .isInstanceOfSatisfying(
                            StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
        assertThat(sts.requests()).hasSize(3);
        RecordedRequest expired = sts.requests().get(2);
        assertThat(expired.denied()).isTrue();
        assertThat(expired.callerArn())
                .as("refused before it was authenticated")
                .isNull();
        assertThat(expired.errorCode()).isEqualTo("ExpiredToken");
    }

    @Test
    void next_code_moves_the_test_clock_past_a_used_step_and_code_gives_the_used_one() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestMfaDevice mfa = alice.mfa();
        // Enabling the device spent the current step, as on AWS.
        String spent = mfa.code();
        try (StsClient client = sts.stsClient(alice.credentialsProvider())) {
            assertThatThrownBy(() -> client.getSessionToken(
                            r -> r.serialNumber(mfa.serial()).tokenCode(spent)))
                    .isInstanceOf(StsException.class);
            java.time.Instant before = sts.clock().instant();

            String next = mfa.nextCode();

            assertThat(sts.clock().instant()).isAfter(before);
            assertThat(mfa.nextCode()).as("not used yet: the same").isEqualTo(next);
            client.getSessionToken(r -> r.serialNumber(mfa.serial()).tokenCode(next));
            assertThat(mfa.nextCode()).isNotEqualTo(next);
        }
        assertThat(sts.takeRequest().errorCode()).isEqualTo("AccessDenied");
        assertThat(sts.takeRequest().allowed()).isTrue();
    }
}
