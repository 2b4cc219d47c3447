package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test as a project without the AWS SDK writes it; run by {@link WithoutTheSdkTest} in a JVM whose
 * classpath has no SDK jar (not by surefire: its name is no test's).
 */
class SdkFreeSample {
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @Test
    void fixtures_codes_sessions_and_the_log_need_no_sdk() {
        TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
        TestRole deploy = sts.role("deploy").trustingWithMfa(alice);

        assertThat(alice.mfa().nextCode()).hasSize(6);
        assertThat(alice.mfaSession().accessKeyId()).startsWith("ASIA");
        assertThat(deploy.arn()).endsWith(":role/deploy");
        assertThat(sts.requests()).isEmpty();
        sts.clock().advance(java.time.Duration.ofHours(1));
    }

    @Test
    void an_sdk_helper_says_what_is_missing() {
        TestUser alice = sts.user("alice").withAccessKey();

        // A lambda, not alice::credentialsProvider: a method reference links its return type here.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.credentialsProvider())
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessageContaining("software/amazon/awssdk");
    }
}
